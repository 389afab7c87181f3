import type { Database } from 'better-sqlite3';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { syncRequestSchema } from '../../../core/src/sync/protocol';
import type { AppEnv } from '../app-env';
import type { TokenService } from '../auth/tokens';
import { HttpError } from '../http-error';
import { readJson } from '../http-input';
import { clientIp, rateLimit, type RateLimiter } from '../middleware/rate-limit';
import { requireUser } from '../middleware/require-user';
import type { PokeHub } from '../realtime/poke-hub';
import type { SyncService } from '../sync/sync-service';

export interface SyncDeps {
  db: Database;
  tokens: TokenService;
  sync: SyncService;
  pokes: PokeHub;
  userLimiter: RateLimiter;
  ipLimiter: RateLimiter;
  maxBodyBytes: number;
}

/** `POST /api/v1/sync`: push and pull in one request (see core/src/sync/protocol.ts). */
export function syncRoutes({ db, tokens, sync, pokes, userLimiter, ipLimiter, maxBodyBytes }: SyncDeps) {
  const app = new Hono<AppEnv>();
  app.post(
    '/',
    bodyLimit({
      maxSize: maxBodyBytes,
      onError: () => {
        throw new HttpError(413, 'payload_too_large', `The request body is over ${maxBodyBytes} bytes: push fewer mutations at once`);
      },
    }),
    rateLimit(ipLimiter, (c) => `sync-ip:${clientIp(c)}`, 'sync'),
    requireUser(tokens, db),
    rateLimit(userLimiter, (c) => `sync-user:${c.get('userId')}`, 'sync'),
    async (c) => {
      const request = await readJson(c, syncRequestSchema);
      const userId = c.get('userId');
      const { json, changed } = sync.syncJson(userId, request);
      if (changed) pokes.poke(userId, request.clientId);
      return c.body(json, 200, { 'content-type': 'application/json; charset=utf-8' });
    },
  );
  return app;
}
