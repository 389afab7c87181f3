import { useEffect, useRef, useState } from 'preact/hooks';
import type { InstrumentRow } from '../../../../../core/src/db/rows';
import type { HoldingsSummary } from '../../../../../core/src/engine/holdings-summary';
import { formIssues, type FieldIssue } from '../../../../../core/src/errors';
import { isZero } from '../../../../../core/src/money/decimal';
import { useApp } from '../../../state/app-context';
import { ASSET_CLASSES, CLASS_FIELDS, COUNTRIES, draftIssues, draftOf, heldInstruments, instrumentPatch, SECTORS, type ClassDraft, type ClassField, type HeldInstrument } from './instrument-classes';
import { errorMessage, useCoreWatch, useDataChanges } from './use-core-watch';
import './instrument-classes.css';

/** The anchor the Allocation tab's links (and the "no sector" insight) point at. */
export const CLASSIFY_ANCHOR = 'classify';

/**
 * Click handler of an in-page link to the editor: focuses its heading without navigating. A
 * fragment change would be a history entry that the router (whose URL the tabs rewrite
 * quietly) takes for a new route, moving focus back to the screen's top heading.
 */
export function revealClassify(event: MouseEvent): void {
  const heading = document.getElementById(CLASSIFY_ANCHOR);
  if (!heading) return;
  event.preventDefault();
  heading.focus();
  heading.scrollIntoView?.({ block: 'start' });
}

const LABEL: Record<ClassField, string> = Object.fromEntries(CLASS_FIELDS.map((f) => [f.field, f.label])) as Record<ClassField, string>;
const assetClassLabel = (value: string) => ASSET_CLASSES.find((a) => a.value === value)?.label ?? value;

/**
 * "Classify holdings": each held instrument's asset class, sector and country, editable in
 * place. Allocation by those dimensions and the concentration / home-bias insights read these
 * fields; the watches re-run after a save, so the chart above updates on its own.
 */
