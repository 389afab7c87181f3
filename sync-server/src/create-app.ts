import { Hono } from 'hono';
import { requestId } from 'hono/request-id';
import type { Database } from 'better-sqlite3';
import { HttpError } from './http-error';
import type { Logger } from './logger';
import { healthRoutes } from './routes/health';
import { staticSite } from './static-site';

export interface AppDeps {
  db: Database;
  logger: Logger;
  version: string;
  /** Folder of the built PWA; omitted in API-only tests. */
  pwaDir?: string;
}

/** Builds the HTTP app from its dependencies; `main.ts` only reads config and listens. */
export function createApp({ db, logger, version, pwaDir }: AppDeps) {
  const app = new Hono();
  app.use('*', requestId());
  app.use('*', async (c, next) => {
    const started = performance.now();
    await next();
    logger.info('request', {
      id: c.get('requestId'),
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
    });
  });

  app.route('/', healthRoutes({ db, version }));
  app.all('/api/*', () => {
    throw new HttpError(404, 'not_found', 'No such API endpoint');
  });
  if (pwaDir) app.route('/', staticSite(pwaDir));

  app.notFound((c) => c.json(new HttpError(404, 'not_found', `Nothing at ${c.req.path}`).toBody(), 404));
  app.onError((error, c) => {
    if (error instanceof HttpError) return c.json(error.toBody(), error.status);
    logger.error('unhandled error', { id: c.get('requestId'), path: c.req.path, error: error.message });
    return c.json(new HttpError(500, 'internal', 'Internal server error').toBody(), 500);
  });
  return app;
}
