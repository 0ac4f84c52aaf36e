/**
 * Multiply-accumulate count of one forward pass, computed from a model.json's topology alone
 * (no TF.js): shapes are propagated from the 224×224×3 input through every layer, and each
 * convolution, depthwise convolution and dense / matmul layer adds
 *   conv:      outH · outW · kH · kW · inC · outC
 *   depthwise: outH · outW · kH · kW · inC · depthMultiplier
 *   dense:     inputs · units
 * Batch norm, activations, adds and pooling are not multiply-adds and are left out, as in the
 * MobileNet papers' "Mult-Adds". Only the part of the network that produces the embedding is
 * counted (for TF-Hub graphs: the ancestors of the embedding node).
 */
import { readFileSync } from 'node:fs';

/** Counted layers, by kind. */
export interface MacCount {
  total: number;
  conv: number;
  depthwise: number;
  dense: number;
  layers: number;
}

type Shape = number[]; // [H, W, C] or [C]

function add(count: MacCount, kind: 'conv' | 'depthwise' | 'dense', macs: number): void {
  count[kind] += macs;
  count.total += macs;
  count.layers++;
}

function spatial(inSize: number, kernel: number, stride: number, padding: string): number {
  return padding.toLowerCase() === 'same'
    ? Math.ceil(inSize / stride)
    : Math.ceil((inSize - kernel + 1) / stride);
}

interface KerasLayer {
  class_name: string;
  config: Record<string, unknown> & { name: string };
  inbound_nodes: [string, number, number, unknown][][];
}

/** MACs of a Keras layers model (model.json `modelTopology`). */
export function layersModelMacs(topology: unknown, inputSize: number): MacCount {
  const t = topology as { model_config?: unknown; config?: unknown };
  const model = (t.model_config ?? t) as { config: { layers: KerasLayer[] } };
  const shapes = new Map<string, Shape>();
  const count: MacCount = { total: 0, conv: 0, depthwise: 0, dense: 0, layers: 0 };
  for (const layer of model.config.layers) {
    const c = layer.config;
    const inputs = (layer.inbound_nodes[0] ?? []).map(([name]) => shapes.get(name)!);
    const x = inputs[0]!;
    let out: Shape;
    switch (layer.class_name) {
      case 'InputLayer':
        out = [inputSize, inputSize, 3];
        break;
      case 'ZeroPadding2D': {
        const [[top, bottom], [left, right]] = c.padding as [number[], number[]];
        out = [x[0]! + top! + bottom!, x[1]! + left! + right!, x[2]!];
        break;
      }
      case 'Conv2D':
      case 'DepthwiseConv2D': {
        const [kh, kw] = c.kernel_size as number[];
        const [sh, sw] = c.strides as number[];
        const h = spatial(x[0]!, kh!, sh!, c.padding as string);
        const w = spatial(x[1]!, kw!, sw!, c.padding as string);
        if (layer.class_name === 'Conv2D') {
          const filters = c.filters as number;
          out = [h, w, filters];
          add(count, 'conv', h * w * kh! * kw! * x[2]! * filters);
        } else {
          const multiplier = (c.depth_multiplier as number | undefined) ?? 1;
          out = [h, w, x[2]! * multiplier];
          add(count, 'depthwise', h * w * kh! * kw! * x[2]! * multiplier);
        }
        break;
      }
      case 'Dense': {
        const units = c.units as number;
        add(count, 'dense', x[x.length - 1]! * units);
        out = [units];
        break;
      }
      case 'GlobalAveragePooling2D':
      case 'GlobalMaxPooling2D':
        out = [x[2]!];
        break;
      case 'Reshape':
        out = c.target_shape as number[];
        break;
      case 'BatchNormalization':
      case 'ReLU':
      case 'Activation':
      case 'Add':
      case 'Dropout':
        out = x;
        break;
      default:
        throw new Error(`layersModelMacs: no shape rule for ${layer.class_name}`);
    }
    shapes.set(c.name, out);
  }
  return count;
}

