import { CoreError } from '../errors';
import type { FxRates, MissingFx } from '../fx/fx-rates';
import { knownValue, missingRate, rateFor, type Converted } from './events';
import { add, cmp, dec, isNegative, isZero, mul, mulDiv, mulDivWhole, neg, sub, toDecimalString, wholeNumber, ZERO, type Decimal } from '../money/decimal';
import { ChunkedList } from './chunked-list';
import { negativeAcbDisposition, saleDisposition } from './disposition';
import { engineKey, keySlot, timesQuantity, type EngineTx } from './parse';
import { SaleLog } from './sale-log';
import type { CostBasisMethod, Disposition, ExternalFlow, Lot, Position } from './types';

export type { Converted } from './events';

export interface LedgerOptions {
  baseCurrency: string;
  method: CostBasisMethod;
  fx: FxRates;
  /**
   * Accounts whose cash is recorded (they have deposits, withdrawals, cash transfers or
   * conversions). In other accounts a purchase that cash does not cover is funded by an
   * implicit deposit, so returns stay meaningful for users who only record trades.
   */
  cashTrackedAccounts: ReadonlySet<string>;
  /** A market price (trade currency) on a date, to value transfers and opening positions as flows. */
  priceAt?: (symbol: string, date: string) => Decimal | undefined;
}

/** Per-holding totals that outlive the position (realized gain after a full sale). */
export interface PositionStats {
  accountId: string;
  symbol: string;
  currency: string;
  realizedBase: Decimal;
  /** Gross dividends, cash and reinvested. */
  dividendsBase: Decimal;
  /** Tax withheld on them (negative). */
  withholdingBase: Decimal;
  commissionsBase: Decimal;
  /** The first missing FX rate behind each total, which then leaves that amount out: the
   * totals above are sums of what could be converted, to be shown as unknown when a gap is set. */
  realizedGap: MissingFx | undefined;
  incomeGap: MissingFx | undefined;
  commissionsGap: MissingFx | undefined;
}


export interface LedgerSnapshot {
  positions: Map<string, Position>;
  cash: Map<string, Decimal>;
  stats: Map<string, PositionStats>;
  /** Lengths of the append-only lists: sales, flows, lot parts sold. */
  lengths: [number, number, number];
}

const key = engineKey;
/** Lot objects are never changed once in a position (a partial sale or a split replaces the
 * lot with a new object), so a copy of a position shares them: only the array is copied. */
const clonePosition = (p: Position): Position => ({
  accountId: p.accountId,
  symbol: p.symbol,
  currency: p.currency,
  quantity: p.quantity,
  costLocal: p.costLocal,
  costBase: p.costBase,
  lots: p.lots.length === 0 ? [] : p.lots.slice(),
  fxGap: p.fxGap,
});
/** Written out, like clonePosition: a spread into a literal takes V8's slow path (snapshots copy every holding). */
const cloneStats = (s: PositionStats): PositionStats => ({
  accountId: s.accountId,
  symbol: s.symbol,
  currency: s.currency,
  realizedBase: s.realizedBase,
  dividendsBase: s.dividendsBase,
  withholdingBase: s.withholdingBase,
  commissionsBase: s.commissionsBase,
  realizedGap: s.realizedGap,
  incomeGap: s.incomeGap,
  commissionsGap: s.commissionsGap,
});
const fmt = toDecimalString;

function copyMap<V>(map: ReadonlyMap<string, V>, copy: (value: V) => V): Map<string, V> {
  const result = new Map<string, V>();
  for (const [k, v] of map) result.set(k, copy(v));
  return result;
}


/** An amount at a rate into the base currency: itself for the base currency (null), a missing rate as it is. */
const atRate = (amount: Decimal, rate: Decimal | MissingFx | null): Converted => (rate === null ? amount : typeof rate === 'bigint' ? mul(amount, rate) : rate);

/**
 * A lot as the fold keeps it: with its quantity also as a plain number (`units`, see
 * `wholeNumber`) when it is a count of whole units, or NaN, which always means "use the bigint"
 * (a whole quantity may have NaN too, e.g. what is left of a lot after a fractional sale).
 * Selling whole shares from lots of whole shares, the usual case, then compares and counts in
 * numbers: the loop does not read each lot's quantity bigint, a pointer to chase into memory
 * the fold last touched long ago.
 */
interface FoldLot extends Lot {
  units: number;
}

