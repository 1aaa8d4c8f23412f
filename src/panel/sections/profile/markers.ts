/**
 * The editor's per-line markers, worked out from a run's line profile. Pure, so jest checks them
 * without an editor; src/app/linemarker.ts draws them with CodeMirror.
 */
import type { TranslationBundle } from '@jupyterlab/translation';

import type {
  IProfileTime,
  IRunProfile,
  IRunRecord
} from '../../../contracts/facts';

/** How hot a marked line is: 1 (a few per cent of the run) to 4 (half of it or more). */
export type Heat = 1 | 2 | 3 | 4;

/** The share of the run from which a line gets each heat above 1 (CSS colours by heat). */
export const HEAT_FROM: readonly [number, number, number] = [0.05, 0.2, 0.5];

/** Lines under this share of the run get no marker: a sample or two says little. */
export const MIN_MARKED_SHARE = 0.01;

/** A line's time split three ways, as shares (0-1) of the line's own time. */
export interface ISplit {
  readonly python: number;
  readonly native: number;
  readonly waiting: number;
}

/** One marked line of a cell. */
export interface ILineMark {
  /** 1-based line within the cell. */
  readonly line: number;
  /** The line's share (0-1) of the run. */
  readonly share: number;
  readonly heat: Heat;
  readonly split: ISplit;
}

/** Seconds of one profile entry, all three kinds together. */
export function seconds(time: IProfileTime): number {
  return time.python_s + time.native_s + time.waiting_s;
}

/**
 * The time the profile accounts for: its lines, the lines left out and the time elsewhere. It
 * adds up to the run's wall time within the sampler's accuracy, and shares taken of it add up to
 * 100 %; a profile that credited nothing falls back on the wall time.
 */
export function profiledSeconds(profile: IRunProfile, wallS: number): number {
  const total =
    profile.lines.reduce((sum, line) => sum + seconds(line), 0) +
    (profile.more_lines ? seconds(profile.more_lines) : 0) +
    seconds(profile.elsewhere);
  return total > 0 ? total : Math.max(wallS, 0);
}

/** The python / native / waiting shares of one entry's time (all 0 when it has none). */
export function split(time: IProfileTime): ISplit {
  const total = seconds(time);
  if (total <= 0) {
    return { python: 0, native: 0, waiting: 0 };
  }
  return {
    python: time.python_s / total,
    native: time.native_s / total,
    waiting: time.waiting_s / total
  };
}

/** The heat of a share of the run. */
export function heat(share: number): Heat {
  const [warm, hot, hottest] = HEAT_FROM;
  return share >= hottest ? 4 : share >= hot ? 3 : share >= warm ? 2 : 1;
}

/**
 * The markers of one cell's editor from a run: each line of that cell in the run's profile with
 * at least MIN_MARKED_SHARE of the run, in line order. Lines past `lineCount` (the cell got
 * shorter) are left out; a run without a profile marks nothing.
 */
export function lineMarks(
  record: IRunRecord | null,
  cellId: string,
  lineCount: number
): ILineMark[] {
  const profile = record?.profile;
  if (!record || !profile) {
    return [];
  }
  const total = profiledSeconds(profile, record.wall_s);
  if (total <= 0) {
    return [];
  }
  const marks: ILineMark[] = [];
  for (const line of profile.lines) {
    const share = seconds(line) / total;
    if (
      line.cell_id === cellId &&
      line.line <= lineCount &&
      share >= MIN_MARKED_SHARE
    ) {
      marks.push({
        line: line.line,
        share,
        heat: heat(share),
        split: split(line)
      });
    }
  }
  return marks.sort((a, b) => a.line - b.line);
}

/** A share as people read it: "42%", "<1%" below one per cent. */
export function formatShare(trans: TranslationBundle, share: number): string {
  const percent = Math.round(share * 100);
  return percent < 1 && share > 0 ? trans.__('<1%') : trans.__('%1%', percent);
}
