import { signedInCall, type FreshSession } from './signed-in-call';
import { z } from 'zod';
import type { FolioDb } from '../../db/database';
import { CoreError } from '../../errors';
import type { AiSummary } from '../../insights/ai-summary';
import { INSIGHT_RULES, INSIGHT_SEVERITIES, type Insight } from '../../insights/insight-types';

/**
 * The user's AI choices on this device. Local-only on purpose (kept in the local `_syncState`
 * table, not in the synced settings): consent was given after seeing the preview here, so a
 * device that never showed it never sends anything.
 */
export interface AiPreferences {
  enabled: boolean;
  /** Opt-in to include exact totals (market value, cost, income) in the summary. */
  shareTotals: boolean;
  /** When the user last turned the feature on, having seen what is sent. */
  consentedAt: string | null;
}

/** What the sync server says about AI for this user (never a key): `GET /api/v1/insights/ai/config`, also the server's type. */
export interface AiServerConfig {
  enabled: boolean;
  source: 'server' | 'user' | 'none';
  model: string | null;
  /** The endpoint's host only (null: the OpenAI API). */
  baseUrl: string | null;
  dailyBudget: number;
  usedToday: number;
}

export interface AiConfig {
  preferences: AiPreferences;
  /** Null when it could not be asked: `serverProblem` says why (not signed in, unreachable…). */
  server: AiServerConfig | null;
  serverProblem?: string;
  signedIn: boolean;
}

export type AiErrorCode = 'invalid_key' | 'quota_exceeded' | 'model_unavailable' | 'timeout' | 'rate_limited' | 'budget_exhausted' | 'bad_model_output' | 'not_configured' | 'not_signed_in' | 'unreachable' | 'refused';

/** What the page receives while a review runs, in order: narrative pieces, then insights or an error. */
export type AiInsightsEvent =
  | { type: 'narrative'; delta: string }
  | { type: 'insights'; insights: Insight[]; narrative: string; cached: boolean }
  | { type: 'error'; code: AiErrorCode; message: string };

const PREFS_KEY = 'ai-insights';
type PrefsRow = AiPreferences & { id: typeof PREFS_KEY };
const DEFAULT_PREFS: AiPreferences = { enabled: false, shareTotals: false, consentedAt: null };

const serverConfigSchema = z.object({
  enabled: z.boolean(),
  source: z.enum(['server', 'user', 'none']),
  model: z.string().nullable(),
  baseUrl: z.string().nullable(),
  dailyBudget: z.number(),
  usedToday: z.number(),
});
/**
 * A link from a model-written insight: a path inside the app only. "//evil.example" (and
 * "/\\evil.example", which browsers read the same way) is another site, so it is refused.
 */
export const inAppHref = z.string().regex(/^\/(?![\/\\])/, { message: 'A link is a path inside the app' });
/** An insight as the server sends it; anything else is refused as bad output. */
export const aiInsightSchema = z.object({
  id: z.string(),
  rule: z.enum(INSIGHT_RULES),
  severity: z.enum(INSIGHT_SEVERITIES),
  title: z.string(),
  explanation: z.string(),
  figures: z.array(z.object({ label: z.string(), value: z.string() })),
  actions: z.array(z.string()).optional(),
  link: z.object({ label: z.string(), href: inAppHref }),
  source: z.literal('ai'),
});
const eventSchemas = {
  narrative: z.object({ delta: z.string() }),
  insights: z.object({ insights: z.array(aiInsightSchema), narrative: z.string(), cached: z.boolean() }),
  error: z.object({ code: z.string(), message: z.string() }),
};
const errorEnvelope = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

export interface AiInsightsDeps {
  db: FolioDb;
  fetch: typeof fetch;
  now: () => Date;
  session: FreshSession;
  /** Exactly what would be sent (H5's anonymized summary). */
  summary: (options: { shareTotals: boolean }) => Promise<AiSummary>;
}

const NOT_SIGNED_IN = 'Sign in to a Folio sync server (Settings) to use AI insights: the server calls the model, never this device';

/** Splits a server-sent event stream into events as bytes arrive. */
async function* readSse(body: ReadableStream<Uint8Array>): AsyncGenerator<{ event: string; data: string }> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    buffer += decoder.decode(value ?? new Uint8Array(), { stream: !done }).replace(/\r\n/g, '\n');
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let event = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) event = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
      }
      if (data.length) yield { event, data: data.join('\n') };
    }
    if (done) return;
  }
}

