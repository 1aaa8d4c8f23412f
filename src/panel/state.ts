import type { IAdvice, RuleId } from '../contracts/advice';
import type { IRunRecord, RunsByCell } from '../contracts/facts';
import type { INotebookMeasurements } from '../contracts/measurements';
import { rewriteResults } from './sections/beforeafter/state';
import { cellLabel } from './cells';
import type { IWorkspaceFacts } from './sections/checklist/state';
import { buildChecklist } from './sections/checklist/state';
import { machineView } from './sections/machine/state';
import { isWaiting, notRead } from './sections/cell/state';
import { profileSection } from './sections/profile/state';
import { keptRuns, runStats } from '../advice/measure';
import type {
  ChecklistId,
  IAdviceElsewhere,
  ICellInfo,
  ICellTiming,
  IKernelView,
  IPanelState,
  ISelectedCell
} from './types';
import type { ISettings } from '../contracts/settings';

/** Everything the panel state is built from; the controller gathers it from JupyterLab. */
export interface IStateInput {
  notebook: { name: string; path: string };
  cells: readonly ICellInfo[];
  measurements: INotebookMeasurements;
  /** True when the probe plugin is absent and the measurements come from JupyterLab alone. */
  fallback: boolean;
  /** The kernel's language from the notebook's metadata, when known ("python", "r", ...). */
  language: string | null;
  /** The cell to show (already resolved from the pin or the active cell), or null. */
  selectedId: string | null;
  /** The ranked advice for a cell (the analysis pipeline). Called for the shown cell only. */
  advise: (cell: ICellInfo) => readonly IAdvice[];
  config: ISettings;
  dismissed: (cellId: string) => readonly RuleId[];
  ticked: readonly ChecklistId[];
  workspace: IWorkspaceFacts;
}

/** Builds the whole panel's view state. Pure: the same input gives the same state. */
export function buildPanelState(input: IStateInput): IPanelState {
  const { cells, measurements, config } = input;
  const runs = boundedRuns(measurements.runs, config.historyLength);
  const selectedCell = cells.find(cell => cell.id === input.selectedId) ?? null;
  const selected = selectedCell
    ? selectedView(selectedCell, runs, input)
    : null;
  const facts = measurements.facts;
  const rules = selected?.cards.map(card => card.advice.rule) ?? [];
  return {
    notebook: input.notebook,
    kernel: kernelView(measurements, cells, input.fallback),
    timings: cellTimings(cells, runs),
    codeCells: cells.filter(cell => cell.type === 'code').length,
    machine: machineView(facts, rules, config.poolLibrary),
    facts,
    selected,
    checklist: buildChecklist({
      cells,
      runs,
      target: checklistTarget(selectedCell, cells, runs),
      workspace: input.workspace,
      ticked: input.ticked
    }),
    thresholdSeconds: config.thresholdSeconds
  };
}

/** Each cell's runs cut to the history length. */
function boundedRuns(
  runs: RunsByCell,
  limit: number
): Record<string, readonly IRunRecord[]> {
  const result: Record<string, readonly IRunRecord[]> = {};
  for (const [id, list] of Object.entries(runs)) {
    result[id] = keptRuns(list, limit);
  }
  return result;
}

/** The chart's bars: every measured code cell, in notebook order. */
export function cellTimings(
  cells: readonly ICellInfo[],
  runs: RunsByCell
): ICellTiming[] {
  const timings: ICellTiming[] = [];
  for (const cell of cells) {
    const list = runs[cell.id];
    if (cell.type !== 'code' || !list || list.length === 0) {
      continue;
    }
    const last = list[list.length - 1];
    timings.push({
      id: cell.id,
      index: cell.index,
      label: cellLabel(cell.source),
      lastS: last.wall_s,
      totalS: list.reduce((sum, run) => sum + run.wall_s, 0),
      runs: list.length,
      lastOk: last.ok
    });
  }
  return timings;
}

