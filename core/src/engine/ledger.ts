import { CoreError } from '../errors';
import { isMissingFx, type FxRates, type MissingFx } from '../fx/fx-rates';
import { add, cmp, div, isNegative, isZero, mul, neg, sub, toDecimalString, ZERO, type Decimal } from '../money/decimal';
import type { EngineTx } from './parse';
import type { CostBasisMethod, Disposition, ExternalFlow, IncomeEvent, Lot, Position } from './types';

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

export interface Converted {
  value: Decimal;
  gap?: MissingFx;
}

const key = (accountId: string, symbol: string) => `${accountId}\u0000${symbol}`;

/** Refusal of a transaction that does not fit the history before it. */
function refuse(tx: EngineTx, field: string, message: string): never {
  throw new CoreError('invalid_input', `${tx.kind} ${tx.symbol ?? ''} on ${tx.date} (${tx.id}) refused: ${message}`.replace('  ', ' '), [{ field, message }], tx.id);
}

const cloneLot = (lot: Lot): Lot => ({ ...lot });
const clonePosition = (p: Position): Position => ({ ...p, lots: p.lots.map(cloneLot) });

/**
 * Applies transactions in engine order and keeps what each account holds (positions with
 * lots and cost basis), its cash per currency, every disposition, income event and external
 * flow. Amounts in the base currency use the transaction's own broker rate when it has one,
 * else the FX series at the trade date; a missing rate marks the affected item (`fxGap`),
 * never a guessed rate.
 */
export class Ledger {
  readonly positions = new Map<string, Position>();
  readonly cash = new Map<string, Decimal>();
  readonly stats = new Map<string, PositionStats>();
  readonly dispositions: Disposition[] = [];
  readonly income: IncomeEvent[] = [];
  readonly flows: ExternalFlow[] = [];
  /** Units acquired (buy, DRIP, opening, transfer in), for superficial-loss checks. */
  readonly acquisitions: { transactionId: string; accountId: string; date: string; symbol: string; quantity: Decimal }[] = [];

  constructor(readonly options: LedgerOptions) {}

  /** A copy of the state, to resume from after an edit later than its last transaction. */
  snapshot(): LedgerSnapshot {
    return {
      positions: new Map([...this.positions].map(([k, p]) => [k, clonePosition(p)])),
      cash: new Map(this.cash),
      stats: new Map([...this.stats].map(([k, s]) => [k, { ...s }])),
      lengths: [this.dispositions.length, this.income.length, this.flows.length, this.acquisitions.length],
    };
  }

  restore(snapshot: LedgerSnapshot): void {
    this.positions.clear();
    for (const [k, p] of snapshot.positions) this.positions.set(k, clonePosition(p));
    this.cash.clear();
    for (const [k, v] of snapshot.cash) this.cash.set(k, v);
    this.stats.clear();
    for (const [k, s] of snapshot.stats) this.stats.set(k, { ...s });
    const [d, i, f, a] = snapshot.lengths;
    this.dispositions.length = d;
    this.income.length = i;
    this.flows.length = f;
    this.acquisitions.length = a;
  }

