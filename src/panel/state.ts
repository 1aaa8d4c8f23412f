/**
 * The panel's view state, put together from each section's own state builder
 * (sections/<name>/state.ts). Pure: the same input gives the same state.
 */
import type { RuleId } from '../contracts/advice';
import type { IRunRecord, RunsByCell } from '../contracts/facts';
import type { INotebookMeasurements } from '../contracts/measurements';
import type { ISettings } from '../contracts/settings';
import { keptRuns } from '../advice/measure';
import { selectedView } from './sections/cell/state';
import { cellTimings } from './sections/chart/state';
import type { IWorkspaceFacts } from './sections/checklist/state';
import { buildChecklist, checklistTarget } from './sections/checklist/state';
import { kernelView } from './sections/kernel/state';
import { machineView } from './sections/machine/state';
import type { ChecklistId, IAdvised, ICellInfo, IPanelState } from './types';

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
  advise: (cell: ICellInfo) => IAdvised;
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
