/**
 * The session's runs that make (or drop) the augmented variants of samples already in a project,
 * after the augmentation setting changed. Each run supersedes the ones before it; a new image
 * model or project (`invalidate`) and Stop (`stop`) supersede the run under way, whose work is
 * then kept nowhere. Kept out of session.ts; the session passes in what the runs touch.
 */
import type { EmbeddingStore } from '../dataset/embeddingStore';
import type { Engine } from '../engine/engine';
import { variantCount, type AugmentationOptions } from '../preprocess/augment';
import type { PixelBuffer } from '../types';
import { embedFromThumbnails } from './augmentSamples';

/** What variant runs need from the session. */
export interface VariantRunContext {
  engine: Pick<Engine, 'embed'>;
  /** The samples' store now (opening a project replaces it). */
  store: () => EmbeddingStore;
  /** A sample's thumbnail as pixels; absent when the app cannot read thumbnails back. */
  decode?: (sampleId: string) => Promise<PixelBuffer>;
  /** Resolves once the engine can embed; throws when it cannot. */
  ready: () => Promise<void>;
  /** Shows the run as images being added: `begin` once, `progress` per chunk, `end` always. */
  ingest: {
    begin: (count: number) => void;
    progress: (done: number) => void;
    end: () => void;
  };
  /** Samples' variants were set or dropped. */
  changed: () => void;
  notify: (level: 'info' | 'error', text: string) => void;
}

/** Runs of variant making, one at a time in effect. */
export interface VariantRuns {
  /** Makes the variants of `ids` with `augmentation` (drops them when it makes none). */
  remake(ids: readonly string[], augmentation: AugmentationOptions): Promise<void>;
  /** Stop was pressed: ends the run under way (with a notice); false when none runs. */
  stop(): boolean;
  /** The run under way is of no use any more (new image model, other project). */
  invalidate(): void;
}

export function createVariantRuns(ctx: VariantRunContext): VariantRuns {
  /** Counts runs: a run whose number is not the latest discards its work. */
  let latest = 0;
  /** Runs under way (superseded ones included, until they end). */
  let busy = 0;

  async function remake(ids: readonly string[], augmentation: AugmentationOptions) {
    const run = ++latest;
    const current = () => run === latest;
    const store = ctx.store();
    const targets = ids.filter((id) => store.getSample(id));
    if (variantCount(augmentation) === 0 || !targets.length) {
      store.setAugmented(new Map(targets.map((id) => [id, undefined])));
      ctx.changed();
      return;
    }
    const decode = ctx.decode;
    if (!decode) {
      ctx.notify('error', 'This app cannot re-read its images, so no image variants were made.');
      return;
    }
    busy++;
    ctx.ingest.begin(targets.length);
    try {
      await ctx.ready();
      const made = await embedFromThumbnails(ctx.engine, targets, augmentation, {
        decode,
        originals: false,
        present: (id) => ctx.store().getSample(id) !== undefined,
        onProgress: ctx.ingest.progress,
        stopped: () => !current(),
      });
      if (current()) {
        ctx.store().setAugmented(made.augmented);
        ctx.changed();
      }
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error);
      if (current()) ctx.notify('error', `Could not make the image variants: ${text}`);
    } finally {
      busy--;
      ctx.ingest.end();
    }
  }

  return {
    remake,
    stop() {
      if (busy === 0) return false;
      latest++;
      ctx.notify(
        'info',
        'Stopped making image variants: images that have none yet train without them. ' +
          'Change the augmentation setting to make them again.',
      );
      return true;
    },
    invalidate() {
      latest++;
    },
  };
}
