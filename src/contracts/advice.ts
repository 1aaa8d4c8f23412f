/**
 * The advice vocabulary shared by the engine, the templates, the panel and the CLI.
 * Pure types: nothing here touches the DOM or JupyterLab.
 */
import type { IMessage } from './messages';

/** Rule ids in the lesson's order; the order also breaks ties when ranking. */
export const RULE_IDS = [
  'profile-first',
  'consistent-timing',
  'numpy-vectorise',
  'numba-jit',
  'pathos-pool',
  'gnu-parallel',
  'dask-partition',
  'gpu-library',
  'numba-cuda',
  'multi-node',
  'compiled-extension'
] as const;

/** A stable rule id: used by the panel, the CLI's JSON, templates, settings and tests. */
export type RuleId = (typeof RULE_IDS)[number];

/** How sure the engine is that the step applies to this cell. */
export type Confidence = 'high' | 'medium' | 'low';

/** One fact a piece of advice rests on. */
export interface IEvidence {
  /** Where the fact came from: a measurement, the code, or the machine. */
  kind: 'measured' | 'code' | 'machine';
  /** The fact as a message, with its number (e.g. "ran 12.4 s", "1.0 of 2 cores busy"). */
  text: IMessage;
  /** 1-based line in the cell the fact was read from, when it came from the code. */
  line?: number;
}

/** A cell the advice offers to insert below the analysed cell. */
export interface IInsertCell {
  cell_type: 'code' | 'markdown';
  source: string;
  /**
   * Cell metadata to store with the inserted cell. Templates set
   * `{"jupyterlab-optimiser": {rule, source_cell, role}}` (contracts/metadata.ts).
   */
  metadata?: Record<string, unknown>;
}

/**
 * The code a piece of advice is about, and the code its template rewrites: the whole cell, a
 * function (possibly defined in another cell) or a loop at the cell's top level.
 */
export interface IAdviceTarget {
  kind: 'cell' | 'function' | 'loop';
  /** The id of the cell holding the code (the analysed cell's own id for its own code). */
  cellId: string;
  /** The function's name for kind 'function', else null. */
  functionName: string | null;
  /** First and last line of the code, in that cell. */
  line: number;
  endLine: number;
}

/** One piece of advice for one cell, before its cells are rendered. */
export interface IFinding {
  rule: RuleId;
  /** What to do, as a message ("Compile `simulate` with Numba"). */
  title: IMessage;
  /** Why, citing the evidence: measured seconds, CPU share, line numbers (as line parameters). */
  why: IMessage;
  evidence: IEvidence[];
  confidence: Confidence;
  /** What the advice is about; the template rewrites exactly this. */
  target: IAdviceTarget;
}

/** One piece of advice with the cells its Insert adds. */
export interface IAdvice extends IFinding {
  /** Template cells plus the verify cell; empty when the rule offers no code. */
  insert: IInsertCell[];
}

/** True for one of the advice engine's rule ids. */
export function isRuleId(value: string): value is RuleId {
  return (RULE_IDS as readonly string[]).includes(value);
}
