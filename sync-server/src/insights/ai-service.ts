import type { AiServerConfig } from '../../../core/src/api/handlers/ai-insights';
import OpenAI from 'openai';
import type { Insight } from '../../../core/src/insights/insight-types';
import type { AiSettings } from '../config';
import type { Logger } from '../logger';
import { AiFailure, modelFailure } from './ai-errors';
import type { AiStore } from './ai-store';
import { canonicalJson, summaryHash } from './canonical-hash';
import { endpointProblem, publicOnlyFetch, resolveAll, type ResolveAll } from './endpoint-guard';
import { MODEL_RESPONSE_FORMAT, SYSTEM_PROMPT, parseModelOutput, toInsights } from './model-output';
import { NarrativeExtractor } from './narrative-stream';

/** Where a user's AI requests go: their own saved key, else the server's. */
export interface AiAccess {
  source: 'server' | 'user';
  apiKey: string;
  model: string;
  baseUrl?: string;
  /** The base URL is the user's own: it is checked before the call and connected to only at a public address. */
  userBaseUrl?: boolean;
}

/** `GET /api/v1/insights/ai/config`: what the page may say about AI (never the key); the core reads it as this type. */
export type AiConfigView = AiServerConfig;

/** The final answer of a review. */
export interface AiReview {
  insights: Insight[];
  narrative: string;
  cached: boolean;
}

/** How long a validated answer is reused for the same summary. */
export const CACHE_MAX_AGE_MS = 7 * 86_400_000;

const hostOf = (url: string | undefined | null) => (url ? new URL(url).host : null);

/**
 * The AI review: picks the user's access, answers from the cache by summary hash, counts the
 * daily budget, calls the model with structured output and streams its narrative.
 */
export class AiService {
  constructor(
    private readonly store: AiStore,
    private readonly settings: AiSettings,
    private readonly logger: Logger,
    /** How a user's base URL host is resolved, before the call and for its connection (tests pass a table). */
    private readonly resolve: ResolveAll = resolveAll,
  ) {
    this.publicOnlyFetch = publicOnlyFetch(resolve);
  }

  private readonly publicOnlyFetch: typeof globalThis.fetch;

  access(userId: string): AiAccess | null {
    const own = this.store.userKey(userId);
    // A user's key without a base URL goes to the server's endpoint (OpenAI's unless configured).
    const baseUrl = own?.baseUrl ?? this.settings.baseUrl;
    if (own) return { source: 'user', apiKey: own.apiKey, model: own.model ?? this.settings.model, ...(baseUrl ? { baseUrl } : {}), ...(own.baseUrl ? { userBaseUrl: true } : {}) };
    if (this.settings.apiKey) return { source: 'server', apiKey: this.settings.apiKey, model: this.settings.model, ...(this.settings.baseUrl ? { baseUrl: this.settings.baseUrl } : {}) };
    return null;
  }

  config(userId: string): AiConfigView {
    const own = this.store.hasUserKey(userId);
    const source = own ? 'user' : this.settings.apiKey ? 'server' : 'none';
    const model = own ? (own.model ?? this.settings.model) : source === 'server' ? this.settings.model : null;
    const baseUrl = source === 'none' ? null : hostOf(own?.baseUrl ?? this.settings.baseUrl);
    const serverOff = source === 'server' && this.settings.dailyBudgetTotal === 0;
    return { enabled: source !== 'none' && this.settings.dailyBudget > 0 && !serverOff, source, model, baseUrl, dailyBudget: this.settings.dailyBudget, usedToday: this.store.usedToday(userId) };
  }

