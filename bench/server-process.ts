import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnServer, UNLIMITED_RATES } from '../sync-server/src/test-process';

/** The real server in its own process over a fresh data folder, with generous rate limits. */
export async function startServerProcess(env: Record<string, string> = {}) {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'folio-bench-')), 'data');
  const { url, child, exited } = await spawnServer(dataDir, { ...UNLIMITED_RATES, ...env });
  return {
    url,
    child,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
      rmSync(join(dataDir, '..'), { recursive: true, force: true });
    },
  };
}