interface GraphNode {
  name: string;
  op: string;
  input?: string[];
  attr?: Record<string, { s?: string; list?: { i?: string[] } }>;
}

/** MACs of a TF-Hub graph model up to `outputNode` (model.json `modelTopology` + manifest). */
export function graphModelMacs(
  topology: unknown,
  weightsManifest: unknown,
  inputSize: number,
  outputNode: string,
): MacCount {
  const nodes = (topology as { node: GraphNode[] }).node;
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const weightShapes = new Map<string, number[]>();
  for (const group of weightsManifest as { weights: { name: string; shape: number[] }[] }[]) {
    for (const w of group.weights) weightShapes.set(w.name, w.shape);
  }
  // Only what the embedding depends on.
  const needed = new Set<string>();
  const stack = [outputNode];
  while (stack.length) {
    const name = stack.pop()!.replace(/^\^/, '').replace(/:\d+$/, '');
    if (needed.has(name) || !byName.has(name)) continue;
    needed.add(name);
    stack.push(...(byName.get(name)!.input ?? []));
  }
  const shapes = new Map<string, Shape>();
  const shapeOf = (input: string) => shapes.get(input.replace(/:\d+$/, ''));
  const count: MacCount = { total: 0, conv: 0, depthwise: 0, dense: 0, layers: 0 };
  for (const node of nodes) {
    if (!needed.has(node.name)) continue;
    const inputs = node.input ?? [];
    if (node.op === 'Placeholder') {
      shapes.set(node.name, [inputSize, inputSize, 3]);
      continue;
    }
    if (node.op === 'Const') continue;
    const x = inputs.map(shapeOf).find((s) => s !== undefined);
    if (!x) throw new Error(`graphModelMacs: no input shape for ${node.name}`);
    if (node.op === 'Conv2D' || node.op === 'DepthwiseConv2dNative') {
      const kernel = weightShapes.get(inputs[1]!);
      if (!kernel) throw new Error(`graphModelMacs: no weights for ${node.name}`);
      const [kh, kw, inC, outOrMult] = kernel as [number, number, number, number];
      const strides = (node.attr?.strides?.list?.i ?? ['1', '1', '1', '1']).map(Number);
      const padding = atob(node.attr?.padding?.s ?? 'U0FNRQ=='); // base64 "SAME"
      const h = spatial(x[0]!, kh, strides[1]!, padding);
      const w = spatial(x[1]!, kw, strides[2]!, padding);
      if (node.op === 'Conv2D') {
        shapes.set(node.name, [h, w, outOrMult]);
        add(count, 'conv', h * w * kh * kw * inC * outOrMult);
      } else {
        shapes.set(node.name, [h, w, inC * outOrMult]);
        add(count, 'depthwise', h * w * kh * kw * inC * outOrMult);
      }
    } else if (node.op === 'MatMul') {
      const weights = weightShapes.get(inputs[1]!)!;
      add(count, 'dense', weights[0]! * weights[1]!);
      shapes.set(node.name, [weights[1]!]);
    } else if (node.op === 'Mean') {
      shapes.set(node.name, [1, 1, x[x.length - 1]!]); // global pool, kept as 1×1 (keep_dims)
    } else {
      shapes.set(node.name, x); // element-wise: Add, Mul, Sub, Relu6, BiasAdd, …
    }
  }
  return count;
}

/** MACs of the backbone in `modelJsonPath`, up to its embedding. */
export function backboneMacs(
  modelJsonPath: string,
  kind: 'layers' | 'graph',
  inputSize: number,
  graphOutputNode?: string,
): MacCount {
  const json = JSON.parse(readFileSync(modelJsonPath, 'utf8')) as {
    modelTopology: unknown;
    weightsManifest: unknown;
  };
  if (kind === 'layers') return layersModelMacs(json.modelTopology, inputSize);
  if (!graphOutputNode) throw new Error('graph models need the embedding node');
  return graphModelMacs(json.modelTopology, json.weightsManifest, inputSize, graphOutputNode);
}
