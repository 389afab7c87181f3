/**
 * Questrade activities → Folio transactions and needs-review items. One mapping for the API
 * (the server's import loop) and the CSV export (questrade-csv.ts parses rows into
 * activities first), so both agree on every decision below.
 *
 * Decisions (see also the README paragraph in the repo notes):
 * - Direction comes from type and action, sizes are absolute: sources disagree on signs. The
 *   sign is used only where it is the sole information (fee vs rebate, interest earned vs
 *   charged, which FX leg is the source, expiry of a long vs a short option).
 * - Trades: Buy/Sell → buy/sell on the trade date. Options keep their own Questrade symbol
 *   ("BAC18Oct19C29.00") as an instrument, counted in contracts like Questrade's positions;
 *   the price is per contract (quoted price × the multiplier the row's gross amount shows,
 *   100 for equity options), so value and cost match Questrade's. The fee absorbs the
 *   sub-cent rounding of Questrade's quoted price (e.g. 9 × 0.262222 × 100 vs 236.00), so
 *   the account's cash equals Questrade's net amounts exactly.
 * - Other/EXP (option expiry): a sell of the expiring long contracts at 0 (a short position
 *   expiring is a buy at 0), which closes the position and realizes its cost as a loss.
 * - Dividends: dividend (gross = net + the tax named in "NON-RES TAX WITHHELD USD 0.56",
 *   plus a withholding_tax row); a negative Dividends row is withholding tax on its own.
 * - Interest: earned → interest; charged (negative, margin) → fee.
 * - Fees and rebates: negative → fee; positive (a rebate) → interest labelled "Fee rebate".
 * - Deposits/Withdrawals and cash Transfers/journals: "CON <from> TO <to>" between two of
 *   the user's accounts (both resolvable) → ONE transfer with toAccountId. Its id comes from
 *   the transfer itself, so the sending and the receiving account's rows map to the same row.
 *   Otherwise deposit / withdrawal of cash (money from/to outside Folio's view).
 * - Securities moved in or out (Transfers JNL/TFI/TFO, Other BRW) without a known counterpart
 *   → needs review: the engine needs the other account or the cost, which the row lacks.
 * - FX conversion (FXT): the two legs (same account and day, different currencies, opposite
 *   signs) → one fx_conversion, amount → toAmount (their ratio is the implied rate, also in
 *   the note). A leg without its mate → needs review.
 * - Corporate actions (splits, consolidations, cash in lieu, mergers) → needs review: one row
 *   does not carry the ratio or the cost split the engine needs.
 * - Anything else, or a row whose numbers or date cannot be read → needs review. Never dropped.
 * - Every row leaving here fits the sync schema (core/src/sync/table-schemas.ts): a transaction
 *   the server would refuse (a symbol such as "XYZ UN" or longer than 24 characters) would make
 *   it refuse the whole batch, so it becomes a review item naming why; review texts are cut
 *   to their field limits (see storable).
 * - A trade whose net amount differs from quantity × price + commission by a cent or more
 *   (an option read without its multiplier, a fee the row does not show) → needs review,
 *   rather than a cash balance that silently drifts from Questrade's.
 */
import type { ImportReviewRow, TransactionRow } from '../../db/rows';
import { abs, add, cmp, dec, div, isDecimalString, isZero, mul, ONE, round, sub, toDecimalString, ZERO, type Decimal } from '../../money/decimal';
import { checkFields, TABLE_FIELDS } from '../../sync/table-schemas';
import type { QuestradeActivity } from './questrade-api-types';
import { stableHash } from './stable-id';

export const QUESTRADE_API_SOURCE = 'questrade';

export interface QuestradeMappingAccount {
  /** The engine account the activities belong to. */
  accountId: string;
  /** Its Questrade number, part of every key. */
  accountNumber: string;
  /** The engine account of another of the user's Questrade accounts, when it is imported too. */
  resolveAccountId(questradeAccountNumber: string): string | undefined;
}

export interface QuestradeMappingResult {
  transactions: TransactionRow[];
  reviews: ImportReviewRow[];
  /** Row id (transaction or review) → indexes of the input activities it came from (for CSV line numbers). */
  origins: Map<string, number[]>;
}

