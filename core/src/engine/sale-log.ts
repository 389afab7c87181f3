import type { MissingFx } from '../fx/fx-rates';
import type { Decimal } from '../money/decimal';
import { ChunkedList } from './chunked-list';
import type { EngineTx } from './parse';
import type { Disposition } from './types';

/**
 * The sales a fold recorded, in order: only what depends on the state at the time (costs, the
 * lot parts taken, the position's FX gap, the rate). The rest of each Disposition (proceeds,
 * gain, its price/currency split) follows from the transaction and the rate, and is derived
 * when dispositions are read.
 *
 * Kept as parallel lists (see ChunkedList), not an object per sale: a fold keeps every sale for
 * the ledger's life, so each record outlives the young generation and is copied by the
 * collector into fresh memory — per recompute, ~2 MB of objects for the benchmark's 24,000 sales.
 */
export class SaleLog {
  readonly tx = new ChunkedList<EngineTx>();
  /** The rate of the trade currency into the base currency used for the sale (null: the same currency). */
  readonly rate = new ChunkedList<Decimal | MissingFx | null>();
  readonly costLocal = new ChunkedList<Decimal>();
  readonly costBase = new ChunkedList<Decimal>();
  /** Where the sale's lot parts end in the ledger's sold-part lists (they start where the previous sale's end). */
  readonly lotsTo = new ChunkedList<number>();
  readonly positionGap = new ChunkedList<MissingFx | undefined>();
  /** Set for a disposition recorded whole (a return of capital beyond ACB). */
  readonly disposition = new ChunkedList<Disposition | undefined>();

  get length(): number {
    return this.tx.length;
  }

  record(tx: EngineTx, rate: Decimal | MissingFx | null, costLocal: Decimal, costBase: Decimal, lotsTo: number, positionGap: MissingFx | undefined, disposition: Disposition | undefined): void {
    this.tx.push(tx);
    this.rate.push(rate);
    this.costLocal.push(costLocal);
    this.costBase.push(costBase);
    this.lotsTo.push(lotsTo);
    this.positionGap.push(positionGap);
    this.disposition.push(disposition);
  }

  /** Where sale `i`'s lot parts start. */
  lotsFrom(i: number): number {
    return i === 0 ? 0 : this.lotsTo.at(i - 1);
  }

  truncate(length: number): void {
    for (const list of [this.tx, this.rate, this.costLocal, this.costBase, this.lotsTo, this.positionGap, this.disposition]) list.truncate(length);
  }
}
