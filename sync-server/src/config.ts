import { resolve } from 'node:path';
import { z } from 'zod';
import type { QuestradeSettings } from './questrade/questrade-settings';

const seconds = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const perMinute = (fallback: number) => z.coerce.number().positive().default(fallback);

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('data'),
  PWA_DIR: z.string().min(1).default('pwa/dist'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  JWT_SECRET: z.string().min(32, { message: 'must be at least 32 characters' }).optional(),
  SECRETS_KEY: z.string().min(1).optional(),
  ACCESS_TOKEN_TTL: seconds(15 * 60),
  REFRESH_TOKEN_TTL: seconds(30 * 24 * 3600),
  ALLOWED_ORIGINS: z.string().default(''),
  AUTH_RATE_PER_MINUTE: perMinute(12),
  SYNC_RATE_PER_MINUTE: perMinute(600),
  SYNC_IP_RATE_PER_MINUTE: perMinute(3000),
  MAX_SYNC_BODY_BYTES: z.coerce.number().int().positive().default(5 * 1024 * 1024),
  MARKET_PROVIDER: z.enum(['yahoo', 'fixture']).default('yahoo'),
  MARKET_FIXTURES_DIR: z.string().min(1).optional(),
  MARKET_ANONYMOUS: z.enum(['off', 'local', 'all']).default('local'),
  MARKET_RATE_PER_MINUTE: perMinute(600),
  MARKET_ANON_RATE_PER_MINUTE: perMinute(300),
  MARKET_OPEN_TTL_SECONDS: seconds(15),
  MARKET_POLL_SECONDS: seconds(5),
  OPENAI_API_KEY: z.string().min(1).optional(),
  OPENAI_MODEL: z.string().min(1).max(100).default('gpt-4o-mini'),
  OPENAI_BASE_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  AI_DAILY_BUDGET: z.coerce.number().int().min(0).default(50),
  AI_DAILY_BUDGET_TOTAL: z.coerce.number().int().min(0).default(500),
  AI_RATE_PER_MINUTE: perMinute(6),
  AI_TIMEOUT_SECONDS: seconds(60),
  QUESTRADE_CLIENT_ID: z.string().trim().min(1).optional(),
  QUESTRADE_REDIRECT_URI: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL (this server\'s /api/v1/questrade/oauth/callback)' }).optional(),
  QUESTRADE_LOGIN_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).default('https://login.questrade.com'),
  QUESTRADE_SYNC_MINUTES: z.coerce.number().int().min(0).default(60),
  QUESTRADE_HISTORY_START: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date YYYY-MM-DD' }).refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), { message: 'must be a date YYYY-MM-DD' }).default('2000-01-01'),
});

export interface SecuritySettings {
  /** Origins allowed by CORS and the realtime socket, besides the server's own. */
  allowedOrigins: string[];
  accessSeconds: number;
  refreshSeconds: number;
  /** Requests per minute: per IP on sign-in routes; per user and per IP on sync. */
  authPerMinute: number;
  syncPerMinute: number;
  syncIpPerMinute: number;
  maxSyncBodyBytes: number;
  /** Who may use market data without an account (see routes/market.ts). */
  marketAnonymous: 'off' | 'local' | 'all';
  /** Market data requests per minute: per signed-in user, and per IP for anonymous use. */
  marketPerMinute: number;
  marketAnonPerMinute: number;
}

export interface MarketSettings {
  provider: 'yahoo' | 'fixture';
  fixturesDir?: string;
  /** Freshness of a quote while its market is open. */
  openTtlSeconds: number;
  /** How often live tickers look up subscribed symbols. */
  pollSeconds: number;
}

/** The AI insights route (issue 9): the server's own model access; users may bring their own key. */
export interface AiSettings {
  /** The server's key; without it only users who saved their own key get AI insights. */
  apiKey?: string;
  model: string;
  /** Any OpenAI-compatible endpoint (e.g. a local one); the OpenAI API when unset. */
  baseUrl?: string;
  /** Model requests per user per UTC day (cache hits are free); 0 turns the route off. */
  dailyBudget: number;
  /**
   * Model requests per UTC day with the server's own key, across all users (caps what the
   * operator's key can spend); 0: the server's key is never used (users' own keys still are).
   */
  dailyBudgetTotal: number;
  perMinute: number;
  timeoutSeconds: number;
}

