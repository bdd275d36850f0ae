import { codeVersion } from './code-version';

describe(codeVersion.name, () => {
  it('should prefer the GIT_SHA the deployment gives', () => {
    expect(codeVersion('abc123')).toBe('abc123');
  });

  it("should read the checkout's HEAD otherwise", () => {
    expect(codeVersion('')).toMatch(/^[0-9a-f]{40}$/);
  });
});