export interface QuestradeMappingOptions {
  /** `source` on every row; 'questrade' (API) unless the CSV export says otherwise. */
  source?: string;
}

/** The engine account id for a Questrade account number (deterministic, so every device and the server agree). */
export function questradeAccountId(accountNumber: string): string {
  return `qt-${accountNumber.trim()}`;
}

/**
 * An exact decimal string for a JSON number, from its shortest representation (never float
 * arithmetic); undefined for anything else, or a value finer than the engine's 18 places.
 */
export function numberText(value: unknown): string | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
  const text = String(value);
  const exp = /^(-?)(\d+)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  let plain = text;
  if (exp) {
    const [, sign = '', whole = '', fraction = '', power = '0'] = exp;
    const digits = whole + fraction;
    const point = whole.length + Number(power);
    plain = sign + (point <= 0 ? `0.${'0'.repeat(-point)}${digits}` : point >= digits.length ? digits + '0'.repeat(point - digits.length) : `${digits.slice(0, point)}.${digits.slice(point)}`);
  }
  return isDecimalString(plain) ? toDecimalString(dec(plain)) : undefined;
}

interface Parsed {
  activity: QuestradeActivity;
  key: string;
  /** Position in the input, for `origins`. */
  index: number;
  /** Transaction day (the key's day), YYYY-MM-DD. */
  day: string;
  tradeDay: string;
  type: string;
  action: string;
  symbol: string;
  currency: string;
  description: string;
  quantity: Decimal;
  price: Decimal;
  gross: Decimal;
  commission: Decimal;
  net: Decimal;
}

const DAY = /^\d{4}-\d{2}-\d{2}/;
const dayOf = (value: unknown) => (typeof value === 'string' ? DAY.exec(value)?.[0] : undefined);
const text = (value: unknown) => (typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value));
const squash = (value: string) => value.replace(/\s+/g, ' ').trim();
const WITHHELD = /NON-RES TAX WITHHELD\s+([A-Z]{3})\s+([\d,]*\.?\d+)/i;
const INTERNAL = /\b(\d{5,12})\s+TO\s+(\d{5,12})\b/i;
const NUMBER_FIELDS = ['quantity', 'price', 'grossAmount', 'commission', 'netAmount'] as const;

/** The stable composite key without its ordinal (see mapQuestradeActivities). */
export function activityBaseKey(accountNumber: string, activity: QuestradeActivity): string {
  const symbol = activity.symbolId ? String(activity.symbolId) : text(activity.symbol).trim();
  return [
    'qt',
    accountNumber.trim(),
    text(activity.transactionDate).trim(),
    text(activity.settlementDate).trim(),
    text(activity.type).trim(),
    text(activity.action).trim(),
    symbol,
    text(activity.currency).trim().toUpperCase(),
    ...NUMBER_FIELDS.map((field) => numberText(activity[field]) ?? text(activity[field])),
    squash(text(activity.description)),
  ].join('|');
}

/**
 * The stable composite key of each activity, in input order: the account number, the day, a
 * hash of every field (activityBaseKey) and an ordinal among identical rows of that day.
 * Compact (under 100 characters) so it fits the transaction's externalId.
 */
export function activityKeys(activities: readonly QuestradeActivity[], accountNumber: string): string[] {
  const ordinals = new Map<string, number>();
  return activities.map((activity) => {
    const base = activityBaseKey(accountNumber, activity);
    const n = (ordinals.get(base) ?? 0) + 1;
    ordinals.set(base, n);
    const day = dayOf(activity.transactionDate) ?? dayOf(activity.tradeDate) ?? dayOf(activity.settlementDate) ?? 'undated';
    return `qt:${accountNumber.trim()}:${day}:${stableHash(base)}:${n}`;
  });
}

/**
 * Maps one account's activities (any window, any order) to transactions and needs-review items. Pure and deterministic:
 * the same activity always yields the same row id (`qt-…` from a hash of its stable composite key) with `source: 'questrade'`
 * and `externalId` = the key (activityKeys), so re-importing any window updates rather than duplicates. `options.source`
 * tags rows from the CSV export instead; `origins` ties each row to its input activities.
 */
