import type { AiErrorCode, AiInsightsEvent } from '../../../../core/src/api/handlers/ai-insights';
import type { Insight } from '../../../../core/src/insights/insight-types';

/** The state of one AI review in the panel. */
export type AiRun =
  | { state: 'idle' }
  | { state: 'running'; narrative: string }
  | { state: 'done'; narrative: string; insights: Insight[]; cached: boolean }
  | { state: 'error'; narrative: ''; code: AiErrorCode; message: string };

/**
 * The run after one event from the server. The narrative streams before the server has
 * validated the model's whole answer; when the review then fails (bad_model_output, a timeout,
 * a dropped connection) that unvalidated text is dropped, so only the error is shown. The
 * validated narrative of an `insights` event replaces what streamed.
 */
export function nextRun(run: AiRun, event: AiInsightsEvent): AiRun {
  if (event.type === 'narrative') return { state: 'running', narrative: (run.state === 'running' ? run.narrative : '') + event.delta };
  if (event.type === 'insights') return { state: 'done', narrative: event.narrative, insights: event.insights, cached: event.cached };
  return failedRun(event.code, event.message);
}

/** A failed run: the error only, never the text streamed before it. */
export function failedRun(code: AiErrorCode, message: string): AiRun {
  return { state: 'error', narrative: '', code, message };
}
