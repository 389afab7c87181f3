import type { DataGap } from '../../../../../core/src/engine/types';
import { describeGaps } from './report-format';

/** What the engine could not price or convert, listed so the user can add it; figures that depend on it are withheld. */
export function DataGaps({ gaps, consequence }: { gaps: readonly DataGap[]; consequence: string }) {
  if (gaps.length === 0) return null;
  const lines = describeGaps(gaps);
  return (
    <div class="banner banner-warning report-gaps" role="status" data-report="gaps">
      <p>
        <strong>Missing data.</strong> {consequence}
      </p>
      <ul>
        {lines.slice(0, 20).map((line) => (
          <li key={line}>{line}</li>
        ))}
        {lines.length > 20 && <li>…and {lines.length - 20} more</li>}
      </ul>
    </div>
  );
}
