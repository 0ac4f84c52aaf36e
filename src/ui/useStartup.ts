/** The one bridge from the start-up store to React. */
import { useSyncExternalStore } from 'react';
import type { StartupSnapshot, StartupStore } from '../app/startupStore';

/** Re-renders the caller whenever the store changes. */
export function useStartup(store: StartupStore): StartupSnapshot {
  return useSyncExternalStore(store.subscribe, store.getSnapshot);
}