  apply(tx: EngineTx): void {
    switch (tx.kind) {
      case 'buy':
        return this.buy(tx, mul(tx.quantity!, tx.price!), true);
      case 'drip':
        this.incomeEvent(tx, 'drip', mul(tx.quantity!, tx.price!));
        return this.buy(tx, mul(tx.quantity!, tx.price!), false);
      case 'opening_position':
        return this.openingPosition(tx);
      case 'sell':
        return this.sell(tx);
      case 'dividend':
        this.statsFor(tx.accountId, tx.symbol!, tx.currency);
        this.moveCash(tx, tx.currency, tx.amount!);
        return this.incomeEvent(tx, 'dividend', tx.amount!);
      case 'interest':
        this.moveCash(tx, tx.currency, tx.amount!);
        return this.incomeEvent(tx, 'interest', tx.amount!);
      case 'withholding_tax':
        this.moveCash(tx, tx.currency, neg(tx.amount!));
        return this.incomeEvent(tx, 'withholding_tax', neg(tx.amount!));
      case 'fee':
        this.moveCash(tx, tx.currency, neg(tx.amount!));
        return this.incomeEvent(tx, 'fee', neg(tx.amount!));
      case 'deposit':
      case 'withdrawal': {
        const amount = tx.kind === 'deposit' ? tx.amount! : neg(tx.amount!);
        this.moveCash(tx, tx.currency, amount);
        return this.flow(tx, tx.accountId, this.toBase(tx, amount), false);
      }
      case 'transfer':
        return tx.symbol !== undefined ? this.transferSecurities(tx) : this.transferCash(tx);
      case 'split':
        return this.split(tx);
      case 'return_of_capital':
        return this.returnOfCapital(tx);
      case 'fx_conversion':
        this.moveCash(tx, tx.currency, neg(tx.amount!));
        return this.moveCash(tx, tx.toCurrency!, tx.toAmount!);
    }
  }

  /** Converts an amount of the transaction's currency into the base currency at its date. */
  convert(tx: EngineTx, amount: Decimal, currency = tx.currency): Converted {
    return this.toBase(tx, amount, currency);
  }

  private toBase(tx: EngineTx, amount: Decimal, currency = tx.currency): Converted {
    if (currency === this.options.baseCurrency) return { value: amount };
    if (tx.fxRate !== undefined && currency === tx.currency) return { value: mul(amount, tx.fxRate) };
    const quote = this.options.fx.quote(currency, this.options.baseCurrency, tx.date);
    if (isMissingFx(quote)) return { value: ZERO, gap: quote };
    return { value: mul(amount, quote.rate) };
  }

  private statsFor(accountId: string, symbol: string, currency: string): PositionStats {
    const k = key(accountId, symbol);
    let stats = this.stats.get(k);
    if (!stats) this.stats.set(k, (stats = { accountId, symbol, currency, realizedBase: ZERO, dividendsBase: ZERO, withholdingBase: ZERO, commissionsBase: ZERO }));
    return stats;
  }

  private position(tx: EngineTx, accountId = tx.accountId, create = true): Position | undefined {
    const k = key(accountId, tx.symbol!);
    let position = this.positions.get(k);
    if (!position && create) {
      position = { accountId, symbol: tx.symbol!, currency: tx.currency, quantity: ZERO, costLocal: ZERO, costBase: ZERO, lots: [] };
      this.positions.set(k, position);
      this.statsFor(accountId, tx.symbol!, tx.currency);
    }
    if (position && position.currency !== tx.currency) {
      refuse(tx, 'currency', `${tx.symbol} is held in ${position.currency} in this account, not ${tx.currency}`);
    }
    return position;
  }

  /** Adds to cash; in an account without recorded cash, a shortfall becomes an implicit deposit. */
  private moveCash(tx: EngineTx, currency: string, amount: Decimal, accountId = tx.accountId): void {
    const k = key(accountId, currency);
    let balance = add(this.cash.get(k) ?? ZERO, amount);
    if (isNegative(balance) && !this.options.cashTrackedAccounts.has(accountId)) {
      const shortfall = neg(balance);
      balance = ZERO;
      this.flow(tx, accountId, this.toBase(tx, shortfall, currency), true);
    }
    this.cash.set(k, balance);
  }

  private flow(tx: EngineTx, accountId: string, amount: Converted, implicit: boolean): void {
    this.flows.push({ transactionId: tx.id, accountId, date: tx.date, amountBase: amount.value, implicit, ...(amount.gap ? { fxGap: amount.gap } : {}) });
  }

