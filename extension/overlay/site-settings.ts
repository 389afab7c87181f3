import { browser } from 'wxt/browser';
import { storage } from 'wxt/utils/storage';
import { OVERLAY_SITES, type OverlaySite } from './sites';

/**
 * The per-site on/off switch and what it implies: the site's host permission (asked for at
 * runtime, given back when switched off) and the content script registered for exactly the
 * site's patterns. The choice itself is kept in extension storage, which pages cannot read.
 */

/** Site id → switched on. */
const choicesItem = storage.defineItem<Record<string, boolean>>('local:folio.overlay.sites', { fallback: {} });
/**
 * Site id → also mark `$TICKER` / `TSX:TICKER` mentions in the page's text. Off unless chosen:
 * a page's own scripts can insert such a mention and watch whether a chip appears next to it,
 * which tells them a ticker is held; the site adapters mark only the site's own tables and headers.
 */
const cashtagsItem = storage.defineItem<Record<string, boolean>>('local:folio.overlay.cashtags', { fallback: {} });
/** The built content script (WXT's output path for entrypoints/overlay.content.ts). */
export const OVERLAY_SCRIPT = 'content-scripts/overlay.js';
const scriptId = (site: OverlaySite) => `folio-overlay-${site.id}`;

const choices = () => choicesItem.getValue();

async function choose(id: string, on: boolean): Promise<void> {
  await choicesItem.setValue({ ...(await choices()), [id]: on });
}

export async function isSiteEnabled(id: string): Promise<boolean> {
  return (await choices())[id] === true;
}

/** Whether `$TICKER` mentions in the text are marked on the site (off unless the user chose it). */
export async function isCashtagsOn(id: string): Promise<boolean> {
  return (await cashtagsItem.getValue())[id] === true;
}

export async function setCashtags(site: OverlaySite, on: boolean): Promise<void> {
  await cashtagsItem.setValue({ ...(await cashtagsItem.getValue()), [site.id]: on });
}

/** Each supported site with whether it is on (switched on and its permission still granted) and whether mentions are marked. */
export async function siteStates(): Promise<{ site: OverlaySite; enabled: boolean; cashtags: boolean }[]> {
  const [chosen, mentions] = await Promise.all([choices(), cashtagsItem.getValue()]);
  return Promise.all(OVERLAY_SITES.map(async (site) => ({ site, enabled: chosen[site.id] === true && (await browser.permissions.contains({ origins: site.origins })), cashtags: mentions[site.id] === true })));
}

async function register(site: OverlaySite): Promise<void> {
  const id = scriptId(site);
  const existing = await browser.scripting.getRegisteredContentScripts({ ids: [id] });
  if (existing.length) return;
  await browser.scripting.registerContentScripts([{ id, matches: site.origins, js: [OVERLAY_SCRIPT], runAt: 'document_idle', persistAcrossSessions: true }]);
}

async function unregister(site: OverlaySite): Promise<void> {
  const id = scriptId(site);
  const existing = await browser.scripting.getRegisteredContentScripts({ ids: [id] });
  if (existing.length) await browser.scripting.unregisterContentScripts({ ids: [id] });
}

/**
 * Turns a site on: asks the browser for its host permission (this must be the first thing done
 * in the click's handler, as browsers only prompt during a user gesture), then records the choice
 * and registers the content script. Resolves false, changing nothing, when the user declines.
 */
export function enableSite(site: OverlaySite): Promise<boolean> {
  return browser.permissions.request({ origins: site.origins }).then(async (granted) => {
    if (!granted) return false;
    await register(site);
    await choose(site.id, true);
    return true;
  });
}

/** Turns a site off: unregisters the script, records the choice and gives the permission back. */
export async function disableSite(site: OverlaySite): Promise<void> {
  await unregister(site);
  await choose(site.id, false);
  await browser.permissions.remove({ origins: site.origins });
}

/**
 * Brings the registrations in line with the choices and the permissions the browser holds now
 * (for the background at startup and when a permission is removed in the browser's settings).
 */
export async function syncRegistrations(): Promise<void> {
  for (const { site, enabled } of await siteStates()) await (enabled ? register(site) : unregister(site));
}

/**
 * Keeps the registrations in line from the background: once at start (the choices or permissions
 * may have changed while it was not running) and whenever the browser withdraws a permission
 * (the user removed a site in the browser's extension settings), so the overlay stops being
 * injected there. Failures are logged: the next start or removal tries again.
 */
export function followSiteRegistrations(): Promise<void> {
  const sync = () => syncRegistrations().catch((error: unknown) => console.error('Folio: could not update the overlay registrations', error));
  browser.permissions.onRemoved.addListener(() => void sync());
  return sync();
}
