import { browser } from 'wxt/browser';

/**
 * `runtime.getURL`, untyped by path: WXT types it against the generated `.wxt` path list,
 * which the repository's typecheck does not include.
 */
export const extensionUrl = (path: string): string => (browser.runtime as unknown as { getURL(path: string): string }).getURL(path);
