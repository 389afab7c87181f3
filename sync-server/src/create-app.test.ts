import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { migrations } from './db/migrations';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from './create-app';
import { openDatabase } from './db/open-database';
import { createLogger } from './logger';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function setup({ withPwa = true, allowedOrigins = [] as string[] } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'folio-app-'));
  dirs.push(dir);
  const pwaDir = join(dir, 'pwa');
  if (withPwa) {
    mkdirSync(join(pwaDir, 'assets'), { recursive: true });
    writeFileSync(join(pwaDir, 'index.html'), '<!doctype html><title>Folio</title>');
    writeFileSync(join(pwaDir, 'assets', 'index-abc123.js'), 'console.log(1)');
    writeFileSync(join(pwaDir, 'sw.js'), 'self.addEventListener("fetch", () => {})');
  }
  const db = openDatabase(join(dir, 'data'));
  const lines: string[] = [];
  const app = createApp({ db, logger: createLogger('info', (l) => lines.push(l)), version: '9.9.9', pwaDir, signingKey: new Uint8Array(32).fill(7), security: { allowedOrigins } });
  return { app, db, lines };
}

describe('createApp', () => {
  it('reports version and database health', async () => {
    const { app } = setup();
    const res = await app.request('/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', version: '9.9.9', database: { status: 'ok', schemaVersion: migrations.at(-1)!.version },
      // Live Yahoo is the default source; nothing was asked of it yet.
      market: { provider: 'yahoo', demo: false, upstream: { state: 'ok' }, upstreamCalls: 0 },
    });
  });

  it('reports 503 when the database is unusable', async () => {
    const { app, db } = setup();
    db.close();
    const res = await app.request('/health');
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ status: 'error', database: { status: 'error' } });
  });

  it('serves the PWA: hashed assets immutable, service worker revalidated, deep links to index.html', async () => {
    const { app } = setup();
    const asset = await app.request('/assets/index-abc123.js');
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    const sw = await app.request('/sw.js');
    expect(sw.headers.get('cache-control')).toBe('no-cache');
    const deep = await app.request('/portfolio/123');
    expect(deep.status).toBe(200);
    expect(await deep.text()).toContain('<title>Folio</title>');
  });

  it('answers unknown API paths with the JSON error envelope', async () => {
    const { app } = setup();
    const res = await app.request('/api/v1/nope', { method: 'POST' });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: 'not_found', message: 'No such API endpoint' } });
  });

  it('says how to build the PWA when it is missing', async () => {
    const { app } = setup({ withPwa: false });
    const res = await app.request('/');
    expect(res.status).toBe(503);
    expect(await res.text()).toMatch(/npm start/);
  });

  it('logs each request as one JSON line', async () => {
    const { app, lines } = setup();
    await app.request('/health');
    const entry = JSON.parse(lines.at(-1)!);
    expect(entry).toMatchObject({ level: 'info', msg: 'request', method: 'GET', path: '/health', status: 200 });
  });

  it('answers CORS for allowed origins only, preflight included', async () => {
    const { app } = setup({ allowedOrigins: ['chrome-extension://abcdef'] });
    const preflight = await app.request('http://folio.test/api/v1/sync', { method: 'OPTIONS', headers: { origin: 'chrome-extension://abcdef', 'access-control-request-method': 'POST' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('chrome-extension://abcdef');
    expect(preflight.headers.get('access-control-allow-methods')).toBe('GET, POST, PUT, DELETE, OPTIONS');
    expect(preflight.headers.get('access-control-allow-headers')).toBe('Authorization, Content-Type');
    expect(preflight.headers.get('access-control-max-age')).toBe('600');

    const stranger = await app.request('http://folio.test/api/v1/sync', { method: 'OPTIONS', headers: { origin: 'https://evil.example' } });
    expect(stranger.headers.get('access-control-allow-origin')).toBeNull();
    expect(stranger.headers.get('access-control-allow-methods')).toBeNull();

    const same = await app.request('http://folio.test/api/v1/nothing', { headers: { origin: 'http://folio.test' } });
    expect(same.status).toBe(404);
    expect(same.headers.get('access-control-allow-origin')).toBe('http://folio.test');
    expect(same.headers.get('vary')).toBe('Origin');
    const other = await app.request('http://folio.test/api/v1/nothing', { headers: { origin: 'https://evil.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});
