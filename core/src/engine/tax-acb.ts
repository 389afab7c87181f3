/**
 * The adjusted cost base (ACB) the tax report uses: the CRA averages the cost of identical
 * properties over every non-registered account of the taxpayer, so a sale's ACB is its share
 * of one pool per security across the portfolio's taxable accounts (a portfolio is taken to
 * be one taxpayer's), in the base currency at trade-date rates (or the broker's), commissions
 * added to cost and taken from proceeds. This holds whatever cost-basis method the portfolio
 * shows its holdings with: FIFO lots and per-account averages are not a Canadian tax basis.
 *
 * Registered accounts (TFSA, RRSP…) have no capital gains and stay out of the pools, except
 * where securities cross: a transfer in kind from a taxable account to a registered one is a
 * deemed sale at market value (a gain is taxable, a loss is denied outright), and one the other
 * way is an acquisition at market value. A transfer between two taxable accounts changes nothing.
 * Without the market price (or an exchange rate) such an amount is unknown, never assumed.
 */
import type { FxRates } from '../fx/fx-rates';
import { add, cmp, div, isNegative, isZero, mulDiv, neg, sub, ZERO, type Decimal } from '../money/decimal';
import { negativeAcbDisposition, saleDisposition } from './disposition';
import { convert, knownValue, missingRate, rateFor, type Converted } from './events';
import { timesQuantity, type EngineTx } from './parse';
import { acquiredAround, superficialLoss, type AcquisitionIndex, type SuperficialLoss, type UnitsHeldAt } from './tax';
import type { DataGap, Disposition } from './types';

export interface TaxAcbOptions {
  baseCurrency: string;
  fx: FxRates;
  /** Whether an account's gains are taxable (not a TFSA, RRSP…). */
  taxable: (accountId: string) => boolean;
  /** A market price (the instrument's currency) on a date: the value of a transfer in kind across the registered line. */
  priceAt?: (symbol: string, date: string) => Decimal | undefined;
  /** Every purchase by the taxpayer (any account, any portfolio) and the units held over time,
   * for the superficial-loss test; without them no loss is found superficial. */
  superficial?: { acquisitions: AcquisitionIndex; heldAt: UnitsHeldAt };
}

/** What the taxpayer holds of one security over the taxable accounts, and its ACB. */
export interface TaxPool {
  symbol: string;
  currency: string;
  /** Units per taxable account (a split or a sale applies to one account's units). */
  units: Map<string, Decimal>;
  quantity: Decimal;
  /** The pool's cost in the instrument's currency, for the price and currency parts of a gain. */
  costLocal: Decimal;
  acb: Decimal;
  /** The first rate or price the ACB needed and did not have: the ACB is then not known. */
  gap: DataGap | undefined;
}

export interface TaxAcb {
  /** The taxable accounts' dispositions, in order, at pooled ACB; a superficial loss's denied part in `deniedLoss`. */
  dispositions: Disposition[];
  /** The sales whose loss is (partly) superficial. */
  superficialLosses: SuperficialLoss[];
  /** Open pools after the last transaction, by symbol and currency. */
  pools: TaxPool[];
}

/** What the taxable accounts hold of a security now, at the ACB a tax return would use. */
export interface CurrentAcb {
  symbol: string;
  currency: string;
  quantity: Decimal;
  /** In the base currency; null with `gap` when a rate or price it needed is missing. */
  acb: Decimal | null;
  acbPerUnit: Decimal | null;
  gap: DataGap | null;
}

/**
 * The open pools' ACB, by symbol: a pool whole, or for one account that account's units at the
 * pool's ACB per unit (the CRA's average is over all the taxable accounts, not the account's own).
 */
export function currentAcb(pools: readonly TaxPool[], accountId?: string): CurrentAcb[] {
  const rows = pools.flatMap((pool): CurrentAcb[] => {
    const quantity = accountId === undefined ? pool.quantity : pool.units.get(accountId);
    if (quantity === undefined || isZero(quantity) || isZero(pool.quantity)) return [];
    const known = pool.gap === undefined;
    return [
      {
        symbol: pool.symbol,
        currency: pool.currency,
        quantity,
        acb: !known ? null : quantity === pool.quantity ? pool.acb : mulDiv(pool.acb, quantity, pool.quantity),
        acbPerUnit: known ? div(pool.acb, pool.quantity) : null,
        gap: pool.gap ?? null,
      },
    ];
  });
  return rows.sort((a, b) => (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : a.currency < b.currency ? -1 : 1));
}

const gapFields = (gap: DataGap | undefined): Pick<Disposition, 'fxGap' | 'priceGap'> =>
  gap === undefined ? {} : gap.kind === 'missing_fx' ? { fxGap: gap } : { priceGap: gap };

