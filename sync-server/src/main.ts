import { serve } from '@hono/node-server';
import type { Server } from 'node:http';
import { resolve } from 'node:path';
import { loadSigningKey } from './auth/signing-key';
import { loadSecretsKey } from './secrets/secret-box';
import { loadConfig } from './config';
import { createApp } from './create-app';
import { openDatabase, DATABASE_FILE } from './db/open-database';
import { createLogger } from './logger';
import { createFixtureProvider } from './market/fixture-provider';
import { YahooProvider, yahooLoggerFor } from './market/yahoo-provider';
import { VERSION } from './version';

const config = loadConfig();
const logger = createLogger(config.logLevel);
const db = openDatabase(config.dataDir);
const marketProvider =
  config.market.provider === 'fixture'
    ? createFixtureProvider({ logger: yahooLoggerFor(logger), ...(config.market.fixturesDir ? { dir: config.market.fixturesDir } : {}) })
    : new YahooProvider({ logger: yahooLoggerFor(logger) });
const app = createApp({
  db,
  logger,
  version: VERSION,
  pwaDir: config.pwaDir,
  signingKey: loadSigningKey(config.dataDir, config.jwtSecret),
  secretsKey: loadSecretsKey(config.dataDir, config.secretsKey),
  security: config.security,
  ai: config.ai,
  questrade: config.questrade,
  marketProvider,
  market: { ttl: { openMs: config.market.openTtlSeconds * 1000 }, pollMs: config.market.pollSeconds * 1000 },
});
app.tickers.start();
app.questrade.startSchedule();
app.market.prune();
setInterval(() => app.market.prune(), 6 * 3_600_000).unref();

const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
  const url = `http://localhost:${info.port}`;
  const extensionDir = resolve('.output/chrome-mv3');
  process.stdout.write(
    [
      '',
      `  Folio ${VERSION} is running.`,
      `  Open the app:        ${url}`,
      `  Unpacked extension:  ${extensionDir}  (chrome://extensions → Developer mode → Load unpacked)`,
      `  Database:            ${resolve(config.dataDir, DATABASE_FILE)}`,
      `  Market data:         ${config.market.provider === 'fixture' ? 'DEMO — recorded Yahoo fixtures, not live prices' : 'Yahoo Finance (live)'}; anonymous use: ${config.security.marketAnonymous}`,
      `  Questrade:           ${config.questrade.clientId ? 'personal tokens and the OAuth app' : 'personal refresh tokens (set QUESTRADE_CLIENT_ID and QUESTRADE_REDIRECT_URI for the OAuth app)'}; sync every ${config.questrade.syncMinutes || '— (on demand only)'} min`,
      `  AI insights:         ${config.ai.dailyBudget === 0 ? 'off (AI_DAILY_BUDGET=0)' : config.ai.apiKey ? `${config.ai.model} via ${config.ai.baseUrl ? new URL(config.ai.baseUrl).host : 'OpenAI'}` : 'users\' own keys only (set OPENAI_API_KEY for a server key)'}`,
      '',
    ].join('\n') + '\n',
  );
}) as Server;
server.on('upgrade', (request, socket, head) => {
  if (!app.handleUpgrade(request, socket, head)) socket.destroy();
});

function shutdown(signal: string) {
  logger.info('shutting down', { signal });
  app.close();
  server.close(() => {
    db.close();
    process.exit(0);
  });
}
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('SIGTERM', () => shutdown('SIGTERM'));
