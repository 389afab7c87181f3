import { useSignal } from '@preact/signals';
import type { AccountRow } from '../../../../core/src/db/rows';
import type { CsvFormat, ImportPreviewResult, ImportRequest } from '../../../../core/src/api/core-api';
import { CoreError } from '../../../../core/src/errors';
import type { ColumnMapping } from '../../../../core/src/io/csv-import';
import type { CoreClient } from '../../../../core/src/worker/connect-core';
import { countDataLines, detectFormat, headerCells, previewLines } from './csv-file';
import { MappingForm } from './mapping-form';
import { PreviewTable } from './preview-table';

interface LoadedFile {
  name: string;
  text: string;
  format: CsvFormat;
  headers: string[];
  rows: number;
}

type Phase = 'idle' | 'reading' | 'previewing' | 'importing';

const PHASE_TEXT: Record<Exclude<Phase, 'idle'>, string> = { reading: 'Reading', previewing: 'Checking', importing: 'Importing' };

/**
 * CSV import: pick or drop a file, map its columns (generic CSV), see every row checked by
 * the worker — errors with their line, duplicates marked — then import. The worker refuses
 * a file with any error, so Import stays disabled until the file is fixed and chosen again.
 */
export function ImportPanel({ core, locale }: { core: CoreClient; locale: string }) {
  const file = useSignal<LoadedFile | null>(null);
  const accounts = useSignal<AccountRow[]>([]);
  const accountId = useSignal('');
  const mapping = useSignal<ColumnMapping | undefined>(undefined);
  const preview = useSignal<ImportPreviewResult | null>(null);
  const phase = useSignal<Phase>('idle');
  const error = useSignal('');
  const result = useSignal<{ imported: number; duplicates: number; reviews: number } | null>(null);
  const dragging = useSignal(false);
  /** The file last imported, so the next one with the same columns keeps its mapping. */
  const lastImported = useSignal<LoadedFile | null>(null);
  const count = new Intl.NumberFormat(locale);

  const request = (): ImportRequest => ({
    text: file.value!.text,
    format: file.value!.format,
    ...(file.value!.format === 'generic' ? { accountId: accountId.value, ...(mapping.value ? { mapping: mapping.value } : {}) } : {}),
  });

  async function runPreview() {
    phase.value = 'previewing';
    error.value = '';
    try {
      const next = await core.previewImport(request());
      preview.value = next;
      if (next.mapping) mapping.value = next.mapping;
    } catch (e) {
      preview.value = null;
      error.value = (e instanceof CoreError ? e : CoreError.from(e)).message;
    } finally {
      phase.value = 'idle';
    }
  }

  async function load(picked: File | undefined) {
    if (!picked) return;
    phase.value = 'reading';
    result.value = null;
    preview.value = null;
    error.value = '';
    try {
      const text = await picked.text();
      const headers = headerCells(text);
      const format = detectFormat(headers);
      // The same columns as the last file (typically that file, fixed): keep the mapping chosen for it.
      const previous = file.value ?? lastImported.value;
      if (!previous || previous.format !== format || previous.headers.join('\u0000') !== headers.join('\u0000')) mapping.value = undefined;
      file.value = { name: picked.name, text, format, headers, rows: countDataLines(text) };
      if (format === 'generic' && !accountId.value) {
        let list = await core.listAccounts();
        if (list.length === 0) list = [(await core.ensureDefaultAccount()).account];
        accounts.value = list;
        accountId.value = list[0]!.id;
      }
    } catch (e) {
      error.value = (e instanceof CoreError ? e : CoreError.from(e)).message;
      phase.value = 'idle';
      return;
    }
    await runPreview();
  }

  async function commit() {
    phase.value = 'importing';
    error.value = '';
    try {
      // Questrade accounts join the first portfolio; on a fresh device the import creates it.
      // Rows kept for review are stored with the transactions (all or nothing), so the preview's count is what was kept.
      const reviews = preview.value?.reviews?.length ?? 0;
      result.value = { ...(await core.commitImport(request())), reviews };
      preview.value = null;
      lastImported.value = file.value;
      file.value = null;
    } catch (e) {
      error.value = (e instanceof CoreError ? e : CoreError.from(e)).message;
    } finally {
      phase.value = 'idle';
    }
  }

  const loaded = file.value;
  const p = preview.value;
  const busy = phase.value !== 'idle';
  const reviewCount = p?.reviews?.length ?? 0;
  const canImport = !busy && p !== null && p.errors.length === 0 && p.ready.length + reviewCount > 0;

  return (
    <section aria-labelledby="import-heading" class="io-card">
      <h2 id="import-heading">Import a CSV file</h2>
      <p class="muted">A Questrade activity export is recognised by its columns; any other CSV is mapped column by column. Nothing is stored until you press Import.</p>
      <div
        class={`drop-zone${dragging.value ? ' dragging' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          dragging.value = true;
        }}
        onDragLeave={() => (dragging.value = false)}
        onDrop={(e) => {
          e.preventDefault();
          dragging.value = false;
          void load(e.dataTransfer?.files[0]);
        }}
      >
        <label for="import-file">CSV file</label>
        <input
          id="import-file"
          type="file"
          accept=".csv,text/csv"
          disabled={busy}
          onChange={(e) => {
            const input = e.currentTarget as HTMLInputElement;
            void load(input.files?.[0]).finally(() => (input.value = ''));
          }}
        />
        <span class="muted">or drop it here</span>
      </div>

      {busy && (
        <div class="import-progress" role="status">
          <progress aria-label={`${PHASE_TEXT[phase.value as Exclude<Phase, 'idle'>]} the file`} />
          <span>
            {PHASE_TEXT[phase.value as Exclude<Phase, 'idle'>]} {loaded ? `${count.format(loaded.rows)} rows of ${loaded.name}` : 'the file'}…
          </span>
        </div>
      )}

      {loaded && (
        <p data-format={loaded.format}>
          <strong>{loaded.name}</strong>: {loaded.format === 'questrade' ? 'Questrade activity export (accounts are matched by number, created when missing)' : 'CSV file'}, {count.format(loaded.rows)} rows.
        </p>
      )}

      {loaded?.format === 'generic' && (
        <div class="field account-field">
          <label for="import-account">Import into account</label>
          <select
            id="import-account"
            value={accountId.value}
            disabled={busy}
            onChange={(e) => {
              accountId.value = (e.currentTarget as HTMLSelectElement).value;
              void runPreview();
            }}
          >
            {accounts.value.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
        </div>
      )}

      {loaded?.format === 'generic' && p && (
        <MappingForm
          headers={p.headers}
          mapping={mapping.value ?? {}}
          disabled={busy}
          onChange={(next) => {
            mapping.value = next;
            void runPreview();
          }}
        />
      )}

      {error.value && (
        <p class="field-error" role="alert">
          {error.value}
        </p>
      )}

      {p && (
        <>
          <p role="status" class="preview-summary" data-ready={p.ready.length} data-errors={p.errors.length} data-duplicates={p.duplicates.length} data-reviews={reviewCount}>
            {count.format(p.ready.length)} ready to import, {count.format(p.errors.length)} with errors, {count.format(p.duplicates.length)} duplicates (will be skipped)
            {reviewCount > 0 ? `, ${count.format(reviewCount)} kept for review (not transactions: listed on the Questrade screen to enter by hand or dismiss)` : ''}.
          </p>
          {p.errors.length > 0 && (
            <div class="import-errors">
              <p class="field-error" id="import-blocked">
                Nothing is imported while any row has an error: fix {p.errors.length === 1 ? 'that line' : 'those lines'} in the file and choose it again.
              </p>
              <ul aria-label="Rows with errors">
                {p.errors.slice(0, 50).map((e) => (
                  <li key={e.line}>
                    Line {e.line}: {e.issues.map((i) => `${i.field}: ${i.message}`).join('; ')}
                  </li>
                ))}
                {p.errors.length > 50 && <li>…and {count.format(p.errors.length - 50)} more in the table below.</li>}
              </ul>
            </div>
          )}
          {p.errors.length === 0 && p.ready.length === 0 && reviewCount === 0 && <p id="import-blocked">Nothing new to import: every row is already stored.</p>}
          <PreviewTable lines={previewLines(p)} locale={locale} />
          <button type="button" disabled={!canImport} aria-describedby={canImport ? undefined : 'import-blocked'} onClick={() => void commit()}>
            Import {count.format(p.ready.length)} transactions{reviewCount > 0 ? ` and keep ${count.format(reviewCount)} for review` : ''}
          </button>
        </>
      )}

      {result.value && (
        <p role="status" class="import-result" data-imported={result.value.imported} data-duplicates={result.value.duplicates} data-reviews={result.value.reviews}>
          Imported {count.format(result.value.imported)} transactions; {result.value.reviews > 0 ? `kept ${count.format(result.value.reviews)} for review; ` : ''}skipped{' '}
          {count.format(result.value.duplicates)} duplicates.
        </p>
      )}
    </section>
  );
}
