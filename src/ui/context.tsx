/**
 * The one bridge from the session store and the platform to React. Components read the snapshot
 * through {@link useSession} (useSyncExternalStore) and send commands through {@link useStore}.
 */
import {
  createContext,
  useCallback,
  useContext,
  useSyncExternalStore,
  type ReactNode,
} from 'react';
import type { SessionSnapshot, SessionStore } from '../core/session/sessionTypes';
import type { Platform } from '../platform/platform';

const StoreContext = createContext<SessionStore | null>(null);
const PlatformContext = createContext<Platform | null>(null);

/** Makes the store and the platform available to every component below. */
export function SessionProvider({
  store,
  platform,
  children,
}: {
  store: SessionStore;
  platform: Platform;
  children: ReactNode;
}) {
  return (
    <StoreContext value={store}>
      <PlatformContext value={platform}>{children}</PlatformContext>
    </StoreContext>
  );
}

/** The session store, for sending commands. */
export function useStore(): SessionStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useStore() needs a <SessionProvider> above it.');
  return store;
}

/** The current session snapshot; re-renders the caller on every change. */
export function useSession(): SessionSnapshot {
  const store = useStore();
  // Wrapped so that stores built from classes (unbound methods) work too.
  const subscribe = useCallback((listener: () => void) => store.subscribe(listener), [store]);
  const getSnapshot = useCallback(() => store.getSnapshot(), [store]);
  return useSyncExternalStore(subscribe, getSnapshot);
}

/** The browser services (files, cameras). */
export function usePlatform(): Platform {
  const platform = useContext(PlatformContext);
  if (!platform) throw new Error('usePlatform() needs a <SessionProvider> above it.');
  return platform;
}
