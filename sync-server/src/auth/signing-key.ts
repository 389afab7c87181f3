import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const SIGNING_KEY_FILE = 'jwt-signing-key';

/**
 * The HMAC key that signs access tokens: `JWT_SECRET` when configured (at least 32 bytes),
 * else a random key generated on first start and kept in the data folder (mode 0600), so
 * tokens survive restarts.
 */
export function loadSigningKey(dataDir: string, configured?: string): Uint8Array {
  if (configured !== undefined) {
    const key = Buffer.from(configured, 'utf8');
    if (key.length < 32) throw new Error('JWT_SECRET must be at least 32 bytes');
    return key;
  }
  const file = join(dataDir, SIGNING_KEY_FILE);
  if (existsSync(file)) return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64url');
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, key.toString('base64url'), { mode: 0o600 });
  return key;
}
