/**
 * Argument parsing for `glimpse train` and `glimpse predict` (node:util parseArgs, strict): pure
 * functions from argv to plain options, throwing {@link UsageError} with a message that names
 * the problem (unknown option, missing value or argument).
 */
import { parseArgs } from 'node:util';
import { UsageError } from './cliError';

/** Options both commands share: where the image model comes from. */
export interface ModelSourceArgs {
  /** `--models <dir>`: a self-hosted models folder (`<dir>/<backbone id>/model.json`). */
  models?: string;
  /** `--offline`: never contact the official model hosts. */
  offline: boolean;
}

/** `glimpse train <folder> --out <dir>`. */
export interface TrainArgs extends ModelSourceArgs {
  command: 'train';
  folder: string;
  out: string;
  /** `--backbone <id>`: a catalog id; absent = the app's default. */
  backbone?: string;
}

/** `glimpse predict <model> <images…>`. */
export interface PredictArgs extends ModelSourceArgs {
  command: 'predict';
  model: string;
  images: string[];
  /** `--json`: one JSON document on stdout instead of text lines. */
  json: boolean;
}

/** `--help` for a command (or the overview when `command` is undefined), or `--version`. */
export interface InfoArgs {
  command: 'help' | 'version';
  topic?: 'train' | 'predict';
}

export type CliArgs = TrainArgs | PredictArgs | InfoArgs;

const MODEL_SOURCE_OPTIONS = {
  models: { type: 'string' },
  offline: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

/** Runs a parseArgs call, rewriting its error messages for people. */
function parsing<R>(command: string, run: () => R): R {
  try {
    return run();
  } catch (error) {
    const code = (error as { code?: string }).code;
    const text = error instanceof Error ? error.message : String(error);
    // "Option '-o, --out <value>' argument missing" → "--out"; "Unknown option '-x'" → "-x".
    const option = /'(?:-\w, )?(-{1,2}[^' ,=]+)/.exec(text)?.[1] ?? '';
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      throw new UsageError(`unknown option ${option} for "glimpse ${command}".`, command);
    }
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && /argument missing/.test(text)) {
      throw new UsageError(`option ${option} needs a value.`, command);
    }
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      throw new UsageError(`option ${option} takes no value.`, command);
    }
    throw new UsageError(text, command);
  }
}

function nonEmpty(value: string | undefined, option: string, command: string): string | undefined {
  if (value !== undefined && value.trim() === '') {
    throw new UsageError(`option ${option} needs a value.`, command);
  }
  return value;
}

function parseTrain(args: string[]): TrainArgs | InfoArgs {
  const { values, positionals } = parsing('train', () =>
    parseArgs({
      args,
      options: {
        ...MODEL_SOURCE_OPTIONS,
        out: { type: 'string', short: 'o' },
        backbone: { type: 'string' },
      },
      allowPositionals: true,
      strict: true,
    }),
  );
  if (values.help) return { command: 'help', topic: 'train' };
  if (positionals.length === 0) {
    throw new UsageError('missing the dataset folder (one sub-folder per class).', 'train');
  }
  if (positionals.length > 1) {
    throw new UsageError(
      `expected one dataset folder, got ${positionals.length}: ${positionals.join(', ')}.`,
      'train',
    );
  }
  const out = nonEmpty(values.out, '--out', 'train');
  if (out === undefined) {
    throw new UsageError('missing --out <dir>: where to write the model files.', 'train');
  }
  const models = nonEmpty(values.models, '--models', 'train');
  const backbone = nonEmpty(values.backbone, '--backbone', 'train');
  return {
    command: 'train',
    folder: positionals[0]!,
    out,
    offline: values.offline,
    ...(models !== undefined ? { models } : {}),
    ...(backbone !== undefined ? { backbone } : {}),
  };
}

function parsePredict(args: string[]): PredictArgs | InfoArgs {
  const { values, positionals } = parsing('predict', () =>
    parseArgs({
      args,
      options: { ...MODEL_SOURCE_OPTIONS, json: { type: 'boolean', default: false } },
      allowPositionals: true,
      strict: true,
    }),
  );
  if (values.help) return { command: 'help', topic: 'predict' };
  const [model, ...images] = positionals;
  if (model === undefined) {
    throw new UsageError(
      'missing the model: a folder written by "glimpse train" or an exported model zip.',
      'predict',
    );
  }
  if (images.length === 0) throw new UsageError('missing the images to classify.', 'predict');
  const models = nonEmpty(values.models, '--models', 'predict');
  return {
    command: 'predict',
    model,
    images,
    json: values.json,
    offline: values.offline,
    ...(models !== undefined ? { models } : {}),
  };
}

/** Parses the arguments after `glimpse`. */
export function parseCliArgs(argv: readonly string[]): CliArgs {
  const [first, ...rest] = argv;
  switch (first) {
    case undefined:
    case '-h':
    case '--help':
      return { command: 'help' };
    case 'help':
      if (rest[0] === 'train' || rest[0] === 'predict') return { command: 'help', topic: rest[0] };
      if (rest[0] === undefined) return { command: 'help' };
      throw new UsageError(`there is no command "${rest[0]}" (commands: train, predict).`);
    case '-v':
    case '--version':
      return { command: 'version' };
    case 'train':
      return parseTrain(rest);
    case 'predict':
      return parsePredict(rest);
    default:
      throw new UsageError(
        first.startsWith('-')
          ? `unknown option ${first}: give a command first (train or predict).`
          : `unknown command "${first}" (commands: train, predict).`,
      );
  }
}
