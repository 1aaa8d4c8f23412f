import type { IAdvice, RuleId } from '../../../contracts/advice';
import type {
  IMachineFacts,
  IRunRecord,
  RunsByCell
} from '../../../contracts/facts';
import type { INotebookMeasurements } from '../../../contracts/measurements';
import type { ISettings } from '../../../contracts/settings';
import { PYTHON_CELL_MAGICS } from '../../../analysis/preprocess';
import { runStats } from '../../../advice/measure';
import type { CellPosition } from '../../../diagnosis';
import { diagnose, diagnosisMessage } from '../../../diagnosis';
import { cellLabel } from '../../cells';
import type {
  IAdviceElsewhere,
  IAdvised,
  ICellInfo,
  ISelectedCell,
  NotRead
} from '../../types';
import { NOTHING_ADVISED } from '../../types';
import { rewriteResults } from '../beforeafter/state';
import { profileSection } from '../profile/state';

/**
 * Whether the cell is code the analysis cannot read: a cell magic with another language's body
 * (`%%bash`, `%%html`, `%%writefile`...), or nothing but line magics and shell escapes. Such a
 * cell must not be told that it "already suits this machine": nothing in it was read.
 */
export function notRead(source: string): NotRead | null {
  const lines = source
    .split('\n')
    .map(line => line.trim())
    .filter(line => line !== '' && !line.startsWith('#'));
  if (lines.length === 0) {
    return null;
  }
  const magic = /^%%(\S+)/.exec(lines[0]);
  if (magic) {
    return PYTHON_CELL_MAGICS.has(magic[1])
      ? null
      : { reason: 'cell-magic', magic: `%%${magic[1]}` };
  }
  return lines.every(line => /^[%!]/.test(line))
    ? { reason: 'magics-only' }
    : null;
}

/**
 * True when the diagnosis (the one owner of "what limits a cell") finds the latest run waiting,
 * not computing: faster code would not shorten it. Only the runs are read here.
 */
export function isWaiting(
  cellId: string,
  runs: readonly IRunRecord[],
  machine: IMachineFacts | null,
  thresholdSeconds: number
): boolean {
  if (runs.length === 0) {
    return false;
  }
  return (
    diagnose({
      cellId,
      runs,
      machine,
      thresholdSeconds,
      shape: { heavy: null, pythonLoops: false }
    }).kind === 'waiting'
  );
}

/** What the shown cell's section is built from (the panel state's input has all of it). */
export interface ISelectedInput {
  cells: readonly ICellInfo[];
  measurements: INotebookMeasurements;
  fallback: boolean;
  language: string | null;
  advise: (cell: ICellInfo) => IAdvised;
  config: ISettings;
  dismissed: (cellId: string) => readonly RuleId[];
}

/** The shown cell's section: its runs, its advice (dismissed apart) and its rewrites' results. */
export function selectedView(
  cell: ICellInfo,
  runs: RunsByCell,
  input: ISelectedInput
): ISelectedCell {
  const { config, measurements } = input;
  const list = runs[cell.id] ?? [];
  const timingsOnly = input.fallback || measurements.status === 'timings-only';
  const stats = runStats(list, !timingsOnly);
  const dismissedRules = new Set(input.dismissed(cell.id));
  const otherLanguage = isOtherLanguage(input.language);
  const advised =
    cell.type === 'code' && !otherLanguage
      ? input.advise(cell) // hidden rules are never run (advice/engine.ts)
      : NOTHING_ADVISED;
  const advice = advised.advice;
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
    diagnosis: advised.diagnosis
      ? diagnosisMessage(advised.diagnosis, cell.id, positionIn(input.cells))
      : null,
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
    interpreterBound: advised.diagnosis?.kind === 'interpreter',
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

/** Each cell's 1-based position by id ("cell 4"), as the CLI names it too. */
function positionIn(cells: readonly ICellInfo[]): CellPosition {
  return cellId => cells.find(cell => cell.id === cellId)?.index ?? null;
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
