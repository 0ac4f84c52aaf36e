import { useEffect, useState } from 'react';
import type { EmbeddingMap } from '../../core/analysis/embeddingMap';
import { useSession, useStore } from '../context';

/** How long the map waits after a data change before recomputing (uploads arrive in bursts). */
export const MAP_SETTLE_MS = 200;

/**
 * The session's embedding map, fetched again a moment after the samples or classes change (the
 * snapshot keeps those objects while only predictions change, so live frames cost nothing here).
 */
export function useEmbeddingMap(): EmbeddingMap | null {
  const store = useStore();
  const { samples, classes } = useSession();
  const [map, setMap] = useState<EmbeddingMap | null>(null);
  useEffect(() => {
    const timer = setTimeout(() => setMap(store.embeddingMap()), MAP_SETTLE_MS);
    return () => clearTimeout(timer);
  }, [store, samples, classes]);
  return map;
}
