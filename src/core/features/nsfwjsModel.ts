/** Loads nsfwjs's bundled MobileNetV2 from the npm package: no network, no extra files. */
import * as tf from '@tensorflow/tfjs';

function base64ToBytes(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

interface BundledModelJson {
  modelTopology: object;
  weightsManifest: { weights: tf.io.WeightsManifestEntry[] }[];
}

/** The full nsfwjs MobileNetV2 layers model (caller disposes). */
export async function loadNsfwjsMobileNet(): Promise<tf.LayersModel> {
  const { MobileNetV2Model } = await import('nsfwjs/models/mobilenet_v2');
  const json = (await MobileNetV2Model.modelJson()).default as unknown as BundledModelJson;
  const shards = await Promise.all(MobileNetV2Model.weightBundles.map((load) => load()));
  const parts = shards.map((s) => base64ToBytes(s.default));
  const total = parts.reduce((n, p) => n + p.length, 0);
  const weightData = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    weightData.set(p, at);
    at += p.length;
  }
  const weightSpecs = json.weightsManifest.flatMap((group) => group.weights);
  return tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: json.modelTopology,
      weightSpecs,
      weightData: weightData.buffer,
    }),
  );
}
