import { browser } from 'wxt/browser';

/** The extension's full dashboard page (built by WXT from entrypoints/dashboard). */
const DASHBOARD_PATH = '/dashboard.html';

/**
 * Opens the full dashboard in a new tab and closes the popup. A real link underneath, so it is
 * focusable, announced as a link and still works with a middle click.
 */
export function DashboardLink() {
  // The popup runs at the extension's origin, so this is what `runtime.getURL` returns (whose
  // typing needs WXT's generated path list).
  const url = new URL(DASHBOARD_PATH, location.origin).href;
  return (
    <a
      href={url}
      target="_blank"
      rel="noopener"
      class="popup-dashboard-link"
      onClick={(event) => {
        event.preventDefault();
        void browser.tabs.create({ url }).then(() => window.close());
      }}
    >
      Open full dashboard
    </a>
  );
}
