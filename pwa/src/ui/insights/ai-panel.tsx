import { useSignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import type { AiConfig, AiInsightsEvent, AiServerConfig } from '../../../../core/src/api/handlers/ai-insights';
import { CoreError } from '../../../../core/src/errors';
import type { AiSummary } from '../../../../core/src/insights/ai-summary';
import { callback, type CoreClient } from '../../../../core/src/worker/connect-core';
import { AiConsent } from './ai-consent';
import { AiKeyForm } from './ai-key-form';
import { ServerStatus, SummaryPreview } from './ai-status';
import { AI_ERROR_HINTS, AI_ERROR_TITLES } from './ai-messages';
import { failedRun, nextRun, type AiRun } from './ai-run';
import { InsightGroups } from './insight-card';

/**
 * The optional AI review. Off until the user turns it on, and turning it on first shows the exact
 * summary that will be sent (with the totals opt-in) and asks for consent. The narrative streams
 * into a live region; model-written insights appear in the same cards, labelled as such; every
 * failure is explained here without touching the rule insights.
 */
export function AiPanel({ core, locale }: { core: CoreClient; locale: string | undefined }) {
  const config = useSignal<AiConfig | null>(null);
  const configError = useSignal('');
  const consent = useSignal<{ shareTotals: boolean; preview: AiSummary | null; error: string } | null>(null);
  const sentPreview = useSignal<AiSummary | null>(null);
  const run = useSignal<AiRun>({ state: 'idle' });
  const reviewButton = useRef<HTMLButtonElement>(null);
  const turnOnButton = useRef<HTMLButtonElement>(null);

  const load = () =>
    core.getAiConfig().then(
      (c) => {
        config.value = c;
        configError.value = '';
      },
      (e: unknown) => (configError.value = CoreError.from(e).message),
    );
  useEffect(() => void load(), [core]);

  async function preview(shareTotals: boolean) {
    consent.value = { shareTotals, preview: null, error: '' };
    try {
      const summary = await core.getAiSummary({ shareTotals });
      // A later toggle of the opt-in (or a cancel) wins over this answer.
      if (consent.value?.shareTotals === shareTotals) consent.value = { ...consent.value, preview: summary };
    } catch (e) {
      if (consent.value?.shareTotals === shareTotals) consent.value = { ...consent.value, error: CoreError.from(e).message };
    }
  }

  async function acceptConsent() {
    if (!consent.value?.preview) return;
    const preferences = await core.setAiPreferences({ enabled: true, shareTotals: consent.value.shareTotals });
    consent.value = null;
    if (config.value) config.value = { ...config.value, preferences };
    requestAnimationFrame(() => reviewButton.current?.focus());
  }

  async function turnOff() {
    const preferences = await core.setAiPreferences({ enabled: false, shareTotals: false });
    if (config.value) config.value = { ...config.value, preferences };
    run.value = { state: 'idle' };
    requestAnimationFrame(() => turnOnButton.current?.focus());
  }

  async function review() {
    const c = config.value;
    if (!c) return;
    run.value = { state: 'running', narrative: '' };
    const onEvent = (event: AiInsightsEvent) => {
      run.value = nextRun(run.value, event);
    };
    try {
      await core.requestAiInsights({ shareTotals: c.preferences.shareTotals }, callback(onEvent));
      if (run.value.state === 'running') run.value = failedRun('unreachable', 'The review ended without an answer');
    } catch (e) {
      run.value = failedRun('refused', CoreError.from(e).message);
    }
    void load(); // the budget used today changed
  }

  const c = config.value;
  const r = run.value;
  return (
    <section class="io-card ai-panel" aria-labelledby="ai-heading">
      <h2 id="ai-heading">AI review (optional)</h2>
      {configError.value && (
        <p class="field-error" role="alert">
          {configError.value}
        </p>
      )}
      {!c && !configError.value && <p role="status">Checking whether AI review is available…</p>}
      {c && <ServerStatus config={c} />}

      {c && !c.preferences.enabled && !consent.value && (
        <div class="ai-off">
          <p>
            <strong>Off.</strong> Nothing about your portfolio is sent anywhere. When on, an anonymized summary (weights, sectors, countries, currencies, returns and the findings above; no names, account numbers or notes) goes to the
            model through your sync server.
          </p>
          {c.signedIn && (
            <button type="button" ref={turnOnButton} onClick={() => void preview(false)}>
              Turn on AI review…
            </button>
          )}
        </div>
      )}

      {c && consent.value && (
        <AiConsent
          model={c.server?.model ?? null}
          shareTotals={consent.value.shareTotals}
          preview={consent.value.preview}
          error={consent.value.error}
          onShareTotals={(share) => void preview(share)}
          onAccept={() => void acceptConsent()}
          onCancel={() => {
            consent.value = null;
            requestAnimationFrame(() => turnOnButton.current?.focus());
          }}
        />
      )}

      {c && c.preferences.enabled && (
        <div class="ai-on">
          <p>
            <strong>On</strong>
            {c.preferences.consentedAt ? ` since ${new Date(c.preferences.consentedAt).toLocaleDateString(locale, { dateStyle: 'medium' })}` : ''}. Exact totals are {c.preferences.shareTotals ? 'shared' : 'not shared'}.
          </p>
          <div class="ai-buttons">
            <button type="button" ref={reviewButton} disabled={r.state === 'running' || !c.server?.enabled} onClick={() => void review()}>
              {r.state === 'running' ? 'Reviewing…' : 'Get AI review'}
            </button>
            <button type="button" class="secondary" onClick={() => void turnOff()}>
              Turn off
            </button>
          </div>
          <details
            class="ai-sent"
            onToggle={(e) => {
              // Fresh each time it opens: the portfolio may have changed since.
              if ((e.currentTarget as HTMLDetailsElement).open) {
                sentPreview.value = null;
                void core.getAiSummary({ shareTotals: c.preferences.shareTotals }).then((summary) => (sentPreview.value = summary));
              }
            }}
          >
            <summary>What is sent</summary>
            <SummaryPreview summary={sentPreview.value} id="ai-sent-preview" />
          </details>
        </div>
      )}

      <div class="ai-result" aria-live="polite" aria-busy={r.state === 'running' ? 'true' : 'false'}>
        {r.state !== 'idle' && (r.narrative || r.state === 'running') && (
          <div class="ai-narrative">
            <h3>
              AI-written review{r.state === 'done' && r.cached ? <span class="muted"> (saved answer for this same summary)</span> : null}
            </h3>
            <p data-field="ai-narrative">{r.narrative || 'Waiting for the model…'}</p>
          </div>
        )}
      </div>
      {r.state === 'error' && (
        <div class="ai-error" role="alert" data-ai-error={r.code}>
          <p>
            <strong>{AI_ERROR_TITLES[r.code] ?? 'The AI review failed'}.</strong> {r.message}
          </p>
          {AI_ERROR_HINTS[r.code] && <p>{AI_ERROR_HINTS[r.code]}</p>}
        </div>
      )}
      {r.state === 'done' && (
        <section aria-labelledby="ai-insights-heading" class="ai-insights">
          <h3 id="ai-insights-heading">AI-written insights ({r.insights.length})</h3>
          <p class="field-hint">Written by a language model from the summary: check them against the numbers behind the links.</p>
          <InsightGroups insights={r.insights} idPrefix="ai-group" headingLevel={4} />
        </section>
      )}

      {c?.signedIn && c.server && (c.server.source === 'server' ? (
        <details class="ai-own-key">
          <summary>Use your own API key instead</summary>
          <AiKeyForm core={core} server={c.server} onChange={(server: AiServerConfig) => config.value && (config.value = { ...config.value, server })} />
        </details>
      ) : (
        <AiKeyForm core={core} server={c.server} onChange={(server: AiServerConfig) => config.value && (config.value = { ...config.value, server })} />
      ))}
    </section>
  );
}
