import { Fragment } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { HoldingsSummary, HoldingSummary } from '../../../../core/src/engine/holdings-summary';
import type { CostBasisMethod } from '../../../../core/src/engine/types';
import type { Decimal } from '../../../../core/src/money/decimal';
import { useApp } from '../../state/app-context';
import { serverNow } from '../../state/market-store';
import { useWatch } from '../../state/use-watch';
import { formatMoney, formatQuantity } from '../format';
import { DEMO_LABEL_ID, DemoLabel, showsDemoPrices } from '../market-banner';
import { describeGaps, formatFraction, formatPercentFigure, formatSignedMoney, formatUnitMoney } from './grid-format';
import { filterHoldingRows, nextSort, sortHoldingRows, toCashRows, toHoldingRows, type CashRow, type HoldingRow, type HoldingSort, type HoldingSortKey } from './holdings-view';
import { Lots } from './lots';
import './portfolio.css';
import { PriceNotes } from '../price-notes';
import { Unknown } from './unknown';

/** Money or "—" with the reason. */
function MoneyOr({ value, currency, locale, why, signed = false }: { value: Decimal | null; currency: string; locale: string; why: string; signed?: boolean }) {
  if (value === null) return <Unknown why={why} />;
  return <>{signed ? formatSignedMoney(value, currency, locale) : formatMoney(value, currency, locale)}</>;
}

/** The sign of a gain for colour (always paired with a +/− sign in the text, never colour alone). */
const trend = (value: Decimal | null) => (value === null || value === 0n ? undefined : value > 0n ? 'up' : 'down');

/** The price with what a person needs to trust it (see ui/price-notes.tsx). */
function Price({ holding: h, now, locale }: { holding: HoldingSummary; now: number; locale: string }) {
  if (!h.price) return <Unknown why={describeGaps(h.gaps.filter((g) => g.kind === 'missing_price'))} />;
  return (
    <>
      <span data-field="price-value">{formatUnitMoney(h.price.value, h.currency, locale)}</span>
      <PriceNotes holding={h} now={now} locale={locale} />
    </>
  );
}

interface Column {
  key: HoldingSortKey;
  label: string;
  numeric: boolean;
}

function columns(): Column[] {
  return [
    { key: 'symbol', label: 'Symbol', numeric: false },
    { key: 'quantity', label: 'Quantity', numeric: true },
    { key: 'price', label: 'Price', numeric: true },
    { key: 'value', label: 'Market value', numeric: true },
    { key: 'weight', label: 'Weight', numeric: true },
    { key: 'dayChange', label: 'Day change', numeric: true },
    // Not "ACB": it is in the security's currency over the accounts shown, registered ones included
    // (the tax ACB, in the base currency over the taxable accounts, is on the Realized gains tab).
    { key: 'averageCost', label: 'Average cost', numeric: true },
    { key: 'unrealized', label: 'Unrealized gain', numeric: true },
    { key: 'currency', label: 'Currency', numeric: false },
  ];
}

function SortHeader({ column, sort, onSort }: { column: Column; sort: HoldingSort; onSort: (key: HoldingSortKey) => void }) {
  const active = sort.key === column.key;
  return (
    <th scope="col" class={column.numeric ? 'num' : undefined} aria-sort={active ? sort.direction : undefined}>
      <button type="button" class="sort-button" data-sort={column.key} onClick={() => onSort(column.key)}>
        {column.label}
        <span aria-hidden="true" class="sort-arrow">
          {active ? (sort.direction === 'ascending' ? '▲' : '▼') : '↕'}
        </span>
      </button>
    </th>
  );
}

