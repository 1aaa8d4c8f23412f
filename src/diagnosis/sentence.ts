/**
 * The diagnosis in one sentence, as a message (contracts/messages.diagnosis.ts holds the words):
 * the panel translates it, the CLI report and `--json` print it in English ("Bottleneck: the
 * Python interpreter, line 9 — 84 % of 4.3 s; 1.0 of 2 cores busy").
 */
import type { IListParam, IMessage } from '../contracts/messages';
import {
  cellParam,
  coresBusy,
  formatMessage,
  lineParam,
  listParam,
  message
} from '../contracts/messages';
import type { IDiagnosis, IHotLine } from './types';

/** A cell's 1-based position ("cell 4"), by its id; null when it is not in the notebook. */
export type CellPosition = (cellId: string) => number | null;

/**
 * The sentence for a diagnosis of cell `cellId`. `formatSeconds` lets the CLI report say times
 * the way the rest of it does.
 */
export function diagnosisMessage(
  diagnosis: IDiagnosis,
  cellId: string,
  positionOf: CellPosition,
  formatSeconds: (value: number) => string = seconds
): IMessage {
  const time =
    diagnosis.seconds === null ? '' : formatSeconds(diagnosis.seconds);
  const busy =
    diagnosis.coresBusy === null
      ? null
      : message('diagnosis.busy', {
          busy: coresBusy(diagnosis.coresBusy, diagnosis.cores)
        });
  const timing = { seconds: time, busy };
  switch (diagnosis.kind) {
    case 'interpreter':
    case 'native':
    case 'waiting': {
      if (!diagnosis.profiled && diagnosis.kind !== 'waiting') {
        return message(
          diagnosis.kind === 'interpreter'
            ? 'diagnosis.unprofiled-interpreter'
            : 'diagnosis.unprofiled-native',
          timing
        );
      }
      const share = diagnosis.hotLines.reduce(
        (acc, line) => acc + line.share,
        0
      );
      const at =
        diagnosis.hotLines.length > 0
          ? message('diagnosis.at-lines', {
              lines: hotLines(diagnosis.hotLines, cellId, positionOf),
              share: Math.round(share * 100),
              seconds: time
            })
          : message('diagnosis.at', { seconds: time });
      return profiledMessage(diagnosis.kind, { at, busy });
    }
    case 'all-cores':
      return message('diagnosis.all-cores', timing);
    case 'memory':
      return diagnosis.error
        ? message('diagnosis.memory-error', { error: diagnosis.error })
        : message('diagnosis.memory-peak', {
            peak: bytes(factValue(diagnosis, 'peak_memory_bytes')),
            available: bytes(factValue(diagnosis, 'memory_available_bytes'))
          });
    case 'failed':
      return message('diagnosis.failed', { error: diagnosis.error });
    case 'fast':
      return message('diagnosis.fast', { seconds: time });
    case 'unmeasured': {
      const heavy = diagnosis.evidence.find(item => item.fact === 'heavy_code');
      return heavy
        ? message('diagnosis.unmeasured-heavy', {
            reason:
              heavy.value === 'trip-count'
                ? message('diagnosis.reason-trip-count')
                : message('diagnosis.reason-nested-numeric'),
            line:
              heavy.line === undefined
                ? null
                : lineParam(heavy.line, heavy.cell_id ?? cellId)
          })
        : message('diagnosis.unmeasured');
    }
  }
}

/** The sentence of a profiled kind: what holds the time, where, and cores busy. */
function profiledMessage(
  kind: 'interpreter' | 'native' | 'waiting',
  params: { at: IMessage; busy: IMessage | null }
): IMessage {
  switch (kind) {
    case 'interpreter':
      return message('diagnosis.interpreter', params);
    case 'native':
      return message('diagnosis.native', params);
    case 'waiting':
      return message('diagnosis.waiting', params);
  }
}

/** The sentence in English, for the CLI and for tests. */
export function diagnosisSentence(
  diagnosis: IDiagnosis,
  cellId: string,
  positionOf: CellPosition,
  formatSeconds?: (value: number) => string
): string {
  return formatMessage(
    diagnosisMessage(diagnosis, cellId, positionOf, formatSeconds)
  );
}

/** "lines 3 and 5", "line 9 and line 2 of cell 4": the cell's own lines first, then others'. */
function hotLines(
  lines: readonly IHotLine[],
  cellId: string,
  positionOf: CellPosition
): IListParam {
  const own = lines.filter(line => line.cell_id === cellId);
  const other = lines
    .filter(line => line.cell_id !== cellId)
    .map(line => {
      const position = positionOf(line.cell_id);
      const at = lineParam(line.line, line.cell_id);
      // A profiled cell no longer in the notebook (deleted since) has no position to name.
      return position === null
        ? message('diagnosis.line-of-other-cell', { line: at })
        : message('diagnosis.line-of-cell', {
            line: at,
            cell: cellParam(position, line.cell_id)
          });
    });
  // Heaviest first, as the profile ranks them: not sorted by number.
  const ownLines = own.map(line => lineParam(line.line, cellId));
  const ownText =
    ownLines.length === 1
      ? [message('code.line', { line: ownLines[0] })]
      : ownLines.length > 1
        ? [message('code.lines', { lines: listParam(ownLines) })]
        : [];
  return listParam([...ownText, ...other]);
}

function factValue(
  diagnosis: IDiagnosis,
  fact: 'peak_memory_bytes' | 'memory_available_bytes'
): number {
  const item = diagnosis.evidence.find(e => e.fact === fact);
  return item ? Number(item.value) : NaN;
}

function seconds(value: number): string {
  return value < 0.1
    ? `${Math.round(value * 1000)} ms`
    : value < 10
      ? `${value.toFixed(1)} s`
      : `${Math.round(value)} s`;
}

function bytes(value: number): string {
  return value >= 1e9
    ? `${(value / 1e9).toFixed(1)} GB`
    : `${Math.round(value / 1e6)} MB`;
}
