import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../test-server';

let server: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  server = await startTestServer({ security: { maxSyncBodyBytes: 8 * 1024 } });
});
afterAll(() => server.stop());

/** A POST over real HTTP, its body sent with a Content-Length or chunked (no length known up front). */
function post(path: string, body: string, framing: 'length' | 'chunked', token?: string): Promise<{ status: number; body: any }> {
  const url = new URL(path, server.url);
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) };
    if (framing === 'length') headers['content-length'] = String(Buffer.byteLength(body));
    const req = http.request(url, { method: 'POST', headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : null }));
    });
    req.on('error', reject);
    if (framing === 'chunked') {
      // Several chunks, as a client streaming its body would send them.
      for (let i = 0; i < body.length; i += 4096) req.write(body.slice(i, i + 4096));
      req.end();
    } else req.end(body);
  });
}

const registration = (padding: number) => JSON.stringify({ email: `u${Math.random().toString(36).slice(2)}@example.com`, password: 'correct horse battery', pad: 'x'.repeat(padding) });

describe('request body limit over real HTTP', () => {
  it('judges a body with a Content-Length by the header, and still reads it whole', async () => {
    const ok = await post('/api/v1/auth/register', registration(10), 'length');
    expect(ok.status).toBe(201);
    const over = await post('/api/v1/auth/register', registration(17 * 1024), 'length');
    expect([over.status, over.body.error.code, over.body.error.message]).toEqual([413, 'payload_too_large', 'The request body is over 16 KiB']);
  });

  it('counts a chunked body as it arrives', async () => {
    expect((await post('/api/v1/auth/register', registration(10), 'chunked')).status).toBe(201);
    const over = await post('/api/v1/auth/register', registration(17 * 1024), 'chunked');
    expect([over.status, over.body.error.code]).toEqual([413, 'payload_too_large']);
  });

  it('applies to sync pushes, and an accepted push is stored whole', async () => {
    const user = (await post('/api/v1/auth/register', registration(0), 'length')).body;
    const portfolio = (mid: number, name: string) => ({
      mid,
      table: 'portfolios',
      key: `p${mid}-${name.slice(0, 12)}`,
      op: 'put',
      data: { id: `p${mid}-${name.slice(0, 12)}`, name, costBasisMethod: 'fifo', createdAt: '2025-01-01T00:00:00.000Z' },
      hlc: `${String(Date.now()).padStart(13, '0')}-${String(mid).padStart(4, '0')}-laptop`,
    });
    for (const framing of ['length', 'chunked'] as const) {
      const clientId = `laptop-${framing}`;
      const pushed = await post('/api/v1/sync', JSON.stringify({ clientId, cursor: 0, mutations: [portfolio(1, `via ${framing}`)] }), framing, user.accessToken);
      expect(pushed.status).toBe(200);
      expect(pushed.body.lastMid).toBe(1);
      const huge = JSON.stringify({ clientId, cursor: 0, mutations: Array.from({ length: 60 }, (_, i) => portfolio(i + 2, 'y'.repeat(99))) });
      expect(huge.length).toBeGreaterThan(8 * 1024);
      const refused = await post('/api/v1/sync', huge, framing, user.accessToken);
      expect([refused.status, refused.body.error.code]).toEqual([413, 'payload_too_large']);
    }
    const names = (server.db.prepare("SELECT json_extract(data, '$.name') AS name FROM sync_rows WHERE user_id = ? ORDER BY row_key").all(user.userId) as { name: string }[]).map((r) => r.name);
    expect(names).toEqual(['via chunked', 'via length']);
  });
});
