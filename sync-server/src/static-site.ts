import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Hono } from 'hono';
import { serveStatic } from '@hono/node-server/serve-static';

/**
 * Serves the built PWA. Hashed assets are cached forever; the service worker, manifest and
 * HTML are revalidated so a deploy reaches users. Unknown non-API paths get index.html so
 * deep links work on a first visit too.
 */
export function staticSite(pwaDir: string) {
  const app = new Hono();
  const built = existsSync(join(pwaDir, 'index.html'));
  if (!built) {
    app.get('*', (c) =>
      c.text(`The PWA is not built: ${pwaDir}/index.html is missing. Run "npm start" (or "npm run build:pwa").`, 503),
    );
    return app;
  }
  app.use('*', async (c, next) => {
    await next();
    if (c.res.status !== 200) return;
    const path = c.req.path;
    c.header('Cache-Control', path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
  });
  app.use('*', serveStatic({ root: pwaDir }));
  app.get('*', serveStatic({ root: pwaDir, path: 'index.html' }));
  return app;
}
