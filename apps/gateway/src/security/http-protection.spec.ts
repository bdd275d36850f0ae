import { corsOrigins } from './http-protection';

describe(corsOrigins.name, () => {
  it('should turn CORS off when no origin is configured', () => {
    expect(corsOrigins('')).toBeUndefined();
    expect(corsOrigins(' , ')).toBeUndefined();
  });

  it('should list the configured origins', () => {
    expect(corsOrigins('http://a.example, https://b.example')).toEqual([
      'http://a.example',
      'https://b.example',
    ]);
  });

  it('should allow any origin when * is among them', () => {
    expect(corsOrigins('http://a.example,*')).toBe('*');
  });
});