export function InstrumentClassesPanel({ portfolioId }: { portfolioId: string }) {
  const { core } = useApp();
  const holdings = useCoreWatch<HoldingsSummary>({ kind: 'holdings', scope: { portfolioId } }, portfolioId);
  const changes = useDataChanges();
  const [rows, setRows] = useState<InstrumentRow[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [saved, setSaved] = useState('');
  const heading = useRef<HTMLHeadingElement>(null);

  // Instruments have no watch of their own: reload them after every data change.
  useEffect(() => {
    core.listInstruments().then(
      (list) => {
        setRows(list);
        setLoadError(null);
      },
      (error) => setLoadError(errorMessage(error)),
    );
  }, [changes]);

  // Opened from a link ending in #classify (from another screen): once the list is there,
  // bring the editor into view and focus its heading.
  const ready = rows !== null && holdings.data !== null;
  useEffect(() => {
    if (ready && location.href.endsWith(`#${CLASSIFY_ANCHOR}`)) {
      heading.current?.focus();
      heading.current?.scrollIntoView?.({ block: 'start' });
    }
  }, [ready]);

  const symbols = (holdings.data?.holdings ?? []).filter((h) => !isZero(h.quantity)).map((h) => h.symbol);
  const list = rows ? heldInstruments(symbols, rows) : [];
  const unclassified = list.filter((h) => h.missing.length > 0).length;

  return (
    <section class="report classify" aria-labelledby={CLASSIFY_ANCHOR}>
      <h2 id={CLASSIFY_ANCHOR} ref={heading} tabIndex={-1}>
        Classify holdings
      </h2>
      <p class="report-note">
        Allocation by asset class, sector and country, and the concentration and home-bias insights, use these details. A holding without them counts as “Unclassified”.
      </p>
      {(loadError ?? holdings.error) && (
        <p class="field-error" role="alert">
          {loadError ?? holdings.error}
        </p>
      )}
      {!ready && !loadError && !holdings.error && (
        <p class="muted" role="status">
          Loading…
        </p>
      )}
      {ready && list.length === 0 && <p class="muted">No holdings to classify yet.</p>}
      {ready && list.length > 0 && (
        <>
          <p class="muted" data-field="unclassified-count">
            {unclassified === 0 ? 'Every holding is classified.' : `${unclassified} of ${list.length} holdings ${unclassified === 1 ? 'is' : 'are'} not fully classified.`}
          </p>
          <ul class="classify-list">
            {list.map((item) => (
              <InstrumentItem
                key={item.symbol}
                item={item}
                open={editing === item.symbol}
                onOpen={() => {
                  setEditing(item.symbol);
                  setSaved('');
                }}
                onClose={(message) => {
                  setEditing(null);
                  setSaved(message);
                }}
              />
            ))}
          </ul>
        </>
      )}
      <p role="status" class="classify-saved">
        {saved}
      </p>
      <datalist id="classify-sectors">
        {SECTORS.map((s) => (
          <option key={s} value={s} />
        ))}
      </datalist>
      <datalist id="classify-countries">
        {COUNTRIES.map((c) => (
          <option key={c} value={c} />
        ))}
      </datalist>
    </section>
  );
}

function InstrumentItem({ item, open, onOpen, onClose }: { item: HeldInstrument; open: boolean; onOpen: () => void; onClose: (message: string) => void }) {
  const editButton = useRef<HTMLButtonElement>(null);
  const wasOpen = useRef(open);
  // Closing the form puts focus back on the button that opened it, not on the page's top.
  useEffect(() => {
    if (wasOpen.current && !open) editButton.current?.focus();
    wasOpen.current = open;
  }, [open]);
  const name = item.row?.name;
  return (
    <li class="classify-item" data-symbol={item.symbol} data-unclassified={item.missing.length > 0 ? 'true' : undefined}>
      <div class="classify-head">
        <div class="classify-title">
          <strong>{item.symbol}</strong>
          {name && <span class="muted"> {name}</span>}
          {item.missing.length > 0 && <span class="classify-badge">Missing: {item.missing.map((f) => LABEL[f].toLowerCase()).join(', ')}</span>}
        </div>
        {!open && (
          <button type="button" class="secondary" ref={editButton} onClick={onOpen} aria-label={`Edit ${item.symbol} classification`}>
            Edit
          </button>
        )}
      </div>
      {!open && (
        <dl class="classify-values">
          {CLASS_FIELDS.map(({ field, label }) => {
            const value = item.row?.[field]?.trim();
            return (
              <div key={field} data-field={field}>
                <dt>{label}</dt>
                <dd class={value ? undefined : 'muted'}>{value ? (field === 'assetClass' ? assetClassLabel(value) : value) : 'Not set'}</dd>
              </div>
            );
          })}
        </dl>
      )}
      {open && <ClassifyForm item={item} onDone={onClose} />}
    </li>
  );
}

/** One instrument's three fields; the core's field issues go beside their inputs, anything else above Save. */
function ClassifyForm({ item, onDone }: { item: HeldInstrument; onDone: (message: string) => void }) {
  const { core } = useApp();
  const [draft, setDraft] = useState<ClassDraft>(() => draftOf(item.row));
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [busy, setBusy] = useState(false);
  const first = useRef<HTMLSelectElement>(null);
  useEffect(() => first.current?.focus(), []);

  const id = (field: ClassField) => `classify-${item.symbol.replace(/[^A-Za-z0-9_-]/g, '_')}-${field}`;
  const issueFor = (field: string) => issues.find((i) => i.field === field);
  const other = issues.filter((i) => !CLASS_FIELDS.some((f) => f.field === i.field));
  const set = (field: ClassField) => (e: Event) => setDraft({ ...draft, [field]: (e.currentTarget as HTMLInputElement | HTMLSelectElement).value });
  // A stored class the list does not offer (typed elsewhere, or synced) stays choosable, so saving does not drop it.
  const extra = draft.assetClass && !ASSET_CLASSES.some((a) => a.value === draft.assetClass) ? draft.assetClass : null;

  async function save(event: Event) {
    event.preventDefault();
    const refused = draftIssues(draft);
    if (refused.length) {
      setIssues(refused);
      document.getElementById(id(refused[0]!.field))?.focus();
      return;
    }
    setBusy(true);
    try {
      await core.upsertInstrument(instrumentPatch(item.symbol, item.row, draft));
      setIssues([]);
      onDone(`Saved the classification of ${item.symbol}.`);
    } catch (error) {
      setIssues(formIssues(error, ''));
    } finally {
      setBusy(false);
    }
  }

  const described = (field: ClassField, hint?: string) => {
    const ids = [hint, issueFor(field) ? `${id(field)}-error` : undefined].filter(Boolean).join(' ');
    return ids || undefined;
  };
  const error = (field: ClassField) =>
    issueFor(field) && (
      <span class="field-error" id={`${id(field)}-error`} role="alert">
        {issueFor(field)!.message}
      </span>
    );

  return (
    <form class="classify-form" onSubmit={save} onKeyDown={(e) => e.key === 'Escape' && onDone('')} noValidate aria-label={`Classify ${item.symbol}`}>
      <div class="field">
        <label for={id('assetClass')}>Asset class</label>
        <select id={id('assetClass')} ref={first} value={draft.assetClass} onChange={set('assetClass')} aria-invalid={issueFor('assetClass') ? 'true' : undefined} aria-describedby={described('assetClass')}>
          <option value="">Not set</option>
          {ASSET_CLASSES.map((a) => (
            <option key={a.value} value={a.value}>
              {a.label}
            </option>
          ))}
          {extra && <option value={extra}>{extra}</option>}
        </select>
        {error('assetClass')}
      </div>
      <div class="field">
        <label for={id('sector')}>Sector</label>
        <input id={id('sector')} list="classify-sectors" value={draft.sector} onInput={set('sector')} autoComplete="off" aria-invalid={issueFor('sector') ? 'true' : undefined} aria-describedby={described('sector')} />
        {error('sector')}
      </div>
      <div class="field">
        <label for={id('country')}>Country</label>
        <input
          id={id('country')}
          list="classify-countries"
          value={draft.country}
          onInput={set('country')}
         
          autoComplete="off"
          aria-invalid={issueFor('country') ? 'true' : undefined}
          aria-describedby={described('country', `${id('country')}-hint`)}
        />
        <span class="report-note" id={`${id('country')}-hint`}>
          A name such as Canada, or a code such as CA; spell it the same way for every holding.
        </span>
        {error('country')}
      </div>
      {other.length > 0 && (
        <p class="field-error classify-wide" role="alert">
          {other.map((i) => i.message).join('; ')}
        </p>
      )}
      <div class="report-actions classify-wide">
        <button type="submit" disabled={busy}>
          Save {item.symbol}
        </button>
        <button type="button" class="secondary" onClick={() => onDone('')}>
          Cancel
        </button>
      </div>
    </form>
  );
}
