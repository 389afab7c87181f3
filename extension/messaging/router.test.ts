import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { CoreError } from '../../core/src/errors';
import type { AlertView } from '../background/alerts/alert-model';
import { createRouter, MessageRefusal, messageListener, type MessageHandlers } from './router';
import { MessageError, send } from './send';

const ORIGIN = 'chrome-extension://test-extension-id/';
const POPUP = { url: `${ORIGIN}popup.html` };
const WEB_PAGE = { url: 'https://my.questrade.com/trading/positions', tab: { id: 7 } };

const added: AlertView = { id: 'a1', symbol: 'AAPL', condition: { kind: 'above', level: '240' }, createdAt: '2026-03-10T15:00:00.000Z', status: 'armed' };

function handlers(): MessageHandlers {
  return {
    'overlay.lookup': vi.fn(async (r) => ({ baseCurrency: 'CAD', locale: 'en-CA', positions: r.symbols.map((symbol: string) => ({ symbol }) as never) })),
    'overlay.site': vi.fn(async () => ({ enabled: true, cashtags: false })),
    'alerts.list': vi.fn(async () => ({ alerts: [] })),
    'alerts.add': vi.fn(async (r) => ({ ...added, symbol: r.symbol, condition: r.condition })),
    'alerts.delete': vi.fn(async ({ id }) => {
      if (id !== 'a1') throw new CoreError('not_found', 'That alert no longer exists', [{ field: 'id', message: 'Unknown alert' }]);
      return { deleted: id };
    }),
    'background.refresh': vi.fn(async () => {
      throw new Error('network down');
    }),
    'background.status': vi.fn(async () => ({ badge: { text: '', tone: 'unknown' as const, title: 'unknown' } })),
  };
}

beforeEach(() => fakeBrowser.reset());

