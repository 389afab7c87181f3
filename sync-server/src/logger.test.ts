import { describe, expect, it } from 'vitest';
import { createLogger } from './logger';

describe('logger', () => {
  it('redacts secrets at any depth and respects the level', () => {
    const lines: string[] = [];
    const log = createLogger('info', (l) => lines.push(l));
    log.debug('hidden');
    log.info('login', { user: 'a@b.c', password: 'hunter2', nested: { refresh_token: 'rt', apiKey: 'k', ok: 1 }, headers: [{ Authorization: 'Bearer x' }] });
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0]!);
    expect(entry).toMatchObject({ level: 'info', msg: 'login', user: 'a@b.c', password: '[REDACTED]', nested: { refresh_token: '[REDACTED]', apiKey: '[REDACTED]', ok: 1 }, headers: [{ Authorization: '[REDACTED]' }] });
    expect(lines[0]).not.toMatch(/hunter2|Bearer x/);
  });
});
