import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { FAKE_REVIEW, startFakeOpenAi } from '../../../../sync-server/src/insights/fake-openai';
import { startTestServer } from '../../../../sync-server/src/test-server';
import { FolioDb } from '../../db/database';
import { createCoreApi } from '../create-core-api';
import { aiInsightSchema, type AiInsightsEvent } from './ai-insights';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Names, numbers and notes no model may ever see. */
const SECRET = {
  email: 'mildred.rainier@example.com',
  portfolio: 'Rainier Family Fortune',
  account: 'Mildred Joint TFSA 4417-2298',
  note: 'Inheritance from Aunt Philippa, do not sell',
};

async function setup() {
  const fake = await startFakeOpenAi({ scenario: 'normal' });
  cleanups.push(fake.stop);
  const server = await startTestServer({ ai: { apiKey: 'sk-server-key-for-tests', baseUrl: fake.baseUrl, perMinute: 600 } });
  cleanups.push(server.stop);
  const db = new FolioDb(`ai-${crypto.randomUUID()}`);
  const api = createCoreApi({ db, now: () => new Date('2026-03-10T12:00:00'), syncDebounceMs: 5, syncIntervalMs: 60_000, marketServerUrl: server.url });
  cleanups.push(async () => {
    api.sync.stop();
    await db.delete();
  });
  // A distinctive portfolio: odd exact amounts, a named account and a note.
  const portfolio = await api.createPortfolio({ name: SECRET.portfolio });
  const account = await api.createAccount({ portfolioId: portfolio.id, name: SECRET.account, type: 'TFSA' });
  await api.addTransaction({ kind: 'deposit', accountId: account.id, date: '2026-01-05', currency: 'CAD', amount: '98765.43', note: SECRET.note });
  await api.addTransaction({ kind: 'buy', accountId: account.id, date: '2026-01-06', symbol: 'XEQT.TO', currency: 'CAD', quantity: '1234.5678', price: '31.17', note: SECRET.note });
  // A market price (as the quote client stores it): XEQT.TO is listed, so its symbol may be sent.
  await api.putPrices('XEQT.TO', [{ date: '2026-03-09', price: '33.21' }], 'yahoo');
  return { fake, server, api, db, account, portfolio };
}

async function collect(run: (onEvent: (e: AiInsightsEvent) => void) => Promise<void>) {
  const events: AiInsightsEvent[] = [];
  await run((e) => void events.push(e));
  return events;
}

