/**
 * A fake OpenAI-compatible server for tests: `POST /v1/chat/completions` answering as OpenAI does
 * (a JSON completion, or `stream: true` server-sent chunks ending in `[DONE]`), in the scenario
 * chosen. It records every request body it receives so a test can check exactly what reached
 * "the model". Control routes (`/__scenario`, `/__requests`) let a browser test drive it.
 *
 * Standalone: `node --import tsx sync-server/src/insights/fake-openai.ts --port 18836`.
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';

export const FAKE_SCENARIOS = ['normal', 'streaming', 'malformed', 'unauthorized', 'rate_limit', 'insufficient_quota', 'server_error', 'slow'] as const;
export type FakeScenario = (typeof FAKE_SCENARIOS)[number];

/** What the fake received: the parsed body and the key from the Authorization header. */
export interface FakeRequest {
  body: Record<string, unknown>;
  apiKey: string | null;
}

/** A valid answer in the route's structured-output shape. */
export const FAKE_REVIEW = {
  narrative: 'Your portfolio leans heavily on one US technology stock. Spreading new money across broad funds would lower that risk.',
  insights: [
    {
      rule: 'concentration-holding',
      severity: 'warning',
      title: 'One stock drives most of the result',
      explanation: 'A single holding is about half of the portfolio, so its swings dominate your returns.',
      figures: [{ label: 'Largest weight', value: '≈ 50 %' }],
      actions: ['Direct new contributions to a broad index fund'],
      screen: 'allocation',
    },
    {
      rule: 'ai',
      severity: 'info',
      title: 'Consider your currency mix',
      explanation: 'Most holdings trade in US dollars while your base currency is the Canadian dollar.',
      figures: [],
      actions: [],
      screen: 'holdings',
    },
  ],
};

export interface FakeOpenAiOptions {
  port?: number;
  scenario?: FakeScenario;
  /** How long the `slow` scenario waits before answering (ms). */
  slowMs?: number;
  /** Pause between streamed chunks in the `streaming` scenario (ms). */
  chunkDelayMs?: number;
  /** The content the model "writes" (default: FAKE_REVIEW as JSON). */
  content?: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const errorBody = (message: string, type: string, code: string | null) => ({ error: { message, type, param: null, code } });

export function fakeOpenAiApp(options: FakeOpenAiOptions = {}) {
  const state = { scenario: options.scenario ?? 'normal', requests: [] as FakeRequest[], content: options.content ?? JSON.stringify(FAKE_REVIEW) };
  const app = new Hono();

  app.post('/__scenario', async (c) => {
    const { scenario } = (await c.req.json()) as { scenario?: string };
    if (!FAKE_SCENARIOS.includes(scenario as FakeScenario)) return c.json({ error: `scenario must be one of ${FAKE_SCENARIOS.join(', ')}` }, 400);
    state.scenario = scenario as FakeScenario;
    return c.json({ scenario });
  });
  app.get('/__requests', (c) => c.json(state.requests));
  app.delete('/__requests', (c) => {
    state.requests.length = 0;
    return c.json({ cleared: true });
  });

  app.post('/v1/chat/completions', async (c) => {
    const body = (await c.req.json()) as Record<string, unknown>;
    const auth = /^Bearer (.+)$/.exec(c.req.header('authorization') ?? '');
    state.requests.push({ body, apiKey: auth?.[1] ?? null });
    const model = typeof body['model'] === 'string' ? body['model'] : 'fake-model';
    switch (state.scenario) {
      case 'unauthorized':
        return c.json(errorBody('Incorrect API key provided: sk-te****1234. You can find your API key at https://platform.openai.com/account/api-keys.', 'invalid_request_error', 'invalid_api_key'), 401);
      case 'rate_limit':
        return c.json(errorBody('Rate limit reached for requests', 'requests', 'rate_limit_exceeded'), 429, { 'retry-after': '20' });
      case 'insufficient_quota':
        return c.json(errorBody('You exceeded your current quota, please check your plan and billing details.', 'insufficient_quota', 'insufficient_quota'), 429);
      case 'server_error':
        return c.json(errorBody('The server had an error while processing your request.', 'server_error', null), 500);
      case 'slow':
        await sleep(options.slowMs ?? 5_000);
        break;
      default:
        break;
    }
    const content = state.scenario === 'malformed' ? '{"narrative": "Your portfolio is fine", "insights": [{"rule": "ai", "severity": "very bad"' : state.content;
    const id = `chatcmpl-fake${state.requests.length}`;
    const created = Math.floor(Date.now() / 1000);
    if (body['stream'] !== true) {
      return c.json({
        id,
        object: 'chat.completion',
        created,
        model,
        choices: [{ index: 0, message: { role: 'assistant', content, refusal: null }, finish_reason: 'stop', logprobs: null }],
        usage: { prompt_tokens: 100, completion_tokens: 100, total_tokens: 200 },
      });
    }
    const chunk = (delta: Record<string, unknown>, finish: string | null) => JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }] });
    const delay = state.scenario === 'streaming' ? (options.chunkDelayMs ?? 40) : 0;
    return streamSSE(c, async (stream) => {
      await stream.writeSSE({ data: chunk({ role: 'assistant', content: '' }, null) });
      // Small pieces, so an escape sequence or a word is split across chunks as real models do.
      for (let i = 0; i < content.length; i += 7) {
        if (delay) await sleep(delay);
        await stream.writeSSE({ data: chunk({ content: content.slice(i, i + 7) }, null) });
      }
      await stream.writeSSE({ data: chunk({}, 'stop') });
      await stream.writeSSE({ data: '[DONE]' });
    });
  });
  return { app, state };
}

/** Starts the fake on 127.0.0.1 (a random port unless given); `baseUrl` ends in /v1. */
export async function startFakeOpenAi(options: FakeOpenAiOptions = {}) {
  const { app, state } = fakeOpenAiApp(options);
  const server = serve({ fetch: app.fetch, port: options.port ?? 0, hostname: '127.0.0.1' }) as Server;
  await new Promise((r) => server.once('listening', r));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests: state.requests,
    setScenario: (scenario: FakeScenario) => {
      state.scenario = scenario;
    },
    stop: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const at = process.argv.indexOf('--port');
  const port = at > 0 ? Number(process.argv[at + 1]) : 18836;
  const slowAt = process.argv.indexOf('--slow-ms');
  const fake = await startFakeOpenAi({ port, ...(slowAt > 0 ? { slowMs: Number(process.argv[slowAt + 1]) } : {}) });
  process.stdout.write(`fake OpenAI listening on ${fake.baseUrl}\n`);
  const stop = () => void fake.stop().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
