import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, type AppDeps } from './create-app';
import { openDatabase } from './db/open-database';
import { createLogger } from './logger';
import { createFixtureProvider } from './market/fixture-provider';
import { yahooLoggerFor } from './market/yahoo-provider';

export const TEST_KEY = new Uint8Array(32).fill(42);

/** A fresh app over a real SQLite file in a temp folder; `cleanup()` removes it. */
export function testApp(overrides: Partial<AppDeps> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'folio-server-'));
  const db = openDatabase(join(dir, 'data'));
  const logs: string[] = [];
  const logger = createLogger('debug', (l) => logs.push(l));
  const marketProvider = overrides.marketProvider ?? createFixtureProvider({ logger: yahooLoggerFor(logger) });
  const app = createApp({ db, logger, version: 'test', signingKey: TEST_KEY, ...overrides, marketProvider });
  const json = async (path: string, body: unknown, init: { method?: string; token?: string; headers?: Record<string, string> } = {}) => {
    const res = await app.request(path, {
      method: init.method ?? 'POST',
      headers: { 'content-type': 'application/json', ...(init.token ? { authorization: `Bearer ${init.token}` } : {}), ...init.headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as Record<string, any>, headers: res.headers };
  };
  const register = async (email = `u${Math.random().toString(36).slice(2)}@example.com`, password = 'correct horse battery') => {
    const res = await json('/api/v1/auth/register', { email, password });
    if (res.status !== 201) throw new Error(`register failed: ${JSON.stringify(res.body)}`);
    return { email, password, userId: res.body['userId'] as string, accessToken: res.body['accessToken'] as string, refreshToken: res.body['refreshToken'] as string };
  };
  return {
    app,
    db,
    dir,
    logs,
    json,
    marketProvider,
    register,
    cleanup: () => {
      app.close();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
