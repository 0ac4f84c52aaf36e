import { describe, expect, it } from 'vitest';
import { parseCliArgs } from '../../src/node/cli/args';
import { UsageError } from '../../src/node/cli/cliError';
import { helpText } from '../../src/node/cli/help';

function usageError(argv: string[]): UsageError {
  try {
    parseCliArgs(argv);
  } catch (error) {
    if (error instanceof UsageError) return error;
    throw error;
  }
  throw new Error(`no error for ${argv.join(' ')}`);
}

describe('glimpse argument parsing', () => {
  it('parses train with every option, in any order', () => {
    expect(
      parseCliArgs(['train', '--models', 'm', 'data', '-o', 'out', '--backbone', 'b', '--offline']),
    ).toEqual({
      command: 'train',
      folder: 'data',
      out: 'out',
      models: 'm',
      backbone: 'b',
      offline: true,
    });
    expect(parseCliArgs(['train', 'data', '--out=out'])).toEqual({
      command: 'train',
      folder: 'data',
      out: 'out',
      offline: false,
    });
  });

  it('parses predict with several images and --json', () => {
    expect(parseCliArgs(['predict', 'model.zip', 'a.jpg', 'b.png', '--json'])).toEqual({
      command: 'predict',
      model: 'model.zip',
      images: ['a.jpg', 'b.png'],
      json: true,
      offline: false,
    });
  });

  it('answers --help, help <command> and --version', () => {
    expect(parseCliArgs([])).toEqual({ command: 'help' });
    expect(parseCliArgs(['--help'])).toEqual({ command: 'help' });
    expect(parseCliArgs(['help', 'predict'])).toEqual({ command: 'help', topic: 'predict' });
    expect(parseCliArgs(['train', '--help'])).toEqual({ command: 'help', topic: 'train' });
    // --help wins over missing arguments.
    expect(parseCliArgs(['predict', '-h'])).toEqual({ command: 'help', topic: 'predict' });
    expect(parseCliArgs(['--version'])).toEqual({ command: 'version' });
  });

  it('names what is wrong, and the command whose help to read', () => {
    const cases: [string[], RegExp, string | undefined][] = [
      [
        ['train', 'd', '--out', 'o', '--epochs', '3'],
        /^unknown option --epochs for "glimpse train"/,
        'train',
      ],
      [['predict', 'm', 'a.jpg', '-x'], /^unknown option -x for "glimpse predict"/, 'predict'],
      [['train', 'd', '--out'], /^option --out needs a value/, 'train'],
      [['train', 'd', '--out', ''], /^option --out needs a value/, 'train'],
      [['predict', 'm', 'a.jpg', '--json=yes'], /^option --json takes no value/, 'predict'],
      [['train', '--out', 'o'], /^missing the dataset folder/, 'train'],
      [['train', 'a', 'b', '--out', 'o'], /^expected one dataset folder, got 2: a, b/, 'train'],
      [['train', 'd'], /^missing --out <dir>/, 'train'],
      [['predict'], /^missing the model/, 'predict'],
      [['predict', 'm'], /^missing the images to classify/, 'predict'],
      [['fit'], /^unknown command "fit"/, undefined],
      [['--out', 'x'], /^unknown option --out: give a command first/, undefined],
      [['help', 'fit'], /^there is no command "fit"/, undefined],
    ];
    for (const [argv, message, command] of cases) {
      const error = usageError(argv);
      expect(error.message, argv.join(' ')).toMatch(message);
      expect(error.command).toBe(command);
      expect(error.exitCode).toBe(2);
    }
  });

  it('has help for each command listing its options', () => {
    expect(helpText('train')).toContain('--out <dir>');
    expect(helpText('train')).toContain('mobilenet-v2-0.35-224-tm');
    expect(helpText('predict')).toContain('--json');
    expect(helpText()).toContain('glimpse train');
  });
});
