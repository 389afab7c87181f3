import { afterEach, describe, expect, it } from 'vitest';
import type { AiSummary } from '../../../core/src/insights/ai-summary';
import { loadConfig, type AiSettings } from '../config';
import { FAKE_REVIEW, startFakeOpenAi, type FakeScenario } from '../insights/fake-openai';
import { startTestServer } from '../test-server';

type Server = Awaited<ReturnType<typeof startTestServer>>;
type Fake = Awaited<ReturnType<typeof startFakeOpenAi>>;

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of cleanups.splice(0).reverse()) await stop();
});

const SERVER_KEY = 'sk-server-test-key-0001';

/** A summary as the core builds it (anonymized: symbols, weights, ratios). */
function summary(overrides: Partial<AiSummary> = {}): AiSummary {
  return {
    version: 1,
    baseCurrency: 'CAD',
    homeCountry: 'CA',
    asOfMonth: '2025-02',
    holdings: [
      { symbol: 'AAPL', weight: 0.5123, assetClass: 'equity', sector: 'Technology', country: 'US', currency: 'USD', unrealizedPercent: 0.21, dividendYield: 0.004 },
      { symbol: 'XEQT.TO', weight: 0.4877, assetClass: 'equity', sector: null, country: 'CA', currency: 'CAD', unrealizedPercent: -0.03, dividendYield: null },
    ],
    sectors: [{ key: 'Technology', weight: 0.5123 }],
    countries: [
      { key: 'US', weight: 0.5123 },
      { key: 'CA', weight: 0.4877 },
    ],
    currencies: [
      { key: 'USD', weight: 0.5123 },
      { key: 'CAD', weight: 0.4877 },
    ],
    cashWeight: 0,
    returns: { twr1y: 0.12, twrSinceStart: 0.3, xirr: null, benchmark: null },
    income: { trailingYield: 0.011, topPayerShare: 1 },
    fees: { ofValue: 0.001, ofGains: null },
    targets: [],
    insights: [{ rule: 'concentration-holding', severity: 'critical', title: 'AAPL is 51.2 % of the portfolio' }],
    ...overrides,
  };
}

async function fake(scenario: FakeScenario = 'normal', options: Parameters<typeof startFakeOpenAi>[0] = {}): Promise<Fake> {
  const f = await startFakeOpenAi({ scenario, chunkDelayMs: 5, ...options });
  cleanups.push(f.stop);
  return f;
}

async function server(ai: Partial<AiSettings>): Promise<Server> {
  // A generous rate limit unless a test is about it (each test makes several requests at once).
  const s = await startTestServer({ ai: { perMinute: 600, ...ai } });
  cleanups.push(s.stop);
  return s;
}

/** A server pointed at a fake model, and a signed-in user. */
async function setup(scenario: FakeScenario = 'normal', ai: Partial<AiSettings> = {}) {
  const f = await fake(scenario);
  const s = await server({ apiKey: SERVER_KEY, baseUrl: f.baseUrl, model: 'fake-model', ...ai });
  const user = await s.register();
  return { f, s, user };
}

interface SseEvent {
  event: string;
  data: any;
}

/** Posts a summary and reads the whole event stream (or the JSON error envelope). */
async function review(s: Server, token: string | undefined, body: unknown) {
  const res = await fetch(`${s.url}/api/v1/insights/ai`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  if (!(res.headers.get('content-type') ?? '').startsWith('text/event-stream')) return { status: res.status, events: [] as SseEvent[], error: JSON.parse(text) as { error: { code: string; message: string } } };
  const events = text
    .split(/\n\n/)
    .filter((block) => block.trim())
    .map((block) => {
      const lines = block.split('\n');
      const event = lines.find((l) => l.startsWith('event:'))?.slice(6).trim() ?? 'message';
      const data = lines.filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trim()).join('\n');
      return { event, data: JSON.parse(data) };
    });
  return { status: res.status, events, error: null };
}

const narrativeOf = (events: SseEvent[]) => events.filter((e) => e.event === 'narrative').map((e) => e.data.delta).join('');
const errorOf = (events: SseEvent[]) => events.find((e) => e.event === 'error')?.data as { code: string; message: string } | undefined;

