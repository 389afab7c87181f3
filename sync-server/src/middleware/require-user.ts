import type { Database } from 'better-sqlite3';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env';
import type { TokenService } from '../auth/tokens';
import { HttpError } from '../http-error';

/**
 * Verifies a bearer access token and that its user still exists; returns the user id, or
 * undefined when no token was sent. A token that is sent but invalid is always a 401.
 */
export function bearerUser(tokens: TokenService, db: Database) {
  const exists = db.prepare('SELECT 1 FROM users WHERE id = ?');
  return async (authorization: string | undefined): Promise<string | undefined> => {
    if (authorization === undefined || authorization === '') return undefined;
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (!match) throw new HttpError(401, 'unauthorized', 'The Authorization header must be "Bearer <access token>"');
    const userId = await tokens.verifyAccess(match[1]!);
    if (!exists.get(userId)) throw new HttpError(401, 'unauthorized', 'This account no longer exists');
    return userId;
  };
}

/** Verifies `Authorization: Bearer <access token>` and that the user still exists. */
export function requireUser(tokens: TokenService, db: Database) {
  const verify = bearerUser(tokens, db);
  return createMiddleware<AppEnv>(async (c, next) => {
    const userId = await verify(c.req.header('authorization'));
    if (userId === undefined) throw new HttpError(401, 'unauthorized', 'Sign in first: no bearer token');
    c.set('userId', userId);
    await next();
  });
}
