/**
 * Transactions as stored and synced: plain strings (decimal amounts, ISO dates), so they
 * survive IndexedDB, JSON and the network unchanged. The engine parses them into Decimals.
 *
 * Field use by kind (every kind has id, accountId, date, currency; fee, fxRate, note,
 * externalId and source are optional everywhere):
 *
 * | kind               | fields                                                                 |
 * |--------------------|------------------------------------------------------------------------|
 * | buy, sell          | symbol, quantity, price (per unit), fee; sell may name lotIds          |
 * | dividend           | symbol, amount (gross cash received)                                   |
 * | drip               | symbol, quantity, price: a dividend reinvested in new units            |
 * | interest           | amount                                                                 |
 * | fee                | amount (an account fee, not a commission)                              |
 * | withholding_tax    | amount (tax withheld, positive), symbol when tied to a dividend        |
 * | deposit, withdrawal| amount                                                                 |
 * | transfer           | toAccountId and either symbol + quantity (securities) or amount (cash) |
 * | split              | symbol, ratio "new:old" ("2:1" doubles units, "1:10" consolidates)     |
 * | return_of_capital  | symbol, amount (total cash returned; reduces ACB)                      |
 * | fx_conversion      | amount of `currency` converted into toAmount of toCurrency             |
 * | opening_position   | symbol, quantity, amount (its known total cost)                        |
 *
 * `fxRate` is the broker's rate: the base-currency value of one unit of `currency` on that
 * day. When present it overrides the FX series for this transaction.
 */
export const TRANSACTION_KINDS = [
  'buy',
  'sell',
  'dividend',
  'drip',
  'interest',
  'fee',
  'withholding_tax',
  'deposit',
  'withdrawal',
  'transfer',
  'split',
  'return_of_capital',
  'fx_conversion',
  'opening_position',
] as const;

export type TransactionKind = (typeof TRANSACTION_KINDS)[number];

export interface TransactionRow {
  id: string;
  accountId: string;
  kind: TransactionKind;
  /** Trade date, YYYY-MM-DD. */
  date: string;
  currency: string;
  symbol?: string;
  quantity?: string;
  price?: string;
  amount?: string;
  /** Commission, never negative. */
  fee?: string;
  fxRate?: string;
  ratio?: string;
  toAccountId?: string;
  toCurrency?: string;
  toAmount?: string;
  /** Specific-lot sells: ids of the buy transactions whose lots are sold, in order. */
  lotIds?: string[];
  note?: string;
  /** The source's own id (or a stable composite key) for de-duplication. */
  externalId?: string;
  /** Where the row came from: manual, csv, questrade, backup. */
  source?: string;
  createdAt: string;
  updatedAt?: string;
}
