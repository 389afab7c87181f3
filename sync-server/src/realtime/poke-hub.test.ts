import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { testApp } from '../test-support';

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function listening() {
  const t = testApp();
  const server = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' }) as Server;
  server.on('upgrade', (req, socket, head) => {
    if (!t.app.pokes.handleUpgrade(req, socket, head)) socket.destroy();
  });
  await new Promise((r) => server.once('listening', r));
  const port = (server.address() as AddressInfo).port;
  cleanups.push(t.cleanup, () => new Promise<void>((r) => server.close(() => r())));
  return { t, port };
}

function connect(port: number, clientId: string, token: string, origin = `http://127.0.0.1:${port}`): Promise<{ socket: WebSocket; messages: string[]; closed: Promise<number> }> {
  // Browsers always send an Origin: the app's own, served by this server.
  const socket = new WebSocket(`ws://127.0.0.1:${port}/api/v1/realtime?clientId=${clientId}`, { origin });
  const messages: string[] = [];
  const closed = new Promise<number>((r) => socket.on('close', (code) => r(code)));
  cleanups.push(() => socket.terminate());
  return new Promise((resolve, reject) => {
    socket.on('open', () => socket.send(JSON.stringify({ token })));
    socket.on('message', (m) => {
      messages.push(String(m));
      if (String(m).includes('ready')) resolve({ socket, messages, closed });
    });
    socket.on('close', () => resolve({ socket, messages, closed }));
    socket.on('error', reject);
  });
}

describe('realtime pokes', () => {
  it('pokes the user’s other devices within a second of a change, not the one that made it nor other users', async () => {
    const { t, port } = await listening();
    const alice = await t.register();
    const bob = await t.register();
    const laptop = await connect(port, 'laptop-0001', alice.accessToken);
    const phone = await connect(port, 'phone-00001', alice.accessToken);
    const bobs = await connect(port, 'bob-laptop1', bob.accessToken);
    const started = Date.now();
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/sync`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${alice.accessToken}` },
      body: JSON.stringify({ clientId: 'laptop-0001', cursor: 0, mutations: [{ mid: 1, table: 'portfolios', key: 'p1', op: 'put', data: { id: 'p1', name: 'Main' }, hlc: `${Date.now()}-0000-laptop` }] }),
    });
    expect(res.status).toBe(200);
    await expect.poll(() => phone.messages.includes('{"type":"poke"}'), { timeout: 1000 }).toBe(true);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(laptop.messages).toEqual(['{"type":"ready"}']);
    expect(bobs.messages).toEqual(['{"type":"ready"}']);
  });

  it('refuses a socket from a page of another origin', async () => {
    const { t, port } = await listening();
    const user = await t.register();
    const socket = new WebSocket(`ws://127.0.0.1:${port}/api/v1/realtime?clientId=evil-page-1`, { origin: 'https://evil.example' });
    const outcome = await new Promise<string>((resolve) => {
      socket.on('unexpected-response', (_req, res) => resolve(`http ${res.statusCode}`));
      socket.on('open', () => resolve('opened'));
      socket.on('error', (e) => resolve(`error ${e.message}`));
    });
    expect(outcome).toMatch(/403/);
    expect(user.userId).toBeTruthy();
  });

  it('closes a socket that does not present a valid token', async () => {
    const { port } = await listening();
    const intruder = await connect(port, 'intruder-01', 'not-a-token');
    expect(await intruder.closed).toBe(4401);
    expect(intruder.messages).toEqual([]);
  });
});
