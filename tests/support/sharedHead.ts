/**
 * A head trained the Teachable Machine way on a shared dataset's training photos, with a real
 * backbone (default: the Teachable Machine base) served from ../shared/models as the self-hosted
 * folder. For export tests; the caller disposes the extractor.
 */
import type { FeatureExtractor } from '../../src/core/features/featureExtractor';
import { TM_MOBILENET_V2 } from '../../src/core/features/catalog';
import type { HeadWeights } from '../../src/core/training/headModel';
import { TEACHABLE_MACHINE_RECIPE } from '../../src/core/training/headOptions';
import { trainHead } from '../../src/core/training/trainHead';
import { decodeImageFile } from '../../src/node/decodeImageFile';
import { loadSharedBackbone } from './accuracySuite';
import type { Dataset } from './datasets';

export async function trainOnSharedPhotos(
  dataset: Dataset,
  epochs = 15,
  backboneId = TM_MOBILENET_V2.id,
): Promise<{ extractor: FeatureExtractor; weights: HeadWeights }> {
  const extractor = await loadSharedBackbone(backboneId);
  try {
    const train = await Promise.all(dataset.train.map((d) => decodeImageFile(d.path)));
    const result = await trainHead(
      {
        embeddings: await extractor.embed(train),
        labels: dataset.train.map((d) => dataset.classes.indexOf(d.className)),
        classCount: dataset.classes.length,
      },
      { ...TEACHABLE_MACHINE_RECIPE, epochs },
    );
    const weights = await result.model.weights();
    result.model.dispose();
    return { extractor, weights };
  } catch (error) {
    extractor.dispose();
    throw error;
  }
}
