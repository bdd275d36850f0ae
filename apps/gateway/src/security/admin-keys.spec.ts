import { AdminKeys } from './admin-keys';

describe(AdminKeys.name, () => {
  describe('parse', () => {
    it('should read comma-separated keys, ignoring blanks and spaces', () => {
      const sut = AdminKeys.parse(' alpha , ,beta,');
      expect([sut.accepts('alpha'), sut.accepts('beta'), sut.accepts('')]).toEqual([true, true, false]);
    });

    it('should be unconfigured when the setting is empty', () => {
      expect(AdminKeys.parse('').configured).toBe(false);
      expect(AdminKeys.parse(' , ').configured).toBe(false);
    });
  });

  describe('accepts', () => {
    const sut = new AdminKeys(['s3cret-key', 'other-key']);

    it('should accept each configured key', () => {
      expect(sut.accepts('s3cret-key')).toBe(true);
      expect(sut.accepts('other-key')).toBe(true);
    });

    it.each(['s3cret-ke', 's3cret-key ', 'S3CRET-KEY', 's3cret-key-and-more', ''])(
      'should refuse "%s"',
      (presented) => {
        expect(sut.accepts(presented)).toBe(false);
      },
    );

    it('should refuse everything when no key is configured', () => {
      expect(new AdminKeys([]).accepts('anything')).toBe(false);
    });
  });
});