describe('background message router', () => {
  it('routes a valid message to its handler with the normalized request', async () => {
    const h = handlers();
    const route = createRouter(h, { extensionOrigin: ORIGIN });
    const result = await route({ type: 'alerts.add', symbol: ' aapl ', condition: { kind: 'above', level: '240.50' } }, POPUP);
    expect(result).toEqual({ ok: true, value: { ...added, symbol: 'AAPL', condition: { kind: 'above', level: '240.5' } } });
    expect(h['alerts.add']).toHaveBeenCalledWith({ type: 'alerts.add', symbol: 'AAPL', condition: { kind: 'above', level: '240.5' } }, POPUP);
  });

  it('refuses what is not a message, and unknown types, before any handler runs', async () => {
    const h = handlers();
    const route = createRouter(h, { extensionOrigin: ORIGIN });
    expect(await route('alerts.list', POPUP)).toEqual({ ok: false, error: { code: 'invalid_input', message: 'A message must be an object with a "type"' } });
    expect(await route({ kind: 'alerts.list' }, POPUP)).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [{ field: 'type', message: 'Required' }] } });
    expect(await route({ type: 'alerts.wipe' }, POPUP)).toEqual({ ok: false, error: { code: 'unknown_type', message: 'Unknown message type "alerts.wipe"' } });
    // An inherited property name is not a message type either.
    expect(await route({ type: 'toString' }, POPUP)).toMatchObject({ ok: false, error: { code: 'unknown_type' } });
    expect(Object.values(h).some((fn) => (fn as ReturnType<typeof vi.fn>).mock.calls.length)).toBe(false);
  });

  it('names each field at fault in a bad message', async () => {
    const route = createRouter(handlers(), { extensionOrigin: ORIGIN });
    const bad = await route({ type: 'alerts.add', symbol: 'AAPL!', condition: { kind: 'above', level: 'lots' } }, POPUP);
    expect(bad).toEqual({
      ok: false,
      error: {
        code: 'invalid_input',
        message: 'Invalid "alerts.add" message: symbol: Symbol must be 1–24 letters, digits, dots or dashes; condition.level: Price level must be a plain number such as 12.50',
        issues: [
          { field: 'symbol', message: 'Symbol must be 1–24 letters, digits, dots or dashes' },
          { field: 'condition.level', message: 'Price level must be a plain number such as 12.50' },
        ],
      },
    });
    expect(await route({ type: 'alerts.add', symbol: 'AAPL', condition: { kind: 'sideways', level: '1' } }, POPUP)).toMatchObject({
      ok: false,
      error: { issues: [{ field: 'condition.kind', message: 'Alert kind must be "above", "below" or "dayMove"' }] },
    });
    expect(await route({ type: 'alerts.add', symbol: 'AAPL', condition: { kind: 'dayMove', percent: '-2' } }, POPUP)).toMatchObject({
      error: { issues: [{ field: 'condition.percent', message: 'Day move must be greater than zero' }] },
    });
    // Unknown fields are refused by name, not silently dropped.
    expect(await route({ type: 'alerts.list', all: true }, POPUP)).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [{ field: 'message', message: expect.stringContaining('"all"') }] } });
    expect(await route({ type: 'overlay.lookup', symbols: [] }, WEB_PAGE)).toMatchObject({ error: { issues: [{ field: 'symbols', message: 'Symbols must name at least one symbol' }] } });
  });

  it('takes only overlay messages from web pages (content scripts)', async () => {
    const h = handlers();
    const route = createRouter(h, { extensionOrigin: ORIGIN });
    expect(await route({ type: 'overlay.site' }, WEB_PAGE)).toEqual({ ok: true, value: { enabled: true, cashtags: false } });
    // The handler gets the sender: the site is read from the URL the browser reports, not the message.
    expect(h['overlay.site']).toHaveBeenCalledWith({ type: 'overlay.site' }, WEB_PAGE);
    expect(await route({ type: 'alerts.delete', id: 'a1' }, WEB_PAGE)).toEqual({ ok: false, error: { code: 'forbidden', message: '"alerts.delete" is not accepted from a web page' } });
    // The dashboard open in a tab is still one of the extension's pages.
    expect(await route({ type: 'alerts.delete', id: 'a1' }, { url: `${ORIGIN}dashboard.html#/`, tab: { id: 3 } })).toEqual({ ok: true, value: { deleted: 'a1' } });
  });

  it('turns handler failures into errors with their code and fields', async () => {
    const route = createRouter(handlers(), { extensionOrigin: ORIGIN });
    expect(await route({ type: 'alerts.delete', id: 'zz' }, POPUP)).toEqual({ ok: false, error: { code: 'not_found', message: 'That alert no longer exists', issues: [{ field: 'id', message: 'Unknown alert' }] } });
    expect(await route({ type: 'background.refresh' }, POPUP)).toEqual({ ok: false, error: { code: 'internal', message: 'network down' } });
  });

  it('answers a handler’s refusal with its own code (forbidden), which core errors do not have', async () => {
    const h = handlers();
    h['overlay.lookup'] = vi.fn(async () => {
      throw new MessageRefusal({ code: 'forbidden', message: 'Not switched on here' });
    });
    const route = createRouter(h, { extensionOrigin: ORIGIN });
    expect(await route({ type: 'overlay.lookup', symbols: ['AAPL'] }, WEB_PAGE)).toEqual({ ok: false, error: { code: 'forbidden', message: 'Not switched on here' } });
  });
});

describe('send() through the runtime', () => {
  it('resolves with the typed value, and rejects with the background’s error and fields', async () => {
    fakeBrowser.runtime.onMessage.addListener(messageListener(createRouter(handlers(), { extensionOrigin: ORIGIN })) as never);
    const view = await send({ type: 'alerts.add', symbol: 'shop.to', condition: { kind: 'below', level: '90' } });
    expect(view.symbol).toBe('SHOP.TO'); // typed as AlertView
    const error = await send({ type: 'alerts.add', symbol: '', condition: { kind: 'below', level: '0' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MessageError);
    expect((error as MessageError).code).toBe('invalid_input');
    expect((error as MessageError).issues.map((i) => i.field)).toEqual(['symbol', 'condition.level']);
  });

  it('says so when no background answers', async () => {
    const error = await send({ type: 'alerts.list' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MessageError);
    expect((error as MessageError).code).toBe('no_response');
    expect((error as MessageError).message).toMatch(/^The extension's background did not answer alerts.list/);
  });

  it('answers Chrome-style through sendResponse, keeping the channel open', async () => {
    const listener = messageListener(createRouter(handlers(), { extensionOrigin: ORIGIN }));
    const answered = new Promise((resolve) => expect(listener({ type: 'alerts.list' }, POPUP, resolve)).toBe(true));
    expect(await answered).toEqual({ ok: true, value: { alerts: [] } });
  });
});