  /**
   * Checks that may refuse the request before anything streams: no model configured, or the
   * budget spent (a cached answer is served even then). Returns the cached review, if any.
   */
  async prepare(userId: string, summary: unknown): Promise<{ access: AiAccess; hash: string; cached: AiReview | null }> {
    const access = this.access(userId);
    if (!access) throw new AiFailure('not_configured', 'No AI model is configured: the server needs OPENAI_API_KEY, or save your own key');
    const hash = summaryHash(summary);
    const hit = this.store.cached(userId, hash, cacheModelKey(access), CACHE_MAX_AGE_MS);
    if (hit) return { access, hash, cached: { ...(JSON.parse(hit) as Omit<AiReview, 'cached'>), cached: true } };
    // The user's own base URL is checked again before each call: its host may resolve elsewhere now.
    if (access.userBaseUrl && access.baseUrl) {
      const problem = await endpointProblem(access.baseUrl, this.resolve);
      if (problem) throw new AiFailure('model_unavailable', `${problem}. Save your key again with another base URL`);
    }
    const taken = this.store.takeBudget(userId, this.settings.dailyBudget, access.source === 'server' ? this.settings.dailyBudgetTotal : null);
    if (taken === 'user_spent') {
      throw new AiFailure('budget_exhausted', `The daily budget of ${this.settings.dailyBudget} AI reviews is used up; it resets at 00:00 UTC`);
    }
    if (taken === 'server_spent') {
      throw new AiFailure(
        'budget_exhausted',
        this.settings.dailyBudgetTotal === 0
          ? "This server does not make AI reviews with its own key; save your own API key to use AI review"
          : "This server's AI reviews for today are used up (by all its users); it resets at 00:00 UTC, or save your own API key",
      );
    }
    return { access, hash, cached: null };
  }

  /** Calls the model; `onNarrative` gets the review's text as it arrives. Throws an AiFailure. */
  async review(userId: string, summary: unknown, prepared: { access: AiAccess; hash: string }, onNarrative: (delta: string) => Promise<void>, cancel: AbortSignal): Promise<AiReview> {
    const { access, hash } = prepared;
    const timeoutMs = this.settings.timeoutSeconds * 1000;
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    const onCancel = () => controller.abort();
    cancel.addEventListener('abort', onCancel);
    const started = performance.now();
    try {
      const client = new OpenAI({
        apiKey: access.apiKey,
        ...(access.baseUrl ? { baseURL: access.baseUrl } : {}),
        // A user's own endpoint: the address connected to is checked too, not only the one checked before.
        ...(access.userBaseUrl ? { fetch: this.publicOnlyFetch } : {}),
        timeout: timeoutMs,
        maxRetries: 0,
      });
      const stream = await client.chat.completions.create(
        {
          model: access.model,
          messages: [
            { role: 'system', content: SYSTEM_PROMPT },
            { role: 'user', content: canonicalJson(summary) },
          ],
          response_format: MODEL_RESPONSE_FORMAT,
          stream: true,
        },
        { signal: controller.signal },
      );
      const extractor = new NarrativeExtractor();
      let content = '';
      let finish: string | null | undefined;
      for await (const chunk of stream) {
        const choice = chunk.choices[0];
        const delta = choice?.delta?.content;
        if (delta) {
          content += delta;
          const text = extractor.push(delta);
          if (text) await onNarrative(text);
        }
        if (choice?.finish_reason) finish = choice.finish_reason;
      }
      if (finish === 'length') throw new AiFailure('bad_model_output', 'The model stopped before finishing its answer (too long); try again');
      const output = parseModelOutput(content);
      if (!output) throw new AiFailure('bad_model_output', 'The model answered in an unexpected format; the rule insights are unaffected. Try again later');
      const review = { insights: toInsights(output), narrative: output.narrative };
      this.store.cache(userId, hash, cacheModelKey(access), JSON.stringify(review), CACHE_MAX_AGE_MS);
      this.logger.info('ai review', { userId, source: access.source, model: access.model, ms: Math.round(performance.now() - started), insights: review.insights.length });
      return { ...review, cached: false };
    } catch (error) {
      const failure = cancel.aborted && !timedOut ? new AiFailure('timeout', 'The request was cancelled') : modelFailure(error, timedOut, this.settings.timeoutSeconds);
      this.logger.warn('ai review failed', { userId, source: access.source, model: access.model, code: failure.code, upstreamStatus: failure.upstreamStatus });
      throw failure;
    } finally {
      clearTimeout(timer);
      cancel.removeEventListener('abort', onCancel);
    }
  }
}

/** Cached answers are per model and endpoint: another model's answer is not this one's. */
const cacheModelKey = (access: AiAccess) => `${access.model}@${access.baseUrl ?? 'openai'}`;
