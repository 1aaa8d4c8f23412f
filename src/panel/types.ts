/**
 * The panel's view state: plain, read-only data built by pure functions from the notebook, the
 * measurements and the advice, and handed to the React views by props.
 */
import type { IAdvice, RuleId } from '../contracts/advice';
import type { IMessage } from '../contracts/messages';
import type { IDiagnosis } from '../diagnosis';
import type { IFacts, IMachineFacts, IRunRecord } from '../contracts/facts';
import type { KernelStatus } from '../contracts/measurements';
import type { ProfileSection } from './sections/profile/state';
import type { IInsertedTag } from '../contracts/metadata';
import type { IVerifyResult } from '../contracts/verify';
import type { IReadProgress } from './reader';
import type { IRunStats } from '../advice/measure';

/** A cell's run statistics, defined with the rules' own (advice/measure.ts). */
export type { IRunStats };

/** One notebook cell, as the panel reads it (no widgets, no models). */
export interface ICellInfo {
  id: string;
  /** 1-based position in the notebook, as people count cells. */
  index: number;
  type: 'code' | 'markdown' | 'raw';
  source: string;
  /** Present when the Optimiser inserted this cell. */
  inserted: IInsertedTag | null;
  /** The text printed to the cell's stream outputs (only read for verify cells). */
  streamText: string;
  /** The kernel's execution count, or null if the cell has not run in this session or file. */
  executionCount: number | null;
}

/** The before/after comparison of one inserted rewrite against its original cell. */
export interface IBeforeAfter {
  rule: RuleId;
  /** The inserted cells, rewrite first; the verify cell's id separately. */
  rewriteCellIds: readonly string[];
  verifyCellId: string | null;
  /** The original cell's last measured wall time, in seconds. */
  beforeS: number | null;
  /** The rewrite's last measured wall time (its cells added up), in seconds. */
  afterS: number | null;
  verify: IVerifyResult | null;
}

/** One bar of the cells-by-time chart. */
export interface ICellTiming {
  id: string;
  index: number;
  /** The cell's first non-blank line, shortened. */
  label: string;
  lastS: number;
  totalS: number;
  runs: number;
  lastOk: boolean;
}

/** The kernel section: always a state, never blank. */
export interface IKernelView {
  status: KernelStatus;
  message: string | null;
  /** The running cell, its 1-based index (null if not in this notebook) and start time (ms). */
  running: { cellId: string; index: number | null; since: number } | null;
  /** The kernel's language and version, when the probe reported them. */
  language: string | null;
  /** True when the probe plugin is not loaded, so only JupyterLab's own timings are known. */
  fallback: boolean;
}

/** A library the shown advice needs that the kernel lacks. */
export interface IMissingLibrary {
  library: string;
  /** What to type in a cell to install it into the kernel's environment. */
  install: string;
  rules: readonly RuleId[];
}

/** The machine section. */
export interface IMachineView {
  machine: IMachineFacts;
  /** Installed optimisation libraries and their versions, by name. */
  installed: readonly { name: string; version: string }[];
  missing: readonly IMissingLibrary[];
}

/** Code in another cell that a piece of advice rewrites (a function the cell calls). */
export interface IAdviceElsewhere {
  cellId: string;
  /** The other cell's 1-based position. */
  index: number;
  line: number;
  functionName: string | null;
}

/** What the pipeline says of one cell: its ranked advice and what limits it. */
export interface IAdvised {
  advice: readonly IAdvice[];
  /** Null while the advice waits for the notebook to be read. */
  diagnosis: IDiagnosis | null;
}

/** Nothing advised (a cell not read yet, or not code). */
export const NOTHING_ADVISED: IAdvised = { advice: [], diagnosis: null };

/** One advice card. */
export interface IAdviceCard {
  advice: IAdvice;
  /** Where the code lives when it is in another cell; null when it is in the shown cell. */
  elsewhere: IAdviceElsewhere | null;
  /** The before/after of this rule's inserted rewrite, once inserted. */
  result: IBeforeAfter | null;
}

/** Why the analysis did not read a code cell as Python. */
export type NotRead =
  { reason: 'cell-magic'; magic: string } | { reason: 'magics-only' };

/** The selected cell's section. */
export interface ISelectedCell {
  id: string;
  index: number;
  type: ICellInfo['type'];
  label: string;
  runs: readonly IRunRecord[];
  stats: IRunStats | null;
  /** True while this cell executes. */
  running: boolean;
  /** Last run under the advice threshold: nothing to do. */
  fastEnough: boolean;
  cards: readonly IAdviceCard[];
  dismissed: readonly IAdvice[];
  /** What limits the cell, in one sentence (diagnosis/sentence.ts); null until it is advised. */
  diagnosis: IMessage | null;
  /** Rewrites whose rule is no longer advised (e.g. dismissed or hidden), still compared. */
  otherResults: readonly IBeforeAfter[];
  /** True when CPU times are not measured (timings only), so cores busy is unknown. */
  timingsOnly: boolean;
  /** The kernel's language when it is not Python: the advice reads Python only. */
  otherLanguage: string | null;
  /** Why the analysis could not read this code cell (`%%bash`, only magics); null when it could. */
  notRead: NotRead | null;
  /** The latest run waited rather than computed (the diagnosis says so). */
  waiting: boolean;
  /** The diagnosis finds the Python interpreter holding the time (so "nothing to do" is false). */
  interpreterBound: boolean;
  /** Where the latest run's time went, line by line; null for no run or timings only. */
  profile: ProfileSection | null;
}

/** Ids of the lesson's "what next" items, in the lesson's order. */
export const CHECKLIST_IDS = [
  'version-control',
  'tests',
  'consistent-timing',
  'small-test-case',
  'profiled',
  'one-change'
] as const;

export type ChecklistId = (typeof CHECKLIST_IDS)[number];

/** What the panel could tell about an item: done, to do, or unknown (it cannot check). */
export type CheckState = 'done' | 'todo' | 'unknown';

/** Why an item has its state; the view words each one. */
export type ChecklistReason =
  | 'checking'
  | 'git-found'
  | 'git-absent'
  | 'git-hidden'
  | 'tests-found'
  | 'tests-in-notebook'
  | 'tests-absent'
  | 'no-runs'
  | 'few-runs'
  | 'consistent'
  | 'inconsistent'
  | 'small-case'
  | 'large-case'
  | 'profiled'
  | 'profile-not-run'
  | 'not-profiled'
  | 'no-changes'
  | 'one-pending'
  | 'many-pending'
  | 'verify-differs';

/** One "what next" item: its state, the reason in a code the view words, and the numbers. */
export interface IChecklistItem {
  id: ChecklistId;
  state: CheckState;
  /** Why the state is what it is; the view turns it into translated words. */
  reason: ChecklistReason;
  /** Numbers and names the reason's words cite. */
  values: Readonly<Record<string, string | number>>;
  /** The user ticked it by hand. */
  ticked: boolean;
}

/** The whole panel. */
export interface IPanelState {
  notebook: { name: string; path: string };
  kernel: IKernelView;
  timings: readonly ICellTiming[];
  codeCells: number;
  machine: IMachineView | null;
  facts: Omit<IFacts, 'runs'> | null;
  selected: ISelectedCell | null;
  checklist: readonly IChecklistItem[];
  /** The advice threshold, for "fast enough" wording. */
  thresholdSeconds: number;
  /** Present while the notebook's code is still being read: the advice waits for all of it. */
  reading?: IReadProgress;
}