  private incomeEvent(tx: EngineTx, kind: IncomeEvent['kind'], amountLocal: Decimal): void {
    const base = this.toBase(tx, amountLocal);
    this.income.push({
      transactionId: tx.id,
      accountId: tx.accountId,
      date: tx.date,
      kind,
      ...(tx.symbol !== undefined ? { symbol: tx.symbol } : {}),
      currency: tx.currency,
      amountLocal,
      amountBase: base.value,
      ...(base.gap ? { fxGap: base.gap } : {}),
    });
    if (tx.symbol !== undefined && (kind === 'dividend' || kind === 'drip')) {
      const stats = this.statsFor(tx.accountId, tx.symbol, tx.currency);
      stats.dividendsBase = add(stats.dividendsBase, base.value);
    }
    if (tx.symbol !== undefined && kind === 'withholding_tax') {
      const stats = this.statsFor(tx.accountId, tx.symbol, tx.currency);
      stats.withholdingBase = add(stats.withholdingBase, base.value);
    }
  }

  private addLot(position: Position, lot: Lot): void {
    position.lots.push(lot);
    position.quantity = add(position.quantity, lot.quantity);
    position.costLocal = add(position.costLocal, lot.costLocal);
    position.costBase = add(position.costBase, lot.costBase);
    if (lot.fxGap && !position.fxGap) position.fxGap = lot.fxGap;
    this.acquisitions.push({ transactionId: lot.id, accountId: lot.accountId, date: lot.date, symbol: lot.symbol, quantity: lot.quantity });
  }

  private buy(tx: EngineTx, gross: Decimal, paysCash: boolean): void {
    const position = this.position(tx)!;
    const costLocal = add(gross, tx.fee);
    const costBase = this.toBase(tx, costLocal);
    if (!isZero(tx.fee)) {
      const stats = this.statsFor(tx.accountId, tx.symbol!, tx.currency);
      stats.commissionsBase = add(stats.commissionsBase, this.toBase(tx, tx.fee).value);
    }
    this.addLot(position, {
      id: tx.id,
      accountId: tx.accountId,
      symbol: tx.symbol!,
      date: tx.date,
      quantity: tx.quantity!,
      costLocal,
      costBase: costBase.value,
      ...(costBase.gap ? { fxGap: costBase.gap } : {}),
    });
    if (paysCash) this.moveCash(tx, tx.currency, neg(costLocal));
  }

  private openingPosition(tx: EngineTx): void {
    const position = this.position(tx)!;
    const costBase = this.toBase(tx, tx.amount!);
    this.addLot(position, {
      id: tx.id,
      accountId: tx.accountId,
      symbol: tx.symbol!,
      date: tx.date,
      quantity: tx.quantity!,
      costLocal: tx.amount!,
      costBase: costBase.value,
      ...(costBase.gap ? { fxGap: costBase.gap } : {}),
    });
    // The position arrives from outside: it enters at market value when known, else at cost.
    const price = this.options.priceAt?.(tx.symbol!, tx.date);
    this.flow(tx, tx.accountId, price !== undefined ? this.toBase(tx, mul(price, tx.quantity!)) : costBase, false);
  }

  /** Removes `quantity` units from a position's lots in method order; returns what was taken. */
  private takeLots(tx: EngineTx, position: Position, quantity: Decimal): { lot: Lot; quantity: Decimal; costLocal: Decimal; costBase: Decimal }[] {
    const taken: { lot: Lot; quantity: Decimal; costLocal: Decimal; costBase: Decimal }[] = [];
    const order = this.lotOrder(tx, position);
    let remaining = quantity;
    for (const lot of order) {
      if (isZero(remaining)) break;
      const take = cmp(lot.quantity, remaining) <= 0 ? lot.quantity : remaining;
      const whole = take === lot.quantity;
      const costLocal = whole ? lot.costLocal : div(mul(lot.costLocal, take), lot.quantity);
      const costBase = whole ? lot.costBase : div(mul(lot.costBase, take), lot.quantity);
      taken.push({ lot, quantity: take, costLocal, costBase });
      lot.quantity = sub(lot.quantity, take);
      lot.costLocal = sub(lot.costLocal, costLocal);
      lot.costBase = sub(lot.costBase, costBase);
      remaining = sub(remaining, take);
    }
    if (!isZero(remaining)) refuse(tx, 'lotIds', 'the lots named do not hold enough units');
    position.lots = position.lots.filter((lot) => !isZero(lot.quantity));
    return taken;
  }

