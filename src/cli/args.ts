/**
 * Command-line arguments of `jupyterlab-optimiser advise NOTEBOOK.ipynb [--facts FACTS.json]
 * [--cell ID] [--json]`.
 */

/** What the command line asks for. */
export interface IArguments {
  notebook: string;
  facts: string | null;
  cell: string | null;
  json: boolean;
}

/** The usage line, printed with `--help` and after a usage error. */
export const USAGE =
  'usage: jupyterlab-optimiser advise NOTEBOOK.ipynb [--facts FACTS.json] [--cell ID] [--json]';

/** Thrown for a command line that does not fit the usage. */
export class UsageError extends Error {}

/**
 * Parses the arguments after the program name. Returns 'help' for `--help` / `-h`.
 * @throws UsageError when the arguments do not fit the usage.
 */
export function parseArguments(argv: readonly string[]): IArguments | 'help' {
  if (argv.includes('--help') || argv.includes('-h')) {
    return 'help';
  }
  const [command, ...rest] = argv;
  if (command !== 'advise') {
    throw new UsageError(
      command === undefined
        ? 'a command is needed'
        : `unknown command '${command}'`
    );
  }
  const parsed: IArguments = {
    notebook: '',
    facts: null,
    cell: null,
    json: false
  };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=')
        ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
        : [arg, null];
    if (flag === '--json' && inline === null) {
      parsed.json = true;
    } else if (flag === '--facts' || flag === '--cell') {
      const value = inline ?? rest[++i];
      if (value === undefined || value === '') {
        throw new UsageError(`${flag} needs a value`);
      }
      parsed[flag === '--facts' ? 'facts' : 'cell'] = value;
    } else if (arg.startsWith('-') && arg !== '-') {
      throw new UsageError(`unknown option '${arg}'`);
    } else if (parsed.notebook === '') {
      parsed.notebook = arg;
    } else {
      throw new UsageError(`one notebook at a time ('${arg}' is extra)`);
    }
  }
  if (parsed.notebook === '') {
    throw new UsageError('the notebook to advise on is missing');
  }
  return parsed;
}
