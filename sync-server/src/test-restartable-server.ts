import { serve } from '@hono/node-server';
import type { Database } from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, type AppDeps } from './create-app';
import { openDatabase } from './db/open-database';
import { createLogger } from './logger';
import { TEST_KEY } from './test-support';

type App = ReturnType<typeof createApp>;

async function listen(app: App, port: number): Promise<Server> {
  for (let attempt = 0; ; attempt++) {
    const server = serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }) as Server;
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('listening', () => resolve());
        server.once('error', reject);
      });
    } catch (error) {
      // The old socket of a restarted server can linger for a moment: try the same port again.
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt >= 50) throw error;
      await new Promise((r) => setTimeout(r, 20));
      continue;
    }
    server.on('upgrade', (req, socket, head) => {
      if (!app.handleUpgrade(req, socket, head)) socket.destroy();
    });
    return server;
  }
}

/**
 * A real sync server on 127.0.0.1 that can be restarted: `restart()` closes the HTTP server
 * (dropping open connections) and the SQLite file, then opens a new app over the SAME data
 * folder with the SAME signing key, listening on the SAME port, as a process restart would.
 */
export async function startRestartableServer(overrides: Partial<Omit<AppDeps, 'db' | 'logger' | 'version' | 'signingKey'>> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'folio-restartable-'));
  const dataDir = join(dir, 'data');
  const logs: string[] = [];
  const open = async (port: number) => {
    const db = openDatabase(dataDir);
    const app = createApp({ db, logger: createLogger('warn', (l) => logs.push(l)), version: 'test', signingKey: TEST_KEY, ...overrides });
    const server = await listen(app, port);
    return { db, app, server };
  };
  let current: { db: Database; app: App; server: Server } | null = await open(0);
  const port = (current.server.address() as AddressInfo).port;
  let restarts = 0;

  const close = async () => {
    if (!current) return;
    const { db, app, server } = current;
    current = null;
    app.close();
    await new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    });
    db.close();
  };

  return {
    dir,
    dataDir,
    logs,
    url: `http://127.0.0.1:${port}`,
    /** The database of the running server (throws while it is down). */
    get db(): Database {
      if (!current) throw new Error('the server is not running');
      return current.db;
    },
    get restarts() {
      return restarts;
    },
    /** Stops and starts again; with `downMs`, stays down that long in between (clients see refused connections). */
    async restart(downMs = 0) {
      await close();
      if (downMs > 0) await new Promise((r) => setTimeout(r, downMs));
      current = await open(port);
      restarts += 1;
    },
    async stop() {
      await close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type RestartableServer = Awaited<ReturnType<typeof startRestartableServer>>;
