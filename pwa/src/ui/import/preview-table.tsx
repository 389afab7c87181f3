import { dec, isDecimalString } from '../../../../core/src/money/decimal';
import { formatQuantity } from '../format';
import { linesToShow, type PreviewLine } from './csv-file';

const STATUS_TEXT = { ready: 'Ready', error: 'Error', duplicate: 'Duplicate (skipped)', review: 'Kept for review' } as const;

/** A decimal string in the reader's locale (exact: Intl formats the string itself); anything else as it is. */
const number = (value: string | undefined, locale: string) => (value === undefined ? '' : isDecimalString(value) ? formatQuantity(dec(value), locale) : value);

/** The parsed rows in file order; an error row lists its problems, a duplicate or review row its reason, in place of the fields. */
export function PreviewTable({ lines, locale }: { lines: PreviewLine[]; locale: string }) {
  const { shown, hidden } = linesToShow(lines);
  return (
    <div class="table-scroll" tabIndex={0} role="region" aria-labelledby="preview-caption">
      <table class="holdings preview-table">
        <caption id="preview-caption">Rows read from the file</caption>
        <thead>
          <tr>
            <th scope="col" class="num">Line</th>
            <th scope="col">Status</th>
            <th scope="col">Date</th>
            <th scope="col">Kind</th>
            <th scope="col">Symbol</th>
            <th scope="col" class="num">Quantity</th>
            <th scope="col" class="num">Price / amount</th>
            <th scope="col">Currency</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((l) => {
            // A union per kind: read the fields any kind may have as optional strings.
            const row = l.row as Partial<Record<'date' | 'kind' | 'symbol' | 'quantity' | 'price' | 'amount' | 'currency', string>> | undefined;
            return (
            <tr key={l.line} data-line={l.line} data-status={l.status} class={`preview-${l.status}`}>
              <td class="num">{l.line}</td>
              <td>
                <span class={`status status-${l.status}`}>{STATUS_TEXT[l.status]}</span>
              </td>
              {l.status === 'ready' ? (
                <>
                  <td class="nowrap">{row?.date}</td>
                  <td>{row?.kind?.replace(/_/g, ' ')}</td>
                  <td>{row?.symbol}</td>
                  <td class="num">{number(row?.quantity, locale)}</td>
                  <td class="num">{number(row?.price ?? row?.amount, locale)}</td>
                  <td>{row?.currency}</td>
                </>
              ) : (
                // Problems first, across the row: on a phone the last column is off screen.
                <td colSpan={6}>
                  <ul class="messages">
                    {l.messages.map((m) => (
                      <li key={m}>{m}</li>
                    ))}
                  </ul>
                </td>
              )}
            </tr>
            );
          })}
        </tbody>
      </table>
      {hidden > 0 && <p class="muted">{new Intl.NumberFormat(locale).format(hidden)} more ready rows are not drawn here; all of them will be imported.</p>}
    </div>
  );
}
