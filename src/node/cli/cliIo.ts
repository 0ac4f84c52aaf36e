/** What a command reads and writes besides files: injected so tests can run commands in-process. */
import type { ProgressStream } from './progress';

export interface CliIo {
  /** Results (summary, predictions). */
  stdout: { write(text: string): unknown };
  /** Progress, warnings and errors. */
  stderr: ProgressStream;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
}

/** The process's own streams, environment and working directory. */
export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
}