function kernelView(
  measurements: INotebookMeasurements,
  cells: readonly ICellInfo[],
  fallback: boolean
): IKernelView {
  const running = measurements.running;
  const kernel = measurements.facts?.kernel;
  return {
    status: measurements.status,
    message: measurements.message,
    running: running
      ? {
          ...running,
          index: cells.find(cell => cell.id === running.cellId)?.index ?? null
        }
      : null,
    language: kernel ? `${kernel.language} ${kernel.version}`.trim() : null,
    fallback
  };
}

function selectedView(
  cell: ICellInfo,
  runs: RunsByCell,
  input: IStateInput
): ISelectedCell {
  const { config, measurements } = input;
  const list = runs[cell.id] ?? [];
  const timingsOnly = input.fallback || measurements.status === 'timings-only';
  const stats = runStats(list, !timingsOnly);
  const dismissedRules = new Set(input.dismissed(cell.id));
  const otherLanguage = isOtherLanguage(input.language);
  const advice =
    cell.type === 'code' && !otherLanguage
      ? input.advise(cell) // hidden rules are never run (advice/engine.ts)
      : [];
  const shown = advice.filter(item => !dismissedRules.has(item.rule));
  const results = rewriteResults(cell.id, input.cells, runs);
  const shownRules = new Set(shown.map(item => item.rule));
  return {
    id: cell.id,
    index: cell.index,
    type: cell.type,
    label: cellLabel(cell.source),
    runs: list,
    stats,
    running: measurements.running?.cellId === cell.id,
    fastEnough: stats !== null && stats.lastS < config.thresholdSeconds,
    cards: shown.map(item => ({
      advice: item,
      elsewhere: elsewhere(item, cell.id, input.cells),
      result: results.find(result => result.rule === item.rule) ?? null
    })),
    dismissed: advice.filter(item => dismissedRules.has(item.rule)),
    otherResults: results.filter(result => !shownRules.has(result.rule)),
    timingsOnly,
    otherLanguage: otherLanguage ? input.language : null,
    notRead: cell.type === 'code' ? notRead(cell.source) : null,
    waiting:
      !timingsOnly &&
      isWaiting(
        cell.id,
        list,
        measurements.facts?.machine ?? null,
        config.thresholdSeconds
      ),
    profile:
      cell.type === 'code'
        ? profileSection({
            cellId: cell.id,
            runs: list,
            cells: input.cells,
            profiling: config.profile,
            startDelayS: measurements.profiling?.start_delay_s ?? null,
            timingsOnly
          })
        : null
  };
}

/** A kernel language the Python analysis cannot read (an unknown language is given the benefit). */
function isOtherLanguage(language: string | null): boolean {
  return language !== null && !/^(i?python\d*)$/i.test(language.trim());
}

/** The other cell holding the code the advice rewrites, when it is not the shown cell. */
function elsewhere(
  advice: IAdvice,
  cellId: string,
  cells: readonly ICellInfo[]
): IAdviceElsewhere | null {
  const target = advice.target;
  const holder =
    target && target.cellId !== cellId
      ? cells.find(c => c.id === target.cellId)
      : null;
  return target && holder
    ? {
        cellId: holder.id,
        index: holder.index,
        line: target.line,
        functionName: target.functionName
      }
    : null;
}

/** The cell the timing items judge: the shown cell once it ran, else the slowest measured cell. */
function checklistTarget(
  selected: ICellInfo | null,
  cells: readonly ICellInfo[],
  runs: RunsByCell
): ICellInfo | null {
  if (selected && (runs[selected.id]?.length ?? 0) > 0) {
    return selected;
  }
  let slowest: ICellInfo | null = null;
  let slowestS = -1;
  for (const cell of cells) {
    const list = runs[cell.id];
    const last = list && list.length > 0 ? list[list.length - 1].wall_s : -1;
    if (!cell.inserted && last > slowestS) {
      slowest = cell;
      slowestS = last;
    }
  }
  return slowest;
}
