/**
 * The `glimpse` command line: `glimpse train` and `glimpse predict` on the app's own core.
 * Every failure becomes one "glimpse <command>: error: …" line on stderr and a non-zero exit
 * code (2 for a wrong command line, 1 otherwise); a stack trace only with GLIMPSE_DEBUG=1.
 */
import { parseCliArgs } from './args';
import { appVersion } from './appVersion';
import { CliError, messageOf, UsageError } from './cliError';
import { processIo, type CliIo } from './cliIo';
import { helpText } from './help';

function commandOf(argv: readonly string[]): string {
  return argv[0] === 'train' || argv[0] === 'predict' ? `glimpse ${argv[0]}` : 'glimpse';
}

/** Runs the command line; resolves with the exit code (never rejects). */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const name = commandOf(argv);
  try {
    const args = parseCliArgs(argv);
    switch (args.command) {
      case 'help':
        io.stdout.write(`${helpText(args.topic)}\n`);
        return 0;
      case 'version':
        io.stdout.write(`glimpse ${appVersion()}\n`);
        return 0;
      case 'train': {
        const { runTrain } = await import('./train');
        return await runTrain(args, io);
      }
      case 'predict': {
        const { runPredict } = await import('./predict');
        return await runPredict(args, io);
      }
    }
  } catch (error) {
    if (io.env.GLIMPSE_DEBUG === '1' && error instanceof Error && error.stack) {
      io.stderr.write(`${error.stack}\n`);
    }
    io.stderr.write(`${name}: error: ${messageOf(error)}\n`);
    if (error instanceof UsageError) {
      const help = error.command ? `glimpse ${error.command} --help` : 'glimpse --help';
      io.stderr.write(`Run "${help}" for usage.\n`);
    }
    return error instanceof CliError ? error.exitCode : 1;
  }
}
