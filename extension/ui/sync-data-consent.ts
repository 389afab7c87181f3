/**
 * Firefox's built-in consent for data the extension transmits (Firefox 140+): the manifest
 * declares no required data collection and, as optional, what signing in to a sync server
 * sends to it — the portfolio (financial data), the credentials, and the email. Firefox asks the
 * user for these when they sign in, inside that click; declined, the sign-in does not happen.
 * Chrome has no such consent, and Firefox before 140 does not know the request: both sign in.
 */
import { browser } from 'wxt/browser';
import { CoreError } from '../../core/src/errors';
import { SYNC_DATA_COLLECTION } from '../sync-data-collection';


export async function requestSyncDataConsent(): Promise<void> {
  let granted: boolean;
  try {
    granted = await browser.permissions.request({ data_collection: [...SYNC_DATA_COLLECTION] } as never);
  } catch {
    // A browser without built-in data consent refuses the unknown key: nothing to ask there.
    return;
  }
  if (!granted) {
    throw new CoreError('invalid_input', 'Firefox did not get your consent to send your portfolio, email and password to the sync server, so you were not signed in', [
      { field: 'form', message: 'Signing in sends your portfolio, email and password to the sync server: allow it in the prompt Firefox shows, or stay on this device only' },
    ]);
  }
}
