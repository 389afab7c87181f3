import { describe, expect, it } from 'vitest';
import type { QuestradeConnection } from '../../../../core/src/api/handlers/questrade';
import { describeConnection, oauthErrorMessage } from './connection-status';

const NOW = new Date('2026-03-10T12:00:00');
const base: QuestradeConnection = {
  id: 'c1',
  createdAt: '2026-03-01T10:00:00.000Z',
  accounts: [{ number: '00000000', type: 'TFSA', status: 'Active', accountId: 'qt-00000000' }],
  lastSyncAt: '2026-03-10T09:30:00',
  lastAttemptAt: '2026-03-10T09:30:00',
  state: 'ok',
  problem: null,
  nextSyncAt: null,
  imported: { transactions: 30, reviews: 3 },
};

describe('describeConnection', () => {
  it('gives the last successful sync time when all is well', () => {
    const status = describeConnection(base, NOW, 'en-CA');
    expect(status.tone).toBe('ok');
    expect(status.headline).toMatch(/^Up to date\. Last synced 09:30/);
    expect(status.action).toBeUndefined();
  });

  it('asks to reconnect when Questrade refuses the token', () => {
    const status = describeConnection({ ...base, state: 'needs_reconnect', problem: { code: 'token_invalid', message: 'Questrade refused the refresh token' } }, NOW, 'en-CA');
    expect(status).toMatchObject({ tone: 'problem', reconnect: true });
    expect(status.headline).toContain('Questrade refused the refresh token');
    expect(status.action).toMatch(/^Connect again with a new refresh token/);
  });

  it('says when a rate-limited import continues', () => {
    const status = describeConnection({ ...base, state: 'rate_limited', nextSyncAt: '2026-03-10T12:45:00' }, NOW, 'en-CA');
    expect(status.tone).toBe('warning');
    expect(status.action).toMatch(/continues by itself after 12:45/);
  });

  it('shows a failure with when it retries, and a never-synced connection', () => {
    const status = describeConnection({ ...base, state: 'error', lastSyncAt: null, problem: { code: 'network', message: 'Questrade could not be reached; will retry' }, nextSyncAt: '2026-03-10T12:05:00' }, NOW, 'en-CA');
    expect(status.headline).toBe('The last import failed: Questrade could not be reached; will retry. Not synced yet.');
    expect(status.action).toMatch(/retries by itself after 12:05.*, or use Sync now/);
  });
});

describe('oauthErrorMessage', () => {
  it('explains the callback error codes, and names an unknown one', () => {
    expect(oauthErrorMessage('access_denied')).toMatch(/declined/);
    expect(oauthErrorMessage('invalid_state')).toMatch(/expired or was already used/);
    expect(oauthErrorMessage('used_state')).toBe(oauthErrorMessage('expired_state'));
    expect(oauthErrorMessage('weird')).toContain('(weird)');
  });
});
