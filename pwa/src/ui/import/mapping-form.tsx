import type { ColumnMapping, DateFormat } from '../../../../core/src/io/csv-import';
import { MAPPING_FIELDS } from './csv-file';

const DATE_FORMATS: { value: DateFormat | ''; label: string }[] = [
  { value: '', label: 'YYYY-MM-DD (ISO)' },
  { value: 'MM/DD/YYYY', label: 'MM/DD/YYYY (US)' },
  { value: 'DD/MM/YYYY', label: 'DD/MM/YYYY' },
];

/**
 * The generic CSV's column mapping: one select per field, pre-set from the worker's guess.
 * Each change re-runs the preview, so the effect of a choice shows at once.
 */
export function MappingForm({ headers, mapping, disabled, onChange }: { headers: string[]; mapping: ColumnMapping; disabled: boolean; onChange: (next: ColumnMapping) => void }) {
  const set = (patch: Partial<ColumnMapping>) => onChange({ ...mapping, ...patch });
  return (
    <fieldset class="mapping" disabled={disabled}>
      <legend>Columns</legend>
      <p class="muted">Which column of the file holds each field. Date, kind and currency are needed (or a default below).</p>
      <div class="mapping-grid">
        {MAPPING_FIELDS.map(({ field, label, required }) => (
          <div class="field" key={field}>
            <label for={`map-${field}`}>
              {label}
              {required ? ' *' : ''}
            </label>
            <select id={`map-${field}`} value={mapping[field] ?? ''} onChange={(e) => set({ [field]: (e.currentTarget as HTMLSelectElement).value || undefined })}>
              <option value="">— not in the file —</option>
              {headers.map((h) => (
                <option key={h} value={h}>
                  {h}
                </option>
              ))}
            </select>
          </div>
        ))}
        <div class="field">
          <label for="map-date-format">Date format</label>
          <select id="map-date-format" value={mapping.dateFormat ?? ''} onChange={(e) => set({ dateFormat: ((e.currentTarget as HTMLSelectElement).value || undefined) as DateFormat | undefined })}>
            {DATE_FORMATS.map((f) => (
              <option key={f.value} value={f.value}>
                {f.label}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="map-default-currency">Currency when the file has none</label>
          <input
            id="map-default-currency"
            maxLength={3}
            autoComplete="off"
            value={mapping.defaults?.currency ?? ''}
            onChange={(e) => {
              const currency = (e.currentTarget as HTMLInputElement).value.trim().toUpperCase();
              set({ defaults: { ...mapping.defaults, ...(currency ? { currency } : { currency: undefined }) } });
            }}
          />
        </div>
      </div>
    </fieldset>
  );
}
