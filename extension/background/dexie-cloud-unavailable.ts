/** Stands in for dexie-cloud-addon in the background bundle, which never opens Dexie Cloud (see wxt.config.ts). */
export default function dexieCloud(): never {
  throw new Error('Dexie Cloud is not available in the extension background: open the extension’s dashboard page');
}
