import { CoreError } from '../errors';
import type { FxRates, MissingFx } from '../fx/fx-rates';
import { knownValue, missingRate, rateFor, type Converted } from './events';
import { add, cmp, div, isNegative, isZero, mul, neg, sub, toDecimalString, ZERO, type Decimal } from '../money/decimal';
import type { EngineTx } from './parse';
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
}


interface Taken {
  lot: Lot;
  quantity: Decimal;
  costLocal: Decimal;
  costBase: Decimal;
}

export interface LedgerSnapshot {
  positions: Map<string, Position>;
  cash: Map<string, Decimal>;
  stats: Map<string, PositionStats>;
  lengths: [number, number];
}

const key = (accountId: string, other: string) => `${accountId}\u0000${other}`;
const cloneLot = (lot: Lot): Lot => ({ ...lot });
const clonePosition = (p: Position): Position => ({ ...p, lots: p.lots.map(cloneLot) });
const fmt = toDecimalString;
const NOTHING_TAKEN: Taken[] = [];
const NO_LOTS: Disposition['lots'] = [];

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
  readonly dispositions: Disposition[] = [];
  readonly flows: ExternalFlow[] = [];

  constructor(readonly options: LedgerOptions) {}

  /** A copy of the state, to resume from after an edit later than its last transaction. */
  snapshot(): LedgerSnapshot {
    return {
      positions: new Map([...this.positions].map(([k, p]) => [k, clonePosition(p)])),
      cash: new Map(this.cash),
      stats: new Map([...this.stats].map(([k, s]) => [k, { ...s }])),
      lengths: [this.dispositions.length, this.flows.length],
    };
  }

  /** Returns to a snapshot taken from this ledger (its event lists are truncated to the snapshot's lengths). */
  restore(snapshot: LedgerSnapshot): void {
    this.positions.clear();
    for (const [k, p] of snapshot.positions) this.positions.set(k, clonePosition(p));
    this.cash.clear();
    for (const [k, v] of snapshot.cash) this.cash.set(k, v);
    this.stats.clear();
    for (const [k, s] of snapshot.stats) this.stats.set(k, { ...s });
    const [d, f] = snapshot.lengths;
    this.dispositions.length = d;
    this.flows.length = f;
  }

  apply(tx: EngineTx): void {
    switch (tx.kind) {
      case 'buy':
        return this.buy(tx, mul(tx.quantity!, tx.price!), true);
      case 'drip': {
        const gross = mul(tx.quantity!, tx.price!);
        this.incomeStats(tx, 'dividend', gross);
        return this.buy(tx, gross, false);
      }
      case 'opening_position':
        return this.openingPosition(tx);
      case 'sell':
        return this.sell(tx);
      case 'dividend':
        this.statsFor(tx.accountId, tx.symbol!, tx.currency, tx.positionKey);
        this.moveCash(tx, tx.cashKey, tx.amount!);
        return this.incomeStats(tx, 'dividend', tx.amount!);
      case 'interest':
        return this.moveCash(tx, tx.cashKey, tx.amount!);
      case 'withholding_tax':
        this.moveCash(tx, tx.cashKey, neg(tx.amount!));
        return this.incomeStats(tx, 'withholding_tax', neg(tx.amount!));
      case 'fee':
        return this.moveCash(tx, tx.cashKey, neg(tx.amount!));
      case 'deposit':
      case 'withdrawal': {
        const amount = tx.kind === 'deposit' ? tx.amount! : neg(tx.amount!);
        this.moveCash(tx, tx.cashKey, amount);
        return this.flow(tx, tx.accountId, this.toBase(tx, amount, tx.currency), false);
      }
      case 'transfer':
        return tx.symbol !== undefined ? this.transferSecurities(tx) : this.transferCash(tx);
      case 'split':
        return this.split(tx);
      case 'return_of_capital':
        return this.returnOfCapital(tx);
      case 'fx_conversion':
        this.moveCash(tx, tx.cashKey, neg(tx.amount!));
        return this.moveCash(tx, key(tx.accountId, tx.toCurrency!), tx.toAmount!);
    }
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
    if (currency === this.options.baseCurrency) return amount;
    const rate = this.rateFor(tx, currency);
    return typeof rate === 'bigint' ? mul(amount, rate) : rate;
  }

  private statsFor(accountId: string, symbol: string, currency: string, k = key(accountId, symbol)): PositionStats {
    let stats = this.stats.get(k);
    if (!stats) this.stats.set(k, (stats = { accountId, symbol, currency, realizedBase: ZERO, dividendsBase: ZERO, withholdingBase: ZERO, commissionsBase: ZERO }));
    return stats;
  }

  private position(tx: EngineTx, accountId: string, create: boolean): Position | undefined {
    const k = accountId === tx.accountId ? tx.positionKey : key(accountId, tx.symbol!);
    let position = this.positions.get(k);
    if (!position && create) {
      position = { accountId, symbol: tx.symbol!, currency: tx.currency, quantity: ZERO, costLocal: ZERO, costBase: ZERO, lots: [], fxGap: undefined };
      this.positions.set(k, position);
      this.statsFor(accountId, tx.symbol!, tx.currency, k);
    }
    if (position && position.currency !== tx.currency) {
      refuse(tx, 'currency', `${tx.symbol} is held in ${position.currency} in this account, not ${tx.currency}`);
    }
    return position;
  }

  /** Adds (or, with sign −1, takes) cash; in an account without recorded cash, a shortfall becomes an implicit deposit. */
  private moveCash(tx: EngineTx, cashKey: string, amount: Decimal, sign: 1 | -1 = 1): void {
    const current = this.cash.get(cashKey) ?? ZERO;
    let balance = sign === 1 ? add(current, amount) : sub(current, amount);
    if (isNegative(balance)) {
      const separator = cashKey.indexOf('\u0000');
      const accountId = cashKey.slice(0, separator);
      if (!this.options.cashTrackedAccounts.has(accountId)) {
        this.flow(tx, accountId, this.toBase(tx, neg(balance), cashKey.slice(separator + 1)), true);
        balance = ZERO;
      }
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
    const stats = this.statsFor(tx.accountId, tx.symbol, tx.currency, tx.positionKey);
    const base = knownValue(this.toBase(tx, amountLocal, tx.currency));
    if (kind === 'dividend') stats.dividendsBase = add(stats.dividendsBase, base);
    else stats.withholdingBase = add(stats.withholdingBase, base);
  }

  /** Lots are kept for the lot methods; under the average method open lots are derived on request. */
  private get keepsLots(): boolean {
    return this.options.method !== 'average';
  }

  private addLot(position: Position, lot: Lot): void {
    if (this.keepsLots) position.lots.push(lot);
    position.quantity = add(position.quantity, lot.quantity);
    position.costLocal = add(position.costLocal, lot.costLocal);
    position.costBase = add(position.costBase, lot.costBase);
    if (lot.fxGap && !position.fxGap) position.fxGap = lot.fxGap;
  }

  private addCommission(tx: EngineTx): void {
    if (isZero(tx.fee)) return;
    const stats = this.statsFor(tx.accountId, tx.symbol!, tx.currency, tx.positionKey);
    stats.commissionsBase = add(stats.commissionsBase, knownValue(this.toBase(tx, tx.fee, tx.currency)));
  }

  private buy(tx: EngineTx, gross: Decimal, paysCash: boolean): void {
    const position = this.position(tx, tx.accountId, true)!;
    const costLocal = add(gross, tx.fee);
    const converted = this.toBase(tx, costLocal, tx.currency);
    const costBase = knownValue(converted);
    const fxGap = missingRate(converted);
    this.addCommission(tx);
    if (this.keepsLots) {
      this.addLot(position, { id: tx.id, accountId: tx.accountId, symbol: tx.symbol!, date: tx.date, quantity: tx.quantity!, costLocal, costBase, fxGap });
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
    const lot: Lot = { id: tx.id, accountId: tx.accountId, symbol: tx.symbol!, date: tx.date, quantity: tx.quantity!, costLocal: tx.amount!, costBase: knownValue(costBase), fxGap: missingRate(costBase) };
    this.addLot(position, lot);
    // The position arrives from outside: it enters at market value when known, else at cost.
    const price = this.options.priceAt?.(tx.symbol!, tx.date);
    this.flow(tx, tx.accountId, price !== undefined ? this.toBase(tx, mul(price, tx.quantity!), tx.currency) : costBase, false);
  }

  /** Takes `quantity` units out of one lot, returning what was taken. */
  private static takeFrom(lot: Lot, wanted: Decimal): Taken {
    const take = cmp(lot.quantity, wanted) <= 0 ? lot.quantity : wanted;
    const whole = take === lot.quantity;
    const costLocal = whole ? lot.costLocal : div(mul(lot.costLocal, take), lot.quantity);
    const costBase = whole ? lot.costBase : div(mul(lot.costBase, take), lot.quantity);
    lot.quantity = sub(lot.quantity, take);
    lot.costLocal = sub(lot.costLocal, costLocal);
    lot.costBase = sub(lot.costBase, costBase);
    return { lot, quantity: take, costLocal, costBase };
  }

  /**
   * Removes `quantity` units from a position's lots in method order: oldest first (FIFO, and
   * the informational lots of the average method), newest first (LIFO), or the lots a
   * specific-lot sale names. Emptied lots are dropped without copying the lot list.
   */
  private takeLots(tx: EngineTx, position: Position, quantity: Decimal, byIds = true): Taken[] {
    const taken: Taken[] = [];
    const lots = position.lots;
    let remaining = quantity;
    if (byIds && this.options.method === 'specific' && tx.lotIds?.length) {
      for (const id of tx.lotIds) {
        if (isZero(remaining)) break;
        const lot = lots.find((l) => l.id === id) ?? refuse(tx, 'lotIds', `no open lot ${id} in ${tx.symbol}`);
        const part = Ledger.takeFrom(lot, remaining);
        taken.push(part);
        remaining = sub(remaining, part.quantity);
      }
      if (!isZero(remaining)) refuse(tx, 'lotIds', 'the lots named do not hold enough units');
      position.lots = lots.filter((lot) => !isZero(lot.quantity));
    } else if (this.options.method === 'lifo') {
      for (let i = lots.length - 1; i >= 0 && !isZero(remaining); i -= 1) {
        const part = Ledger.takeFrom(lots[i]!, remaining);
        taken.push(part);
        remaining = sub(remaining, part.quantity);
      }
      while (lots.length && isZero(lots[lots.length - 1]!.quantity)) lots.pop();
    } else {
      let emptied = 0;
      for (let i = 0; i < lots.length && !isZero(remaining); i += 1) {
        const part = Ledger.takeFrom(lots[i]!, remaining);
        taken.push(part);
        remaining = sub(remaining, part.quantity);
        if (isZero(lots[i]!.quantity)) emptied = i + 1;
      }
      if (emptied) lots.splice(0, emptied);
    }
    return taken;
  }

  private sell(tx: EngineTx): void {
    const position = this.position(tx, tx.accountId, false);
    const quantity = tx.quantity!;
    const held = position?.quantity ?? ZERO;
    if (!position || cmp(quantity, held) > 0) refuse(tx, 'quantity', `selling ${fmt(quantity)} exceeds the ${fmt(held)} held in this account`);
    const all = quantity === position.quantity;
    const taken = this.keepsLots ? this.takeLots(tx, position, quantity) : NOTHING_TAKEN;
    let costLocal = ZERO;
    let costBase = ZERO;
    if (this.options.method === 'average') {
      costLocal = all ? position.costLocal : div(mul(position.costLocal, quantity), position.quantity);
      costBase = all ? position.costBase : div(mul(position.costBase, quantity), position.quantity);
    } else {
      for (const part of taken) {
        costLocal = add(costLocal, part.costLocal);
        costBase = add(costBase, part.costBase);
      }
    }
    position.quantity = sub(position.quantity, quantity);
    position.costLocal = all ? ZERO : sub(position.costLocal, costLocal);
    position.costBase = all ? ZERO : sub(position.costBase, costBase);
    const proceedsLocal = sub(mul(quantity, tx.price!), tx.fee);
    this.moveCash(tx, tx.cashKey, proceedsLocal);
    const lots = taken.length ? taken.map((part) => ({ lotId: part.lot.id, quantity: part.quantity })) : NO_LOTS;
    this.dispose(tx, position, quantity, proceedsLocal, costLocal, costBase, lots, 'sale');
    this.addCommission(tx);
    if (isZero(position.quantity)) this.positions.delete(tx.positionKey);
  }

  private dispose(
    tx: EngineTx,
    position: Position,
    quantity: Decimal,
    proceedsLocal: Decimal,
    costLocal: Decimal,
    costBase: Decimal,
    lots: Disposition['lots'],
    reason: Disposition['reason'],
  ): void {
    const proceeds = this.toBase(tx, proceedsLocal, tx.currency);
    const costAtSaleRate = knownValue(this.toBase(tx, costLocal, tx.currency));
    const proceedsBase = knownValue(proceeds);
    const gainBase = sub(proceedsBase, costBase);
    this.dispositions.push({
      transactionId: tx.id,
      accountId: tx.accountId,
      date: tx.date,
      symbol: tx.symbol!,
      currency: tx.currency,
      quantity,
      proceedsLocal,
      proceedsBase,
      costLocal,
      costBase,
      gainBase,
      priceGainBase: sub(proceedsBase, costAtSaleRate),
      currencyGainBase: sub(costAtSaleRate, costBase),
      lots,
      reason,
      fxGap: missingRate(proceeds) ?? position.fxGap,
    });
    const stats = this.statsFor(tx.accountId, tx.symbol!, tx.currency, tx.positionKey);
    stats.realizedBase = add(stats.realizedBase, gainBase);
  }

  private split(tx: EngineTx): void {
    const position = this.position(tx, tx.accountId, false);
    if (!position) refuse(tx, 'symbol', `no ${tx.symbol} is held in this account to split`);
    const { new: n, old: o } = tx.ratio!;
    if (!this.keepsLots) {
      position.quantity = div(mul(position.quantity, n), o);
      return;
    }
    let quantity = ZERO;
    for (const lot of position.lots) {
      lot.quantity = div(mul(lot.quantity, n), o);
      quantity = add(quantity, lot.quantity);
    }
    position.quantity = quantity;
  }

  private returnOfCapital(tx: EngineTx): void {
    const position = this.position(tx, tx.accountId, false);
    if (!position) refuse(tx, 'symbol', `no ${tx.symbol} is held in this account to return capital on`);
    const converted = this.toBase(tx, tx.amount!, tx.currency);
    const amountBase = knownValue(converted);
    this.moveCash(tx, tx.cashKey, tx.amount!);
    const newLocal = sub(position.costLocal, tx.amount!);
    const newBase = sub(position.costBase, amountBase);
    // Spread the reduction over the lots by units, so lot costs keep summing to the position's.
    for (const lot of position.lots) {
      lot.costLocal = sub(lot.costLocal, div(mul(tx.amount!, lot.quantity), position.quantity));
      lot.costBase = sub(lot.costBase, div(mul(amountBase, lot.quantity), position.quantity));
    }
    if (!isNegative(newBase)) {
      position.costLocal = newLocal;
      position.costBase = newBase;
      return;
    }
    // Canadian rule: ACB cannot go below zero; the excess is a capital gain now.
    position.costLocal = isNegative(newLocal) ? ZERO : newLocal;
    position.costBase = ZERO;
    for (const lot of position.lots) {
      lot.costBase = ZERO;
      if (isNegative(lot.costLocal)) lot.costLocal = ZERO;
    }
    const excess = neg(newBase);
    this.dispositions.push({
      transactionId: tx.id,
      accountId: tx.accountId,
      date: tx.date,
      symbol: tx.symbol!,
      currency: tx.currency,
      quantity: ZERO,
      proceedsLocal: ZERO,
      proceedsBase: excess,
      costLocal: ZERO,
      costBase: ZERO,
      gainBase: excess,
      priceGainBase: excess,
      currencyGainBase: ZERO,
      lots: [],
      reason: 'negative_acb',
      fxGap: missingRate(converted),
    });
    const stats = this.statsFor(tx.accountId, tx.symbol!, tx.currency, tx.positionKey);
    stats.realizedBase = add(stats.realizedBase, excess);
  }

  private transferCash(tx: EngineTx): void {
    const to = tx.toAccountId!;
    this.moveCash(tx, tx.cashKey, neg(tx.amount!));
    this.moveCash(tx, key(to, tx.currency), tx.amount!);
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
      for (const part of this.takeLots(tx, from, quantity, false)) {
        movedLocal = add(movedLocal, part.costLocal);
        movedBase = add(movedBase, part.costBase);
        this.addLot(to, { ...part.lot, accountId: to.accountId, quantity: part.quantity, costLocal: part.costLocal, costBase: part.costBase });
      }
    } else {
      // The moved units carry the pool's average cost across.
      movedLocal = all ? from.costLocal : div(mul(from.costLocal, quantity), from.quantity);
      movedBase = all ? from.costBase : div(mul(from.costBase, quantity), from.quantity);
      this.addLot(to, { id: tx.id, accountId: to.accountId, symbol: tx.symbol!, date: tx.date, quantity, costLocal: movedLocal, costBase: movedBase, fxGap: from.fxGap });
    }
    from.quantity = sub(from.quantity, quantity);
    from.costLocal = all ? ZERO : sub(from.costLocal, movedLocal);
    from.costBase = all ? ZERO : sub(from.costBase, movedBase);
    if (isZero(from.quantity)) this.positions.delete(tx.positionKey);
    const price = this.options.priceAt?.(tx.symbol!, tx.date);
    const value: Converted = price !== undefined ? this.toBase(tx, mul(price, quantity), tx.currency) : movedBase;
    this.flow(tx, tx.accountId, typeof value === 'bigint' ? neg(value) : value, false);
    this.flow(tx, to.accountId, value, false);
  }
}
