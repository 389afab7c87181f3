import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { createCoreApi } from '../../core/src/api/create-core-api';
import { FolioDb } from '../../core/src/db/database';
import { handleOverlayLookup } from './overlay-service';

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
    const answer = await handleOverlayLookup(api, { type: 'overlay.lookup', symbols: ['xeqt.to', 'NOPE', 'OLD.TO'] });
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
      accounts: ['RESP', 'TFSA'],
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
    const { positions } = await handleOverlayLookup(api, { type: 'overlay.lookup', symbols: ['AAPL'] });
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
        accounts: ['TFSA'],
        priceDate: '2026-01-05',
        missingPrice: false,
        averageCostBase: null,
        unrealizedGainBase: null,
      },
    ]);
  });
});