/** Refusal of a transaction that does not fit the history before it. */
function refuse(tx: EngineTx, field: string, message: string): never {
  const subject = tx.symbol === undefined ? tx.kind : `${tx.kind} ${tx.symbol}`;
  throw new CoreError('invalid_input', `${subject} on ${tx.date} (${tx.id}) refused: ${message}`, [{ field, message }], tx.id);
}

/**
 * Applies transactions in engine order and keeps what each account holds (positions with
 * lots and cost basis), its cash per currency, every disposition, income event and external
 * flow. Amounts in the base currency use the transaction's own broker rate when it has one,
 * else the FX series at the trade date; a missing rate marks the affected item (`fxGap`),
 * never a guessed rate. The apply path avoids per-call allocations: it runs 100,000 times
 * on every full recompute.
 */
export class Ledger {
  readonly positions = new Map<string, Position>();
  readonly cash = new Map<string, Decimal>();
  readonly stats = new Map<string, PositionStats>();
  readonly flows: ExternalFlow[] = [];
  /** Every disposition, in order, as recorded by the fold; `dispositions` completes them on read.
   * (This list and the two below grow long: see ChunkedList.) */
  private readonly sales = new SaleLog();
  private readonly completed: Disposition[] = [];
  /**
   * The lot parts every sale took, in order, as two flat lists (a sale keeps where its parts
   * end; they start where the previous sale's end): an object and an array per sale, kept for
   * the life of the ledger, cost the fold more than its arithmetic. `dispositions` turns them
   * into `lots` on read.
   */
  private readonly soldLotIds = new ChunkedList<string>();
  /** (A number: a count of whole units, see recordPart.) */
  private readonly soldLotQuantities = new ChunkedList<Decimal | number>();

  constructor(readonly options: LedgerOptions) {}

  /** Every sale (and gain forced by a return of capital beyond ACB), in order. */
  get dispositions(): Disposition[] {
    const completed = this.completed;
    for (let i = completed.length; i < this.sales.length; i += 1) completed.push(this.complete(i));
    return completed;
  }

  private complete(i: number): Disposition {
    const sales = this.sales;
    const recorded = sales.disposition.at(i);
    if (recorded) return recorded;
    const tx = sales.tx.at(i);
    const rate = sales.rate.at(i);
    const costLocal = sales.costLocal.at(i);
    const costBase = sales.costBase.at(i);
    const proceedsLocal = tx.settlement!;
    const proceeds = atRate(proceedsLocal, rate);
    const lots: Disposition['lots'] = [];
    for (let k = sales.lotsFrom(i), to = sales.lotsTo.at(i); k < to; k += 1) {
      const quantity = this.soldLotQuantities.at(k);
      lots.push({ lotId: this.soldLotIds.at(k), quantity: typeof quantity === 'number' ? dec(quantity) : quantity });
    }
    // The gain as `dispose` computed it for the holding's realized total (the same proceeds and rate).
    return saleDisposition(
      tx,
      { quantity: tx.quantity!, proceedsLocal, proceedsBase: knownValue(proceeds), costLocal, costBase, lots, reason: 'sale' },
      rate,
      { fxGap: missingRate(proceeds) ?? sales.positionGap.at(i) },
    );
  }

  /** A copy of the state, to resume from after an edit later than its last transaction. */
  snapshot(): LedgerSnapshot {
    return {
      positions: copyMap(this.positions, clonePosition),
      cash: new Map(this.cash),
      stats: copyMap(this.stats, cloneStats),
      lengths: [this.sales.length, this.flows.length, this.soldLotIds.length],
    };
  }

  /** Returns to a snapshot taken from this ledger (its event lists are truncated to the snapshot's lengths). */
  restore(snapshot: LedgerSnapshot): void {
    this.positions.clear();
    this.positionBySlot.length = 0;
    for (const [k, p] of snapshot.positions) {
      const position = clonePosition(p);
      this.positions.set(k, position);
      this.positionBySlot[keySlot(k)] = position;
    }
    this.cash.clear();
    for (const [k, v] of snapshot.cash) this.cash.set(k, v);
    this.stats.clear();
    this.statsBySlot.length = 0;
    for (const [k, s] of snapshot.stats) {
      const stats = cloneStats(s);
      this.stats.set(k, stats);
      this.statsBySlot[keySlot(k)] = stats;
    }
    const [d, f, l] = snapshot.lengths;
    this.soldLotIds.truncate(l);
    this.soldLotQuantities.truncate(l);
    this.sales.truncate(d);
    if (this.completed.length > d) this.completed.length = d;
    this.flows.length = f;
  }