  private lotOrder(tx: EngineTx, position: Position): Lot[] {
    if (this.options.method === 'lifo') return [...position.lots].reverse();
    if (this.options.method === 'specific' && tx.lotIds?.length) {
      return tx.lotIds.map((id) => position.lots.find((lot) => lot.id === id) ?? refuse(tx, 'lotIds', `no open lot ${id} in ${tx.symbol}`));
    }
    // FIFO, average (lots are informational) and specific-lot sales that name no lots.
    return position.lots;
  }

  private sell(tx: EngineTx): void {
    const position = this.position(tx, tx.accountId, false);
    const quantity = tx.quantity!;
    const held = position?.quantity ?? ZERO;
    if (!position || cmp(quantity, held) > 0) {
      refuse(tx, 'quantity', `selling ${quantity === undefined ? '' : fmt(quantity)} exceeds the ${fmt(held)} held in this account`);
    }
    const all = quantity === position.quantity;
    const taken = this.takeLots(tx, position, quantity);
    let costLocal: Decimal;
    let costBase: Decimal;
    if (this.options.method === 'average') {
      costLocal = all ? position.costLocal : div(mul(position.costLocal, quantity), position.quantity);
      costBase = all ? position.costBase : div(mul(position.costBase, quantity), position.quantity);
    } else {
      costLocal = taken.reduce((s, t) => add(s, t.costLocal), ZERO);
      costBase = taken.reduce((s, t) => add(s, t.costBase), ZERO);
    }
    position.quantity = sub(position.quantity, quantity);
    position.costLocal = all ? ZERO : sub(position.costLocal, costLocal);
    position.costBase = all ? ZERO : sub(position.costBase, costBase);
    const proceedsLocal = sub(mul(quantity, tx.price!), tx.fee);
    this.moveCash(tx, tx.currency, proceedsLocal);
    this.dispose(tx, position, quantity, proceedsLocal, costLocal, costBase, taken.map((t) => ({ lotId: t.lot.id, quantity: t.quantity })), 'sale');
    if (!isZero(tx.fee)) {
      const stats = this.statsFor(tx.accountId, tx.symbol!, tx.currency);
      stats.commissionsBase = add(stats.commissionsBase, this.toBase(tx, tx.fee).value);
    }
    if (isZero(position.quantity)) this.positions.delete(key(tx.accountId, tx.symbol!));
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
    const proceedsBase = this.toBase(tx, proceedsLocal);
    const costAtSaleRate = this.toBase(tx, costLocal);
    const gainBase = sub(proceedsBase.value, costBase);
    const fxGap = proceedsBase.gap ?? position.fxGap;
    this.dispositions.push({
      transactionId: tx.id,
      accountId: tx.accountId,
      date: tx.date,
      symbol: tx.symbol!,
      currency: tx.currency,
      quantity,
      proceedsLocal,
      proceedsBase: proceedsBase.value,
      costLocal,
      costBase,
      gainBase,
      priceGainBase: sub(proceedsBase.value, costAtSaleRate.value),
      currencyGainBase: sub(costAtSaleRate.value, costBase),
      lots,
      reason,
      ...(fxGap ? { fxGap } : {}),
    });
    const stats = this.statsFor(tx.accountId, tx.symbol!, tx.currency);
    stats.realizedBase = add(stats.realizedBase, gainBase);
  }

  private split(tx: EngineTx): void {
    const position = this.position(tx, tx.accountId, false);
    if (!position) refuse(tx, 'symbol', `no ${tx.symbol} is held in this account to split`);
    const { new: n, old: o } = tx.ratio!;
    const scale = (q: Decimal) => div(mul(q, n), o);
    for (const lot of position.lots) lot.quantity = scale(lot.quantity);
    position.quantity = position.lots.reduce((s, lot) => add(s, lot.quantity), ZERO);
  }

