import { createHash, randomBytes } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { jwtVerify, SignJWT } from 'jose';
import { HttpError } from '../http-error';

const ISSUER = 'folio-sync';
const AUDIENCE = 'folio-api';

export interface TokenSettings {
  accessSeconds: number;
  refreshSeconds: number;
}

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('base64url');

/**
 * A device whose refresh response was lost presents the same token again: within this many
 * seconds of its use that is a retry, not theft. The successor it never received is revoked
 * and a new one issued, so the family stays a single chain.
 */
export const REFRESH_RETRY_GRACE_SECONDS = 30;
const unauthorized = (message: string) => new HttpError(401, 'unauthorized', message);

/**
 * Short-lived access tokens (JWT, HS256 only: `alg: none` and every other algorithm are
 * refused, as are tampered, expired or wrongly issued tokens) and rotating refresh tokens
 * (opaque, stored hashed). A refresh token works once; presenting one that was already used
 * means it was stolen or replayed, and its whole family is revoked.
 */
export class TokenService {
  constructor(
    private readonly db: Database,
    private readonly key: Uint8Array,
    private readonly now: () => number,
    private readonly settings: TokenSettings,
  ) {}

  async issue(userId: string, familyId: string = randomBytes(16).toString('base64url')): Promise<TokenPair> {
    const nowSeconds = Math.floor(this.now() / 1000);
    const accessToken = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(userId)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt(nowSeconds)
      .setExpirationTime(nowSeconds + this.settings.accessSeconds)
      .setJti(randomBytes(12).toString('base64url'))
      .sign(this.key);
    const refreshToken = randomBytes(32).toString('base64url');
    this.db
      .prepare('INSERT INTO refresh_tokens (id, user_id, family_id, token_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(randomBytes(12).toString('base64url'), userId, familyId, sha256(refreshToken), new Date(this.now()).toISOString(), new Date(this.now() + this.settings.refreshSeconds * 1000).toISOString());
    return { accessToken, refreshToken, expiresIn: this.settings.accessSeconds };
  }

  /** Tokens verified recently, with their subject and expiry: a device sends the same token on every request. */
  private readonly verified = new Map<string, { sub: string; exp: number }>();

  /** The user id of a valid access token; throws 401 otherwise. */
  async verifyAccess(token: string): Promise<string> {
    const known = this.verified.get(token);
    if (known && known.exp * 1000 > this.now()) return known.sub;
    try {
      const { payload } = await jwtVerify(token, this.key, { algorithms: ['HS256'], issuer: ISSUER, audience: AUDIENCE, currentDate: new Date(this.now()) });
      if (typeof payload.sub !== 'string' || typeof payload.exp !== 'number') throw new Error('no subject or expiry');
      if (this.verified.size >= 10_000) this.verified.clear();
      this.verified.set(token, { sub: payload.sub, exp: payload.exp });
      return payload.sub;
    } catch {
      this.verified.delete(token);
      throw unauthorized('Access token is invalid or expired');
    }
  }

  /** Uses a refresh token once and returns the next pair; a reused token revokes its family. */
  async rotate(refreshToken: string): Promise<{ userId: string; tokens: TokenPair }> {
    const row = this.db.prepare('SELECT id, user_id, family_id, expires_at, used_at, revoked_at FROM refresh_tokens WHERE token_hash = ?').get(sha256(refreshToken)) as
      | { id: string; user_id: string; family_id: string; expires_at: string; used_at: string | null; revoked_at: string | null }
      | undefined;
    if (!row) throw unauthorized('Refresh token is not valid');
    const stamp = new Date(this.now()).toISOString();
    if (row.used_at !== null) {
      const retry = row.revoked_at === null && this.now() - Date.parse(row.used_at) <= REFRESH_RETRY_GRACE_SECONDS * 1000;
      if (retry) {
        this.db.prepare('UPDATE refresh_tokens SET revoked_at = ? WHERE family_id = ? AND used_at IS NULL AND created_at >= ?').run(stamp, row.family_id, row.used_at);
        return { userId: row.user_id, tokens: await this.issue(row.user_id, row.family_id) };
      }
      this.db.prepare('UPDATE refresh_tokens SET revoked_at = COALESCE(revoked_at, ?) WHERE family_id = ?').run(stamp, row.family_id);
      throw unauthorized('Refresh token was already used: every session of this login is signed out');
    }
    if (row.revoked_at !== null || row.expires_at <= stamp) throw unauthorized('Refresh token is revoked or expired');
    const claimed = this.db.prepare('UPDATE refresh_tokens SET used_at = ? WHERE id = ? AND used_at IS NULL').run(stamp, row.id);
    if (claimed.changes !== 1) throw unauthorized('Refresh token was already used');
    return { userId: row.user_id, tokens: await this.issue(row.user_id, row.family_id) };
  }

  /** Logout: revokes the family of this refresh token (no error for an unknown token). */
  revokeFamily(refreshToken: string): void {
    const row = this.db.prepare('SELECT family_id FROM refresh_tokens WHERE token_hash = ?').get(sha256(refreshToken)) as { family_id: string } | undefined;
    if (row) this.db.prepare('UPDATE refresh_tokens SET revoked_at = COALESCE(revoked_at, ?) WHERE family_id = ?').run(new Date(this.now()).toISOString(), row.family_id);
  }

  revokeAll(userId: string): void {
    this.db.prepare('UPDATE refresh_tokens SET revoked_at = COALESCE(revoked_at, ?) WHERE user_id = ?').run(new Date(this.now()).toISOString(), userId);
  }
}
