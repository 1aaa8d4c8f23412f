import type { NotebookPanel } from '@jupyterlab/notebook';

import type { IInsertCell, RuleId } from '../contracts/advice';
import type { OptimiserModel } from './model';
import type {
  INotebookMeasurements,
  IMeasurements
} from '../contracts/measurements';
import type { PanelMemory } from './memory';
import type { IReadProgress } from './reader';
import type { IAdvised, ICellInfo } from './types';
import type { WorkspaceCache } from './sections/checklist/workspace';
import type { ISettings } from '../contracts/settings';

/** What the advice pipeline is asked for one cell. */
export interface IAdviseContext {
  /** The notebook panel's id, so the pipeline can keep one analyser per notebook. */
  notebookId: string;
  cells: readonly ICellInfo[];
  measurements: INotebookMeasurements;
  config: ISettings;
}

/** The advice pipeline, adapted to the panel: ranked advice for one cell. */
export type AdviseFn = (cell: ICellInfo, context: IAdviseContext) => IAdvised;

/**
 * Reads the notebook's code ahead of the advice for about `budgetMs` and says how far it got; the
 * controller calls it a slice at a time until every cell is read.
 */
export type ReadFn = (
  notebookId: string,
  cells: readonly ICellInfo[],
  budgetMs: number
) => IReadProgress;

/** Inserts a rule's cells below a cell, in one undoable step. */
export type InsertFn = (
  notebook: NotebookPanel,
  cellId: string,
  rule: RuleId,
  cells: readonly IInsertCell[]
) => void | Promise<void>;

/** What the controller needs; the plugin hands in the real services, tests hand in fakes. */
export interface IControllerOptions {
  model: OptimiserModel;
  /** The measurement service; null when its plugin is not loaded. */
  measurements: IMeasurements | null;
  memory: PanelMemory;
  workspace: WorkspaceCache;
  advise: AdviseFn;
  /** Reads ahead in slices; without it the first advice reads the whole notebook at once. */
  read?: ReadFn;
  /** Settles once the analysis has its Python parser, or failed to get one: then a refresh. */
  parserReady?: Promise<void>;
  insert: InsertFn;
  copy: (text: string) => void;
  /** Whether the panel is visible: nothing is analysed or requested while it is hidden. */
  isActive: () => boolean;
  config: ISettings;
}

/** How soon the panel refreshes after each kind of event, in ms. */
export const DELAYS = {
  measured: 20,
  executed: 20,
  structure: 50,
  typing: 300,
  immediate: 0,
  /** Between two slices of reading a large notebook: the page handles input and paints. */
  slice: 0
};

/**
 * The reading a slice may do, in ms. Slices overrun it (a cell's cost is only known after it is
 * read; a busy machine slows them): measured at up to 2-3 times this on 2 shared cores, still
 * under a 50 ms long task.
 */
export const SLICE_BUDGET_MS = 8;