  private returnOfCapital(tx: EngineTx): void {
    const position = this.position(tx, tx.accountId, false);
    if (!position) refuse(tx, 'symbol', `no ${tx.symbol} is held in this account to return capital on`);
    const amountBase = this.toBase(tx, tx.amount!);
    this.moveCash(tx, tx.currency, tx.amount!);
    this.incomeEvent(tx, 'return_of_capital', tx.amount!);
    const newLocal = sub(position.costLocal, tx.amount!);
    const newBase = sub(position.costBase, amountBase.value);
    // Spread the reduction over the lots by units, so lot costs keep summing to the position's.
    const ratioLocal = (lot: Lot) => div(mul(tx.amount!, lot.quantity), position.quantity);
    const ratioBase = (lot: Lot) => div(mul(amountBase.value, lot.quantity), position.quantity);
    for (const lot of position.lots) {
      lot.costLocal = sub(lot.costLocal, ratioLocal(lot));
      lot.costBase = sub(lot.costBase, ratioBase(lot));
    }
    if (isNegative(newBase)) {
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
        ...(amountBase.gap ? { fxGap: amountBase.gap } : {}),
      });
      const stats = this.statsFor(tx.accountId, tx.symbol!, tx.currency);
      stats.realizedBase = add(stats.realizedBase, excess);
    } else {
      position.costLocal = newLocal;
      position.costBase = newBase;
    }
  }

  private transferCash(tx: EngineTx): void {
    const to = tx.toAccountId!;
    this.moveCash(tx, tx.currency, neg(tx.amount!));
    this.moveCash(tx, tx.currency, tx.amount!, to);
    const base = this.toBase(tx, tx.amount!);
    this.flow(tx, tx.accountId, { ...base, value: neg(base.value) }, false);
    this.flow(tx, to, base, false);
  }

  private transferSecurities(tx: EngineTx): void {
    const from = this.position(tx, tx.accountId, false);
    const quantity = tx.quantity!;
    if (!from || cmp(quantity, from.quantity) > 0) {
      refuse(tx, 'quantity', `transferring ${fmt(quantity)} exceeds the ${fmt(from?.quantity ?? ZERO)} held in this account`);
    }
    const all = quantity === from.quantity;
    const taken = this.takeLots({ ...tx, lotIds: undefined } as EngineTx, from, quantity);
    const to = this.position(tx, tx.toAccountId!)!;
    let movedLocal = ZERO;
    let movedBase = ZERO;
    for (const t of taken) {
      // Under the average method the moved units carry the pool's average cost across.
      const average = this.options.method === 'average';
      const costLocal = average ? div(mul(from.costLocal, t.quantity), from.quantity) : t.costLocal;
      const costBase = average ? div(mul(from.costBase, t.quantity), from.quantity) : t.costBase;
      movedLocal = add(movedLocal, costLocal);
      movedBase = add(movedBase, costBase);
      this.addLot(to, { ...t.lot, accountId: to.accountId, quantity: t.quantity, costLocal, costBase });
      this.acquisitions.pop(); // a transfer is not a new acquisition
    }
    from.quantity = sub(from.quantity, quantity);
    from.costLocal = all ? ZERO : sub(from.costLocal, movedLocal);
    from.costBase = all ? ZERO : sub(from.costBase, movedBase);
    if (isZero(from.quantity)) this.positions.delete(key(tx.accountId, tx.symbol!));
    const price = this.options.priceAt?.(tx.symbol!, tx.date);
    const value = price !== undefined ? this.toBase(tx, mul(price, quantity)) : { value: movedBase };
    this.flow(tx, tx.accountId, { ...value, value: neg(value.value) }, false);
    this.flow(tx, to.accountId, value, false);
  }
}

export interface LedgerSnapshot {
  positions: Map<string, Position>;
  cash: Map<string, Decimal>;
  stats: Map<string, PositionStats>;
  lengths: [number, number, number, number];
}

const fmt = toDecimalString;
