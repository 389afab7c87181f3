import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { CoreClient } from '../../../core/src/worker/connect-core';
import { createHoldingsStore, type HoldingsStore } from './holdings-store';
import { createMarketStore, type MarketStore } from './market-store';
import { createPrefsStore, type PrefsStore } from './prefs-store';
import { createSyncStore, type SyncStore } from './sync-store';

/** What every screen may use: the core worker and the signals it feeds. Created once in main.tsx. */
export interface AppServices {
  core: CoreClient;
  holdings: HoldingsStore;
  sync: SyncStore;
  market: MarketStore;
  prefs: PrefsStore;
  /**
   * Runs inside the sign-in click, before anything is sent to a server; throws (a CoreError) to
   * stop the sign-in. The extension's Firefox build asks for the browser's data consent here.
   */
  beforeSignIn?: () => Promise<void>;
}

/** The services of a full app page (the PWA, or the extension's app page) over one core worker. */
export function createAppServices(core: CoreClient, options: Pick<AppServices, 'beforeSignIn'> = {}): AppServices {
  return { core, holdings: createHoldingsStore(core), sync: createSyncStore(core), market: createMarketStore(core), prefs: createPrefsStore(core), ...options };
}

export const AppContext = createContext<AppServices | null>(null);

export function useApp(): AppServices {
  const services = useContext(AppContext);
  if (!services) throw new Error('useApp() outside <AppContext.Provider>');
  return services;
}
