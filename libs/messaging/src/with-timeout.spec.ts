import { withTimeout } from './with-timeout';

describe(withTimeout.name, () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it("should give the work's value when it settles in time, and leave no timer behind", async () => {
    const sut = withTimeout(Promise.resolve(42), 1_000, 'too slow');

    await expect(sut).resolves.toBe(42);
    expect(jest.getTimerCount()).toBe(0);
  });

  it("should pass the work's own rejection through", async () => {
    const sut = withTimeout(Promise.reject(new Error('broker away')), 1_000, 'too slow');

    await expect(sut).rejects.toThrow('broker away');
    expect(jest.getTimerCount()).toBe(0);
  });

  it('should reject with the message once the time has passed first', async () => {
    const sut = withTimeout(new Promise<never>(() => undefined), 1_000, 'no join within 1000 ms');
    jest.advanceTimersByTime(999);
    let settled = false;
    void sut.catch(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(false);

    jest.advanceTimersByTime(1);

    await expect(sut).rejects.toThrow('no join within 1000 ms');
  });
});