  apply(tx: EngineTx): void {
    switch (tx.kind) {
      case 'buy':
        return this.buy(tx, true);
      case 'drip':
        this.incomeStats(tx, 'dividend', tx.gross!);
        return this.buy(tx, false);
      case 'sell':
        return this.sell(tx);
      case 'opening_position':
        this.openingPosition(tx);
        break;
      case 'dividend':
        this.statsFor(tx.accountId, tx.symbol!, tx.currency, tx.positionKey, tx.positionSlot);
        this.moveCash(tx, tx.cashKey, tx.amount!);
        this.incomeStats(tx, 'dividend', tx.amount!);
        break;
      case 'interest':
        this.moveCash(tx, tx.cashKey, tx.amount!);
        break;
      case 'withholding_tax':
        this.moveCash(tx, tx.cashKey, neg(tx.amount!));
        this.incomeStats(tx, 'withholding_tax', neg(tx.amount!));
        break;
      case 'fee':
        this.moveCash(tx, tx.cashKey, neg(tx.amount!));
        break;
      case 'deposit':
      case 'withdrawal': {
        const amount = tx.kind === 'deposit' ? tx.amount! : neg(tx.amount!);
        this.moveCash(tx, tx.cashKey, amount);
        this.flow(tx, tx.accountId, this.toBase(tx, amount, tx.currency), false);
        break;
      }
      case 'transfer':
        if (tx.symbol !== undefined) this.transferSecurities(tx);
        else this.transferCash(tx);
        break;
      case 'split':
        this.split(tx);
        break;
      case 'return_of_capital':
        this.returnOfCapital(tx);
        break;
      case 'fx_conversion':
        this.moveCash(tx, tx.cashKey, neg(tx.amount!));
        this.moveCash(tx, key(tx.accountId, tx.toCurrency!), tx.toAmount!);
        break;
    }
    // Not a trade (a trade's fee is its commission): a fee is a charge of its own, taken after
    // the transaction's movement (a dividend's fee comes out of what it paid).
    if (tx.chargedFee !== undefined) this.moveCash(tx, tx.cashKey, tx.chargedFee, -1);
  }

  /** Converts an amount of `currency` (default: the transaction's) into the base currency at its date. */
  convert(tx: EngineTx, amount: Decimal, currency = tx.currency): Converted {
    return this.toBase(tx, amount, currency);
  }

  private rateTx: EngineTx | null = null;
  private rateCurrency = '';
  private rate: Decimal | MissingFx = ZERO;

  /** The rate from `currency` into the base currency for this transaction (looked up once per transaction). */
  /** Series rates of the day being applied, per currency: transactions arrive in date order. */
  private dayRatesDay = -1;
  private readonly dayRates = new Map<string, Decimal | MissingFx>();

  private rateFor(tx: EngineTx, currency: string): Decimal | MissingFx {
    if (this.rateTx !== tx || this.rateCurrency !== currency) {
      if (tx.fxRate !== undefined && currency === tx.currency) this.rate = tx.fxRate;
      else {
        if (this.dayRatesDay !== tx.day) {
          this.dayRates.clear();
          this.dayRatesDay = tx.day;
        }
        let rate = this.dayRates.get(currency);
        if (rate === undefined) this.dayRates.set(currency, (rate = rateFor(tx, currency, this.options.baseCurrency, this.options.fx)));
        this.rate = rate;
      }
      this.rateTx = tx;
      this.rateCurrency = currency;
    }
    return this.rate;
  }

  private toBase(tx: EngineTx, amount: Decimal, currency: string): Converted {
    return atRate(amount, currency === this.options.baseCurrency ? null : this.rateFor(tx, currency));
  }

  /**
   * `positions` and `stats` by the slot of their key (`keySlot`): the fold finds a holding by
   * index; the maps, which readers use, change only when a holding opens or closes.
   */
  private readonly positionBySlot: (Position | undefined)[] = [];
  private readonly statsBySlot: (PositionStats | undefined)[] = [];

  private statsFor(accountId: string, symbol: string, currency: string, k: string, slot: number): PositionStats {
    let stats = this.statsBySlot[slot];
    if (!stats) {
      stats = { accountId, symbol, currency, realizedBase: ZERO, dividendsBase: ZERO, withholdingBase: ZERO, commissionsBase: ZERO, realizedGap: undefined, incomeGap: undefined, commissionsGap: undefined };
      this.stats.set(k, stats);
      this.statsBySlot[slot] = stats;
    }
    return stats;
  }

