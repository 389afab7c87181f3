import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { CoreClient } from '../../../core/src/worker/connect-core';
import type { HoldingsStore } from './holdings-store';
import type { MarketStore } from './market-store';
import type { PrefsStore } from './prefs-store';
import type { SyncStore } from './sync-store';

/** What every screen may use: the core worker and the signals it feeds. Created once in main.tsx. */
export interface AppServices {
  core: CoreClient;
  holdings: HoldingsStore;
  sync: SyncStore;
  market: MarketStore;
  prefs: PrefsStore;
}

export const AppContext = createContext<AppServices | null>(null);

export function useApp(): AppServices {
  const services = useContext(AppContext);
  if (!services) throw new Error('useApp() outside <AppContext.Provider>');
  return services;
}