async function call(s: Server, method: string, path: string, token: string | undefined, body?: unknown) {
  const res = await fetch(`${s.url}/api/v1/insights${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

describe('POST /api/v1/insights/ai against a fake OpenAI-compatible server', () => {
  it('never calls the model without a signed-in user', async () => {
    const { f, s } = await setup();
    const anonymous = await review(s, undefined, { summary: summary() });
    expect(anonymous.status).toBe(401);
    expect(anonymous.error?.error.code).toBe('unauthorized');
    const forged = await review(s, 'not-a-token', { summary: summary() });
    expect(forged.status).toBe(401);
    expect((await call(s, 'GET', '/ai/config', undefined)).status).toBe(401);
    expect(f.requests).toHaveLength(0);
  });

  it('streams the narrative and answers validated insights in the shared shape', async () => {
    const { f, s, user } = await setup('normal');
    const sent = summary();
    const res = await review(s, user.accessToken, { summary: sent });
    expect(res.status).toBe(200);
    expect(narrativeOf(res.events)).toBe(FAKE_REVIEW.narrative);
    const final = res.events.at(-1)!;
    expect(final.event).toBe('insights');
    expect(final.data.cached).toBe(false);
    expect(final.data.narrative).toBe(FAKE_REVIEW.narrative);
    expect(final.data.insights).toEqual([
      {
        id: 'ai:1:concentration-holding',
        rule: 'concentration-holding',
        severity: 'warning',
        title: 'One stock drives most of the result',
        explanation: 'A single holding is about half of the portfolio, so its swings dominate your returns.',
        figures: [{ label: 'Largest weight', value: '≈ 50 %' }],
        actions: ['Direct new contributions to a broad index fund'],
        link: { label: 'Open allocation', href: '/portfolio?tab=allocation' },
        source: 'ai',
      },
      { id: 'ai:2:ai', rule: 'ai', severity: 'info', title: 'Consider your currency mix', explanation: expect.stringContaining('US dollars'), figures: [], link: { label: 'Open holdings', href: '/portfolio' }, source: 'ai' },
    ]);
    // What reached the model: the structured-output schema, streaming, the server's key, and
    // the summary exactly as sent (nothing about the account added by the server).
    expect(f.requests).toHaveLength(1);
    const got = f.requests[0]!;
    expect(got.apiKey).toBe(SERVER_KEY);
    expect(got.body).toMatchObject({ model: 'fake-model', stream: true, response_format: { type: 'json_schema', json_schema: { name: 'portfolio_review', strict: true } } });
    const messages = got.body['messages'] as { role: string; content: string }[];
    expect(messages.map((m) => m.role)).toEqual(['system', 'user']);
    expect(JSON.parse(messages[1]!.content)).toEqual(sent);
    const wire = JSON.stringify(got.body);
    expect(wire).not.toContain(user.email);
    expect(wire).not.toContain(user.userId);
    // The key is never logged.
    expect(s.logs.join('\n')).not.toContain(SERVER_KEY);
    expect(s.logs.some((l) => l.includes('"ai review"'))).toBe(true);
  });

  it('relays a slowly streamed answer as many narrative events, in order', async () => {
    const f = await fake('streaming', { chunkDelayMs: 15 });
    const s = await server({ apiKey: SERVER_KEY, baseUrl: f.baseUrl });
    const user = await s.register();
    const res = await review(s, user.accessToken, { summary: summary() });
    const deltas = res.events.filter((e) => e.event === 'narrative');
    expect(deltas.length).toBeGreaterThan(5);
    expect(narrativeOf(res.events)).toBe(FAKE_REVIEW.narrative);
    expect(res.events.at(-1)!.event).toBe('insights');
  });

  it('reports malformed model JSON as bad_model_output and caches nothing', async () => {
    const { f, s, user } = await setup('malformed');
    const res = await review(s, user.accessToken, { summary: summary() });
    expect(res.status).toBe(200);
    expect(errorOf(res.events)).toEqual({ code: 'bad_model_output', message: expect.stringContaining('unexpected format') });
    expect(res.events.some((e) => e.event === 'insights')).toBe(false);
    // The server keeps working, and the next request asks the model again (no bad answer cached).
    f.setScenario('normal');
    const again = await review(s, user.accessToken, { summary: summary() });
    expect(again.events.at(-1)!.event).toBe('insights');
    expect(f.requests).toHaveLength(2);
  });

  it('refuses a well-formed JSON answer that breaks the agreed shape', async () => {
    const content = JSON.stringify({ ...FAKE_REVIEW, insights: [{ ...FAKE_REVIEW.insights[0], screen: 'https://evil.example' }] });
    const f = await fake('normal', { content });
    const s = await server({ apiKey: SERVER_KEY, baseUrl: f.baseUrl });
    const user = await s.register();
    const res = await review(s, user.accessToken, { summary: summary() });
    expect(errorOf(res.events)?.code).toBe('bad_model_output');
  });

  it.each([
    ['unauthorized', 'invalid_key'],
    ['rate_limit', 'rate_limited'],
    ['insufficient_quota', 'quota_exceeded'],
    ['server_error', 'model_unavailable'],
  ] as const)('maps the %s scenario to the %s error event', async (scenario, code) => {
    const { f, s, user } = await setup(scenario);
    const res = await review(s, user.accessToken, { summary: summary() });
    expect(res.status).toBe(200);
    const error = errorOf(res.events);
    expect(error?.code).toBe(code);
    expect(error?.message.length).toBeGreaterThan(10);
    // The upstream 401 text echoes part of the key: it is not passed on.
    expect(error?.message).not.toContain('sk-te');
    expect(f.requests).toHaveLength(1);
    expect(s.logs.join('\n')).not.toContain(SERVER_KEY);
  });

  it('reports an endpoint that refuses connections as model_unavailable', async () => {
    const f = await fake();
    const closedUrl = f.baseUrl;
    await f.stop();
    cleanups.pop();
    const s = await server({ apiKey: SERVER_KEY, baseUrl: closedUrl });
    const user = await s.register();
    const res = await review(s, user.accessToken, { summary: summary() });
    expect(errorOf(res.events)?.code).toBe('model_unavailable');
  });

  it('gives up on a slow model after the timeout', async () => {
    const f = await fake('slow', { slowMs: 4_000 });
    const s = await server({ apiKey: SERVER_KEY, baseUrl: f.baseUrl, timeoutSeconds: 1 });
    const user = await s.register();
    const started = Date.now();
    const res = await review(s, user.accessToken, { summary: summary() });
    const took = Date.now() - started;
    expect(errorOf(res.events)).toEqual({ code: 'timeout', message: expect.stringContaining('1 s') });
    expect(took).toBeGreaterThanOrEqual(900);
    expect(took).toBeLessThan(3_000);
  });

  it('answers the same summary from the cache by hash, whatever the key order', async () => {
    const { f, s, user } = await setup('normal');
    const first = await review(s, user.accessToken, { summary: summary() });
    expect(first.events.at(-1)!.data.cached).toBe(false);
    // The same content with keys in another order hashes the same (canonical JSON).
    const reordered = Object.fromEntries(Object.entries(summary()).reverse());
    const second = await review(s, user.accessToken, { summary: reordered });
    expect(second.events.at(-1)!.event).toBe('insights');
    expect(second.events.at(-1)!.data.cached).toBe(true);
    expect(second.events.at(-1)!.data.insights).toEqual(first.events.at(-1)!.data.insights);
    expect(narrativeOf(second.events)).toBe(FAKE_REVIEW.narrative);
    expect(f.requests).toHaveLength(1);
    // A changed summary is a new question; another user never gets this user's cached answer.
    await review(s, user.accessToken, { summary: summary({ cashWeight: 0.2 }) });
    expect(f.requests).toHaveLength(2);
    const other = await s.register();
    const theirs = await review(s, other.accessToken, { summary: summary() });
    expect(theirs.events.at(-1)!.data.cached).toBe(false);
    expect(f.requests).toHaveLength(3);
    const rows = s.db.prepare('SELECT user_id, summary_hash FROM ai_cache ORDER BY created_at').all() as { user_id: string; summary_hash: string }[];
    expect(rows.map((r) => r.user_id).sort()).toEqual([user.userId, user.userId, other.userId].sort());
    expect(rows[0]!.summary_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('rate-limits each user separately', async () => {
    const { f, s, user } = await setup('normal', { perMinute: 1 });
    expect((await review(s, user.accessToken, { summary: summary() })).status).toBe(200);
    const limited = await review(s, user.accessToken, { summary: summary({ cashWeight: 0.1 }) });
    expect(limited.status).toBe(429);
    expect(limited.error?.error.code).toBe('rate_limited');
    const other = await s.register();
    expect((await review(s, other.accessToken, { summary: summary() })).status).toBe(200);
    expect(f.requests).toHaveLength(2);
  });

  it('stops at the daily budget but still serves cached answers', async () => {
    const { f, s, user } = await setup('normal', { dailyBudget: 1 });
    await review(s, user.accessToken, { summary: summary() });
    const spent = await review(s, user.accessToken, { summary: summary({ cashWeight: 0.1 }) });
    expect(spent.status).toBe(429);
    expect(spent.error?.error).toEqual({ code: 'budget_exhausted', message: expect.stringContaining('daily budget of 1') });
    const cached = await review(s, user.accessToken, { summary: summary() });
    expect(cached.events.at(-1)!.data.cached).toBe(true);
    expect(f.requests).toHaveLength(1);
    expect((await call(s, 'GET', '/ai/config', user.accessToken)).body).toEqual({ enabled: true, source: 'server', model: 'fake-model', baseUrl: new URL(f.baseUrl).host, dailyBudget: 1, usedToday: 1 });
    // The budget is per user.
    const other = await s.register();
    expect((await review(s, other.accessToken, { summary: summary({ cashWeight: 0.1 }) })).status).toBe(200);
  });

  it('caps requests on the server key across all users per day (AI_DAILY_BUDGET_TOTAL)', async () => {
    const { f, s, user } = await setup('normal', { dailyBudget: 5, dailyBudgetTotal: 2 });
    const second = await s.register();
    const third = await s.register();
    expect((await review(s, user.accessToken, { summary: summary() })).status).toBe(200);
    expect((await review(s, second.accessToken, { summary: summary() })).status).toBe(200);
    const spent = await review(s, third.accessToken, { summary: summary() });
    expect(spent.status).toBe(429);
    expect(spent.error?.error).toEqual({ code: 'budget_exhausted', message: expect.stringContaining('used up (by all its users)') });
    expect(f.requests).toHaveLength(2);
    // Nothing was counted for the refused user; cached answers are still served.
    expect((await call(s, 'GET', '/ai/config', third.accessToken)).body['usedToday']).toBe(0);
    expect((await review(s, user.accessToken, { summary: summary() })).events.at(-1)!.data.cached).toBe(true);
    // A user's own key is not the operator's: it does not count against, or stop at, the total.
    expect((await call(s, 'PUT', '/ai/key', third.accessToken, { apiKey: 'sk-third-own-key-0001' })).status).toBe(200);
    expect((await review(s, third.accessToken, { summary: summary() })).status).toBe(200);
    expect(f.requests.at(-1)).toMatchObject({ apiKey: 'sk-third-own-key-0001' });
    expect(f.requests).toHaveLength(3);
  });

  it('reads AI_DAILY_BUDGET_TOTAL from the environment (default 500, 0 allowed, negatives refused)', () => {
    expect(loadConfig({}).ai.dailyBudgetTotal).toBe(500);
    expect(loadConfig({ AI_DAILY_BUDGET_TOTAL: '0' }).ai.dailyBudgetTotal).toBe(0);
    expect(loadConfig({ AI_DAILY_BUDGET_TOTAL: '1200' }).ai.dailyBudgetTotal).toBe(1200);
    expect(() => loadConfig({ AI_DAILY_BUDGET_TOTAL: '-1' })).toThrow(/AI_DAILY_BUDGET_TOTAL/);
  });

  it('never uses the server key when AI_DAILY_BUDGET_TOTAL is 0', async () => {
    const { f, s, user } = await setup('normal', { dailyBudgetTotal: 0 });
    expect((await call(s, 'GET', '/ai/config', user.accessToken)).body).toMatchObject({ enabled: false, source: 'server' });
    const refused = await review(s, user.accessToken, { summary: summary() });
    expect(refused.status).toBe(429);
    expect(refused.error?.error).toEqual({ code: 'budget_exhausted', message: expect.stringContaining('save your own API key') });
    expect(f.requests).toHaveLength(0);
  });

  it('refuses a body with any field beyond the summary schema, calling nothing', async () => {
    const { f, s, user } = await setup();
    const cases: unknown[] = [
      { summary: summary(), userId: 'x' },
      { summary: { ...summary(), accountName: 'Joint TFSA' } },
      { summary: summary({ holdings: [{ ...summary().holdings[0]!, notes: 'inheritance' } as never] }) },
      { summary: summary({ asOfMonth: '2025-02-14' }) },
      { summary: { ...summary(), totals: { marketValue: '123456.78', costBasis: '1', income12m: '2', accountNumber: '51234567' } } },
    ];
    for (const body of cases) {
      const res = await review(s, user.accessToken, body);
      expect(res.status).toBe(422);
      expect(res.error?.error.code).toBe('invalid_input');
    }
    const broken = await review(s, user.accessToken, '{"summary":');
    expect(broken.status).toBe(400);
    expect(f.requests).toHaveLength(0);
  });

  it('says not_configured with no key at all, and reports the config without a key', async () => {
    const f = await fake();
    const s = await server({ baseUrl: f.baseUrl });
    const user = await s.register();
    expect((await call(s, 'GET', '/ai/config', user.accessToken)).body).toEqual({ enabled: false, source: 'none', model: null, baseUrl: null, dailyBudget: 50, usedToday: 0 });
    const res = await review(s, user.accessToken, { summary: summary() });
    expect(res.status).toBe(503);
    expect(res.error?.error.code).toBe('not_configured');
    expect(f.requests).toHaveLength(0);
  });

  it('seals a user key at rest, uses it for that user only, and deletes it', async () => {
    const f = await fake();
    const s = await server({ baseUrl: f.baseUrl });
    const user = await s.register();
    const other = await s.register();
    const userKey = 'sk-user-own-key-ABCDEF123456';
    const saved = await call(s, 'PUT', '/ai/key', user.accessToken, { apiKey: userKey, model: 'my-model' });
    expect(saved.status).toBe(200);
    expect(saved.body).toEqual({ enabled: true, source: 'user', model: 'my-model', baseUrl: new URL(f.baseUrl).host, dailyBudget: 50, usedToday: 0 });
    expect(JSON.stringify(saved.body)).not.toContain(userKey);
    // Not in the database in plaintext, and bound to its user (another user's context cannot open it).
    const row = s.db.prepare('SELECT * FROM ai_keys WHERE user_id = ?').get(user.userId) as Record<string, string>;
    expect(JSON.stringify(row)).not.toContain(userKey);
    expect(row['sealed_key']).toMatch(/^v1\./);
    const dump = (s.db.prepare("SELECT group_concat(sealed_key) AS all_keys FROM ai_keys").get() as { all_keys: string }).all_keys;
    expect(dump).not.toContain('ABCDEF123456');

    const res = await review(s, user.accessToken, { summary: summary() });
    expect(res.events.at(-1)!.event).toBe('insights');
    expect(f.requests.at(-1)).toMatchObject({ apiKey: userKey, body: { model: 'my-model' } });
    expect(s.logs.join('\n')).not.toContain(userKey);

    // The other user has no key and the server has none.
    expect((await review(s, other.accessToken, { summary: summary() })).error?.error.code).toBe('not_configured');
    expect((await call(s, 'GET', '/ai/config', other.accessToken)).body['source']).toBe('none');

    const removed = await call(s, 'DELETE', '/ai/key', user.accessToken);
    expect(removed.body['source']).toBe('none');
    expect(s.db.prepare('SELECT COUNT(*) AS n FROM ai_keys').get()).toEqual({ n: 0 });
    expect((await call(s, 'DELETE', '/ai/key', user.accessToken)).status).toBe(404);
  });

  it('validates a saved key strictly', async () => {
    const { s, user } = await setup();
    const bad = [
      { apiKey: 'short' },
      { apiKey: 'sk-valid-key-123', extra: true },
      { apiKey: 'sk-valid-key-123', baseUrl: 'http://169.254.169.254/v1' },
      { apiKey: 'sk with spaces in it' },
      // https, but the server's own machine or network: refused after resolving the host.
      { apiKey: 'sk-valid-key-123', baseUrl: 'https://127.0.0.1/v1' },
      { apiKey: 'sk-valid-key-123', baseUrl: 'https://10.20.30.40/v1' },
      { apiKey: 'sk-valid-key-123', baseUrl: 'https://169.254.169.254/latest' },
      { apiKey: 'sk-valid-key-123', baseUrl: 'https://[::1]:8443/v1' },
      { apiKey: 'sk-valid-key-123', baseUrl: 'https://localhost/v1' },
    ];
    for (const body of bad) {
      const res = await call(s, 'PUT', '/ai/key', user.accessToken, body);
      expect(res.status).toBe(422);
      expect(res.body['error'].code).toBe('invalid_input');
    }
    expect(s.db.prepare('SELECT COUNT(*) AS n FROM ai_keys').get()).toEqual({ n: 0 });
    expect((await call(s, 'PUT', '/ai/key', undefined, { apiKey: 'sk-valid-key-123' })).status).toBe(401);
  });

  it('names the base URL when it points at a private address, and checks it again before each call', async () => {
    const { f, s, user } = await setup();
    const refused = await call(s, 'PUT', '/ai/key', user.accessToken, { apiKey: 'sk-valid-key-123', baseUrl: 'https://10.20.30.40/v1' });
    expect(refused.body['error'].issues).toEqual([{ field: 'baseUrl', message: expect.stringContaining('local or private address (10.20.30.40)') }]);
    // A public address is accepted; the host later "moves" to a private one (as a DNS change would).
    expect((await call(s, 'PUT', '/ai/key', user.accessToken, { apiKey: 'sk-valid-key-123', baseUrl: 'https://93.184.215.14/v1' })).status).toBe(200);
    s.db.prepare('UPDATE ai_keys SET base_url = ? WHERE user_id = ?').run('https://127.0.0.1:9/v1', user.userId);
    const res = await review(s, user.accessToken, { summary: summary() });
    expect(res.status).toBe(503);
    expect(res.error?.error).toEqual({ code: 'model_unavailable', message: expect.stringContaining('local or private address (127.0.0.1)') });
    expect((await call(s, 'GET', '/ai/config', user.accessToken)).body['usedToday']).toBe(0);
    expect(f.requests).toHaveLength(0);
  });

  it('connects to a user’s endpoint only at a public address, even when its host changes between the check and the call', async () => {
    const f = await fake();
    // DNS rebinding: "localhost" answers a public address to the check before the call, then the
    // loopback (where the fake model listens) to the connection. Plain fetch would reach the fake.
    const lookups: string[] = [];
    const resolveHost = async (host: string) => {
      lookups.push(host);
      return [{ address: lookups.length === 1 ? '93.184.215.14' : '127.0.0.1', family: 4 }];
    };
    const s = await startTestServer({ ai: { perMinute: 600 }, resolveHost });
    cleanups.push(s.stop);
    const user = await s.register();
    expect((await call(s, 'PUT', '/ai/key', user.accessToken, { apiKey: 'sk-valid-key-123', baseUrl: 'https://93.184.215.14/v1' })).status).toBe(200);
    s.db.prepare('UPDATE ai_keys SET base_url = ? WHERE user_id = ?').run(`http://localhost:${new URL(f.baseUrl).port}/v1`, user.userId);
    const res = await review(s, user.accessToken, { summary: summary() });
    expect(errorOf(res.events)).toEqual({ code: 'model_unavailable', message: expect.stringContaining('localhost resolves to a local or private address (127.0.0.1)') });
    expect(lookups).toEqual(['localhost', 'localhost']);
    expect(f.requests).toHaveLength(0);
  });
});