export function mapQuestradeActivities(
  activities: QuestradeActivity[],
  account: QuestradeMappingAccount,
  options: QuestradeMappingOptions = {},
): QuestradeMappingResult {
  const source = options.source ?? QUESTRADE_API_SOURCE;
  const transactions: TransactionRow[] = [];
  const reviews: ImportReviewRow[] = [];
  const fxLegs: Parsed[] = [];
  const transferOrdinals = new Map<string, number>();
  const origins = new Map<string, number[]>();
  const track = (id: string, ...parts: Parsed[]) => origins.set(id, [...(origins.get(id) ?? []), ...parts.map((p) => p.index)]);

  // Keys: identical rows of one day are told apart by an ordinal. Windows are whole days, so
  // a day is always mapped together and the ordinals are the same on every re-import.
  const keys = activityKeys(activities, account.accountNumber);
  const keyed = activities.map((activity, index) => ({ activity, key: keys[index]!, index }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));

  const review = (activity: QuestradeActivity, key: string, index: number, day: string, reason: string) => {
    const id = `qtr-${stableHash(key)}`;
    origins.set(id, [index]);
    reviews.push({ id, accountId: account.accountId, source, externalId: key, date: day, reason: clip(reason, REVIEW_REASON_MAX), raw: rawText(activity), createdAt: `${day}T00:00:00.000Z` });
  };
  /** The parsed activities by input index, for turning an unstorable transaction back into a review. */
  const parsedAt = new Map<number, Parsed>();

  const emit = (p: Parsed, fields: Partial<TransactionRow> & Pick<TransactionRow, 'kind'>, suffix = '') => {
    const key = p.key + suffix;
    const date = fields.date ?? p.day;
    const row: TransactionRow = {
      id: `qt-${stableHash(key)}`,
      accountId: account.accountId,
      date,
      currency: p.currency,
      ...fields,
      externalId: key,
      source,
      createdAt: `${date}T00:00:00.000Z`,
    };
    for (const field of Object.keys(row) as (keyof TransactionRow)[]) if (row[field] === undefined) delete row[field];
    track(row.id, p);
    transactions.push(row);
  };

  for (const { activity, key, index } of keyed) {
    const day = dayOf(activity.transactionDate) ?? dayOf(activity.tradeDate) ?? dayOf(activity.settlementDate);
    if (!day) {
      review(activity, key, index, '1970-01-01', 'The activity has no readable date — enter it by hand if it matters');
      continue;
    }
    const unreadable = NUMBER_FIELDS.filter((field) => numberText(activity[field]) === undefined);
    const currency = text(activity.currency).trim().toUpperCase();
    if (unreadable.length || !/^[A-Z]{3}$/.test(currency)) {
      review(activity, key, index, day, `Unreadable ${[...unreadable, ...(/^[A-Z]{3}$/.test(currency) ? [] : ['currency'])].join(', ')} — check the activity at Questrade`);
      continue;
    }
    const number = (field: (typeof NUMBER_FIELDS)[number]) => dec(numberText(activity[field])!);
    const p: Parsed = {
      activity,
      key,
      index,
      day,
      tradeDay: dayOf(activity.tradeDate) ?? day,
      type: squash(text(activity.type)).toLowerCase(),
      action: text(activity.action).trim().toUpperCase(),
      // Upper case, as the transaction schema stores symbols ("BAC18OCT19C29.00").
      symbol: text(activity.symbol).trim().toUpperCase(),
      currency,
      description: squash(text(activity.description)),
      quantity: number('quantity'),
      price: number('price'),
      gross: number('grossAmount'),
      commission: number('commission'),
      net: number('netAmount'),
    };
    parsedAt.set(index, p);
    const reason = mapOne(p);
    if (reason) review(activity, key, index, day, reason);
  }

  for (const { leg, reason } of pairFxLegs(fxLegs)) review(leg.activity, leg.key, leg.index, leg.day, reason);
  return { transactions: storable(), reviews, origins };

  /**
   * The transactions that pass the sync schema's field checks. An activity any of whose rows
   * fails (a dividend's tax row fails with it, both legs of a conversion with it) has all its
   * rows withdrawn and becomes a review item naming the field, so the rest of the import is
   * stored and nothing is dropped.
   */
  function storable(): TransactionRow[] {
    const problems = new Map<number, string[]>();
    for (const row of transactions) {
      const issues = checkFields('transactions', row.id, row as unknown as Record<string, unknown>);
      if (!issues.length) continue;
      const what = issues.map((i) => `${i.field} ${quote((row as unknown as Record<string, unknown>)[i.field])}: ${i.message}`).join('; ');
      for (const index of origins.get(row.id) ?? []) problems.set(index, [...(problems.get(index) ?? []), `${row.kind} — ${what}`]);
    }
    if (!problems.size) return transactions;
    const kept = transactions.filter((row) => {
      if (!(origins.get(row.id) ?? []).some((index) => problems.has(index))) return true;
      origins.delete(row.id);
      return false;
    });
    for (const [index, found] of [...problems].sort(([a], [b]) => a - b)) {
      const p = parsedAt.get(index)!;
      review(p.activity, p.key, p.index, p.day, `Folio cannot store this activity as it is (${[...new Set(found)].join('; ')}) — enter it by hand or dismiss it`);
    }
    return kept;
  }

  /** Emits the transaction(s) for one activity, or returns why it needs review. */
  function mapOne(p: Parsed): string | undefined {
    const note = p.description || undefined;
    const sign = cmp(p.net, ZERO);
    switch (p.type) {
      case 'trades':
        if (p.action !== 'BUY' && p.action !== 'SELL') break;
        return trade(p, p.action === 'BUY' ? 'buy' : 'sell');
      case 'dividends': {
        if (sign < 0) return void emit(p, { kind: 'withholding_tax', symbol: p.symbol || undefined, amount: toDecimalString(abs(p.net)), note });
        if (sign === 0) return 'A dividend row with no amount — check it at Questrade';
        if (!p.symbol) return 'A dividend without a symbol — enter it by hand with its security';
        const withheld = WITHHELD.exec(p.description);
        if (!withheld) return void emit(p, { kind: 'dividend', symbol: p.symbol, amount: toDecimalString(p.net), note });
        const [, taxCurrency = '', taxText = ''] = withheld;
        if (taxCurrency.toUpperCase() !== p.currency) return `Tax withheld in ${taxCurrency} on a ${p.currency} dividend — enter the dividend and the tax by hand`;
        const tax = dec(taxText.replace(/,/g, ''));
        emit(p, { kind: 'dividend', symbol: p.symbol, amount: toDecimalString(add(p.net, tax)), note });
        return void emit(p, { kind: 'withholding_tax', symbol: p.symbol, amount: toDecimalString(tax), note }, ':tax');
      }
      case 'interest':
        if (sign === 0) return 'An interest row with no amount — check it at Questrade';
        // Interest charged (margin interest) is a cost, not income.
        return void (sign < 0
          ? emit(p, { kind: 'fee', amount: toDecimalString(abs(p.net)), note: `Interest charged: ${p.description}` })
          : emit(p, { kind: 'interest', amount: toDecimalString(p.net), note }));
      case 'fees and rebates':
        if (sign === 0) return 'A fee row with no amount — check it at Questrade';
        // A rebate is money the broker pays back: income, recorded as interest (the only
        // cash-income kind without a security) and labelled in the note.
        return void (sign > 0
          ? emit(p, { kind: 'interest', amount: toDecimalString(p.net), note: `Fee rebate: ${p.description}` })
          : emit(p, { kind: 'fee', amount: toDecimalString(abs(p.net)), note }));
      case 'fx conversion':
        if (p.action !== 'FXT' || sign === 0) break;
        return void fxLegs.push(p);
      case 'deposits':
      case 'withdrawals':
      case 'transfers':
        return movement(p, p.type === 'deposits' ? 1 : p.type === 'withdrawals' ? -1 : 0);
      case 'other':
        if (p.action === 'EXP') return expiry(p);
        if (['BRW', 'TFI', 'TFO', 'TSF', 'JNL'].includes(p.action)) return movement(p, 0);
        break;
      case 'corporate actions':
        return `Corporate action (${p.action || 'no action code'}${p.symbol ? ` on ${p.symbol}` : ''}): record it by hand — a split as a split with its ratio, cash in lieu as a sale of the fractional units`;
    }
    return `Unknown Questrade activity "${clip(text(p.activity.type), 60)}/${clip(text(p.activity.action), 20)}" — enter it by hand or dismiss it`;
  }

  function trade(p: Parsed, kind: 'buy' | 'sell'): string | undefined {
    const quantity = abs(p.quantity);
    if (isZero(quantity) || !p.symbol) return `A ${kind} without ${!p.symbol ? 'a symbol' : 'a quantity'} — check it at Questrade`;
    const gross = abs(p.gross);
    const multiplier = isOption(p) ? contractMultiplier(quantity, abs(p.price), gross) : ONE;
    const exactPrice = div(gross, quantity);
    const price = cmp(mul(exactPrice, quantity), gross) === 0 && !isZero(gross) ? exactPrice : mul(abs(p.price), multiplier);
    const commission = abs(p.commission);
    // Cash must equal Questrade's net amount: a sub-cent rounding of the quoted price goes into the fee.
    const cost = mul(price, quantity);
    const balancing = kind === 'buy' ? sub(abs(p.net), cost) : sub(cost, abs(p.net));
    let fee = commission;
    if (!isZero(p.net)) {
      const off = abs(sub(balancing, commission));
      if (cmp(off, CENT) >= 0) {
        return `A ${kind} of ${toDecimalString(quantity)} ${p.symbol} whose net amount ${toDecimalString(abs(p.net))} ${p.currency} is not quantity × price (${toDecimalString(cost)}) ${kind === 'buy' ? 'plus' : 'minus'} the commission ${toDecimalString(commission)} (${toDecimalString(off)} apart) — check the price, contract size and fees at Questrade and enter it by hand`;
      }
      if (cmp(balancing, ZERO) >= 0) fee = balancing;
    }
    const option = cmp(multiplier, ONE) !== 0 ? `Option: ${toDecimalString(quantity)} contract(s) × ${toDecimalString(multiplier)}. ` : '';
    emit(p, { kind, date: p.tradeDay, symbol: p.symbol, quantity: toDecimalString(quantity), price: toDecimalString(price), fee: toDecimalString(fee), note: `${option}${p.description}` || undefined });
    return undefined;
  }

  function expiry(p: Parsed): string | undefined {
    if (isZero(p.quantity) || !p.symbol) return 'An option expiry without a symbol or quantity — check it at Questrade';
    // Long contracts leave (negative quantity): a sale at 0. Short contracts expiring: a buy at 0.
    const kind = cmp(p.quantity, ZERO) < 0 ? 'sell' : 'buy';
    emit(p, { kind, symbol: p.symbol, quantity: toDecimalString(abs(p.quantity)), price: '0', fee: '0', note: `Option expired: ${p.description}` });
    return undefined;
  }

  /** Deposits, withdrawals, journals and transfers, in cash or in securities. */
  function movement(p: Parsed, direction: -1 | 0 | 1): string | undefined {
    const securities = !isZero(p.quantity) && p.symbol !== '';
    if (securities) {
      const way = cmp(p.quantity, ZERO) > 0 ? 'in' : 'out';
      return `${toDecimalString(abs(p.quantity))} ${p.symbol} moved ${way} (${p.action || p.type}) — the other account or the cost is not in the activity: record it as a transfer between your accounts${way === 'in' ? ' or an opening position with its cost' : ' or a sale'}`;
    }
    const sign = direction || cmp(p.net, ZERO);
    if (isZero(p.net) || sign === 0) return `A ${p.type} row with no amount — check it at Questrade`;
    const amount = toDecimalString(abs(p.net));
    const internal = INTERNAL.exec(p.description);
    if (internal) {
      const [, fromNumber = '', toNumber = ''] = internal;
      const self = account.accountNumber.trim();
      const from = fromNumber === self ? account.accountId : account.resolveAccountId(fromNumber);
      const to = toNumber === self ? account.accountId : account.resolveAccountId(toNumber);
      if (from && to && from !== to && (fromNumber === self || toNumber === self)) {
        // Both sides map to the same id: the sender's and the receiver's rows are one transfer.
        const base = ['qt-transfer', fromNumber, toNumber, p.day, p.currency, amount].join(':');
        const n = (transferOrdinals.get(base) ?? 0) + 1;
        transferOrdinals.set(base, n);
        const key = `${base}:${n}`;
        track(`qt-${stableHash(key)}`, p);
        transactions.push({
          id: `qt-${stableHash(key)}`,
          accountId: from,
          kind: 'transfer',
          date: p.day,
          currency: p.currency,
          amount,
          toAccountId: to,
          note: `Transfer from Questrade ${fromNumber} to ${toNumber}`,
          externalId: key,
          source,
          createdAt: `${p.day}T00:00:00.000Z`,
        });
        return undefined;
      }
    }
    emit(p, { kind: sign > 0 ? 'deposit' : 'withdrawal', amount, note: p.description || undefined });
    return undefined;
  }

  /** Pairs FX legs into conversions; returns the legs left without a mate. */
  function pairFxLegs(legs: Parsed[]): { leg: Parsed; reason: string }[] {
    const unpaired: { leg: Parsed; reason: string }[] = [];
    const days = new Map<string, Parsed[]>();
    for (const leg of legs) days.set(leg.day, [...(days.get(leg.day) ?? []), leg]);
    for (const dayLegs of days.values()) {
      const { pairs, left } = matchLegs(dayLegs);
      for (const leg of left) {
        unpaired.push({ leg, reason: `FX conversion leg (${toDecimalString(leg.net)} ${leg.currency}) has no opposite leg on ${leg.day} in this account — enter the conversion by hand or dismiss it` });
      }
      for (const [leg, other] of pairs) conversion(leg, other);
    }
    return unpaired;
  }

  /** One fx_conversion from the leg that pays (negative) to the leg that receives. */
  function conversion(leg: Parsed, other: Parsed): void {
    const [from, to] = cmp(leg.net, ZERO) < 0 ? [leg, other] : [other, leg];
    const amount = abs(from.net);
    const rate = round(div(to.net, amount), 8);
    const id = `qt-${stableHash(`${from.key}&${to.key}`)}`;
    origins.set(id, [from.index, to.index]);
    transactions.push({
      id,
      accountId: account.accountId,
      kind: 'fx_conversion',
      date: from.day,
      currency: from.currency,
      amount: toDecimalString(amount),
      toCurrency: to.currency,
      toAmount: toDecimalString(to.net),
      note: `${from.description || 'FX conversion'} at ${toDecimalString(rate)} ${to.currency} per ${from.currency} (implied by the two legs)`,
      externalId: from.key,
      source,
      createdAt: `${from.day}T00:00:00.000Z`,
    });
  }
}

