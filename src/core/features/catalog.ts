/**
 * The backbones Glimpse can use, as data. Every extractor is built from one of these entries;
 * the UI lists them; exports record the entry's id and preprocessing.
 */
import type { Normalization } from '../preprocess/preprocess';

/** How a backbone's weights are turned into an embedding. */
export type BackboneLoader =
  | {
      /** A Keras layers model: the named layer's output, globally average-pooled when 4-D. */
      kind: 'layers';
      featureLayer: string;
    }
  | {
      /** A TF-Hub graph model driven through @tensorflow-models/mobilenet (`infer(x, true)`). */
      kind: 'mobilenet-package';
      version: 1 | 2;
      alpha: 0.25 | 0.5 | 0.75 | 1;
      /** Passed as `inputRange`; the package maps 0..255 into it. */
      inputRange: [number, number];
    }
  | {
      /** nsfwjs's bundled MobileNetV2: the named layers pooled, concatenated, then L2-normalised. */
      kind: 'nsfwjs-offline';
      featureLayers: readonly string[];
    };

/** One entry of the backbone catalog. */
export interface BackboneSpec {
  /** Stable id; also the self-hosted folder name (`<modelsBaseUrl>/<id>/model.json`). */
  id: string;
  /** Name shown to users. */
  label: string;
  architecture: string;
  /** Square input side in pixels. */
  inputSize: number;
  /** Length of the embedding vector. */
  embeddingDim: number;
  /**
   * The map from 0..255 to what the network sees. `appliedBy: 'package'` means
   * @tensorflow-models/mobilenet applies it inside `infer` and Glimpse feeds raw 0..255 values.
   */
  normalization: Normalization & { appliedBy: 'glimpse' | 'package' };
  loader: BackboneLoader;
  /** The upstream URL, tried after the self-hosted folder. Absent for the bundled fallback. */
  officialUrl?: string;
  /** Download size of the weights in bytes (approximate). */
  sizeBytes: number;
  /** One line on speed and quality for the backbone picker. */
  note: string;
  /** True only for the bundled no-network model, whose features are worse. */
  offlineFallback: boolean;
}

/** Teachable Machine's MobileNetV2 0.35 base: our default. */
export const TM_MOBILENET_V2: BackboneSpec = {
  id: 'mobilenet-v2-0.35-224-tm',
  label: 'MobileNet v2 0.35 (Teachable Machine base)',
  architecture: 'MobileNetV2, alpha 0.35, 224 px, ImageNet (Keras Applications), no top',
  inputSize: 224,
  embeddingDim: 1280,
  // Teachable Machine's own library feeds x/127 - 1; we do the same so that
  // Teachable-Machine-compatible exports reproduce our predictions exactly.
  normalization: { scale: 1 / 127, offset: -1, appliedBy: 'glimpse' },
  loader: { kind: 'layers', featureLayer: 'out_relu' },
  officialUrl:
    'https://storage.googleapis.com/teachable-machine-models/mobilenet_v2_weights_tf_dim_ordering_tf_kernels_0.35_224_no_top/model.json',
  sizeBytes: 1_740_108,
  note: 'Default. 1.7 MB, fast; the base Teachable Machine uses, so exports load there too.',
  offlineFallback: false,
};

/** MobileNet v1 0.25 from TF-Hub, through @tensorflow-models/mobilenet. */
export const MOBILENET_V1_025: BackboneSpec = {
  id: 'mobilenet-v1-0.25-224-graph',
  label: 'MobileNet v1 0.25 (tfjs-models)',
  architecture: 'MobileNetV1, alpha 0.25, 224 px, ImageNet (TF-Hub classification/1)',
  inputSize: 224,
  embeddingDim: 256,
  normalization: { scale: 1 / 255, offset: 0, appliedBy: 'package' },
  loader: { kind: 'mobilenet-package', version: 1, alpha: 0.25, inputRange: [0, 1] },
  officialUrl: 'https://tfhub.dev/google/imagenet/mobilenet_v1_025_224/classification/1',
  sizeBytes: 1_935_855,
  note: 'Fastest (about 2× the default); 256-d features, a little less accurate.',
  offlineFallback: false,
};

