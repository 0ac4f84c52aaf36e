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
  const { samples, classes, ingest, training } = useSession();
  const [map, setMap] = useState<EmbeddingMap | null>(null);
  // The projection runs on this thread (up to ~1 s at 10,000 images): not while images are being
  // added or a model trains, so neither competes with it; the map catches up once they end.
  const busy = ingest.active || training.phase === 'training';
  useEffect(() => {
    if (busy) return;
    const timer = setTimeout(() => setMap(store.embeddingMap()), MAP_SETTLE_MS);
    return () => clearTimeout(timer);
  }, [store, samples, classes, busy]);
  return map;
}