  private position(tx: EngineTx, accountId: string, create: boolean): Position | undefined {
    const own = accountId === tx.accountId;
    const k = own ? tx.positionKey : key(accountId, tx.symbol!);
    const slot = own ? tx.positionSlot : keySlot(k);
    let position = this.positionBySlot[slot];
    if (!position && create) {
      position = { accountId, symbol: tx.symbol!, currency: tx.currency, quantity: ZERO, costLocal: ZERO, costBase: ZERO, lots: [], fxGap: undefined };
      this.positions.set(k, position);
      this.positionBySlot[slot] = position;
      this.statsFor(accountId, tx.symbol!, tx.currency, k, slot);
    }
    if (position && position.currency !== tx.currency) {
      refuse(tx, 'currency', `${tx.symbol} is held in ${position.currency} in this account, not ${tx.currency}`);
    }
    return position;
  }

  private closePosition(k: string, slot: number): void {
    this.positions.delete(k);
    this.positionBySlot[slot] = undefined;
  }

  /**
   * Adds (or, with sign −1, takes) cash of `accountId` (the transaction's unless said); in an
   * account without recorded cash, a shortfall becomes an implicit deposit. (An account that
   * records its cash may go below zero: most do in the benchmark, so the check costs no string work.)
   */
  private moveCash(tx: EngineTx, cashKey: string, amount: Decimal, sign: 1 | -1 = 1, accountId = tx.accountId): void {
    const current = this.cash.get(cashKey) ?? ZERO;
    let balance = sign === 1 ? add(current, amount) : sub(current, amount);
    if (isNegative(balance) && !this.options.cashTrackedAccounts.has(accountId)) {
      const currency = cashKey.slice(cashKey.indexOf('\u0000') + 1);
      this.flow(tx, accountId, this.toBase(tx, neg(balance), currency), true);
      balance = ZERO;
    }
    this.cash.set(cashKey, balance);
  }

  private flow(tx: EngineTx, accountId: string, amount: Converted, implicit: boolean): void {
    this.flows.push({ transactionId: tx.id, accountId, date: tx.date, amountBase: knownValue(amount), implicit, fxGap: missingRate(amount) });
  }

  /** Per-holding dividend and withholding totals; the income events themselves are derived
   * from the transactions on request (see events.ts), so the fold does not keep them. */
  private incomeStats(tx: EngineTx, kind: 'dividend' | 'withholding_tax', amountLocal: Decimal): void {
    if (tx.symbol === undefined) return;
    const stats = this.statsFor(tx.accountId, tx.symbol, tx.currency, tx.positionKey, tx.positionSlot);
    const converted = this.toBase(tx, amountLocal, tx.currency);
    const base = knownValue(converted);
    if (typeof converted !== 'bigint' && !stats.incomeGap) stats.incomeGap = converted;
    if (kind === 'dividend') stats.dividendsBase = add(stats.dividendsBase, base);
    else stats.withholdingBase = add(stats.withholdingBase, base);
  }

  /** Lots are kept for the lot methods; under the average method open lots are derived on request. */
  private get keepsLots(): boolean {
    return this.options.method !== 'average';
  }

  private addLot(position: Position, lot: FoldLot): void {
    if (this.keepsLots) position.lots.push(lot);
    position.quantity = add(position.quantity, lot.quantity);
    position.costLocal = add(position.costLocal, lot.costLocal);
    position.costBase = add(position.costBase, lot.costBase);
    if (lot.fxGap && !position.fxGap) position.fxGap = lot.fxGap;
  }

  private addCommission(tx: EngineTx): void {
    if (isZero(tx.fee)) return;
    const stats = this.statsFor(tx.accountId, tx.symbol!, tx.currency, tx.positionKey, tx.positionSlot);
    const converted = this.toBase(tx, tx.fee, tx.currency);
    if (typeof converted !== 'bigint' && !stats.commissionsGap) stats.commissionsGap = converted;
    stats.commissionsBase = add(stats.commissionsBase, knownValue(converted));
  }

