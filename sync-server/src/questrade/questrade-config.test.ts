import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config';

describe('Questrade configuration', () => {
  it('defaults to the real login server, hourly syncs, history from 2000 and no OAuth app', () => {
    expect(loadConfig({}).questrade).toEqual({ loginUrl: 'https://login.questrade.com', syncMinutes: 60, historyStart: '2000-01-01' });
  });

  it('reads the OAuth app, schedule and history start', () => {
    const env = { QUESTRADE_CLIENT_ID: 'abc', QUESTRADE_REDIRECT_URI: 'https://folio.example.com/api/v1/questrade/oauth/callback', QUESTRADE_SYNC_MINUTES: '0', QUESTRADE_HISTORY_START: '2015-06-01', QUESTRADE_LOGIN_URL: 'http://127.0.0.1:9911' };
    expect(loadConfig(env).questrade).toEqual({ clientId: 'abc', redirectUri: 'https://folio.example.com/api/v1/questrade/oauth/callback', loginUrl: 'http://127.0.0.1:9911', syncMinutes: 0, historyStart: '2015-06-01' });
  });

  it('names the wrong setting', () => {
    expect(() => loadConfig({ QUESTRADE_CLIENT_ID: 'abc' })).toThrow(/QUESTRADE_CLIENT_ID and QUESTRADE_REDIRECT_URI go together/);
    expect(() => loadConfig({ QUESTRADE_SYNC_MINUTES: '-1' })).toThrow(/QUESTRADE_SYNC_MINUTES/);
    expect(() => loadConfig({ QUESTRADE_HISTORY_START: '1/1/2000' })).toThrow(/QUESTRADE_HISTORY_START: must be a date/);
    expect(() => loadConfig({ QUESTRADE_HISTORY_START: '2000-13-01' })).toThrow(/QUESTRADE_HISTORY_START: must be a date/);
    expect(() => loadConfig({ QUESTRADE_REDIRECT_URI: 'ftp://x', QUESTRADE_CLIENT_ID: 'a' })).toThrow(/QUESTRADE_REDIRECT_URI/);
  });
});
