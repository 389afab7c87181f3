import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { spawnServer } from './test-process';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('server process', () => {
  it('starts on the configured port, creates its data folder and answers /health over HTTP', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'folio-main-')), 'data');
    dirs.push(dataDir);
    const { url, child } = await spawnServer(dataDir);
    try {
      const res = await fetch(`${url}/health`);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ status: 'ok', database: { status: 'ok' } });
      expect(existsSync(join(dataDir, 'folio.sqlite'))).toBe(true);
    } finally {
      child.kill('SIGTERM');
    }
  });
});
