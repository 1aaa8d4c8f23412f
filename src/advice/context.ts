/**
 * Everything the rules read about one cell, worked out once: its measurements, the machine, and
 * where its work happens — its own top-level loops and the loops of the functions it calls, in
 * this cell or in others — with the facts of called functions folded into each loop.
 */
import type { ICellAnalysis, INotebookAnalysis } from '../analysis/types';
import type {
  IFacts,
  IMachineFacts,
  IRunRecord,
  IVariableFacts
} from '../contracts/facts';
import type { IMeasurement } from './measure';
import { measureRuns } from './measure';
import type { ICellLine } from '../analysis/callgraph';
import { findFunction } from '../analysis/callgraph';
import type { IDiagnosis } from '../diagnosis';
import { diagnose } from '../diagnosis';
import { codeShape } from './shapes';
import { readWork } from './work';
import type { IWork } from './work';
import type { IAdviceConfig } from '../contracts/settings';

export type { IFunctionRef, IWork, IWorkLoop } from './work';
export type { IDataSize } from './data';
export { findFunction };

/** The cell the advice is for. */
export interface IAdvisedCell {
  id: string;
  index: number;
  analysis: ICellAnalysis;
}

/** What every rule gets: pure data, no clock, no randomness. */
export interface IRuleInput {
  cell: IAdvisedCell;
  notebook: INotebookAnalysis;
  /** The cell's successful runs summarised; null when it has not run (static advice only). */
  measurement: IMeasurement | null;
  machine: IMachineFacts | null;
  variables: Readonly<Record<string, IVariableFacts>>;
  config: IAdviceConfig;
  work: IWork;
  /** What limits the cell: the rules give the lesson's step for this, where the time is. */
  diagnosis: IDiagnosis;
}

/** Builds a rule input from the notebook's analysis, the cell's runs and the machine facts. */
export function ruleInput(
  cell: IAdvisedCell,
  notebook: INotebookAnalysis,
  runs: readonly IRunRecord[],
  facts: Omit<IFacts, 'runs'> | null,
  config: IAdviceConfig,
  sources: Readonly<Record<string, string>> = {}
): IRuleInput {
  const variables = facts?.variables ?? {};
  const work = readWork(
    cell,
    notebook,
    variables,
    sources,
    heavyLines(runs[runs.length - 1])
  );
  const machine = facts?.machine ?? null;
  return {
    cell,
    notebook,
    measurement: measureRuns(runs),
    machine,
    variables,
    config,
    work,
    diagnosis: diagnose({
      cellId: cell.id,
      runs,
      machine,
      thresholdSeconds: config.thresholdSeconds,
      shape: codeShape(work, cell, notebook, variables)
    })
  };
}

/** A tenth of a run on one line is where the code's reading starts. */
const HEAVY_LINE_SHARE = 0.1;

/** The lines of the latest run's profile that hold a tenth of its time or more. */
function heavyLines(run: IRunRecord | undefined): ICellLine[] {
  if (!run?.profile) {
    return [];
  }
  const least = HEAVY_LINE_SHARE * run.wall_s;
  return run.profile.lines.filter(
    line => line.python_s + line.native_s + line.waiting_s >= least
  );
}

/** Usable cores, or null when the machine is unknown. */
export function cores(input: IRuleInput): number | null {
  const value = input.machine?.cores;
  return value !== undefined && value >= 1 ? value : null;
}

/** Cores the cell kept busy and usable cores, when both are known. */
function coreUse(input: IRuleInput): { busy: number; total: number } | null {
  const busy = input.measurement?.coresBusy;
  const total = cores(input);
  return busy === null || busy === undefined || total === null
    ? null
    : { busy, total };
}

/**
 * True when the cell kept about one core busy on a machine with more: the other cores idle.
 * Unknown (no runs or no machine) counts as false.
 */
export function usesOneCoreOfSeveral(input: IRuleInput): boolean {
  const use = coreUse(input);
  return (
    use !== null && use.total >= 2 && use.busy < Math.min(1.5, use.total * 0.75)
  );
}

/** True when the cell already keeps (nearly) all usable cores busy. */
export function usesAllCores(input: IRuleInput): boolean {
  const use = coreUse(input);
  return use !== null && use.total >= 2 && use.busy >= 0.75 * use.total;
}
