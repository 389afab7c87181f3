import { serve } from '@hono/node-server';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { testApp } from './test-support';

/** A real sync server on 127.0.0.1 (random port) over a real SQLite file, for cross-part tests. */
export async function startTestServer(overrides: Parameters<typeof testApp>[0] = {}) {
  const t = testApp(overrides);
  const server = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' }) as Server;
  server.on('upgrade', (req, socket, head) => {
    if (!t.app.handleUpgrade(req, socket, head)) socket.destroy();
  });
  await new Promise((r) => server.once('listening', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    ...t,
    url,
    server,
    stop: async () => {
      await new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      });
      t.cleanup();
    },
  };
}
