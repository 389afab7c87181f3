import { useEffect, useMemo, useRef } from 'preact/hooks';
import type { AllocationBucket } from '../../../core/src/engine/allocation';
import type { HoldingsSummary } from '../../../core/src/engine/holdings-summary';
import { isEmpty } from '../../../pwa/src/ui/dashboard/dashboard-figures';
import { formatTimestamp } from '../../../pwa/src/ui/format';
import { PopupData } from './popup-data';
import { saveSnapshot } from './popup-snapshot';
import { buildPopupView } from './popup-view';

export interface PopupLiveProps {
  summary: HoldingsSummary;
  allocation: { buckets: AllocationBucket[]; missing: string[] } | null;
  allocationError: string | null;
  now: number;
  locale: string;
}

/**
 * The worker's numbers, and the snapshot of them saved for the next open once they are complete
 * (again after every change). A separate chunk: it holds the figure code and Intl formatting,
 * which the first paint from the snapshot does not need.
 */
export function PopupLive({ summary, allocation, allocationError, now, locale }: PopupLiveProps) {
  const view = useMemo(() => buildPopupView(summary, allocation), [summary, allocation]);
  const data = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!allocation || !data.current) return;
    const at = new Date();
    const iso = at.toISOString();
    saveSnapshot({ savedAt: iso, timeLabel: formatTimestamp(iso, at, locale), dateTimeLabel: at.toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' }), html: data.current.innerHTML });
  }, [view, locale, now]);
  return (
    <div class="popup-data" ref={data}>
      {isEmpty(summary) ? <p class="popup-empty">No holdings yet. Add your first buy below.</p> : <PopupData view={view} allocationError={allocationError} now={now} locale={locale} />}
    </div>
  );
}
