import type { Database } from 'better-sqlite3';
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../app-env';
import type { TokenService } from '../auth/tokens';
import { readJson } from '../http-input';
import { rateLimit, type RateLimiter } from '../middleware/rate-limit';
import { requireUser } from '../middleware/require-user';
import type { QuestradeService } from '../questrade/questrade-service';

export interface QuestradeRouteDeps {
  db: Database;
  tokens: TokenService;
  questrade: QuestradeService;
  /** Per user, on the calls that reach Questrade (connect, OAuth start, sync now). */
  userLimiter: RateLimiter;
}

const portfolioId = z.string().trim().min(1, { message: 'choose a portfolio' }).max(100);
const connectBody = z.object({
  // Questrade's tokens are short base64-ish strings; anything else is a paste mistake.
  refreshToken: z
    .string()
    .trim()
    .min(10, { message: 'paste the refresh token generated in Questrade’s API hub' })
    .max(512)
    .regex(/^[A-Za-z0-9_\-+/=.]+$/, { message: 'a refresh token has no spaces or punctuation other than - _ + / = .' }),
  portfolioId,
});

const oauthFinishBody = z.object({
  code: z.string().trim().min(1, { message: 'Questrade sent no authorization code' }).max(2048),
  state: z.string().trim().min(1, { message: 'the authorization state is missing' }).max(256),
});

/**
 * `/api/v1/questrade`: connections of the signed-in user (see questrade-contract in the
 * notes). Every call but the OAuth callback (which only forwards to the PWA) needs the bearer token and touches only the
 * caller's connections; responses never carry tokens.
 */
export function questradeRoutes({ db, tokens, questrade, userLimiter }: QuestradeRouteDeps) {
  const app = new Hono<AppEnv>();
  const user = requireUser(tokens, db);
  const limited = rateLimit(userLimiter, (c) => `questrade:${c.get('userId')}`, 'Questrade');

  // The browser comes back from Questrade here, with no bearer token. Nothing is created
  // here: the code, state and any error go on to the PWA's Questrade page, which finishes
  // with the signed-in user's token (POST /oauth/finish), so the state cannot hand a
  // victim's authorization to the user who started the flow.
  app.get('/oauth/callback', (c) => {
    const [code, state, error] = (['code', 'state', 'error'] as const).map((k) => {
      const value = c.req.query(k);
      return value && value.length <= 2048 ? value : undefined;
    });
    const forward = new URLSearchParams(error ? { error } : code && state ? { code, state } : { error: state ? 'missing_code' : 'invalid_state' });
    c.header('referrer-policy', 'no-referrer');
    return c.redirect(`/questrade?${forward}`, 302);
  });

  app.use('*', user);
  app.get('/config', (c) => c.json({ oauth: questrade.oauthEnabled }));
  app.get('/connections', (c) => c.json({ connections: questrade.list(c.get('userId')) }));
  app.post('/connections', limited, async (c) => {
    const body = await readJson(c, connectBody);
    const connection = await questrade.connectWithRefreshToken(c.get('userId'), body.portfolioId, body.refreshToken);
    return c.json({ connection }, 201);
  });
  app.post('/oauth/start', limited, async (c) => {
    const body = await readJson(c, z.object({ portfolioId }));
    return c.json({ authorizeUrl: questrade.startOAuth(c.get('userId'), body.portfolioId) });
  });
  app.post('/oauth/finish', limited, async (c) => {
    const body = await readJson(c, oauthFinishBody);
    return c.json({ connection: await questrade.finishOAuth(c.get('userId'), body) }, 201);
  });
  app.post('/connections/:id/sync', limited, async (c) => c.json({ connection: await questrade.syncNow(c.get('userId'), c.req.param('id')) }));
  app.delete('/connections/:id', (c) => {
    questrade.disconnect(c.get('userId'), c.req.param('id'));
    return c.body(null, 204);
  });
  app.get('/connections/:id/holdings', (c) => c.json(questrade.holdings(c.get('userId'), c.req.param('id'))));
  return app;
}
