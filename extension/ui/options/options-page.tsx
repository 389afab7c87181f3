import { useEffect, useState } from 'preact/hooks';
import { disableSite, enableSite, setCashtags, siteStates } from '../../overlay/site-settings';
import type { OverlaySite } from '../../overlay/sites';
import './options.css';

interface Row {
  site: OverlaySite;
  enabled: boolean;
  /** Also mark $TICKER mentions in the page's text (opt-in). */
  cashtags: boolean;
  busy: boolean;
  message?: { text: string; error: boolean };
}

/**
 * Per-site switches for the ticker overlay. Turning a site on asks the browser for that site's
 * permission (the browser shows its own prompt) and only then starts the overlay there; turning
 * it off stops it and gives the permission back.
 */
export function OptionsPage() {
  const [rows, setRows] = useState<Row[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);

  useEffect(() => {
    siteStates()
      .then((states) => setRows(states.map((s) => ({ ...s, busy: false }))))
      .catch((e: unknown) => setLoadError(`Could not read the overlay settings: ${e instanceof Error ? e.message : String(e)}`));
  }, []);

  const patch = (id: string, next: Partial<Row>) => setRows((current) => current?.map((r) => (r.site.id === id ? { ...r, ...next } : r)) ?? null);

  const toggle = (row: Row, on: boolean) => {
    const { site } = row;
    // The switch shows the user's choice at once (a controlled input re-rendered with the old
    // value would undo the click); a refused permission or a failure turns it back.
    patch(site.id, { busy: true, enabled: on });
    // enableSite asks for the permission first thing: browsers prompt only inside the click.
    const work = on
      ? enableSite(site).then((granted) => ({
          enabled: granted,
          message: granted ? { text: `On: reload any open ${site.label} page to see your positions.`, error: false } : { text: `Permission for ${site.label} was not granted, so the overlay stays off.`, error: true },
        }))
      : disableSite(site).then(() => ({ enabled: false, message: { text: `Off: Folio no longer has access to ${site.label}.`, error: false } }));
    work
      .then((result) => patch(site.id, { ...result, busy: false }))
      .catch((e: unknown) => patch(site.id, { busy: false, enabled: row.enabled, message: { text: `Could not change ${site.label}: ${e instanceof Error ? e.message : String(e)}`, error: true } }));
  };

  const toggleMentions = (row: Row, on: boolean) => {
    const { site } = row;
    patch(site.id, { busy: true, cashtags: on });
    setCashtags(site, on)
      .then(() =>
        patch(site.id, {
          cashtags: on,
          busy: false,
          message: { text: on ? `$TICKER mentions on ${site.label} will be marked: reload any open ${site.label} page.` : `$TICKER mentions on ${site.label} are no longer marked.`, error: false },
        }),
      )
      .catch((e: unknown) => patch(site.id, { busy: false, cashtags: row.cashtags, message: { text: `Could not change ${site.label}: ${e instanceof Error ? e.message : String(e)}`, error: true } }));
  };

  return (
    <main class="options">
      <h1>Ticker overlay</h1>
      <p class="muted">
        On the sites you switch on, Folio marks the tickers you hold with your quantity, average cost, gain and weight. The figures come from this extension's own database and are shown only to
        you: nothing is sent to the site or anywhere else. Each site asks for its own permission; none is granted at install.
      </p>
      {loadError && (
        <p role="alert" class="options-error">
          {loadError}
        </p>
      )}
      {rows === null && !loadError && <p aria-live="polite">Loading…</p>}
      {rows && (
        <ul class="site-list" aria-label="Sites">
          {rows.map((row) => {
            const id = `site-${row.site.id}`;
            return (
              <li key={row.site.id} class="site-row">
                <div class="site-text">
                  <label for={id} class="site-label">
                    {row.site.label}
                  </label>
                  <span id={`${id}-desc`} class="muted">
                    {row.site.description}
                  </span>
                </div>
                <input
                  id={id}
                  type="checkbox"
                  role="switch"
                  class="switch"
                  checked={row.enabled}
                  disabled={row.busy}
                  aria-describedby={`${id}-desc ${id}-status`}
                  onChange={(e) => toggle(row, (e.currentTarget as HTMLInputElement).checked)}
                />
                <div class="site-mentions">
                  <input
                    id={`${id}-mentions`}
                    type="checkbox"
                    checked={row.cashtags}
                    disabled={row.busy}
                    aria-describedby={`${id}-mentions-desc`}
                    onChange={(e) => toggleMentions(row, (e.currentTarget as HTMLInputElement).checked)}
                  />
                  <label for={`${id}-mentions`}>Also mark $TICKER mentions in the text</label>
                  <span id={`${id}-mentions-desc`} class="muted">
                    Off unless you choose it: the site's own scripts could write a $TICKER and see whether Folio marks it.
                  </span>
                </div>
                <p id={`${id}-status`} class={row.message?.error ? 'site-status options-error' : 'site-status muted'} role="status">
                  {row.message?.text ?? ''}
                </p>
              </li>
            );
          })}
        </ul>
      )}
    </main>
  );
}