  /** A buy, or a DRIP (paid by the dividend, not cash): units at their cost, commission included. */
  private buy(tx: EngineTx, paysCash: boolean): void {
    const position = this.position(tx, tx.accountId, true)!;
    const costLocal = tx.settlement!;
    const converted = this.toBase(tx, costLocal, tx.currency);
    const costBase = knownValue(converted);
    const fxGap = missingRate(converted);
    this.addCommission(tx);
    if (this.keepsLots) {
      this.addLot(position, { id: tx.id, accountId: tx.accountId, symbol: tx.symbol!, date: tx.date, quantity: tx.quantity!, costLocal, costBase, fxGap, units: tx.units });
    } else {
      // The average method pools: no lot object to build.
      position.quantity = add(position.quantity, tx.quantity!);
      position.costLocal = add(position.costLocal, costLocal);
      position.costBase = add(position.costBase, costBase);
      if (fxGap && !position.fxGap) position.fxGap = fxGap;
    }
    if (paysCash) this.moveCash(tx, tx.cashKey, costLocal, -1);
  }

  private openingPosition(tx: EngineTx): void {
    const position = this.position(tx, tx.accountId, true)!;
    const costBase = this.toBase(tx, tx.amount!, tx.currency);
    const lot: FoldLot = { id: tx.id, accountId: tx.accountId, symbol: tx.symbol!, date: tx.date, quantity: tx.quantity!, costLocal: tx.amount!, costBase: knownValue(costBase), fxGap: missingRate(costBase), units: tx.units };
    this.addLot(position, lot);
    // The position arrives from outside: it enters at market value when known, else at cost.
    const price = this.options.priceAt?.(tx.symbol!, tx.date);
    this.flow(tx, tx.accountId, price !== undefined ? this.toBase(tx, timesQuantity(tx.quantity!, tx.wholeQuantity, price), tx.currency) : costBase, false);
  }

  /**
   * What the last `takeLots` of a transfer took, part by part (reused arrays): the lot taken
   * from (as it was before), units and costs taken. A sale's parts go to the sold-lot lists.
   */
  private readonly takenLots: FoldLot[] = [];
  private readonly takenQuantity: Decimal[] = [];
  private readonly takenLocal: Decimal[] = [];
  private readonly takenBase: Decimal[] = [];
  /** Whether takeLots is moving lots (a transfer: each part whole) or selling them (lot ids and units). */
  private movingLots = false;
  /** Sums of the parts' costs. */
  private takenLocalTotal = ZERO;
  private takenBaseTotal = ZERO;

  /**
   * What is left to take: `remainingUnits` as a plain number of whole units while the sale and
   * the lots taken so far are whole (see FoldLot), else NaN and `remaining` is the bigint.
   */
  private remaining = ZERO;
  private remainingUnits = Number.NaN;

  /** Whether units are left to take. */
  private get leftToTake(): boolean {
    const units = this.remainingUnits;
    return units === units ? units > 0 : !isZero(this.remaining);
  }

  /**
   * When `takeFrom` does not empty the lot, `leftover` is what remains of it: a new object (lots
   * are never changed in place, as snapshots share them); else it is null.
   */
  private leftover: FoldLot | null = null;

  /** A part taken (`quantity`: a number is a count of whole units): kept whole for a transfer
   * (the lots move), as lot id and units for a sale. */
  private recordPart(lot: FoldLot, quantity: Decimal | number, costLocal: Decimal, costBase: Decimal): void {
    if (this.movingLots) {
      this.takenLots.push(lot);
      this.takenQuantity.push(typeof quantity === 'number' ? dec(quantity) : quantity);
      this.takenLocal.push(costLocal);
      this.takenBase.push(costBase);
    } else {
      this.soldLotIds.push(lot.id);
      this.soldLotQuantities.push(quantity);
    }
  }

