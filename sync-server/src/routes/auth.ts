import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../app-env';
import { dummyHash, hashPassword, verifyPassword } from '../auth/passwords';
import type { TokenService } from '../auth/tokens';
import { HttpError } from '../http-error';
import { readJson } from '../http-input';
import type { Logger } from '../logger';
import { limitBody } from '../middleware/body-limit';
import { clientIp, rateLimit, type RateLimiter } from '../middleware/rate-limit';
import { requireUser } from '../middleware/require-user';

const email = z.string().trim().toLowerCase().email({ message: 'Email is not a valid address' }).max(254);
const password = z.string().min(10, { message: 'Password must be at least 10 characters' }).max(200, { message: 'Password is at most 200 characters' });
const credentials = z.object({ email, password });

export interface AuthDeps {
  db: Database;
  tokens: TokenService;
  logger: Logger;
  now: () => number;
  /** Per-IP limiter for register, login and refresh (slows brute force). */
  authLimiter: RateLimiter;
  /** Per-account limiter for login (slows guessing one account's password from many addresses). */
  accountLimiter: RateLimiter;
}

/** Accounts: register, login, refresh, logout, change password, delete account. */
export function authRoutes({ db, tokens, logger, now, authLimiter, accountLimiter }: AuthDeps) {
  const app = new Hono<AppEnv>();
  app.use(
    '*',
    limitBody(16 * 1024, 'The request body is over 16 KiB'),
  );
  const limited = rateLimit(authLimiter, (c) => `auth:${clientIp(c)}`, 'sign-in');
  const findByEmail = db.prepare('SELECT id, password_hash FROM users WHERE email = ?');
  const signedIn = requireUser(tokens, db);

  app.post('/register', limited, async (c) => {
    const body = await readJson(c, credentials);
    if (findByEmail.get(body.email)) throw new HttpError(409, 'email_taken', 'An account with this email already exists');
    const id = randomUUID();
    db.prepare('INSERT INTO users (id, email, password_hash, created_at) VALUES (?, ?, ?, ?)').run(id, body.email, await hashPassword(body.password), new Date(now()).toISOString());
    logger.info('account created', { userId: id });
    return c.json({ userId: id, ...(await tokens.issue(id)) }, 201);
  });

  app.post('/login', limited, async (c) => {
    const body = await readJson(c, z.object({ email, password: z.string().max(200) }));
    const wait = accountLimiter.take(`login:${body.email}`);
    if (wait > 0) {
      c.header('Retry-After', String(wait));
      throw new HttpError(429, 'rate_limited', `Too many sign-in attempts for this account; try again in ${wait} s`);
    }
    const user = findByEmail.get(body.email) as { id: string; password_hash: string } | undefined;
    // Always run the KDF, so response time does not tell whether the email exists.
    const valid = await verifyPassword(body.password, user?.password_hash ?? (await dummyHash()));
    if (!user || !valid) throw new HttpError(401, 'invalid_credentials', 'Email or password is wrong');
    return c.json({ userId: user.id, ...(await tokens.issue(user.id)) });
  });

  app.post('/refresh', limited, async (c) => {
    const body = await readJson(c, z.object({ refreshToken: z.string().min(1).max(200) }));
    const { userId, tokens: pair } = await tokens.rotate(body.refreshToken);
    return c.json({ userId, ...pair });
  });

  app.post('/logout', async (c) => {
    const body = await readJson(c, z.object({ refreshToken: z.string().min(1).max(200) }));
    tokens.revokeFamily(body.refreshToken);
    return c.body(null, 204);
  });

  app.post('/password', signedIn, async (c) => {
    const body = await readJson(c, z.object({ currentPassword: z.string().max(200), newPassword: password }));
    const userId = c.get('userId');
    const user = db.prepare('SELECT password_hash FROM users WHERE id = ?').get(userId) as { password_hash: string };
    if (!(await verifyPassword(body.currentPassword, user.password_hash))) throw new HttpError(401, 'invalid_credentials', 'Current password is wrong');
    db.prepare('UPDATE users SET password_hash = ? WHERE id = ?').run(await hashPassword(body.newPassword), userId);
    tokens.revokeAll(userId);
    return c.json(await tokens.issue(userId));
  });

  app.delete('/account', signedIn, async (c) => {
    const body = await readJson(c, z.object({ password: z.string().max(200) }));
    const userId = c.get('userId');
    const user = db.prepare('SELECT password_hash FROM users WHERE id = ?').get(userId) as { password_hash: string };
    if (!(await verifyPassword(body.password, user.password_hash))) throw new HttpError(401, 'invalid_credentials', 'Password is wrong');
    // Refresh tokens, devices and every synced row go with the user (ON DELETE CASCADE).
    db.prepare('DELETE FROM users WHERE id = ?').run(userId);
    logger.info('account deleted', { userId });
    return c.body(null, 204);
  });

  return app;
}
