import type { Database } from 'better-sqlite3';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env';
import type { TokenService } from '../auth/tokens';
import { HttpError } from '../http-error';

/** Verifies `Authorization: Bearer <access token>` and that the user still exists. */
export function requireUser(tokens: TokenService, db: Database) {
  const exists = db.prepare('SELECT 1 FROM users WHERE id = ?');
  return createMiddleware<AppEnv>(async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new HttpError(401, 'unauthorized', 'Sign in first: no bearer token');
    const userId = await tokens.verifyAccess(match[1]!);
    if (!exists.get(userId)) throw new HttpError(401, 'unauthorized', 'This account no longer exists');
    c.set('userId', userId);
    await next();
  });
}
