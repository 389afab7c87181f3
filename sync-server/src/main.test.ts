import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('server process', () => {
  it('starts on the configured port, creates its data folder and answers /health over HTTP', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'folio-main-')), 'data');
    dirs.push(dataDir);
    const child = spawn(process.execPath, ['--import', 'tsx', 'sync-server/src/main.ts'], {
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const match = /Open the app:\s+(http:\/\/localhost:\d+)/.exec(out);
          if (match) resolve(match[1]!);
        });
        child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
        child.on('exit', (code) => reject(new Error(`server exited ${code}: ${out}`)));
      });
      const res = await fetch(`${url.replace('localhost', '127.0.0.1')}/health`);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ status: 'ok', database: { status: 'ok' } });
      expect(existsSync(join(dataDir, 'folio.sqlite'))).toBe(true);
    } finally {
      child.kill('SIGTERM');
    }
  });
});
