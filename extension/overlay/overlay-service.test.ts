import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { createCoreApi } from '../../core/src/api/create-core-api';
import { FolioDb } from '../../core/src/db/database';
import { createRouter, type MessageHandlers, type MessageSender } from '../messaging/router';
import type { OverlayLookupRequest } from './overlay-protocol';
import { installFakeSiteApis } from './fake-site-apis';
import { handleOverlayLookup, handleOverlaySite } from './overlay-service';
import { disableSite, enableSite } from './site-settings';
import { OVERLAY_SITES } from './sites';

const questrade = OVERLAY_SITES.find((s) => s.id === 'questrade')!;
/** A content script on Questrade's positions page, as the browser describes the sender. */
const QUESTRADE_PAGE = { url: 'https://my.questrade.com/trading/account/positions', tab: { id: 4, url: 'https://my.questrade.com/trading/account/positions' } };
let apis: ReturnType<typeof installFakeSiteApis>;
beforeEach(async () => {
  fakeBrowser.reset();
  apis = installFakeSiteApis();
  await enableSite(questrade);
});

const opened: FolioDb[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) await db.delete();
});

/** Two portfolios holding XEQT.TO (CAD, priced), one holding AAPL (USD, no USD→CAD rate), one closed position. */
async function portfolioApi() {
  const db = new FolioDb(`overlay-${crypto.randomUUID()}`);
  opened.push(db);
  const api = createCoreApi({ db, now: () => new Date('2026-03-10T15:00:00') });
  const main = await api.createPortfolio({ name: 'Main', costBasisMethod: 'average' });
  const kids = await api.createPortfolio({ name: 'Kids', costBasisMethod: 'average' });
  const tfsa = await api.createAccount({ portfolioId: main.id, name: 'TFSA' });
  const resp = await api.createAccount({ portfolioId: kids.id, name: 'RESP' });
  await api.addTransaction({ kind: 'buy', accountId: tfsa.id, date: '2026-01-05', symbol: 'XEQT.TO', currency: 'CAD', quantity: '10', price: '30.25' });
  await api.addTransaction({ kind: 'buy', accountId: resp.id, date: '2026-02-02', symbol: 'XEQT.TO', currency: 'CAD', quantity: '5', price: '31', fee: '1' });
  await api.addTransaction({ kind: 'buy', accountId: tfsa.id, date: '2026-01-05', symbol: 'VFV.TO', currency: 'CAD', quantity: '4', price: '120.5' });
  await api.addTransaction({ kind: 'buy', accountId: tfsa.id, date: '2026-01-05', symbol: 'OLD.TO', currency: 'CAD', quantity: '2', price: '10' });
  await api.addTransaction({ kind: 'sell', accountId: tfsa.id, date: '2026-01-06', symbol: 'OLD.TO', currency: 'CAD', quantity: '2', price: '11' });
  await api.putPrices('XEQT.TO', [{ date: '2026-03-09', price: '33.1' }]);
  await api.putPrices('VFV.TO', [{ date: '2026-03-09', price: '130' }]);
  return api;
}

