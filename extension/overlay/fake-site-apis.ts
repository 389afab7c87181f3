/**
 * For tests only: WXT's fake browser has storage but no working `permissions` (host and data
 * collection) or `scripting`.
 * This gives it small in-memory versions with the browsers' semantics (a request the user
 * declines changes nothing; registered scripts are keyed by id; removing a permission in the
 * browser's settings fires `permissions.onRemoved`). The real browser path is covered by the
 * Playwright spec.
 */
import { fakeBrowser } from 'wxt/testing';

type Listener = (permissions: { origins?: string[] }) => void;

export function installFakeSiteApis() {
  const granted = new Set<string>();
  const registered = new Map<string, { id: string; matches?: string[]; js?: string[] }>();
  const removedListeners = new Set<Listener>();
  /** `supportsDataCollection`: Firefox 140+ (built-in data consent); else the browser refuses the `data_collection` key. */
  const state = { userAccepts: true, supportsDataCollection: true };
  const dataCollection = new Set<string>();
  const fb = fakeBrowser as unknown as Record<string, unknown>;
  fb['permissions'] = {
    contains: async ({ origins = [] }: { origins?: string[] }) => origins.every((o) => granted.has(o)),
    request: async ({ origins = [], data_collection }: { origins?: string[]; data_collection?: string[] }) => {
      if (data_collection && !state.supportsDataCollection) throw new Error('Type error for parameter permissions (Unexpected property "data_collection")');
      if (state.userAccepts) {
        for (const o of origins) granted.add(o);
        for (const d of data_collection ?? []) dataCollection.add(d);
      }
      return state.userAccepts;
    },
    remove: async ({ origins = [] }: { origins?: string[] }) => {
      for (const o of origins) granted.delete(o);
      return true;
    },
    onRemoved: { addListener: (l: Listener) => removedListeners.add(l), removeListener: (l: Listener) => removedListeners.delete(l) },
  };
  fb['scripting'] = {
    getRegisteredContentScripts: async ({ ids }: { ids: string[] }) => ids.flatMap((id) => (registered.has(id) ? [registered.get(id)!] : [])),
    registerContentScripts: async (scripts: { id: string }[]) => {
      for (const s of scripts) {
        if (registered.has(s.id)) throw new Error(`Duplicate script ID '${s.id}'`);
        registered.set(s.id, s);
      }
    },
    unregisterContentScripts: async ({ ids }: { ids: string[] }) => {
      for (const id of ids) registered.delete(id);
    },
  };
  return {
    granted,
    dataCollection,
    registered,
    state,
    /** The user removes a site in the browser's extension settings: the grant goes, and the browser says so. */
    removeInBrowser(origins: string[]) {
      for (const o of origins) granted.delete(o);
      for (const l of removedListeners) l({ origins });
    },
  };
}
