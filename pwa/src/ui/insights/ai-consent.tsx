import type { AiSummary } from '../../../../core/src/insights/ai-summary';
import { SummaryPreview } from './ai-status';

/**
 * The consent step before AI review is turned on: the exact summary that each request sends
 * (re-built when the totals opt-in changes), then agree or cancel. Nothing is sent here.
 */
export function AiConsent(props: {
  model: string | null;
  shareTotals: boolean;
  preview: AiSummary | null;
  error: string;
  onShareTotals: (share: boolean) => void;
  onAccept: () => void;
  onCancel: () => void;
}) {
  return (
    <div class="ai-consent" role="group" aria-labelledby="ai-consent-heading">
      <h3 id="ai-consent-heading">This is exactly what will be sent</h3>
      <p>Each time you ask for a review, this summary is sent to {props.model ? `the model ${props.model}` : 'the configured model'} through your sync server. Nothing is sent until you ask.</p>
      <label class="ai-check">
        <input type="checkbox" checked={props.shareTotals} onChange={(e) => props.onShareTotals((e.currentTarget as HTMLInputElement).checked)} />
        Also share exact totals (market value, cost and 12-month income)
      </label>
      {props.error ? (
        <p class="field-error" role="alert">
          {props.error}
        </p>
      ) : (
        <SummaryPreview summary={props.preview} id="ai-consent-preview" />
      )}
      <div class="ai-buttons">
        <button type="button" disabled={!props.preview} onClick={props.onAccept}>
          I agree: turn on AI review
        </button>
        <button type="button" class="secondary" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}
