/** Errors the command line reports as one clear line (never a stack trace), with an exit code. */

/** A failure the user can act on; `exitCode` is what the process exits with. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The command line itself was wrong (unknown option, missing argument): exit code 2. */
export class UsageError extends CliError {
  constructor(
    message: string,
    /** The command whose `--help` to point at, e.g. "train". */
    readonly command?: string,
  ) {
    super(message, 2);
  }
}

/** The message of anything thrown, without its stack. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