describe('overlay lookup (background side)', () => {
  it('answers with the engine’s figures for the held symbols only, as decimal strings', async () => {
    const api = await portfolioApi();
    const answer = await handleOverlayLookup(api, { type: 'overlay.lookup', symbols: ['xeqt.to', 'NOPE', 'OLD.TO'] }, QUESTRADE_PAGE);
    expect(answer.baseCurrency).toBe('CAD');
    expect(answer.positions).toHaveLength(1); // NOPE not held, OLD.TO closed
    const xeqt = answer.positions[0]!;
    // cost 10×30.25 + 5×31 + 1 = 458.5; value 15×33.1 = 496.5; gain 38; average 458.5/15.
    expect(xeqt).toMatchObject({
      symbol: 'XEQT.TO',
      currency: 'CAD',
      quantity: '15',
      costBasis: '458.5',
      marketValue: '496.5',
      unrealizedGain: '38',
      unrealizedGainBase: '38',
      portfolios: ['Kids', 'Main'],
      accounts: [], // the chip shows the portfolios: account names are not sent
      priceDate: '2026-03-09',
      missingPrice: false,
    });
    expect(xeqt.averageCost).toBe('30.566666666666666667') // 458.5 / 15, rounded at 18 places by the engine;
    expect(xeqt.unrealizedPercent).toBeCloseTo(38 / 458.5, 12);
    // The engine's weight, over everything valued: 496.5 / (496.5 + 4×130 VFV + 22 cash from the OLD.TO sale).
    expect(xeqt.weight).toBeCloseTo(496.5 / 1038.5, 12);
  });

  it('keeps trade-currency figures when the USD→CAD rate is missing, and says the base-currency ones are unknown (null, never 0)', async () => {
    const api = await portfolioApi();
    const acct = (await api.listAccounts())[0]!;
    await api.addTransaction({ kind: 'buy', accountId: acct.id, date: '2026-01-05', symbol: 'AAPL', currency: 'USD', quantity: '5', price: '150' });
    const { positions } = await handleOverlayLookup(api, { type: 'overlay.lookup', symbols: ['AAPL'] }, QUESTRADE_PAGE);
    // Valued at its last known price (the trade's, on the trade date): no gain yet, in USD.
    expect(positions).toEqual([
      {
        symbol: 'AAPL',
        currency: 'USD',
        quantity: '5',
        averageCost: '150',
        costBasis: '750',
        marketValue: '750',
        unrealizedGain: '0',
        unrealizedPercent: 0,
        weight: null,
        portfolios: ['Main'],
        accounts: [],
        priceDate: '2026-01-05',
        missingPrice: false,
        averageCostBase: null,
        unrealizedGainBase: null,
      },
    ]);
  });

  it('answers only pages of a site switched on and still granted, whatever the message says; refused pages get `forbidden`', async () => {
    const api = await portfolioApi();
    const route = createRouter(
      {
        'overlay.lookup': (request: OverlayLookupRequest, sender: MessageSender) => handleOverlayLookup(api, request, sender),
        'overlay.site': (_request: unknown, sender: MessageSender) => handleOverlaySite(sender),
      } as unknown as MessageHandlers,
      { extensionOrigin: 'chrome-extension://test-extension-id/' },
    );
    const lookup = { type: 'overlay.lookup', symbols: ['XEQT.TO'] };
    const forbidden = { ok: false, error: { code: 'forbidden', message: 'The overlay is not switched on for this page’s site (or its permission was withdrawn): no positions are given to it' } };
    expect(await route(lookup, QUESTRADE_PAGE)).toMatchObject({ ok: true, value: { positions: [{ symbol: 'XEQT.TO' }] } });
    // Any other site's content script (here one never switched on) gets nothing.
    expect(await route(lookup, { url: 'https://my.wealthsimple.com/app/home', tab: { id: 5 } })).toEqual(forbidden);
    expect(await route(lookup, { url: 'https://evil.example/', tab: { id: 6 } })).toEqual(forbidden);
    // The site is no longer named by the message: a page claiming another host is refused by name.
    expect(await route({ type: 'overlay.site', hostname: 'my.questrade.com' }, { url: 'https://evil.example/', tab: { id: 6 } })).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [{ field: 'message', message: expect.stringContaining('"hostname"') }] } });
    expect(await route({ type: 'overlay.site' }, { url: 'https://evil.example/', tab: { id: 6 } })).toEqual({ ok: true, value: { enabled: false, cashtags: false } });
    expect(await route({ type: 'overlay.site' }, QUESTRADE_PAGE)).toEqual({ ok: true, value: { enabled: true, cashtags: false } });

    // The permission withdrawn in the browser's settings: the open tab's next lookup is refused.
    apis.removeInBrowser(questrade.origins);
    expect(await route(lookup, QUESTRADE_PAGE)).toEqual(forbidden);
    // Granted again but switched off in the options page: refused too.
    await enableSite(questrade);
    expect(await route(lookup, QUESTRADE_PAGE)).toMatchObject({ ok: true });
    await disableSite(questrade);
    expect(await route(lookup, QUESTRADE_PAGE)).toEqual(forbidden);
  });
});