const MAX_SEARCHED_LEGS = 10;

/**
 * Pairs one day's FX legs (opposite signs, different currencies). With several conversions
 * on a day the pairing is ambiguous, so among the matchings with the most pairs it takes the
 * one whose implied rates agree best per currency pair (a conversion at 0.70 and one at 0.10
 * USD per CAD on the same day is the wrong pairing). The rate is only compared here, as a
 * float; amounts stay exact. Legs come sorted by key, so the result does not depend on the
 * order Questrade returned them in. Beyond MAX_SEARCHED_LEGS legs a day, pairs greedily.
 */
function matchLegs(legs: Parsed[]): { pairs: [Parsed, Parsed][]; left: Parsed[] } {
  const fits = (a: Parsed, b: Parsed) => a.currency !== b.currency && cmp(a.net, ZERO) !== cmp(b.net, ZERO);
  if (legs.length > MAX_SEARCHED_LEGS) {
    const open = [...legs];
    const pairs: [Parsed, Parsed][] = [];
    const left: Parsed[] = [];
    while (open.length) {
      const leg = open.shift()!;
      const mate = open.findIndex((o) => fits(leg, o));
      if (mate < 0) left.push(leg);
      else pairs.push([leg, open.splice(mate, 1)[0]!]);
    }
    return { pairs, left };
  }
  let best: { pairs: [Parsed, Parsed][]; left: Parsed[]; spread: number } | undefined;
  const search = (open: Parsed[], pairs: [Parsed, Parsed][], left: Parsed[]) => {
    if (!open.length) {
      const spread = rateSpread(pairs);
      if (!best || pairs.length > best.pairs.length || (pairs.length === best.pairs.length && spread < best.spread - 1e-12)) best = { pairs, left, spread };
      return;
    }
    const [leg, ...rest] = open as [Parsed, ...Parsed[]];
    rest.forEach((other, i) => {
      if (fits(leg, other)) search([...rest.slice(0, i), ...rest.slice(i + 1)], [...pairs, [leg, other]], left);
    });
    search(rest, pairs, [...left, leg]);
  };
  search(legs, [], []);
  return best!;
}

