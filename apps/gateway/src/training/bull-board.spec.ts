import { presentedAdminKey } from './bull-board';

const basic = (credentials: string) => `Basic ${Buffer.from(credentials, 'utf8').toString('base64')}`;

describe(presentedAdminKey.name, () => {
  it('should take the X-API-Key header', () => {
    expect(presentedAdminKey({ 'x-api-key': 'k1' })).toBe('k1');
  });

  it('should take the password of HTTP Basic credentials, whatever the user name', () => {
    expect(presentedAdminKey({ authorization: basic('admin:k:with:colons') })).toBe('k:with:colons');
  });

  it('should prefer the X-API-Key header to Basic credentials', () => {
    expect(presentedAdminKey({ 'x-api-key': 'k1', authorization: basic('admin:k2') })).toBe('k1');
  });

  it.each([
    ['nothing', {}],
    ['an empty X-API-Key', { 'x-api-key': '' }],
    ['Basic credentials without a password', { authorization: basic('admin:') }],
    ['Basic credentials without a colon', { authorization: basic('admin') }],
    ['another scheme', { authorization: 'Bearer k1' }],
  ])('should find no key in %s', (_what, headers) => {
    expect(presentedAdminKey(headers)).toBeUndefined();
  });
});
