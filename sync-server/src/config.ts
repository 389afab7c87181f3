import { resolve } from 'node:path';
import { z } from 'zod';

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('data'),
  PWA_DIR: z.string().min(1).default('pwa/dist'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
});

export interface ServerConfig {
  port: number;
  host: string;
  /** Absolute folder holding the SQLite database (created when missing). */
  dataDir: string;
  /** Absolute folder of the built PWA that the server serves. */
  pwaDir: string;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
}

/** Reads and validates the environment once at boot; a wrong value stops the process with its name. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${detail}`);
  }
  const e = parsed.data;
  return { port: e.PORT, host: e.HOST, dataDir: resolve(e.DATA_DIR), pwaDir: resolve(e.PWA_DIR), logLevel: e.LOG_LEVEL };
}
