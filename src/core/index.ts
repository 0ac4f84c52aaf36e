/** The framework-free core's public surface. */
export * from './errors';
export type * from './types';
export * from './tf/backends';
export * from './preprocess/preprocess';
export * from './features/catalog';
export type * from './features/featureExtractor';
export * from './features/loadBackbone';
export * from './dataset/random';
export * from './dataset/split';
export * from './dataset/embeddingStore';
export * from './training/headOptions';
export * from './training/headModel';
export * from './training/trainHead';
export * from './knn/knnClassifier';
export * from './evaluation/evaluate';
