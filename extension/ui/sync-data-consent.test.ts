import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { CoreError } from '../../core/src/errors';
import { installFakeSiteApis } from '../overlay/fake-site-apis';
import { SYNC_DATA_COLLECTION } from '../sync-data-collection';
import { requestSyncDataConsent } from './sync-data-consent';

let apis: ReturnType<typeof installFakeSiteApis>;
beforeEach(() => {
  fakeBrowser.reset();
  apis = installFakeSiteApis();
});

describe('Firefox data consent at sign-in', () => {
  it('asks for exactly what signing in sends, and lets the sign-in go on once granted', async () => {
    await expect(requestSyncDataConsent()).resolves.toBeUndefined();
    expect([...apis.dataCollection].sort()).toEqual([...SYNC_DATA_COLLECTION].sort());
    expect(SYNC_DATA_COLLECTION).toEqual(['financialAndPaymentInfo', 'authenticationInfo', 'personallyIdentifyingInfo']);
  });

  it('stops the sign-in with a reason the form can show when the user declines', async () => {
    apis.state.userAccepts = false;
    const refused = await requestSyncDataConsent().catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(CoreError);
    expect((refused as CoreError).issues).toEqual([{ field: 'form', message: expect.stringContaining('allow it in the prompt Firefox shows') }]);
    expect(apis.dataCollection.size).toBe(0);
  });

  it('does not sign in when Firefox cannot ask (never sends without consent)', async () => {
    apis.state.supportsDataCollection = false;
    const refused = await requestSyncDataConsent().catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(CoreError);
    expect((refused as CoreError).message).toMatch(/^Firefox could not ask for your consent .*Unexpected property "data_collection".*, so you were not signed in$/);
    expect(apis.dataCollection.size).toBe(0);
  });
});
