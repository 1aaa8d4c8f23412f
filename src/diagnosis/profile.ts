/**
 * What a line profile says: how the run's time splits between the interpreter, compiled code and
 * waiting, and which lines hold the time of one of the three.
 */
import type { IProfileTime } from '../contracts/facts';
import type { IHotLine, IProfile } from './types';

/** The three components, in the order they are told apart. */
export type Component = keyof IProfileTime;

/** Shares of the profiled time (0..1), and the total it is a share of. */
export interface IProfileSplit {
  total: number;
  python: number;
  native: number;
  waiting: number;
}

/** Hot lines: the heaviest lines until they hold this much of the component's time. */
const HOT_COVERAGE = 0.8;
/** A line below this share of the component's time is not called hot. */
const HOT_MIN_SHARE = 0.05;
/** At most this many hot lines: the advice reads the code of these and no more. */
const HOT_MAX_LINES = 3;

/** The split of everything the profile credited: lines, lines left out, and elsewhere. */
export function split(profile: IProfile): IProfileSplit {
  const parts: IProfileTime[] = [
    ...profile.lines,
    profile.elsewhere,
    ...(profile.more_lines ? [profile.more_lines] : [])
  ];
  const sum = (key: Component): number =>
    parts.reduce((acc, part) => acc + nonNegative(part[key]), 0);
  const python = sum('python_s');
  const native = sum('native_s');
  const waiting = sum('waiting_s');
  const total = python + native + waiting;
  if (total <= 0) {
    return { total: 0, python: 0, native: 0, waiting: 0 };
  }
  return {
    total,
    python: python / total,
    native: native / total,
    waiting: waiting / total
  };
}

/**
 * The lines that hold the component's time, heaviest first: enough to cover 80 % of it, each
 * with at least 5 %, at most three. Shares are of the whole profiled time.
 */
export function hotLines(profile: IProfile, component: Component): IHotLine[] {
  const total = split(profile).total;
  const inComponent = profile.lines.reduce(
    (acc, line) => acc + nonNegative(line[component]),
    0
  );
  if (total <= 0 || inComponent <= 0) {
    return [];
  }
  const sorted = [...profile.lines].sort(
    (a, b) =>
      nonNegative(b[component]) - nonNegative(a[component]) ||
      a.cell_id.localeCompare(b.cell_id) ||
      a.line - b.line
  );
  const hot: IHotLine[] = [];
  let covered = 0;
  for (const line of sorted) {
    const seconds = nonNegative(line[component]);
    if (
      hot.length >= HOT_MAX_LINES ||
      covered >= HOT_COVERAGE * inComponent ||
      seconds < HOT_MIN_SHARE * inComponent
    ) {
      break;
    }
    hot.push({ ...line, share: seconds / total });
    covered += seconds;
  }
  return hot;
}

function nonNegative(value: number): number {
  return Number.isFinite(value) && value > 0 ? value : 0;
}
