import type { ComponentChildren } from 'preact';
import { LocationProvider } from 'preact-iso';
import { useLayoutEffect, useMemo, useReducer } from 'preact/hooks';

/**
 * The app's location kept in the URL's fragment (`page.html#/portfolio?x=1`), for pages that
 * cannot serve every path, such as an extension page (`chrome-extension://<id>/dashboard.html`):
 * a reload of `#/portfolio` shows the portfolio again, where `/portfolio` would be a missing file.
 *
 * It fills preact-iso's own location context, so `Router`, `useLocation()` and the screens work
 * unchanged: links keep their app paths (`href="/portfolio"`) and a plain click on one is routed
 * here, as preact-iso's `LocationProvider` does for path URLs.
 */

/** The app path a fragment stands for: `#/add?x=1` → `/add?x=1`; anything else is the home screen. */
export function pathOfHash(hash: string): string {
  return hash.startsWith('#/') ? hash.slice(1) : '/';
}

/** The fragment of an app path: `/add?x=1` → `#/add?x=1`. */
export function hashOfPath(url: string): string {
  return `#${url.startsWith('/') ? url : `/${url}`}`;
}

/** Whether a HashLocationProvider is mounted (set while it is): see {@link replaceUrlQuietly}. */
let hashRouting = false;

/**
 * Rewrites the current URL without routing (a tab mirrored into `?tab=`), in the form the
 * mounted location provider uses: a path, or a fragment under hash routing.
 */
export function replaceUrlQuietly(url: string): void {
  history.replaceState(history.state, '', hashRouting ? hashOfPath(url) : url);
}

type Action = { url: string; replace?: boolean } | { sync: true };

/** Moves to an in-page anchor (the skip link's `#main`) without touching the route in the fragment. */
function focusAnchor(id: string): void {
  const target = document.getElementById(id);
  if (!target) return;
  if (!target.hasAttribute('tabindex')) target.tabIndex = -1;
  target.focus();
  target.scrollIntoView?.({ block: 'start' });
}

/** The current app path, and whether it was pushed by the app (the Router scrolls to the top then, as preact-iso does). */
interface HashState {
  url: string;
  wasPush: boolean;
}

function reduce(state: HashState, action: Action): HashState {
  if ('sync' in action) {
    const url = pathOfHash(location.hash);
    return url === state.url ? state : { url, wasPush: false };
  }
  if (action.url === state.url) return state;
  const hash = hashOfPath(action.url);
  if (action.replace) history.replaceState(null, '', hash);
  else history.pushState(null, '', hash);
  return { url: action.url, wasPush: !action.replace };
}

export function HashLocationProvider({ children }: { children?: ComponentChildren }) {
  const [{ url, wasPush }, dispatch] = useReducer(reduce, undefined, () => ({ url: pathOfHash(location.hash), wasPush: false }));

  const value = useMemo(() => {
    const u = new URL(url, 'http://app.invalid');
    return {
      url,
      path: u.pathname.replace(/\/+$/g, '') || '/',
      query: Object.fromEntries(u.searchParams),
      route: (next: string, replace?: boolean) => dispatch({ url: next, ...(replace ? { replace } : {}) }),
      back: () => history.back(),
      forward: () => history.forward(),
      wasPush,
    };
  }, [url, wasPush]);

  useLayoutEffect(() => {
    hashRouting = true;
    const onClick = (event: MouseEvent) => {
      if (event.defaultPrevented || event.altKey || (event.button !== 0 && event.button !== 1)) return;
      const link = event.composedPath().find((el): el is HTMLAnchorElement => (el as Element).nodeName === 'A' && !!(el as HTMLAnchorElement).href);
      const href = link?.getAttribute('href');
      if (!link || !href || link.origin !== location.origin || link.download) return;
      // A new tab (middle or modified click, or target=_blank) of an app path: the browser would
      // open the path itself, a file this page's host does not have; open its fragment instead.
      const newTab = event.button === 1 || event.ctrlKey || event.metaKey || event.shiftKey || !/^(_?self)?$/i.test(link.target);
      if (newTab) {
        if (href.startsWith('/')) {
          event.preventDefault();
          window.open(`${location.pathname}${hashOfPath(href)}`, '_blank', 'noopener');
        }
        return;
      }
      if (href.startsWith('#/')) {
        event.preventDefault();
        dispatch({ url: href.slice(1) });
      } else if (href.startsWith('#')) {
        event.preventDefault();
        focusAnchor(decodeURIComponent(href.slice(1)));
      } else if (href.startsWith('/')) {
        event.preventDefault();
        dispatch({ url: href });
      }
    };
    const onHistory = () => dispatch({ sync: true });
    addEventListener('click', onClick);
    addEventListener('auxclick', onClick);
    addEventListener('popstate', onHistory);
    addEventListener('hashchange', onHistory);
    if (!location.hash.startsWith('#/')) history.replaceState(null, '', hashOfPath(pathOfHash(location.hash)));
    return () => {
      hashRouting = false;
      removeEventListener('click', onClick);
      removeEventListener('auxclick', onClick);
      removeEventListener('popstate', onHistory);
      removeEventListener('hashchange', onHistory);
    };
  }, []);

  return <LocationProvider.ctx.Provider value={value}>{children}</LocationProvider.ctx.Provider>;
}
