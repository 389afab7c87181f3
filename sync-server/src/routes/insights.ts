import type { Database } from 'better-sqlite3';
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { z } from 'zod';
import { AiSummarySchema } from '../../../core/src/insights/ai-summary';
import type { AppEnv } from '../app-env';
import type { TokenService } from '../auth/tokens';
import { HttpError } from '../http-error';
import { readJson } from '../http-input';
import { AiFailure } from '../insights/ai-errors';
import type { AiService } from '../insights/ai-service';
import type { AiStore } from '../insights/ai-store';
import { endpointProblem, resolveAll, type ResolveAll } from '../insights/endpoint-guard';
import { limitBody } from '../middleware/body-limit';
import { rateLimit, type RateLimiter } from '../middleware/rate-limit';
import { requireUser } from '../middleware/require-user';

export interface InsightsDeps {
  db: Database;
  tokens: TokenService;
  ai: AiService;
  store: AiStore;
  /** Per-user limit on AI reviews and key changes. */
  userLimiter: RateLimiter;
  /** How a user's base URL host is resolved (node:dns unless a test passes a table). */
  resolve?: ResolveAll;
}

/** A summary is a few kilobytes; anything near this is not one. */
const MAX_BODY_BYTES = 256 * 1024;

const reviewRequestSchema = z.object({ summary: AiSummarySchema }).strict();

const keyRequestSchema = z
  .object({
    apiKey: z.string().trim().min(8, { message: 'An API key is at least 8 characters' }).max(500).regex(/^\S+$/, { message: 'An API key has no spaces' }),
    model: z.string().trim().min(1).max(100).regex(/^[\w.:/@-]+$/, { message: 'Letters, digits and . : / @ - _ only' }).optional(),
    // The server calls this URL on the user's behalf: https only, and (checked after parsing)
    // never a host resolving to a loopback, private or link-local address, so a user cannot aim
    // it at services on the server's network (a local model is the operator's OPENAI_BASE_URL).
    baseUrl: z.url({ protocol: /^https$/, error: 'Use an https:// URL' }).max(300).optional(),
  })
  .strict();

/** The HTTP status of a failure known before the stream starts. */
const STATUS: Record<string, 429 | 503> = { budget_exhausted: 429, rate_limited: 429, not_configured: 503 };

/**
 * `/api/v1/insights`: the AI review of an anonymized portfolio summary (server-sent events) and
 * the user's own model key. Every route needs a signed-in user: nothing reaches a model otherwise.
 */
export function insightsRoutes({ db, tokens, ai, store, userLimiter, resolve = resolveAll }: InsightsDeps) {
  const app = new Hono<AppEnv>();
  app.use('*', requireUser(tokens, db));

  app.get('/ai/config', (c) => c.json(ai.config(c.get('userId'))));

  app.put('/ai/key', rateLimit(userLimiter, (c) => `ai:${c.get('userId')}`, 'AI'), async (c) => {
    const body = await readJson(c, keyRequestSchema);
    if (body.baseUrl) {
      const problem = await endpointProblem(body.baseUrl, resolve);
      if (problem) throw new HttpError(422, 'invalid_input', problem, [{ field: 'baseUrl', message: problem }]);
    }
    store.saveUserKey(c.get('userId'), { apiKey: body.apiKey, model: body.model ?? null, baseUrl: body.baseUrl ?? null });
    return c.json(ai.config(c.get('userId')));
  });

  app.delete('/ai/key', (c) => {
    if (!store.deleteUserKey(c.get('userId'))) throw new HttpError(404, 'not_found', 'No API key of yours is saved');
    return c.json(ai.config(c.get('userId')));
  });

  app.post(
    '/ai',
    limitBody(MAX_BODY_BYTES, `A summary is at most ${MAX_BODY_BYTES / 1024} KiB`),
    rateLimit(userLimiter, (c) => `ai:${c.get('userId')}`, 'AI'),
    async (c) => {
      const userId = c.get('userId');
      const { summary } = await readJson(c, reviewRequestSchema);
      let prepared: Awaited<ReturnType<AiService['prepare']>>;
      try {
        prepared = await ai.prepare(userId, summary);
      } catch (error) {
        if (error instanceof AiFailure) throw new HttpError(STATUS[error.code] ?? 503, error.code, error.message);
        throw error;
      }
      return streamSSE(c, async (stream) => {
        const cancel = new AbortController();
        stream.onAbort(() => cancel.abort());
        const send = (event: string, data: unknown) => stream.writeSSE({ event, data: JSON.stringify(data) });
        if (prepared.cached) {
          await send('narrative', { delta: prepared.cached.narrative });
          await send('insights', prepared.cached);
          return;
        }
        try {
          const review = await ai.review(userId, summary, prepared, (delta) => send('narrative', { delta }), cancel.signal);
          await send('insights', review);
        } catch (error) {
          const failure = error instanceof AiFailure ? error : new AiFailure('model_unavailable', 'The AI review failed');
          if (!cancel.signal.aborted) await send('error', { code: failure.code, message: failure.message });
        }
      });
    },
  );
  return app;
}
