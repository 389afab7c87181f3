import type { HoldingSummary } from '../../../core/src/engine/holdings-summary';
import { formatAge, formatFullTimestamp } from './format';

/**
 * What a person needs to trust a holding's price, shown after it: a "demo" tag on recorded demo
 * data, its age when it may be out of date (the full timestamp in the title and for screen
 * readers), or, for a price that is not a quote (the user's own trade price), the day it is from.
 */
export function PriceNotes({ holding: h, now, locale }: { holding: HoldingSummary; now: number; locale?: string | undefined }) {
  if (!h.price) return null;
  const info = h.priceInfo;
  const full = info?.time ? formatFullTimestamp(info.time, locale) : undefined;
  return (
    <>
      {info?.demo && (
        <span class="tag" title="Recorded demo data, not a live price">
          demo
        </span>
      )}
      {info?.stale && info.time && full && (
        <span class="price-age" data-field="price-age">
          <time dateTime={info.time} title={`Price of ${full}`}>
            {formatAge(Math.max(0, now - Date.parse(info.time)))}
          </time>
          <span class="sr-only"> (price of {full})</span>
        </span>
      )}
      {!info && h.price.ageDays > 0 && (
        <span class="price-age" data-field="price-age" title="No market quote since: the latest known price">
          as of {h.price.date}
        </span>
      )}
    </>
  );
}
