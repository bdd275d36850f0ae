import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (key: string): Buffer => createHash('sha256').update(key, 'utf8').digest();

/**
 * The admin keys of `ADMIN_API_KEYS`. A presented key is compared with every configured one as SHA-256
 * digests (equal lengths for `timingSafeEqual`), all of them each time, so neither the length nor the
 * position of a key leaks through timing.
 */
export class AdminKeys {
  private readonly digests: Buffer[];

  constructor(keys: readonly string[]) {
    this.digests = keys.map(digest);
  }

  /** `ADMIN_API_KEYS`: comma-separated, blanks ignored. */
  static parse(setting: string): AdminKeys {
    return new AdminKeys(
      setting
        .split(',')
        .map((k) => k.trim())
        .filter(Boolean),
    );
  }

  get configured(): boolean {
    return this.digests.length > 0;
  }

  accepts(presented: string): boolean {
    const candidate = digest(presented);
    let match = false;
    for (const known of this.digests) match = timingSafeEqual(candidate, known) || match;
    return match;
  }
}
