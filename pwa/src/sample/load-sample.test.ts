import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { createCoreApi } from '../../../core/src/api/create-core-api';
import { FolioDb } from '../../../core/src/db/database';
import { toDecimalString } from '../../../core/src/money/decimal';
import { sampleBackup } from './load-sample';

const opened: FolioDb[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) await db.delete();
});

describe('sample portfolio', () => {
  it('restores into an empty device with the chosen method and the holdings it promises', async () => {
    const db = new FolioDb(`sample-${crypto.randomUUID()}`);
    opened.push(db);
    const api = createCoreApi({ db, now: () => new Date('2025-02-14T15:00:00') });
    expect(await api.restoreBackup(await sampleBackup('fifo'))).toEqual({ transactions: 16 });
    expect((await api.listPortfolios()).map((p) => p.costBasisMethod)).toEqual(['fifo']);
    const summary = await api.getHoldings();
    const quantities = Object.fromEntries(summary.holdings.map((h) => [h.symbol, toDecimalString(h.quantity)]));
    expect(quantities).toEqual({ '0P000071W8.TO': '60', AAPL: '15', QQQ: '8', 'HISU-U.TO': '20' });
    // Cash never went negative: USD left = 7407.41 − buys − fees + net dividends + sale.
    const usd = summary.cash.filter((c) => c.currency === 'USD').map((c) => toDecimalString(c.amount));
    expect(usd).toEqual(['2002.49']);
  });

  it('leaves a different AAPL cost under FIFO than under ACB after the partial sale', async () => {
    const gains: string[] = [];
    for (const method of ['fifo', 'average'] as const) {
      const db = new FolioDb(`sample-${crypto.randomUUID()}`);
      opened.push(db);
      const api = createCoreApi({ db, now: () => new Date('2025-02-14T15:00:00') });
      await api.restoreBackup(await sampleBackup(method));
      const aapl = (await api.getHoldings()).holdings.find((h) => h.symbol === 'AAPL')!;
      gains.push(toDecimalString(aapl.costLocal));
    }
    // FIFO keeps 10 of the first lot and all of the second; ACB keeps 15/20 of the pooled cost.
    expect(gains).toEqual(['2392.45', '2361.15']);
  });
});