/** How far apart the implied rates of conversions between the same two currencies are (log scale). */
function rateSpread(pairs: [Parsed, Parsed][]): number {
  const byPair = new Map<string, number[]>();
  for (const [a, b] of pairs) {
    // Rate as units of the alphabetically later currency per unit of the earlier one.
    const [first, second] = a.currency < b.currency ? [a, b] : [b, a];
    const rate = Math.log(Number(toDecimalString(abs(second.net))) / Number(toDecimalString(abs(first.net))));
    const key = `${first.currency}/${second.currency}`;
    byPair.set(key, [...(byPair.get(key) ?? []), rate]);
  }
  let spread = 0;
  for (const rates of byPair.values()) spread += Math.max(...rates) - Math.min(...rates);
  return spread;
}

const CENT = dec('0.01');
/** Field limits of importReviews, read from the sync schema so they cannot drift apart. */
const reviewLimit = (field: 'reason' | 'raw') => (TABLE_FIELDS.importReviews.shape[field] as unknown as { maxLength: number | null }).maxLength ?? Number.MAX_SAFE_INTEGER;
export const REVIEW_REASON_MAX = reviewLimit('reason');
export const REVIEW_RAW_MAX = reviewLimit('raw');
/** Longest text field kept whole in a review's raw activity when the whole does not fit. */
const RAW_FIELD_MAX = 1_000;