/** Dispositions at pooled ACB over the taxable accounts of `txs` (one portfolio, in engine order). */
export function taxAcb(txs: readonly EngineTx[], options: TaxAcbOptions): TaxAcb {
  const { baseCurrency, fx, taxable } = options;
  const pools = new Map<string, TaxPool>();
  const dispositions: Disposition[] = [];
  const superficialLosses: SuperficialLoss[] = [];
  /** Denied superficial losses waiting for the units bought back (the pool was empty after the sale). */
  const pendingDenied = new Map<string, Decimal>();
  const ownAccounts = new Set(txs.flatMap((tx) => (tx.toAccountId === undefined ? [tx.accountId] : [tx.accountId, tx.toAccountId])));
  const poolKey = (tx: EngineTx) => `${tx.symbol}\u0000${tx.currency}`;
  const poolOf = (tx: EngineTx): TaxPool => {
    const key = poolKey(tx);
    let pool = pools.get(key);
    if (!pool) pools.set(key, (pool = { symbol: tx.symbol!, currency: tx.currency, units: new Map(), quantity: ZERO, costLocal: ZERO, acb: ZERO, gap: undefined }));
    return pool;
  };
  const held = (tx: EngineTx): TaxPool => {
    const pool = pools.get(poolKey(tx));
    // The ledger checked the history first: a taxable account never gives up units it does not hold.
    if (!pool) throw new Error(`${tx.kind} ${tx.symbol} on ${tx.date} (${tx.id}): no ${tx.symbol} held in a taxable account`);
    return pool;
  };
  /** Adds (or, negative, takes) units of one account in a pool. */
  const changeUnits = (pool: TaxPool, accountId: string, change: Decimal) => {
    const units = add(pool.units.get(accountId) ?? ZERO, change);
    if (isZero(units)) pool.units.delete(accountId);
    else pool.units.set(accountId, units);
  };
  /** The market value of the transaction's units at its date, in its currency, or the missing price. */
  const marketValue = (tx: EngineTx): Decimal | DataGap => {
    const price = options.priceAt?.(tx.symbol!, tx.date);
    return price === undefined ? { kind: 'missing_price', symbol: tx.symbol!, date: tx.date } : timesQuantity(tx.quantity!, tx.wholeQuantity, price);
  };

  function acquire(tx: EngineTx, accountId: string, costLocal: Decimal | DataGap): void {
    const pool = poolOf(tx);
    const quantity = tx.quantity!;
    changeUnits(pool, accountId, quantity);
    pool.quantity = add(pool.quantity, quantity);
    const costBase: Converted | DataGap = typeof costLocal === 'bigint' ? convert(tx, costLocal, baseCurrency, fx) : costLocal;
    if (typeof costLocal === 'bigint') pool.costLocal = add(pool.costLocal, costLocal);
    if (typeof costBase === 'bigint') pool.acb = add(pool.acb, costBase);
    else pool.gap ??= costBase;
    const denied = pendingDenied.get(poolKey(tx));
    if (denied !== undefined) {
      pool.acb = add(pool.acb, denied);
      pendingDenied.delete(poolKey(tx));
    }
  }

  /**
   * Flags a losing sale that is superficial: its denied part is in `deniedLoss`, and goes into the
   * ACB of the units bought back, for the share of them bought in this portfolio's taxable
   * accounts (bought in a TFSA or RRSP, or by another portfolio's owner, it is not carried here).
   */
  function checkSuperficial(tx: EngineTx, disposition: Disposition): void {
    const check = options.superficial;
    const flag = check && superficialLoss(disposition, check.acquisitions, check.heldAt);
    if (!flag) return;
    superficialLosses.push(flag);
    disposition.deniedLoss = flag.deniedLoss;
    const ids = new Set(flag.acquisitionIds);
    const here = acquiredAround(check.acquisitions, flag.symbol, flag.date).filter((a) => ids.has(a.transactionId) && ownAccounts.has(a.accountId) && taxable(a.accountId));
    if (here.length === 0) return;
    const carried = mulDiv(flag.deniedLoss, here.reduce((total, a) => add(total, a.quantity), ZERO), flag.reacquiredQuantity);
    const pool = pools.get(poolKey(tx));
    if (pool) pool.acb = add(pool.acb, carried);
    else pendingDenied.set(poolKey(tx), add(pendingDenied.get(poolKey(tx)) ?? ZERO, carried));
  }

  /** Takes the transaction's units of `accountId` out of the pool, with their share of its cost. */
  function take(tx: EngineTx, pool: TaxPool, accountId: string): { costLocal: Decimal; costBase: Decimal; gap: DataGap | undefined } {
    const quantity = tx.quantity!;
    const all = cmp(quantity, pool.quantity) === 0;
    const costLocal = all ? pool.costLocal : mulDiv(pool.costLocal, quantity, pool.quantity);
    const costBase = all ? pool.acb : mulDiv(pool.acb, quantity, pool.quantity);
    const gap = pool.gap;
    changeUnits(pool, accountId, neg(quantity));
    if (all) pools.delete(poolKey(tx));
    else {
      pool.quantity = sub(pool.quantity, quantity);
      pool.costLocal = sub(pool.costLocal, costLocal);
      pool.acb = sub(pool.acb, costBase);
    }
    return { costLocal, costBase, gap };
  }

  /** A sale (proceeds known in the currency) or a deemed sale at market value (maybe unknown). */
  function dispose(tx: EngineTx, proceedsLocal: Decimal | DataGap, reason: 'sale' | 'transfer_to_registered'): void {
    const pool = held(tx);
    const { costLocal, costBase, gap: costGap } = take(tx, pool, tx.accountId);
    const proceeds: Converted | DataGap = typeof proceedsLocal === 'bigint' ? convert(tx, proceedsLocal, baseCurrency, fx) : proceedsLocal;
    const proceedsBase = typeof proceeds === 'bigint' ? proceeds : ZERO;
    const gap = (typeof proceeds === 'bigint' ? undefined : proceeds) ?? costGap;
    const rate = tx.currency === baseCurrency ? null : rateFor(tx, tx.currency, baseCurrency, fx);
    const sale = { quantity: tx.quantity!, proceedsLocal: typeof proceedsLocal === 'bigint' ? proceedsLocal : ZERO, proceedsBase, costLocal, costBase, lots: [], reason };
    const disposition = saleDisposition(tx, sale, rate, gapFields(gap));
    // A loss on a transfer into a registered plan is denied outright (ITA 40(2)(g)(iv)).
    if (reason === 'transfer_to_registered' && gap === undefined && isNegative(disposition.gainBase)) disposition.deniedLoss = neg(disposition.gainBase);
    else checkSuperficial(tx, disposition);
    dispositions.push(disposition);
  }

  function returnOfCapital(tx: EngineTx): void {
    const pool = held(tx);
    const amount = convert(tx, tx.amount!, baseCurrency, fx);
    const fxGap = missingRate(amount);
    pool.gap ??= fxGap;
    const local = sub(pool.costLocal, tx.amount!);
    pool.costLocal = isNegative(local) ? ZERO : local;
    const acb = sub(pool.acb, knownValue(amount));
    if (!isNegative(acb)) {
      pool.acb = acb;
      return;
    }
    // ACB cannot go below zero: the excess is a capital gain now, and the ACB starts again at zero.
    pool.acb = ZERO;
    dispositions.push(negativeAcbDisposition(tx, neg(acb), gapFields(fxGap ?? pool.gap)));
  }

  function split(tx: EngineTx): void {
    const pool = held(tx);
    const units = pool.units.get(tx.accountId);
    if (units === undefined) return;
    // The account's own units split (each account records the split of what it holds), as the ledger rounds them.
    const after = mulDiv(units, tx.ratio!.new, tx.ratio!.old);
    pool.units.set(tx.accountId, after);
    pool.quantity = add(sub(pool.quantity, units), after);
  }

  function transfer(tx: EngineTx): void {
    const fromTaxable = taxable(tx.accountId);
    const toTaxable = taxable(tx.toAccountId!);
    if (fromTaxable && toTaxable) {
      // Between two taxable accounts: the same taxpayer's units, the pool's ACB unchanged.
      const pool = held(tx);
      changeUnits(pool, tx.accountId, neg(tx.quantity!));
      changeUnits(pool, tx.toAccountId!, tx.quantity!);
    } else if (fromTaxable) dispose(tx, marketValue(tx), 'transfer_to_registered');
    else if (toTaxable) acquire(tx, tx.toAccountId!, marketValue(tx));
  }

  for (const tx of txs) {
    if (tx.symbol === undefined) continue;
    if (tx.kind === 'transfer') {
      transfer(tx);
      continue;
    }
    if (!taxable(tx.accountId)) continue;
    switch (tx.kind) {
      case 'buy':
      case 'drip':
        acquire(tx, tx.accountId, tx.settlement!);
        break;
      case 'opening_position':
        acquire(tx, tx.accountId, tx.amount!);
        break;
      case 'sell':
        dispose(tx, tx.settlement!, 'sale');
        break;
      case 'split':
        split(tx);
        break;
      case 'return_of_capital':
        returnOfCapital(tx);
        break;
    }
  }
  return { dispositions, superficialLosses, pools: [...pools.values()] };
}
