import { spawn, type ChildProcess } from 'node:child_process';

/** Generous limits for tests and benchmarks that hammer one server from one address. */
export const UNLIMITED_RATES = { AUTH_RATE_PER_MINUTE: '100000', SYNC_RATE_PER_MINUTE: '10000000', SYNC_IP_RATE_PER_MINUTE: '10000000' };

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** Resolves when the process has exited (after a kill, or on its own). */
  exited: Promise<void>;
}

/**
 * Starts the real server (`sync-server/src/main.ts`) as its own process on a random port of
 * 127.0.0.1 over `dataDir`, and resolves with its URL once it prints where it listens.
 */
export async function spawnServer(dataDir: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...env };
  if (!('JWT_SECRET' in env)) delete childEnv['JWT_SECRET']; // the key is generated in, and reloaded from, the data folder
  const child = spawn(process.execPath, ['--import', 'tsx', 'sync-server/src/main.ts'], { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /Open the app:\s+http:\/\/localhost:(\d+)/.exec(out);
      if (match) resolve(`http://127.0.0.1:${match[1]}`);
    });
    child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('exit', (code, signal) => reject(new Error(`server exited (${code ?? signal}) before listening: ${out}`)));
  });
  return { url, child, exited };
}
