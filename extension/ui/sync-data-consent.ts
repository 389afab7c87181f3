/**
 * Firefox's built-in consent for data the extension transmits: the manifest declares no required
 * data collection and, as optional, what signing in to a sync server sends to it — the portfolio
 * (financial data), the credentials, and the email. Firefox asks the user for these when they
 * sign in, inside that click; declined, or if Firefox cannot ask, the sign-in does not happen.
 * Only the Firefox build installs this hook (its manifest requires Firefox 140, which has the
 * consent); Chrome has no such consent.
 */
import { browser } from 'wxt/browser';
import { CoreError } from '../../core/src/errors';
import { SYNC_DATA_COLLECTION } from '../sync-data-collection';


export async function requestSyncDataConsent(): Promise<void> {
  let granted: boolean;
  try {
    granted = await browser.permissions.request({ data_collection: [...SYNC_DATA_COLLECTION] } as never);
  } catch (error) {
    // Never send without consent: a request that could not be asked stops the sign-in too.
    const reason = error instanceof Error ? error.message : String(error);
    throw new CoreError('invalid_input', `Firefox could not ask for your consent to send your data to the sync server (${reason}), so you were not signed in`, [
      { field: 'form', message: `Firefox could not show its consent prompt (${reason}): try signing in again` },
    ]);
  }
  if (!granted) {
    throw new CoreError('invalid_input', 'Firefox did not get your consent to send your portfolio, email and password to the sync server, so you were not signed in', [
      { field: 'form', message: 'Signing in sends your portfolio, email and password to the sync server: allow it in the prompt Firefox shows, or stay on this device only' },
    ]);
  }
}