function HoldingRowView({ row, base, locale, now, open, onToggleLots }: { row: HoldingRow; base: string; locale: string; now: number; open: boolean; onToggleLots: () => void }) {
  const h = row.holding;
  const fxWhy = describeGaps(h.gaps.filter((g) => g.kind === 'missing_fx'));
  const priceWhy = describeGaps(h.gaps);
  const lotsId = `lots-${h.symbol}-${h.currency}`.replace(/[^A-Za-z0-9_-]/g, '_');
  const foreign = h.currency !== base;
  return (
    <tr data-symbol={h.symbol} data-currency={h.currency}>
      <th scope="row" class="symbol-cell">
        <span data-field="symbol">{h.symbol}</span>
        {row.name && <span class="holding-name">{row.name}</span>}
      </th>
      <td class="num" data-field="quantity">
        {formatQuantity(h.quantity, locale)}
      </td>
      <td class="num" data-field="price" data-stale={h.priceInfo?.stale ? 'true' : undefined} data-demo={h.priceInfo?.demo ? 'true' : undefined}>
        <Price holding={h} now={now} locale={locale} />
      </td>
      <td class="num" data-field="market-value">
        <MoneyOr value={h.marketValueLocal} currency={h.currency} locale={locale} why={priceWhy} />
        {foreign && (
          <span class="sub" data-field="market-value-base">
            <MoneyOr value={h.marketValueBase} currency={base} locale={locale} why={fxWhy} />
          </span>
        )}
      </td>
      <td class="num" data-field="weight">
        {h.weight === null ? <Unknown why={h.marketValueBase === null ? `Value in ${base} not known: ${fxWhy}` : 'Not known'} /> : formatFraction(h.weight, locale)}
      </td>
      <td class="num" data-field="day-change" data-trend={trend(row.dayChangeLocal)}>
        {row.dayChangeLocal === null ? (
          <Unknown why="No market quote for today" />
        ) : (
          <>
            {formatSignedMoney(row.dayChangeLocal, h.currency, locale)}
            {row.dayChangePercent !== null && <span class="sub">{formatPercentFigure(row.dayChangePercent, locale)}</span>}
          </>
        )}
      </td>
      <td class="num" data-field="average-cost">
        {h.averageCostLocal === null ? <Unknown why="No units held" /> : formatUnitMoney(h.averageCostLocal, h.currency, locale)}
        <span class="sub" data-field="cost">
          {formatMoney(h.costLocal, h.currency, locale)} total
        </span>
      </td>
      <td class="num" data-field="unrealized" data-trend={trend(row.unrealizedLocal)}>
        <MoneyOr value={row.unrealizedLocal} currency={h.currency} locale={locale} why={priceWhy} signed />
        {row.unrealizedFraction !== null && (
          <span class="sub" data-field="unrealized-percent">
            {formatFraction(row.unrealizedFraction, locale, true)}
          </span>
        )}
        {foreign && (
          <span class="sub" data-field="unrealized-base">
            <MoneyOr value={h.unrealizedBase} currency={base} locale={locale} why={fxWhy} signed />
          </span>
        )}
      </td>
      <td data-field="currency">{h.currency}</td>
      <td>
        <button type="button" class="link-button" aria-expanded={open} aria-controls={open ? lotsId : undefined} onClick={onToggleLots}>
          {open ? 'Hide lots' : 'Lots'}
          <span class="sr-only"> of {h.symbol}</span>
        </button>
      </td>
    </tr>
  );
}

/**
 * Cash of one currency, under the holdings: a share of the portfolio like them (weights add up to
 * 100 %). `span` skips the columns that do not apply (quantity and price; day change to gain).
 */
function CashRowView({ cash, base, locale, why, span }: { cash: CashRow; base: string; locale: string; why: string; span: { before: number; between: number } }) {
  return (
    <tr data-cash={cash.currency} class="cash-row">
      <th scope="row">Cash {cash.currency}</th>
      <td colSpan={span.before} />
      <td class="num" data-field="market-value">
        {formatMoney(cash.amount, cash.currency, locale)}
        {cash.currency !== base && (
          <span class="sub" data-field="market-value-base">
            <MoneyOr value={cash.amountBase} currency={base} locale={locale} why={why} />
          </span>
        )}
      </td>
      <td class="num" data-field="weight">
        {cash.weight === null ? <Unknown why={why} /> : formatFraction(cash.weight, locale)}
      </td>
      <td colSpan={span.between} />
      <td data-field="currency">{cash.currency}</td>
      <td />
    </tr>
  );
}

/**
 * The portfolio's open holdings: sortable columns (a button in each header, `aria-sort` on
 * the sorted one), a search over symbol and name, and each holding's open lots on demand.
 * Data comes pushed from the worker; nothing is computed here beyond display differences.
 */
