import type { CostBasisMethod } from '../../../core/src/engine/types';
import type { CoreClient } from '../../../core/src/worker/connect-core';

/**
 * A sample portfolio to explore: a Canadian investor with a TFSA holding a TD index fund and
 * a non-registered account that converts CAD to USD and holds AAPL, QQQ and HISU-U.TO, with
 * dividends, withholding tax and a partial sale. Only symbols the demo market data prices.
 */
export async function sampleBackup(method: CostBasisMethod): Promise<string> {
  // Loaded on demand: most people never ask for it.
  const { default: sample } = await import('./sample-portfolio.json');
  return JSON.stringify({
    ...sample,
    exportedAt: new Date().toISOString(),
    tables: { ...sample.tables, portfolios: sample.tables.portfolios.map((p) => ({ ...p, costBasisMethod: method })) },
  });
}

/** Replaces this device's (empty, on first run) data with the sample, using the chosen cost-basis method. */
export async function loadSamplePortfolio(core: CoreClient, method: CostBasisMethod): Promise<number> {
  const { transactions } = await core.restoreBackup(await sampleBackup(method));
  return transactions;
}
