/**
 * The engine the command line runs on: the app's in-thread engine (WASM backend in Node) with
 * the self-hosted models folder served for it, and a one-line account of where the weights came
 * from.
 */
import type { Engine, EngineStartOptions, LoadedBackbone } from '../../core/engine/engine';
import { createLocalEngine } from '../../core/engine/localEngine';
import type { ModelLoadAttempt } from '../../core/errors';
import type { ModelSourceArgs } from './args';
import {
  chooseModelsFolder,
  describeAttempts,
  serveFolder,
  type ModelsFolder,
  type ServedFolder,
} from './modelsSource';

/** An engine plus the served models folder; `close()` frees both. */
export interface CliEngine {
  engine: Engine;
  startOptions: EngineStartOptions;
  folder: ModelsFolder | null;
  served: ServedFolder | null;
  /** Where the weights came from, for people (after the backbone loaded). */
  describe(backbone: LoadedBackbone): string;
  /** The loader's attempts, with the served folder shown as a path. */
  attempts(attempts: readonly ModelLoadAttempt[]): string[];
  close(): Promise<void>;
}

/** Timeout per model source, as in the app. */
const TIMEOUT_MS = 20_000;

/** Chooses the models folder, serves it, and creates an engine (not started yet). */
export async function createCliEngine(
  args: ModelSourceArgs,
  backboneId: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
  cwd: string = process.cwd(),
): Promise<CliEngine> {
  const folder = chooseModelsFolder(args.models, env, cwd);
  const served = folder ? await serveFolder(folder.dir) : null;
  const engine = createLocalEngine({ runtime: 'node' });
  const servedAt = served && folder ? { url: served.url, dir: folder.dir } : null;
  const attempts = (list: readonly ModelLoadAttempt[]) => describeAttempts(list, servedAt);
  return {
    engine,
    startOptions: {
      backboneId,
      modelsBaseUrl: served?.url ?? null,
      tryOfficial: !args.offline,
      timeoutMs: TIMEOUT_MS,
    },
    folder,
    served,
    attempts,
    describe(backbone) {
      const { report } = backbone;
      const where = attempts([{ source: report.source, url: report.url }])[0]!;
      const via = report.source === 'self-hosted' && folder ? `, folder from ${folder.origin}` : '';
      return `${backbone.spec.id} — ${where}${via}`;
    },
    async close() {
      engine.dispose();
      await served?.close();
    },
  };
}