export function HoldingsGrid({ portfolioId, method }: { portfolioId: string; method?: CostBasisMethod }) {
  const { core, prefs, market } = useApp();
  const locale = prefs.locale.value;
  const watched = useWatch<HoldingsSummary>(core, { kind: 'holdings', scope: { portfolioId } });
  const summary = watched.state === 'ready' ? watched.value : null;
  const [names, setNames] = useState<ReadonlyMap<string, string>>(new Map());
  const [query, setQuery] = useState('');
  const [sort, setSort] = useState<HoldingSort>({ key: 'value', direction: 'descending' });
  const [lotsOf, setLotsOf] = useState<string | null>(null);

  // Names come from market data; refreshed with the holdings (a new instrument gets its name then).
  useEffect(() => {
    if (!summary) return;
    let active = true;
    core.listInstruments().then(
      (rows) => active && setNames(new Map(rows.flatMap((r) => (r.name ? [[r.id, r.name] as const] : [])))),
      () => undefined, // names are a nicety: the symbol is shown regardless
    );
    return () => {
      active = false;
    };
  }, [core, summary]);

  const allRows = useMemo(() => (summary ? toHoldingRows(summary.holdings, names) : []), [summary, names]);
  const rows = useMemo(() => sortHoldingRows(filterHoldingRows(allRows, query), sort), [allRows, query, sort]);
  const cash = useMemo(() => (summary ? toCashRows(summary) : []), [summary]);

  if (watched.state === 'error')
    return (
      <p class="field-error" role="alert">
        {watched.message}
      </p>
    );
  if (!summary)
    return (
      <p class="muted" role="status">
        Loading holdings…
      </p>
    );
  if (allRows.length === 0)
    return (
      <p class="muted" role="status">
        No holdings in this portfolio yet. <a href="/add">Add a buy</a> to start.
      </p>
    );

  const base = summary.baseCurrency;
  const now = serverNow(market.status.value, market.now.value);
  const demo = showsDemoPrices(market, summary.holdings);
  const cols = columns();
  const missing = summary.gaps.length > 0;
  return (
    <div class="holdings-grid">
      <div class="grid-toolbar">
        <div class="field">
          <label for="holdings-search">Search holdings</label>
          <input id="holdings-search" type="search" placeholder="Symbol or name" value={query} onInput={(e) => setQuery(e.currentTarget.value)} autoComplete="off" />
        </div>
        <p class="grid-totals" data-field="totals">
          <span>
            Market value ({base}):{' '}
            <strong data-field="total-value">
              <MoneyOr value={summary.totals.marketValueBase} currency={base} locale={locale} why={describeGaps(summary.gaps)} />
            </strong>
          </span>
          <span>
            Unrealized ({base}):{' '}
            <strong data-field="total-unrealized">
              <MoneyOr value={summary.totals.unrealizedBase} currency={base} locale={locale} why={describeGaps(summary.gaps)} signed />
            </strong>
          </span>
        </p>
      </div>
      {demo && <DemoLabel />}
      {missing && (
        <p class="gaps-note" id="holdings-gaps">
          Some figures show “—”: {describeGaps(summary.gaps)}. They are left out rather than guessed.
        </p>
      )}
      <p class="sr-only" role="status" aria-live="polite">
        {query ? `${rows.length} of ${allRows.length} holdings match “${query}”` : ''}
      </p>
      {rows.length === 0 ? (
        <p class="muted">No holding matches “{query}”.</p>
      ) : (
        <>
          <p class="scroll-hint muted" aria-hidden="true">
            Scroll the table sideways for more columns →
          </p>
          <div class="grid-scroll" role="region" aria-label="Holdings table (scrolls sideways)" tabIndex={0}>
            <table class="grid holdings-grid-table" aria-label="Holdings" aria-describedby={[demo ? DEMO_LABEL_ID : '', missing ? 'holdings-gaps' : ''].filter(Boolean).join(' ') || undefined}>
              <thead>
                <tr>
                  {cols.map((c) => (
                    <SortHeader key={c.key} column={c} sort={sort} onSort={(key) => setSort((s) => nextSort(s, key))} />
                  ))}
                  <th scope="col">
                    <span class="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => {
                  const key = `${row.holding.symbol}-${row.holding.currency}`;
                  const open = lotsOf === key;
                  return (
                    <Fragment key={key}>
                      <HoldingRowView row={row} base={base} locale={locale} now={now} open={open} onToggleLots={() => setLotsOf(open ? null : key)} />
                      {open && (
                        <tr class="lots-row">
                          <td colSpan={cols.length + 1}>
                            <Lots portfolioId={portfolioId} holding={row.holding} base={base} method={method} refresh={summary} id={`lots-${key}`.replace(/[^A-Za-z0-9_-]/g, '_')} />
                          </td>
                        </tr>
                      )}
                    </Fragment>
                  );
                })}
              </tbody>
              {!query && cash.length > 0 && (
                <tfoot>
                  {cash.map((c) => (
                    <CashRowView key={c.currency} cash={c} base={base} locale={locale} why={describeGaps(summary.cash.flatMap((x) => x.gaps))} span={{ before: 2, between: 3 }} />
                  ))}
                </tfoot>
              )}
            </table>
          </div>
        </>
      )}
    </div>
  );
}
