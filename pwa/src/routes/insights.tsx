import type { InsightsResult } from '../../../core/src/api/core-api';
import { useApp } from '../state/app-context';
import { useWatch } from '../state/use-watch';
import { AiPanel } from '../ui/insights/ai-panel';
import { InsightGroups } from '../ui/insights/insight-card';
import { ThresholdsForm } from '../ui/insights/thresholds-form';
import '../ui/settings/screen.css';
import '../ui/insights/insights.css';

/**
 * What matters in the portfolio: the rule insights (computed on this device, always), their
 * thresholds, and the optional AI review through the sync server.
 */
export function Insights() {
  const { core, prefs } = useApp();
  const result = useWatch<InsightsResult>(core, { kind: 'insights', scope: {} });
  return (
    <section class="folio-screen insights-screen" aria-labelledby="insights-heading">
      <h1 id="insights-heading">Insights</h1>
      <p class="muted">Findings computed on this device from your holdings, allocation, income, fees, targets and returns. Nothing here is sent anywhere.</p>
      {result.state === 'loading' && <p role="status">Looking for insights…</p>}
      {result.state === 'error' && (
        <p class="field-error" role="alert">
          The insights could not be computed: {result.message}
        </p>
      )}
      {result.state === 'ready' && (
        <>
          {result.value.insights.length === 0 ? (
            <p class="insights-none" data-field="no-insights">
              Nothing stands out with the current thresholds. Add holdings (or adjust the thresholds below) to see findings.
            </p>
          ) : (
            <p role="status" class="insights-count">
              {result.value.insights.length} finding{result.value.insights.length === 1 ? '' : 's'}
              {result.value.gaps.length > 0 ? `; ${result.value.gaps.length === 1 ? '1 price or rate is' : `${result.value.gaps.length} prices or rates are`} missing, so figures that need them are left out` : ''}.
            </p>
          )}
          <InsightGroups insights={result.value.insights} idPrefix="rules-group" />
          <details class="io-card thresholds-card">
            <summary>
              <h2 id="thresholds-heading">Thresholds</h2>
            </summary>
            <p class="field-hint">When a finding is raised. Shares are in percent of the portfolio (or of income, fees, cost) unless said otherwise.</p>
            <ThresholdsForm core={core} thresholds={result.value.thresholds} baseCurrency={prefs.baseCurrency.value} />
          </details>
        </>
      )}
      <AiPanel core={core} locale={prefs.locale.value} />
    </section>
  );
}
