/**
 * The `advise` command, separated from the process so that tests can run it in memory: read the
 * notebook and facts, run the shared pipeline, print text or JSON. Returns the exit code.
 */
import type { IFacts } from '../contracts/facts';
import { adviseNotebook } from '../pipeline';
import type { IArguments } from './args';
import { parseArguments, USAGE, UsageError } from './args';
import { readFacts } from './facts';
import { InputError, readNotebook } from './notebook';
import { jsonOutput, textOutput } from './output';
import { DEFAULT_ADVICE_CONFIG } from '../contracts/settings';

/** What the command touches outside itself. */
export interface IConsole {
  readFile(path: string): string;
  stdout(text: string): void;
  stderr(text: string): void;
}

/** Exit code: done. */
export const EXIT_OK = 0;
/** Exit code: bad usage or unusable input, said in one line on stderr. */
export const EXIT_INPUT = 2;

/** Runs the command line and returns the exit code. */
export function run(argv: readonly string[], io: IConsole): number {
  try {
    const args = parseArguments(argv);
    if (args === 'help') {
      io.stdout(`${USAGE}\n`);
      return EXIT_OK;
    }
    io.stdout(advise(args, io));
    return EXIT_OK;
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`jupyterlab-optimiser: ${error.message}; ${USAGE}\n`);
      return EXIT_INPUT;
    }
    if (error instanceof InputError) {
      io.stderr(`jupyterlab-optimiser: ${error.message}\n`);
      return EXIT_INPUT;
    }
    throw error;
  }
}

function advise(args: IArguments, io: IConsole): string {
  const notes: string[] = [];
  const cells = readNotebook(readText(args.notebook, io), args.notebook, notes);
  for (const note of notes) {
    io.stderr(`jupyterlab-optimiser: ${note}\n`);
  }
  const facts =
    args.facts === null
      ? null
      : readFacts(readText(args.facts, io), args.facts);
  if (
    args.cell !== null &&
    !cells.some(cell => cell.id === args.cell && cell.type === 'code')
  ) {
    throw new InputError(
      `${args.notebook} has no code cell with id '${args.cell}'`
    );
  }
  const config = DEFAULT_ADVICE_CONFIG;
  const all = adviseNotebook({
    cells,
    runs: facts?.runs ?? {},
    facts: withoutRuns(facts),
    config
  });
  const chosen =
    args.cell === null ? all : all.filter(cell => cell.id === args.cell);
  return args.json
    ? jsonOutput(chosen)
    : textOutput(chosen, args.notebook, args.facts, config.thresholdSeconds);
}

function readText(path: string, io: IConsole): string {
  try {
    return io.readFile(path);
  } catch (error) {
    const code = (error as { code?: string }).code;
    const reason =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'it is a directory'
          : (error as Error).message;
    throw new InputError(`cannot read ${path}: ${reason}`);
  }
}

/** The facts the templates and rules read: the runs travel separately, keyed by cell. */
function withoutRuns(facts: IFacts | null): Omit<IFacts, 'runs'> | null {
  if (facts === null) {
    return null;
  }
  const { version, kernel, machine, libraries, variables } = facts;
  return { version, kernel, machine, libraries, variables };
}
