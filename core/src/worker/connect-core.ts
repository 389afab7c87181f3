import * as Comlink from 'comlink';
import type { CoreApi } from '../api/core-api';
import CoreWorker from './core-worker.ts?worker';
import './error-transfer';

export type CoreClient = Comlink.Remote<CoreApi>;

/** Starts the core in a dedicated Web Worker (bundled by Vite) and returns its typed API. */
export function connectCore(): CoreClient {
  return Comlink.wrap<CoreApi>(new CoreWorker({ name: 'folio-core' }));
}

/** Wraps a callback so the worker can call it back across the boundary. */
export const callback = Comlink.proxy;
