import { until } from './until';

describe(until.name, () => {
  it('should return the first value the probe gives, polling past undefined and false', async () => {
    const answers = [undefined, false, 7, 8];
    let calls = 0;

    const sut = await until('the answer', () => answers[calls++], 1_000, 1);

    expect(sut).toBe(7);
    expect(calls).toBe(3);
  });

  it('should wait for an async probe', async () => {
    let calls = 0;
    const sut = await until('a true', async () => ++calls >= 2, 1_000, 1);
    expect(sut).toBe(true);
  });

  it('should fail naming what it waited for once the time is up', async () => {
    await expect(until('the moon', () => undefined, 30, 5)).rejects.toThrow(
      'timed out after 30 ms waiting for the moon',
    );
  });
});
