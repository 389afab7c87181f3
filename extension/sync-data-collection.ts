/**
 * What signing in to a sync server sends to it, in Firefox's data-consent terms: the portfolio
 * (financial data), the credentials and the email. Declared optional in the Firefox manifest
 * (wxt.config.ts) and asked for at sign-in (extension/ui/sync-data-consent.ts).
 */
export const SYNC_DATA_COLLECTION = ['financialAndPaymentInfo', 'authenticationInfo', 'personallyIdentifyingInfo'] as const;