  /** Takes what remains to take, or as much as `lot` has, out of it, recording the part taken. */
  private takeFrom(lot: FoldLot): void {
    let units = this.remainingUnits;
    if (units === units && !(lot.units >= 0)) {
      // A lot without a count of whole units (or one made outside the fold): go on in bigints.
      this.remaining = dec(BigInt(units));
      this.remainingUnits = units = Number.NaN;
    }
    const inUnits = units === units;
    // (In numbers, units and lot.units are both counts of 0 or more.)
    if (inUnits ? lot.units <= units : lot.quantity <= this.remaining) {
      this.recordPart(lot, lot.quantity, lot.costLocal, lot.costBase);
      // The first part's costs are the totals (no sum to allocate).
      this.takenLocalTotal = this.takenLocalTotal === ZERO ? lot.costLocal : add(this.takenLocalTotal, lot.costLocal);
      this.takenBaseTotal = this.takenBaseTotal === ZERO ? lot.costBase : add(this.takenBaseTotal, lot.costBase);
      if (inUnits) this.remainingUnits = units - lot.units;
      else this.remaining = sub(this.remaining, lot.quantity);
      this.leftover = null;
      return;
    }
    // Part of the lot: its costs are pro-rated by units (in counts, the units are split once for
    // both, and the part is recorded as a count: a sold part's quantity is a bigint only on read).
    let costLocal: Decimal;
    let costBase: Decimal;
    let leftQuantity: Decimal;
    if (inUnits) {
      const part = BigInt(units);
      const of = BigInt(lot.units);
      costLocal = mulDivWhole(lot.costLocal, part, of);
      costBase = mulDivWhole(lot.costBase, part, of);
      this.recordPart(lot, units, costLocal, costBase);
      leftQuantity = dec(lot.units - units);
    } else {
      const wanted = this.remaining;
      costLocal = mulDiv(lot.costLocal, wanted, lot.quantity);
      costBase = mulDiv(lot.costBase, wanted, lot.quantity);
      this.recordPart(lot, wanted, costLocal, costBase);
      leftQuantity = sub(lot.quantity, wanted);
    }
    this.takenLocalTotal = add(this.takenLocalTotal, costLocal);
    this.takenBaseTotal = add(this.takenBaseTotal, costBase);
    this.leftover = {
      id: lot.id,
      accountId: lot.accountId,
      symbol: lot.symbol,
      date: lot.date,
      quantity: leftQuantity,
      costLocal: sub(lot.costLocal, costLocal),
      costBase: sub(lot.costBase, costBase),
      fxGap: lot.fxGap,
      units: inUnits ? lot.units - units : Number.NaN,
    };
    this.remaining = ZERO;
    this.remainingUnits = inUnits ? 0 : Number.NaN;
  }

  /**
   * Removes the transaction's units from a position's lots in method order: oldest first (FIFO,
   * and the informational lots of the average method), newest first (LIFO), or the lots a
   * specific-lot sale names. Emptied lots are dropped without copying the lot list. The parts
   * taken are recorded by `recordPart`; their costs are summed in `takenLocalTotal` and `takenBaseTotal`.
   */
  private takeLots(tx: EngineTx, position: Position, byIds = true): void {
    if (this.movingLots) {
      this.takenLots.length = 0;
      this.takenQuantity.length = 0;
      this.takenLocal.length = 0;
      this.takenBase.length = 0;
    }
    this.takenLocalTotal = ZERO;
    this.takenBaseTotal = ZERO;
    this.remaining = tx.quantity!;
    this.remainingUnits = tx.units;
    const lots = position.lots as FoldLot[];
    if (byIds && this.options.method === 'specific' && tx.lotIds?.length) {
      // A refused sale leaves no parts behind (a sale's parts start where the previous sale's end).
      const partsFrom = this.soldLotIds.length;
      const refuseLots = (message: string): never => {
        this.soldLotIds.truncate(partsFrom);
        this.soldLotQuantities.truncate(partsFrom);
        return refuse(tx, 'lotIds', message);
      };
      for (const id of tx.lotIds) {
        if (!this.leftToTake) break;
        const index = lots.findIndex((l) => l.id === id);
        if (index < 0) refuseLots(`no open lot ${id} in ${tx.symbol}`);
        const lot = lots[index]!;
        this.takeFrom(lot);
        // An emptied lot stays (at zero) until the end, as a lot may be named twice.
        lots[index] = this.leftover ?? { ...lot, quantity: ZERO, costLocal: ZERO, costBase: ZERO, units: 0 };
      }
      if (this.leftToTake) refuseLots('the lots named do not hold enough units');
      position.lots = lots.filter((lot) => !isZero(lot.quantity));
    } else if (this.options.method === 'lifo') {
      let i = lots.length - 1;
      for (; i >= 0 && this.leftToTake; i -= 1) {
        this.takeFrom(lots[i]!);
        if (this.leftover) {
          lots[i] = this.leftover;
          break;
        }
      }
      while (lots.length && lots.length > i + 1) lots.pop();
      while (lots.length && isZero(lots[lots.length - 1]!.quantity)) lots.pop();
    } else {
      let emptied = 0;
      for (let i = 0; i < lots.length && this.leftToTake; i += 1) {
        this.takeFrom(lots[i]!);
        if (this.leftover) {
          lots[i] = this.leftover;
          break;
        }
        emptied = i + 1;
      }
      if (emptied) lots.splice(0, emptied);
    }
  }