/** The AI panel's calls: local preferences, the server's AI config and key, and the streamed review. */
export function aiInsightsHandlers({ db, fetch: http, now, session, summary }: AiInsightsDeps) {
  const prefsTable = () => db.table<PrefsRow, string>('_syncState');

  const getPreferences = async (): Promise<AiPreferences> => {
    const row = await prefsTable().get(PREFS_KEY);
    return row ? { enabled: row.enabled, shareTotals: row.shareTotals, consentedAt: row.consentedAt } : { ...DEFAULT_PREFS };
  };

  const call = signedInCall({ fetch: http, session, area: '/api/v1/insights', notSignedIn: NOT_SIGNED_IN });

  /** The server's error envelope (code and message), or what the status says when there is none. */
  const refusal = async (res: Response): Promise<{ code: string; message: string }> => {
    const parsed = errorEnvelope.safeParse(await res.json().catch(() => null));
    return parsed.success ? parsed.data.error : { code: 'refused', message: `The sync server answered HTTP ${res.status}` };
  };

  const serverConfigFrom = async (res: Response): Promise<AiServerConfig> => {
    if (!res.ok) {
      const r = await refusal(res);
      throw new CoreError(res.status === 422 ? 'invalid_input' : 'internal', r.message);
    }
    const parsed = serverConfigSchema.safeParse(await res.json().catch(() => null));
    if (!parsed.success) throw new CoreError('internal', 'The sync server answered an unexpected AI configuration');
    return parsed.data;
  };

  return {
    /** Local preferences, and what the server offers (without asking it when not signed in). */
    async getAiConfig(): Promise<AiConfig> {
      const preferences = await getPreferences();
      const current = await session().catch(() => undefined);
      if (!current) return { preferences, server: null, serverProblem: NOT_SIGNED_IN, signedIn: false };
      try {
        return { preferences, server: await serverConfigFrom(await call('GET', '/ai/config')), signedIn: true };
      } catch (error) {
        return { preferences, server: null, serverProblem: CoreError.from(error).message, signedIn: true };
      }
    },

    /** Turns the feature on (recording consent) or off; nothing is sent while it is off. */
    async setAiPreferences(patch: { enabled?: boolean; shareTotals?: boolean }): Promise<AiPreferences> {
      const input = z.object({ enabled: z.boolean().optional(), shareTotals: z.boolean().optional() }).strict().safeParse(patch);
      if (!input.success) throw new CoreError('invalid_input', 'AI preferences are { enabled, shareTotals } booleans', input.error.issues.map((i) => ({ field: i.path.join('.') || 'preferences', message: i.message })));
      const before = await getPreferences();
      const next: AiPreferences = {
        enabled: input.data.enabled ?? before.enabled,
        shareTotals: input.data.shareTotals ?? before.shareTotals,
        consentedAt: input.data.enabled === true && !before.enabled ? now().toISOString() : before.consentedAt,
      };
      await prefsTable().put({ id: PREFS_KEY, ...next });
      return next;
    },

    async setAiKey(input: { apiKey: string; model?: string; baseUrl?: string }): Promise<AiServerConfig> {
      const res = await call('PUT', '/ai/key', input);
      if (res.status === 422) {
        const parsed = z.object({ error: z.object({ message: z.string(), issues: z.array(z.object({ field: z.string(), message: z.string() })).optional() }) }).safeParse(await res.json().catch(() => null));
        throw new CoreError('invalid_input', parsed.success ? parsed.data.error.message : 'The key was refused', parsed.success ? (parsed.data.error.issues ?? []) : []);
      }
      return serverConfigFrom(res);
    },

    async clearAiKey(): Promise<AiServerConfig> {
      const res = await call('DELETE', '/ai/key');
      if (res.status === 404) return serverConfigFrom(await call('GET', '/ai/config'));
      return serverConfigFrom(res);
    },

    /**
     * Sends the anonymized summary for an AI review and relays the server's events to `onEvent`
     * (awaited, so they arrive in order). Refuses, sending nothing, while the feature is off.
     * Failures arrive as an `error` event; the promise itself rejects only when nothing was sent.
     */
    async requestAiInsights(options: { shareTotals: boolean }, onEvent: (event: AiInsightsEvent) => void | Promise<void>): Promise<void> {
      const prefs = await getPreferences();
      if (!prefs.enabled) throw new CoreError('invalid_input', 'AI insights are off: turn them on (and review what is sent) first');
      const body = { summary: await summary({ shareTotals: options.shareTotals && prefs.shareTotals }) };
      let res: Response;
      try {
        res = await call('POST', '/ai', body);
      } catch (error) {
        const e = CoreError.from(error);
        await onEvent({ type: 'error', code: e.message === NOT_SIGNED_IN ? 'not_signed_in' : 'unreachable', message: e.message });
        return;
      }
      if (!res.ok || !res.body || !(res.headers.get('content-type') ?? '').startsWith('text/event-stream')) {
        const r = await refusal(res);
        await onEvent({ type: 'error', code: r.code as AiErrorCode, message: r.message });
        return;
      }
      let finished = false;
      try {
        for await (const { event, data } of readSse(res.body)) {
          if (!(event in eventSchemas)) continue;
          const parsed = eventSchemas[event as keyof typeof eventSchemas].safeParse(JSON.parse(data));
          if (!parsed.success) throw new Error('bad event');
          if (event === 'narrative') await onEvent({ type: 'narrative', ...(parsed.data as { delta: string }) });
          else if (event === 'insights') await onEvent({ type: 'insights', ...(parsed.data as { insights: Insight[]; narrative: string; cached: boolean }) });
          else await onEvent({ type: 'error', ...(parsed.data as { code: AiErrorCode; message: string }) });
          if (event !== 'narrative') finished = true;
        }
      } catch {
        await onEvent({ type: 'error', code: 'bad_model_output', message: 'The sync server sent an answer this app does not understand' });
        return;
      }
      if (!finished) await onEvent({ type: 'error', code: 'unreachable', message: 'The connection to the sync server ended before the review was complete' });
    },
  };
}