/** `value` cut to `max` characters, ending in "…" when cut. */
function clip(value: string, max: number): string {
  return value.length <= max ? value : `${value.slice(0, max - 1)}…`;
}

/** A value quoted for a message, cut short. */
function quote(value: unknown): string {
  return JSON.stringify(clip(text(value), 40));
}

/**
 * The activity as JSON within the review's raw limit: when it is too long, each long text
 * field is cut first (so the JSON still parses and every number is kept), then the text itself.
 */
function rawText(activity: QuestradeActivity): string {
  const whole = JSON.stringify(activity);
  if (whole.length <= REVIEW_RAW_MAX) return whole;
  const cut = JSON.stringify(activity, (key, value: unknown) => (key && typeof value === 'string' ? clip(value, RAW_FIELD_MAX) : value));
  return clip(cut, REVIEW_RAW_MAX);
}

/** "BAC18Oct19C29.00": underlying, day, month, year, call/put, strike (any case: Questrade writes "Oct"). */
const OPTION_SYMBOL = /^[A-Z.]+\d{1,2}(?:JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)\d{2}[CP][\d.]+$/i;

function isOption(p: Parsed): boolean {
  // The description names the option either way round: "CALL BAC 10/18/19 29 …" or "BAC OCT 18 2019 29.0 CALL".
  return OPTION_SYMBOL.test(p.symbol) || /^(CALL|PUT)\b|\b(CALL|PUT)$/.test(p.description.toUpperCase());
}

/** The contract size the row's gross amount shows (|gross| ≈ contracts × quoted price × m), 1 when it shows none. */
function contractMultiplier(quantity: Decimal, price: Decimal, gross: Decimal): Decimal {
  if (isZero(price) || isZero(gross)) return dec(100);
  const ratio = div(gross, mul(quantity, price));
  const whole = round(ratio, 0);
  return cmp(whole, ONE) > 0 && cmp(abs(sub(ratio, whole)), dec('0.01')) < 0 ? whole : ONE;
}