  private sell(tx: EngineTx): void {
    const position = this.position(tx, tx.accountId, false);
    const quantity = tx.quantity!;
    const held = position?.quantity ?? ZERO;
    if (!position || cmp(quantity, held) > 0) refuse(tx, 'quantity', `selling ${fmt(quantity)} exceeds the ${fmt(held)} held in this account`);
    const all = quantity === position.quantity;
    let costLocal = ZERO;
    let costBase = ZERO;
    if (this.options.method === 'average') {
      costLocal = all ? position.costLocal : mulDiv(position.costLocal, quantity, position.quantity);
      costBase = all ? position.costBase : mulDiv(position.costBase, quantity, position.quantity);
    } else {
      // The parts go straight onto the sold-lot lists (the sale's start after the previous sale's).
      this.takeLots(tx, position);
      costLocal = this.takenLocalTotal;
      costBase = this.takenBaseTotal;
    }
    position.quantity = sub(position.quantity, quantity);
    position.costLocal = all ? ZERO : sub(position.costLocal, costLocal);
    position.costBase = all ? ZERO : sub(position.costBase, costBase);
    const proceedsLocal = tx.settlement!;
    this.moveCash(tx, tx.cashKey, proceedsLocal);
    this.dispose(tx, position, proceedsLocal, costLocal, costBase);
    this.addCommission(tx);
    if (isZero(position.quantity)) this.closePosition(tx.positionKey, tx.positionSlot);
  }

  /** Records a sale, whose lot parts (if any) were just pushed to the sold-part lists. */
  private dispose(tx: EngineTx, position: Position, proceedsLocal: Decimal, costLocal: Decimal, costBase: Decimal): void {
    const proceeds = this.toBase(tx, proceedsLocal, tx.currency);
    const gainBase = sub(knownValue(proceeds), costBase);
    const rate = tx.currency === this.options.baseCurrency ? null : this.rateFor(tx, tx.currency);
    this.sales.record(tx, rate, costLocal, costBase, this.soldLotIds.length, position.fxGap, undefined);
    const stats = this.statsFor(tx.accountId, tx.symbol!, tx.currency, tx.positionKey, tx.positionSlot);
    stats.realizedBase = add(stats.realizedBase, gainBase);
    // The gain needs both the proceeds' rate and the cost's trade-date rates.
    const gap = missingRate(proceeds) ?? position.fxGap;
    if (gap && !stats.realizedGap) stats.realizedGap = gap;
  }

  private split(tx: EngineTx): void {
    const position = this.position(tx, tx.accountId, false);
    if (!position) refuse(tx, 'symbol', `no ${tx.symbol} is held in this account to split`);
    const { new: n, old: o } = tx.ratio!;
    if (!this.keepsLots) {
      position.quantity = mulDiv(position.quantity, n, o);
      return;
    }
    let quantity = ZERO;
    const lots = position.lots as FoldLot[];
    for (let i = 0; i < lots.length; i += 1) {
      const lot = lots[i]!;
      const split = mulDiv(lot.quantity, n, o);
      lots[i] = { ...lot, quantity: split, units: wholeNumber(split) };
      quantity = add(quantity, lots[i]!.quantity);
    }
    position.quantity = quantity;
  }

