import { useSignal } from '@preact/signals';
import type { AccountRow, ImportReviewRow } from '../../../../core/src/db/rows';
import { CoreError } from '../../../../core/src/errors';
import type { CoreClient } from '../../../../core/src/worker/connect-core';
import { useWatch } from '../../state/use-watch';

/** The few fields of the source activity that help decide (the raw JSON, read defensively). */
function activityFacts(raw: string): { label: string; value: string }[] {
  let activity: Record<string, unknown>;
  try {
    const parsed = JSON.parse(raw) as unknown;
    if (!parsed || typeof parsed !== 'object') return [];
    activity = parsed as Record<string, unknown>;
  } catch {
    return [];
  }
  const text = (key: string) => (activity[key] === undefined || activity[key] === null || activity[key] === '' ? '' : String(activity[key]).replace(/\s+/g, ' ').trim());
  return [
    { label: 'Type', value: [text('type'), text('action')].filter(Boolean).join(' / ') },
    { label: 'Symbol', value: text('symbol') },
    { label: 'Quantity', value: text('quantity') === '0' ? '' : text('quantity') },
    { label: 'Net amount', value: text('netAmount') && text('netAmount') !== '0' ? `${text('netAmount')} ${text('currency')}` : '' },
    { label: 'Description', value: text('description') },
  ].filter((f) => f.value);
}

/**
 * Imported activities Folio could not turn into transactions. Each shows why and what
 * Questrade sent; the user enters the transaction (then marks it resolved) or dismisses it.
 * Synced: a decision on one device applies on all.
 */
export function ReviewList({ core, accounts, hideWhenEmpty = false }: { core: CoreClient; accounts: AccountRow[]; hideWhenEmpty?: boolean }) {
  const watched = useWatch<ImportReviewRow[]>(core, { kind: 'importReviews' });
  const error = useSignal<{ id: string; message: string } | null>(null);
  const busy = useSignal('');
  const names = new Map(accounts.map((a) => [a.id, a.name]));

  async function decide(id: string, status: 'resolved' | 'dismissed') {
    busy.value = id;
    error.value = null;
    try {
      await core.setImportReviewStatus(id, status);
    } catch (e) {
      error.value = { id, message: (e instanceof CoreError ? e : CoreError.from(e)).message };
    } finally {
      busy.value = '';
    }
  }

  const items = watched.state === 'ready' ? watched.value : [];
  // Signed out with nothing to review, the section would only add noise.
  if (hideWhenEmpty && items.length === 0) return null;
  return (
    <section class="io-card qt-reviews" aria-labelledby="qt-reviews-heading">
      <h2 id="qt-reviews-heading">Needs review{watched.state === 'ready' ? ` (${items.length})` : ''}</h2>
      {watched.state === 'loading' && <p role="status">Loading…</p>}
      {watched.state === 'error' && (
        <p class="field-error" role="alert">
          The review list could not be read: {watched.message}
        </p>
      )}
      {watched.state === 'ready' && items.length === 0 && <p class="muted">Nothing to review: every imported activity became a transaction.</p>}
      {items.length > 0 && (
        <>
          <p class="field-hint">
            Questrade sent these activities but Folio could not turn them into transactions on its own. Enter what happened on the <a href="/add">Add transaction</a> screen and mark the item
            resolved, or dismiss it if it changes nothing.
          </p>
          <ul class="qt-review-list">
            {items.map((item) => {
              const facts = activityFacts(item.raw);
              const headingId = `qt-review-${item.id}`;
              return (
                <li key={item.id} class="qt-review" aria-labelledby={headingId}>
                  <h3 id={headingId} class="qt-review-title">
                    <time dateTime={item.date}>{item.date}</time> · {names.get(item.accountId) ?? item.accountId}
                  </h3>
                  <p class="qt-review-reason">{item.reason}</p>
                  {facts.length > 0 && (
                    <dl class="qt-review-facts">
                      {facts.map((f) => (
                        <div key={f.label}>
                          <dt>{f.label}</dt>
                          <dd>{f.value}</dd>
                        </div>
                      ))}
                    </dl>
                  )}
                  <div class="qt-buttons">
                    <button type="button" class="secondary" disabled={busy.value === item.id} onClick={() => decide(item.id, 'resolved')} aria-describedby={headingId}>
                      Mark resolved
                    </button>
                    <button type="button" class="secondary" disabled={busy.value === item.id} onClick={() => decide(item.id, 'dismissed')} aria-describedby={headingId}>
                      Dismiss
                    </button>
                  </div>
                  {error.value?.id === item.id && (
                    <p class="field-error" role="alert">
                      {error.value.message}
                    </p>
                  )}
                </li>
              );
            })}
          </ul>
        </>
      )}
    </section>
  );
}