describe('requestAiInsights through the sync server to a fake model', () => {
  it('sends nothing while AI insights are off (the default), even when signed in', async () => {
    const { fake, server, api } = await setup();
    await api.signIn({ serverUrl: server.url, email: SECRET.email, password: 'correct horse battery', register: true });
    const config = await api.getAiConfig();
    expect(config.preferences).toEqual({ enabled: false, shareTotals: false, consentedAt: null });
    expect(config.server).toMatchObject({ enabled: true, source: 'server' });
    await expect(api.requestAiInsights({ shareTotals: true }, () => undefined)).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringContaining('off') });
    // Turned on and then off again: still nothing.
    await api.setAiPreferences({ enabled: true });
    await api.setAiPreferences({ enabled: false });
    await expect(api.requestAiInsights({ shareTotals: false }, () => undefined)).rejects.toMatchObject({ code: 'invalid_input' });
    expect(fake.requests).toHaveLength(0);
  });

  it('streams the review once on, and no identifying field reaches the model', async () => {
    const { fake, server, api, account, portfolio } = await setup();
    await api.signIn({ serverUrl: server.url, email: SECRET.email, password: 'correct horse battery', register: true });
    const prefs = await api.setAiPreferences({ enabled: true, shareTotals: false });
    // Consent is recorded when the feature is turned on.
    expect(Date.parse(prefs.consentedAt!)).toBe(new Date('2026-03-10T12:00:00').getTime());

    const events = await collect((onEvent) => api.requestAiInsights({ shareTotals: false }, onEvent));
    const narrative = events.filter((e) => e.type === 'narrative').map((e) => (e as { delta: string }).delta).join('');
    expect(narrative).toBe(FAKE_REVIEW.narrative);
    const last = events.at(-1)!;
    expect(last).toMatchObject({ type: 'insights', cached: false, narrative: FAKE_REVIEW.narrative });
    expect((last as { insights: { source: string }[] }).insights.every((i) => i.source === 'ai')).toBe(true);

    expect(fake.requests).toHaveLength(1);
    const wire = JSON.stringify(fake.requests[0]!.body);
    expect(wire).toContain('XEQT.TO');
    for (const secret of [SECRET.email, SECRET.portfolio, SECRET.account, SECRET.note, account.id, portfolio.id, '4417', 'Philippa', 'Mildred', '98765', '1234.5678', '2026-01-06', '2026-03-10']) {
      expect(wire, `"${secret}" reached the model`).not.toContain(secret);
    }
    // What was sent is exactly what the preview shows.
    const user = (fake.requests[0]!.body['messages'] as { role: string; content: string }[])[1]!;
    expect(JSON.parse(user.content)).toEqual(await api.getAiSummary({ shareTotals: false }));
    expect(JSON.parse(user.content)).not.toHaveProperty('totals');
  });

  it('includes exact totals only when the user opted in', async () => {
    const { fake, server, api } = await setup();
    await api.signIn({ serverUrl: server.url, email: SECRET.email, password: 'correct horse battery', register: true });
    await api.setAiPreferences({ enabled: true, shareTotals: false });
    // Asking for totals without the stored opt-in sends none.
    await collect((onEvent) => api.requestAiInsights({ shareTotals: true }, onEvent));
    expect(JSON.parse((fake.requests[0]!.body['messages'] as { content: string }[])[1]!.content)).not.toHaveProperty('totals');
    await api.setAiPreferences({ shareTotals: true });
    await collect((onEvent) => api.requestAiInsights({ shareTotals: true }, onEvent));
    const sent = JSON.parse((fake.requests[1]!.body['messages'] as { content: string }[])[1]!.content) as { totals?: { marketValue: string } };
    expect(sent.totals?.marketValue).toMatch(/^\d+(\.\d+)?$/);
  });

  it('relays server errors as error events, and says so when not signed in', async () => {
    const { fake, server, api } = await setup();
    await api.setAiPreferences({ enabled: true });
    const signedOut = await collect((onEvent) => api.requestAiInsights({ shareTotals: false }, onEvent));
    expect(signedOut).toEqual([{ type: 'error', code: 'not_signed_in', message: expect.stringContaining('Sign in') }]);
    expect((await api.getAiConfig()).signedIn).toBe(false);

    await api.signIn({ serverUrl: server.url, email: SECRET.email, password: 'correct horse battery', register: true });
    fake.setScenario('unauthorized');
    const refused = await collect((onEvent) => api.requestAiInsights({ shareTotals: false }, onEvent));
    expect(refused.at(-1)).toMatchObject({ type: 'error', code: 'invalid_key' });
    fake.setScenario('malformed');
    const malformed = await collect((onEvent) => api.requestAiInsights({ shareTotals: false }, onEvent));
    expect(malformed.at(-1)).toMatchObject({ type: 'error', code: 'bad_model_output' });
  });

  it('saves and deletes the user’s own key on the server, never locally', async () => {
    const { server, api, db } = await setup();
    await api.signIn({ serverUrl: server.url, email: SECRET.email, password: 'correct horse battery', register: true });
    await expect(api.setAiKey({ apiKey: 'sk-x', baseUrl: 'http://10.0.0.1' })).rejects.toMatchObject({ code: 'invalid_input', issues: expect.arrayContaining([expect.objectContaining({ field: 'apiKey' }), expect.objectContaining({ field: 'baseUrl' })]) });
    const saved = await api.setAiKey({ apiKey: 'sk-my-own-key-998877', model: 'mine' });
    expect(saved).toMatchObject({ source: 'user', model: 'mine' });
    const local = JSON.stringify(await Promise.all(db.tables.map((t) => t.toArray())));
    expect(local).not.toContain('sk-my-own-key-998877');
    expect(await api.clearAiKey()).toMatchObject({ source: 'server' });
  });
});

describe('AI insight links', () => {
  const insight = (href: string) => ({ id: 'ai:1:ai', rule: 'ai', severity: 'info', title: 't', explanation: 'e', figures: [], link: { label: 'Open', href }, source: 'ai' });

  it('accepts only paths inside the app', () => {
    for (const href of ['/portfolio', '/portfolio?tab=allocation', '/']) expect(aiInsightSchema.safeParse(insight(href)).success, href).toBe(true);
    for (const href of ['//evil.example', '//evil.example/portfolio', '/\\evil.example', 'https://evil.example', 'javascript:alert(1)', 'portfolio']) {
      expect(aiInsightSchema.safeParse(insight(href)).success, href).toBe(false);
    }
  });
});
