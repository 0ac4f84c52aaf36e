/**
 * The backbone part of an export's metadata.json: everything another app needs to turn a photo
 * into the embedding the head takes (model, input size, crop, normalisation, which output).
 */
import type { BackboneSpec } from '../features/catalog';

/** The graph node @tensorflow-models/mobilenet reads the embedding from, per version. */
export const MOBILENET_PACKAGE_EMBEDDING_NODES: Readonly<Record<1 | 2, string>> = {
  1: 'module_apply_default/MobilenetV1/Logits/global_pool',
  2: 'module_apply_default/MobilenetV2/Logits/AvgPool',
};

/** Which output of the backbone's model is the embedding. */
export type BackboneFeatures =
  | {
      /** A TF.js layers model: the named layer's output, averaged over height and width if 4-D. */
      kind: 'layers-model';
      layer: string;
    }
  | {
      /** A TF.js graph model: the named node, averaged over height and width if 4-D. */
      kind: 'graph-model';
      node: string;
    }
  | {
      /** nsfwjs's bundled model: these layers pooled, concatenated, then L2-normalised. */
      kind: 'nsfwjs-offline';
      layers: string[];
    };

/** How the backbone turns a photo into an embedding, written so another app can repeat it. */
export interface BackboneDescription {
  id: string;
  /** MobileNet version (1 or 2), null when unknown. */
  version: number | null;
  /** MobileNet width multiplier, null when unknown. */
  alpha: number | null;
  architecture: string;
  /** Square input side in pixels. */
  inputSize: number;
  /** Length of the embedding the head takes. */
  embeddingDim: number;
  normalization: {
    scale: number;
    offset: number;
    /** 'glimpse': the app maps pixels; 'package': @tensorflow-models/mobilenet does inside infer. */
    appliedBy: 'glimpse' | 'package';
    formula: string;
  };
  crop: {
    method: 'centre-square';
    resize: 'bilinear-antialiased';
    alpha: 'composite-on-white';
    description: string;
  };
  /** Which output is the embedding (absent in older exports: then the model's own output). */
  features?: BackboneFeatures;
}

/** Describes a catalog backbone for metadata.json. */
export function describeBackbone(spec: BackboneSpec): BackboneDescription {
  let version: number | null = null;
  let alpha: number | null = null;
  if (spec.loader.kind === 'mobilenet-package') {
    version = spec.loader.version;
    alpha = spec.loader.alpha;
  } else {
    const m = /mobilenet-v(\d)-(\d+(?:\.\d+)?)/.exec(spec.id);
    if (m) {
      version = Number(m[1]);
      alpha = Number(m[2]);
    } else if (/MobileNetV(\d), alpha ([\d.]+)/.test(spec.architecture)) {
      const a = /MobileNetV(\d), alpha ([\d.]+)/.exec(spec.architecture)!;
      version = Number(a[1]);
      alpha = Number(a[2]);
    }
  }
  const { scale, offset, appliedBy } = spec.normalization;
  const S = spec.inputSize;
  return {
    id: spec.id,
    version,
    alpha,
    architecture: spec.architecture,
    inputSize: S,
    embeddingDim: spec.embeddingDim,
    normalization: {
      scale,
      offset,
      appliedBy,
      formula: `each RGB value x in 0..255 becomes x * ${scale} + ${offset}`,
    },
    crop: {
      method: 'centre-square',
      resize: 'bilinear-antialiased',
      alpha: 'composite-on-white',
      description:
        `Composite transparency onto white, take the centred square of side min(width, height), ` +
        `resize it to ${S}×${S} with an antialiased bilinear (triangle) filter, pixel centres at ` +
        `i + 0.5 (same as: short side to ${S}, then centre crop ${S}×${S}).`,
    },
    features: backboneFeatures(spec),
  };
}

/** Which output of the spec's model is the embedding. */
export function backboneFeatures(spec: BackboneSpec): BackboneFeatures {
  const loader = spec.loader;
  switch (loader.kind) {
    case 'layers':
      return { kind: 'layers-model', layer: loader.featureLayer };
    case 'mobilenet-package':
      return { kind: 'graph-model', node: MOBILENET_PACKAGE_EMBEDDING_NODES[loader.version] };
    case 'nsfwjs-offline':
      return { kind: 'nsfwjs-offline', layers: [...loader.featureLayers] };
  }
}