export const DEFAULT_AI: AiSettings = { model: 'gpt-4o-mini', dailyBudget: 50, dailyBudgetTotal: 500, perMinute: 6, timeoutSeconds: 60 };

export interface ServerConfig {
  /** Questrade connections (issue 8). */
  questrade: QuestradeSettings;
  port: number;
  host: string;
  /** Absolute folder holding the SQLite database (created when missing). */
  dataDir: string;
  /** Absolute folder of the built PWA that the server serves. */
  pwaDir: string;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  jwtSecret?: string;
  /** Key for secrets at rest (Questrade tokens, AI keys); generated in the data folder when not set. */
  secretsKey?: string;
  security: SecuritySettings;
  market: MarketSettings;
  ai: AiSettings;
}

export const DEFAULT_SECURITY: SecuritySettings = {
  allowedOrigins: [],
  accessSeconds: 15 * 60,
  refreshSeconds: 30 * 24 * 3600,
  authPerMinute: 12,
  syncPerMinute: 600,
  syncIpPerMinute: 3000,
  maxSyncBodyBytes: 5 * 1024 * 1024,
  marketAnonymous: 'local',
  marketPerMinute: 600,
  marketAnonPerMinute: 300,
};

/** Reads and validates the environment once at boot; a wrong value stops the process with its name. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${detail}`);
  }
  const e = parsed.data;
  if (!e.QUESTRADE_CLIENT_ID !== !e.QUESTRADE_REDIRECT_URI) throw new Error('Invalid configuration: QUESTRADE_CLIENT_ID and QUESTRADE_REDIRECT_URI go together (the registered app and its callback URL)');
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: resolve(e.DATA_DIR),
    pwaDir: resolve(e.PWA_DIR),
    logLevel: e.LOG_LEVEL,
    ...(e.JWT_SECRET ? { jwtSecret: e.JWT_SECRET } : {}),
    ...(e.SECRETS_KEY ? { secretsKey: e.SECRETS_KEY } : {}),
    security: {
      allowedOrigins: e.ALLOWED_ORIGINS.split(',').map((o) => o.trim()).filter(Boolean),
      accessSeconds: e.ACCESS_TOKEN_TTL,
      refreshSeconds: e.REFRESH_TOKEN_TTL,
      authPerMinute: e.AUTH_RATE_PER_MINUTE,
      syncPerMinute: e.SYNC_RATE_PER_MINUTE,
      syncIpPerMinute: e.SYNC_IP_RATE_PER_MINUTE,
      maxSyncBodyBytes: e.MAX_SYNC_BODY_BYTES,
      marketAnonymous: e.MARKET_ANONYMOUS,
      marketPerMinute: e.MARKET_RATE_PER_MINUTE,
      marketAnonPerMinute: e.MARKET_ANON_RATE_PER_MINUTE,
    },
    market: {
      provider: e.MARKET_PROVIDER,
      ...(e.MARKET_FIXTURES_DIR ? { fixturesDir: resolve(e.MARKET_FIXTURES_DIR) } : {}),
      openTtlSeconds: e.MARKET_OPEN_TTL_SECONDS,
      pollSeconds: e.MARKET_POLL_SECONDS,
    },
    questrade: {
      ...(e.QUESTRADE_CLIENT_ID && e.QUESTRADE_REDIRECT_URI ? { clientId: e.QUESTRADE_CLIENT_ID, redirectUri: e.QUESTRADE_REDIRECT_URI } : {}),
      loginUrl: e.QUESTRADE_LOGIN_URL,
      syncMinutes: e.QUESTRADE_SYNC_MINUTES,
      historyStart: e.QUESTRADE_HISTORY_START,
    },
    ai: {
      ...(e.OPENAI_API_KEY ? { apiKey: e.OPENAI_API_KEY } : {}),
      model: e.OPENAI_MODEL,
      ...(e.OPENAI_BASE_URL ? { baseUrl: e.OPENAI_BASE_URL } : {}),
      dailyBudget: e.AI_DAILY_BUDGET,
      dailyBudgetTotal: e.AI_DAILY_BUDGET_TOTAL,
      perMinute: e.AI_RATE_PER_MINUTE,
      timeoutSeconds: e.AI_TIMEOUT_SECONDS,
    },
  };
}