/** Keras MobileNet v1 0.75 from the tfjs-models bucket: slower, clearly more accurate. */
export const MOBILENET_V1_075: BackboneSpec = {
  id: 'mobilenet-v1-0.75-224',
  label: 'MobileNet v1 0.75 (tfjs-models, layers)',
  architecture: 'MobileNetV1, alpha 0.75, 224 px, ImageNet (Keras), pooled conv_pw_13_relu',
  inputSize: 224,
  embeddingDim: 768,
  normalization: { scale: 1 / 127.5, offset: -1, appliedBy: 'glimpse' },
  loader: { kind: 'layers', featureLayer: 'conv_pw_13_relu' },
  officialUrl: 'https://storage.googleapis.com/tfjs-models/tfjs/mobilenet_v1_0.75_224/model.json',
  sizeBytes: 10_457_307,
  note: 'More accurate on hard classes; a 10 MB download and about 2× slower than the default.',
  offlineFallback: false,
};

/** MobileNet v2 1.0 from TF-Hub, through @tensorflow-models/mobilenet. */
export const MOBILENET_V2_100: BackboneSpec = {
  id: 'mobilenet-v2-1.0-224-graph',
  label: 'MobileNet v2 1.0 (tfjs-models)',
  architecture: 'MobileNetV2, alpha 1.0, 224 px, ImageNet (TF-Hub classification/2)',
  inputSize: 224,
  embeddingDim: 1280,
  normalization: { scale: 1 / 255, offset: 0, appliedBy: 'package' },
  loader: { kind: 'mobilenet-package', version: 2, alpha: 1, inputRange: [0, 1] },
  officialUrl: 'https://tfhub.dev/google/imagenet/mobilenet_v2_100_224/classification/2',
  sizeBytes: 14_000_000,
  note: 'Most accurate, about 4× slower than the default and a 14 MB download.',
  offlineFallback: false,
};

/**
 * The offline fallback: nsfwjs's MobileNetV2 1.0, shipped inside the npm package, so it loads with
 * no network and no extra files. Layers from block_11 on were retrained for NSFW detection, so it
 * pools block_10_project_BN (the last ImageNet block's output) together with out_relu. Chosen by
 * bench/fallbackLayers.ts (results in bench/results/fallback-layers.md): test accuracy over
 * flowers and rock-paper-scissors, default head and 5-NN, is 5.1 points below the Teachable
 * Machine base on average (flowers −8.5, rock-paper-scissors −1.7), the best of 19 layer choices;
 * a 5-seed re-run of the top candidates gave −5.5 and no choice better by more than 0.4 points.
 */
export const OFFLINE_FALLBACK: BackboneSpec = {
  id: 'nsfwjs-mobilenet-v2-offline',
  label: 'Offline fallback (nsfwjs MobileNetV2, lower accuracy)',
  architecture: 'MobileNetV2, alpha 1.0, 224 px; ImageNet up to block_10, NSFW-tuned after',
  inputSize: 224,
  embeddingDim: 1376,
  normalization: { scale: 1 / 255, offset: 0, appliedBy: 'glimpse' },
  loader: { kind: 'nsfwjs-offline', featureLayers: ['block_10_project_BN', 'out_relu'] },
  sizeBytes: 3_500_000,
  note:
    'Used only when no other model can be loaded: works offline, but about 5 points less ' +
    'accurate than the default on average (about 9 on harder sets such as flowers).',
  offlineFallback: true,
};

/** Every backbone, default first. */
export const BACKBONE_CATALOG: readonly BackboneSpec[] = [
  TM_MOBILENET_V2,
  MOBILENET_V1_025,
  MOBILENET_V1_075,
  MOBILENET_V2_100,
  OFFLINE_FALLBACK,
];

/** The backbone used when the user has not chosen one. */
export const DEFAULT_BACKBONE_ID = TM_MOBILENET_V2.id;

/** Looks up a catalog entry by id. */
export function findBackbone(id: string): BackboneSpec | undefined {
  return BACKBONE_CATALOG.find((b) => b.id === id);
}

/**
 * The model.json URL of a backbone loaded from `url`: TF-Hub serves the converted files of the
 * tfjs-models MobileNets at `<url>/model.json?tfjs-format=file`; elsewhere `url` is model.json.
 */
export function modelJsonUrl(
  spec: BackboneSpec,
  url: string,
  source: 'self-hosted' | 'official' | 'offline-fallback',
): string {
  return source === 'official' && spec.loader.kind === 'mobilenet-package'
    ? `${url}/model.json?tfjs-format=file`
    : url;
}
