/** Machine-readable reason for a {@link GlimpseError}; the UI maps each to help text. */
export type GlimpseErrorCode =
  | 'too-few-classes'
  | 'empty-class'
  | 'undecodable-image'
  | 'model-load-failed'
  | 'backend-unavailable'
  | 'invalid-argument'
  | 'dimension-mismatch'
  | 'cancelled'
  | 'disposed'
  | 'invalid-file';

/** Base class of every error the core throws on purpose. `message` is written for a teacher. */
export class GlimpseError extends Error {
  readonly code: GlimpseErrorCode;
  constructor(code: GlimpseErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** Training needs at least two classes that have samples. */
export class TooFewClassesError extends GlimpseError {
  constructor(readonly classCount: number) {
    super(
      'too-few-classes',
      `Training needs at least two classes with images; this project has ${classCount}. ` +
        'Add images to another class.',
    );
  }
}

/** A class the user created has no samples. */
export class EmptyClassError extends GlimpseError {
  constructor(readonly className: string) {
    super(
      'empty-class',
      `The class "${className}" has no images yet. Add some images to it or delete it before training.`,
    );
  }
}

/** A file could not be turned into pixels. */
export class UndecodableImageError extends GlimpseError {
  constructor(
    readonly fileName: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super('undecodable-image', `"${fileName}" could not be read as an image: ${reason}`, options);
  }
}

/** One place a model was looked for, and what went wrong there. */
export interface ModelLoadAttempt {
  source: 'self-hosted' | 'official' | 'offline-fallback';
  url: string;
  error?: string;
}

/** No source could deliver the backbone's weights. */
export class ModelLoadError extends GlimpseError {
  constructor(
    readonly backboneId: string,
    readonly attempts: readonly ModelLoadAttempt[],
  ) {
    const where = attempts.map((a) => `${a.source} (${a.url}): ${a.error ?? 'failed'}`).join('; ');
    super(
      'model-load-failed',
      `The image model "${backboneId}" could not be loaded. Tried ${where || 'nowhere'}.`,
    );
  }
}

/** A requested TF.js backend cannot run here. */
export class BackendUnavailableError extends GlimpseError {
  constructor(
    readonly backend: string,
    reason: string,
  ) {
    super('backend-unavailable', `The "${backend}" compute backend is not available: ${reason}`);
  }
}

/** An operation was cancelled through its AbortSignal. */
export class CancelledError extends GlimpseError {
  constructor(what: string) {
    super('cancelled', `${what} was cancelled.`);
  }
}

/** An object was used after dispose(). */
export class DisposedError extends GlimpseError {
  constructor(what: string) {
    super('disposed', `${what} has been disposed and can no longer be used.`);
  }
}

/** A caller passed something the core cannot work with. */
export class InvalidArgumentError extends GlimpseError {
  constructor(message: string) {
    super('invalid-argument', message);
  }
}

/** An embedding's length does not match the model's input. */
export class DimensionMismatchError extends GlimpseError {
  constructor(
    readonly expected: number,
    readonly actual: number,
  ) {
    super(
      'dimension-mismatch',
      `An image's features have ${actual} numbers where the model expects ${expected}; ` +
        'they were probably made with a different image model.',
    );
  }
}

/** What is wrong with a file that cannot be opened (for logs and tests; the message says it in words). */
export type InvalidFileReason =
  | 'corrupt'
  | 'unsafe-path'
  | 'too-large'
  | 'invalid-json'
  | 'wrong-format'
  | 'newer-version'
  | 'missing-file'
  | 'size-mismatch'
  | 'invalid-value';

/**
 * A file the user opened (project, dataset or exported model) is damaged, unsafe or not what
 * Glimpse expects. Nothing was changed when this is thrown.
 */
export class InvalidFileError extends GlimpseError {
  constructor(
    readonly fileName: string,
    readonly reason: InvalidFileReason,
    problem: string,
    options?: { cause?: unknown },
  ) {
    super('invalid-file', `"${fileName}" cannot be opened: ${problem}`, options);
  }
}
