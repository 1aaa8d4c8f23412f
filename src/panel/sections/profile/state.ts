/**
 * The "where the time went" section of the shown cell: its latest run's hot lines from the
 * probe's line profile, or why there is no profile. Pure: built with the rest of the panel state.
 */
import type { IProfileLine, IRunRecord } from '../../../contracts/facts';
import type { ISplit } from './markers';
import { profiledSeconds, seconds, split } from './markers';

/** The probe's start delay when no hello said otherwise (docs/facts.md, the line profile). */
export const DEFAULT_START_DELAY_S = 0.1;

/** Hot lines the section lists; the rest are summed up in one line. */
export const MAX_HOT_LINES = 5;

/** Lines under this share of the run are not listed as hot (they go into the rest). */
export const MIN_HOT_SHARE = 0.01;

/** Longest code excerpt shown beside a hot line. */
const MAX_CODE_CHARS = 60;

/** One hot line: where it is, what share of the run it took and how. */
export interface IHotLine {
  readonly cellId: string;
  /** The 1-based position of the line's cell; null when that cell is no longer in the notebook. */
  readonly cellIndex: number | null;
  /** True when the line is in the shown cell (else: a function defined in another cell). */
  readonly inShownCell: boolean;
  /** 1-based line within its cell. */
  readonly line: number;
  /** The line's code as the cell reads now, trimmed and shortened; '' when unknown. */
  readonly code: string;
  readonly seconds: number;
  /** Share (0-1) of the run. */
  readonly share: number;
  readonly split: ISplit;
  /** The heaviest library function called from the line, when the probe could name one. */
  readonly call: { readonly name: string; readonly seconds: number } | null;
}

/** What the section shows. */
export type ProfileSection =
  | { readonly kind: 'off' } // the profile setting is off
  | {
      // the run ended before sampling started
      readonly kind: 'too-short';
      readonly wallS: number;
      readonly delayS: number;
    }
  | { readonly kind: 'unprofiled' } // long enough, but no profile (taken while off, older probe)
  | {
      readonly kind: 'profiled';
      readonly wallS: number;
      readonly samples: number;
      readonly lines: readonly IHotLine[];
      /** Share of the run not in the listed lines: other lines, IPython's own work. */
      readonly restShare: number;
    };

/** What the section is built from. */
export interface IProfileInput {
  readonly cellId: string;
  /** The shown cell's runs, oldest first. */
  readonly runs: readonly IRunRecord[];
  /** The notebook's cells, to name another cell by position and quote the hot line. */
  readonly cells: readonly {
    readonly id: string;
    readonly index: number;
    readonly source: string;
  }[];
  /** The "profile" setting. */
  readonly profiling: boolean;
  /** The probe's start delay (from its hello), or null when not known. */
  readonly startDelayS: number | null;
  /** True when runs are timed from kernel messages only: there is never a profile. */
  readonly timingsOnly: boolean;
}

/**
 * The section for the shown cell's latest run; null when there is nothing to say (no run yet,
 * or timings only: the cell and kernel sections already say why).
 */
export function profileSection(input: IProfileInput): ProfileSection | null {
  const latest = input.runs[input.runs.length - 1];
  if (!latest || latest.timing_only || input.timingsOnly) {
    return null;
  }
  if (!input.profiling) {
    return { kind: 'off' };
  }
  const profile = latest.profile;
  if (!profile) {
    const delayS = startDelay(input);
    return latest.wall_s < delayS
      ? { kind: 'too-short', wallS: latest.wall_s, delayS }
      : { kind: 'unprofiled' };
  }
  const total = profiledSeconds(profile, latest.wall_s);
  const lines = profile.lines
    .filter(line => seconds(line) / total >= MIN_HOT_SHARE)
    .slice(0, MAX_HOT_LINES)
    .map(line => hotLine(line, seconds(line) / total, input));
  const listed = lines.reduce((sum, line) => sum + line.share, 0);
  return {
    kind: 'profiled',
    wallS: latest.wall_s,
    samples: profile.samples,
    lines,
    restShare: Math.max(0, 1 - listed)
  };
}

function hotLine(
  line: IProfileLine,
  share: number,
  input: IProfileInput
): IHotLine {
  const cell = input.cells.find(c => c.id === line.cell_id);
  const call = line.calls?.[0];
  return {
    cellId: line.cell_id,
    cellIndex: cell?.index ?? null,
    inShownCell: line.cell_id === input.cellId,
    line: line.line,
    code: cell ? codeAt(cell.source, line.line) : '',
    seconds: seconds(line),
    share,
    split: split(line),
    call: call ? { name: call.name, seconds: call.s } : null
  };
}

/** The hello's delay, else the one an earlier profile of this cell was taken with. */
function startDelay(input: IProfileInput): number {
  if (input.startDelayS !== null) {
    return input.startDelayS;
  }
  const profiled = [...input.runs].reverse().find(run => run.profile);
  return profiled?.profile?.start_delay_s ?? DEFAULT_START_DELAY_S;
}

/** A 1-based line of a cell's source, trimmed and shortened for a one-line excerpt. */
export function codeAt(source: string, line: number): string {
  const text = (source.split('\n')[line - 1] ?? '').trim();
  return text.length > MAX_CODE_CHARS
    ? `${text.slice(0, MAX_CODE_CHARS - 1)}…`
    : text;
}