  private returnOfCapital(tx: EngineTx): void {
    const position = this.position(tx, tx.accountId, false);
    if (!position) refuse(tx, 'symbol', `no ${tx.symbol} is held in this account to return capital on`);
    const converted = this.toBase(tx, tx.amount!, tx.currency);
    const amountBase = knownValue(converted);
    // Without the rate the reduction of the base-currency ACB is unknown, and so is the ACB.
    if (typeof converted !== 'bigint' && !position.fxGap) position.fxGap = converted;
    this.moveCash(tx, tx.cashKey, tx.amount!);
    // Cost cannot go below zero: what the return takes beyond it is a capital gain now.
    let excess = ZERO;
    if (this.keepsLots) {
      // Each lot's cost falls by its share of the return (by units; the last lot takes what
      // rounding leaves, so the shares add up to the return), and each lot stops at zero on its
      // own: a cheap lot's cost cannot go negative under a total that stays positive. Lots are
      // replaced, not changed (snapshots share them).
      const lots = position.lots as FoldLot[];
      let leftLocal = tx.amount!;
      let leftBase = amountBase;
      let totalLocal = ZERO;
      let totalBase = ZERO;
      for (let i = 0; i < lots.length; i += 1) {
        const lot = lots[i]!;
        const last = i === lots.length - 1;
        const shareLocal = last ? leftLocal : mulDiv(tx.amount!, lot.quantity, position.quantity);
        const shareBase = last ? leftBase : mulDiv(amountBase, lot.quantity, position.quantity);
        leftLocal = sub(leftLocal, shareLocal);
        leftBase = sub(leftBase, shareBase);
        let costLocal = sub(lot.costLocal, shareLocal);
        let costBase = sub(lot.costBase, shareBase);
        if (isNegative(costBase)) {
          excess = sub(excess, costBase);
          costBase = ZERO;
        }
        if (isNegative(costLocal)) costLocal = ZERO;
        lots[i] = { ...lot, costLocal, costBase };
        totalLocal = add(totalLocal, costLocal);
        totalBase = add(totalBase, costBase);
      }
      position.costLocal = totalLocal;
      position.costBase = totalBase;
    } else {
      // Canadian rule (the pool): ACB cannot go below zero; the excess is a capital gain now.
      const newLocal = sub(position.costLocal, tx.amount!);
      const newBase = sub(position.costBase, amountBase);
      position.costLocal = isNegative(newLocal) ? ZERO : newLocal;
      if (isNegative(newBase)) {
        excess = neg(newBase);
        position.costBase = ZERO;
      } else position.costBase = newBase;
    }
    if (isZero(excess)) return;
    const disposition = negativeAcbDisposition(tx, excess, { fxGap: missingRate(converted) });
    this.sales.record(tx, null, ZERO, ZERO, this.soldLotIds.length, undefined, disposition);
    const stats = this.statsFor(tx.accountId, tx.symbol!, tx.currency, tx.positionKey, tx.positionSlot);
    stats.realizedBase = add(stats.realizedBase, excess);
    const gap = missingRate(converted) ?? position.fxGap;
    if (gap && !stats.realizedGap) stats.realizedGap = gap;
  }

  private transferCash(tx: EngineTx): void {
    const to = tx.toAccountId!;
    this.moveCash(tx, tx.cashKey, neg(tx.amount!));
    this.moveCash(tx, key(to, tx.currency), tx.amount!, 1, to);
    const base = this.toBase(tx, tx.amount!, tx.currency);
    this.flow(tx, tx.accountId, typeof base === 'bigint' ? neg(base) : base, false);
    this.flow(tx, to, base, false);
  }

  private transferSecurities(tx: EngineTx): void {
    const from = this.position(tx, tx.accountId, false);
    const quantity = tx.quantity!;
    if (!from || cmp(quantity, from.quantity) > 0) refuse(tx, 'quantity', `transferring ${fmt(quantity)} exceeds the ${fmt(from?.quantity ?? ZERO)} held in this account`);
    const all = quantity === from.quantity;
    const to = this.position(tx, tx.toAccountId!, true)!;
    let movedLocal = ZERO;
    let movedBase = ZERO;
    if (this.keepsLots) {
      this.movingLots = true;
      try {
        this.takeLots(tx, from, false);
      } finally {
        this.movingLots = false;
      }
      movedLocal = this.takenLocalTotal;
      movedBase = this.takenBaseTotal;
      for (let i = 0; i < this.takenLots.length; i += 1) {
        const quantity = this.takenQuantity[i]!;
        this.addLot(to, { ...this.takenLots[i]!, accountId: to.accountId, quantity, costLocal: this.takenLocal[i]!, costBase: this.takenBase[i]!, units: wholeNumber(quantity) });
      }
    } else {
      // The moved units carry the pool's average cost across.
      movedLocal = all ? from.costLocal : mulDiv(from.costLocal, quantity, from.quantity);
      movedBase = all ? from.costBase : mulDiv(from.costBase, quantity, from.quantity);
      this.addLot(to, { id: tx.id, accountId: to.accountId, symbol: tx.symbol!, date: tx.date, quantity, costLocal: movedLocal, costBase: movedBase, fxGap: from.fxGap, units: tx.units });
    }
    from.quantity = sub(from.quantity, quantity);
    from.costLocal = all ? ZERO : sub(from.costLocal, movedLocal);
    from.costBase = all ? ZERO : sub(from.costBase, movedBase);
    if (isZero(from.quantity)) this.closePosition(tx.positionKey, tx.positionSlot);
    const price = this.options.priceAt?.(tx.symbol!, tx.date);
    const value: Converted = price !== undefined ? this.toBase(tx, timesQuantity(tx.quantity!, tx.wholeQuantity, price), tx.currency) : movedBase;
    this.flow(tx, tx.accountId, typeof value === 'bigint' ? neg(value) : value, false);
    this.flow(tx, to.accountId, value, false);
  }
}
