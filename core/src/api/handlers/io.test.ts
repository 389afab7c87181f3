import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { FolioDb } from '../../db/database';
import { questradeAccountId } from '../../io/questrade/activity-mapping';
import { createCoreApi } from '../create-core-api';

const EXPORT = readFileSync(new URL('../../../../../shared/fixtures/questrade/export/SYNTHETIC_activities-export.csv', import.meta.url), 'utf8');
const fixedNow = () => new Date('2026-03-10T15:00:00');
const opened: FolioDb[] = [];

async function freshApi() {
  const db = new FolioDb(`test-${crypto.randomUUID()}`);
  opened.push(db);
  const api = createCoreApi({ db, now: fixedNow });
  const portfolio = await api.createPortfolio({ name: 'Main', costBasisMethod: 'average' });
  return { db, api, portfolio };
}

afterEach(async () => {
  for (const db of opened.splice(0)) await db.delete();
});

/** The synthetic export with its USD FX leg removed and a corporate action added: two rows for review. */
function exportWithReviews(): string {
  const lines = EXPORT.trimEnd().split('\n');
  lines.splice(3, 1);
  lines.push('2024-08-01 12:00:00 AM,2024-08-01 12:00:00 AM,CIL,XEQT.TO,CASH IN LIEU,0.00000,0.00000000,0.00,0.00,4.10,CAD,55500001,Corporate actions,Individual TFSA');
  return lines.join('\n');
}

describe('Questrade CSV import: review rows and account ids (review finding 7)', () => {
  it('creates the account with the id an API connection uses', async () => {
    const { api, db, portfolio } = await freshApi();
    await api.commitImport({ text: EXPORT, format: 'questrade' });
    const account = await db.accounts.get(questradeAccountId('55500001'));
    expect(account).toMatchObject({ id: 'qt-55500001', name: 'Questrade 55500001', type: 'questrade', portfolioId: portfolio.id });
    expect(new Set((await db.transactions.toArray()).map((t) => t.accountId))).toEqual(new Set(['qt-55500001']));
  });

  it('keeps the rows the mapping cannot read as review items, stored with the transactions, once', async () => {
    const { api, db } = await freshApi();
    const text = exportWithReviews();
    const preview = await api.previewImport({ text, format: 'questrade' });
    expect(preview.errors).toEqual([]);
    expect(preview.ready).toHaveLength(10);
    expect(preview.reviews?.map((r) => r.line)).toEqual([3, 12]);

    expect(await api.commitImport({ text, format: 'questrade' })).toEqual({ imported: 10, duplicates: 0 });
    const reviews = await api.listImportReviews();
    expect(reviews.map((r) => [r.accountId, r.source, r.date])).toEqual([
      ['qt-55500001', 'questrade-csv', '2024-08-01'],
      ['qt-55500001', 'questrade-csv', '2024-01-03'],
    ]);
    expect(reviews[0]!.reason).toMatch(/^Corporate action \(CIL on XEQT\.TO\)/);
    expect(JSON.parse(reviews[1]!.raw)).toMatchObject({ netAmount: -4000, currency: 'CAD', type: 'FX conversion' });

    // The same file again: transactions and reviews are all duplicates; nothing is added, a dismissed review stays dismissed.
    await api.setImportReviewStatus(reviews[0]!.id, 'dismissed');
    const again = await api.previewImport({ text, format: 'questrade' });
    expect(again.reviews).toEqual([]);
    expect(again.duplicates.filter((d) => d.reason === 'Already kept for review').map((d) => d.line)).toEqual([3, 12]);
    expect(await api.commitImport({ text, format: 'questrade' })).toEqual({ imported: 0, duplicates: 12 });
    expect(await db.importReviews.count()).toBe(2);
    expect((await db.importReviews.get(reviews[0]!.id))?.status).toBe('dismissed');
  });

  it('does not keep again what the Questrade connection already kept for review', async () => {
    const { api, db } = await freshApi();
    const text = exportWithReviews();
    await api.commitImport({ text, format: 'questrade' });
    // As if these two had come from the API connection (through sync) instead: their ids and
    // activity keys differ from the CSV's (the export has no symbol ids), their content does not.
    const fromCsv = await db.importReviews.toArray();
    await db.importReviews.clear();
    await db.importReviews.bulkAdd(fromCsv.map((r, i) => ({ ...r, id: `qtr-api-${i}`, source: 'questrade', externalId: `qt:55500001:${r.date}:api${i}:0` })));
    const again = await api.previewImport({ text, format: 'questrade' });
    expect(again.reviews).toEqual([]);
    expect(again.duplicates.filter((d) => d.reason === 'Already kept for review').map((d) => d.line)).toEqual([3, 12]);
    await api.commitImport({ text, format: 'questrade' });
    expect((await db.importReviews.toArray()).map((r) => r.source)).toEqual(['questrade', 'questrade']);

    // One kept item covers one row: the same corporate action twice on that day in a file
    // (two activities) leaves the second to be kept.
    const twice = `${text}\n${text.trimEnd().split('\n').at(-1)}`;
    const preview = await api.previewImport({ text: twice, format: 'questrade' });
    expect(preview.reviews?.map((r) => r.reason.slice(0, 33))).toEqual(['Corporate action (CIL on XEQT.TO)']);
    expect(preview.duplicates.filter((d) => d.reason === 'Already kept for review')).toHaveLength(2);
  });

  it('imports a file whose only row needs review, creating its account', async () => {
    const { api, db } = await freshApi();
    const header = EXPORT.split('\n')[0]!;
    const text = `${header}\n2024-08-01 12:00:00 AM,2024-08-01 12:00:00 AM,ZZZ,,SOMETHING NEW,0.00000,0.00000000,0.00,0.00,1.00,CAD,55500002,Mystery,Individual RRSP\n`;
    expect(await api.commitImport({ text, format: 'questrade' })).toEqual({ imported: 0, duplicates: 0 });
    expect(await db.importReviews.toArray()).toEqual([expect.objectContaining({ accountId: 'qt-55500002', reason: 'Unknown Questrade activity "Mystery/ZZZ" — enter it by hand or dismiss it' })]);
    expect(await db.accounts.get('qt-55500002')).toMatchObject({ name: 'Questrade 55500002' });
  });

  it('keeps importing into an account an earlier CSV import named "Questrade <number>"', async () => {
    const { api, db, portfolio } = await freshApi();
    const legacy = await api.createAccount({ portfolioId: portfolio.id, name: 'Questrade 55500001', type: 'questrade' });
    await api.commitImport({ text: exportWithReviews(), format: 'questrade' });
    expect(await db.accounts.count()).toBe(1);
    expect(new Set((await db.transactions.toArray()).map((t) => t.accountId))).toEqual(new Set([legacy.id]));
    expect(new Set((await db.importReviews.toArray()).map((r) => r.accountId))).toEqual(new Set([legacy.id]));
  });
});
