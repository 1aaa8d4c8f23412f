/**
 * `profile-first`: a long cell that runs several functions of its own, where the code does not say
 * which one takes the time. The lesson: "Profile your software and identify the functions that
 * are taking up the largest amount of the run time."
 */
import type { IRuleInput } from '../../advice/context';
import type { Finding } from '../../advice/phrases';
import { measuredEvidence, timing } from '../../advice/phrases';
import { counted } from '../../advice/phrases';
import { linesMessage, listParam, message } from '../../contracts/messages';
import * as words from '../../advice/words';
import { definitionsHolding, functionsHolding } from '../../analysis/callgraph';
import { workItems } from '../../advice/items';

/** Functions called in turn from which the hot spot cannot be told from the code. */
const MANY_FUNCTIONS = 3;
/** Two functions are enough in a long cell. */
const LONG_CELL_STATEMENTS = 12;

/** One place (a function, or a cell's own top-level code) holding this share of the profiled
 * time is the hot spot, found: profiling again would only say it twice. */
const FOUND_SPOT_SHARE = 0.5;

/** Hot lines in methods that hold less than this share of the interpreter's time: spread. */
const THIN_COVERAGE = 2 / 3;

/** The interpreter's time on hot lines in this many of the notebook's functions... */
const SPREAD_FUNCTIONS = 3;
/** ...none of them holding this share of it: there is no one place to rewrite. */
const SPREAD_TOP_SHARE = 0.4;

/**
 * Fires for cells that call several of the notebook's own functions in sequence, and for cells
 * whose measured interpreter time the line profile finds spread over several functions (objects
 * calling small methods of each other: a scheduler, a ray tracer, agents).
 */
export function profileFirst(input: IRuleInput): Finding | null {
  const called = input.work.topLevelCalls;
  const statements = input.cell.analysis.statements;
  const several =
    called.length >= MANY_FUNCTIONS ||
    (called.length >= 2 && statements >= LONG_CELL_STATEMENTS);
  if (!several || profiledSpot(input) !== null) {
    return spreadFinding(input);
  }
  const names = called.map(ref => words.code(ref.name));
  const calls = input.cell.analysis.calls.filter(
    call =>
      called.some(ref => ref.name === call.name) &&
      !input.cell.analysis.functions.some(
        fn => call.line >= fn.line && call.line <= fn.endLine
      )
  );
  const lines = calls.map(call => call.line);
  const params = {
    functions: counted(called.length, 'function'),
    names: listParam(names),
    timing: timing(input)
  };
  return {
    rule: 'profile-first',
    title: message('profile-first.title'),
    why:
      lines.length > 0
        ? message('profile-first.why-lines', {
            ...params,
            lines: linesMessage(lines, input.cell.id)
          })
        : message('profile-first.why', params),
    evidence: [
      ...measuredEvidence(input),
      ...calls.slice(0, 6).map(call => ({
        kind: 'code' as const,
        text: message('profile-first.calls', { name: call.name }),
        line: call.line
      })),
      {
        kind: 'code',
        text: message('profile-first.statements', { statements })
      }
    ],
    confidence: input.measurement ? 'high' : 'medium'
  };
}

/** The place the line profile already names as the hot spot (a function's name, or a cell id
 * for its top-level code), or null when it names none. */
function profiledSpot(input: IRuleInput): string | null {
  const shares = new Map<string, number>();
  for (const line of input.diagnosis.hotLines) {
    const place = functionsHolding([line], input.notebook)[0] ?? line.cell_id;
    shares.set(place, (shares.get(place) ?? 0) + line.share);
  }
  for (const [place, share] of shares) {
    if (share >= FOUND_SPOT_SHARE) {
      return place;
    }
  }
  return null;
}

/** The functions the profile spreads the interpreter's time over, or none; `thin` when the
 * heaviest lines are in small methods and hold little of it. */
function spreadFunctions(input: IRuleInput): {
  names: string[];
  thin: boolean;
} {
  const none = { names: [], thin: false };
  const hot = input.diagnosis.hotLines;
  if (
    input.diagnosis.kind !== 'interpreter' ||
    hot.length < SPREAD_FUNCTIONS ||
    hot.some(line => line.share >= SPREAD_TOP_SHARE)
  ) {
    return none;
  }
  const holding = hot.map(line => definitionsHolding([line], input.notebook));
  if (holding.some(refs => refs.length === 0)) {
    return none; // a hot line outside any function is itself the place to work on
  }
  const names = [...new Set(holding.map(refs => refs[0].name))];
  if (names.length >= SPREAD_FUNCTIONS) {
    return { names, thin: false };
  }
  // The heaviest lines, all in small methods, hold little of the interpreter's time: the rest is
  // spread over many more (vector arithmetic through dunder methods, rougier-boids-vec2-objects).
  const python = evidenceFact(input, 'python_share');
  const covered = hot.reduce((sum, line) => sum + line.share, 0);
  const thin =
    python !== null &&
    covered < THIN_COVERAGE * python &&
    holding.every(refs => refs[0].def.method);
  return thin && names.length >= 2 ? { names, thin } : none;
}

/** A number of the diagnosis' evidence, or null. */
function evidenceFact(input: IRuleInput, fact: string): number | null {
  const found = input.diagnosis.evidence.find(item => item.fact === fact);
  return typeof found?.value === 'number' ? found.value : null;
}

function spreadFinding(input: IRuleInput): Finding | null {
  const { names, thin } = spreadFunctions(input);
  if (names.length === 0) {
    return null;
  }
  // Spread over what each independent item runs: items side by side speed all of it up, so the
  // pool is the step whichever function is the slowest.
  const items = workItems(input)?.loop.reached ?? [];
  if (names.every(name => items.some(ref => ref.name === name))) {
    return null;
  }
  const hot = input.diagnosis.hotLines;
  const top = Math.round(100 * Math.max(...hot.map(line => line.share)));
  const covered = Math.round(
    100 * hot.reduce((sum, line) => sum + line.share, 0)
  );
  const params = {
    names: listParam(names.map(words.code)),
    timing: timing(input)
  };
  return {
    rule: 'profile-first',
    title: message('profile-first.title'),
    why: thin
      ? message('profile-first.why-thin', { ...params, covered })
      : message('profile-first.why-spread', { ...params, top }),
    evidence: [
      ...measuredEvidence(input),
      ...names.map(name => ({
        kind: 'code' as const,
        text: message('profile-first.time-in', { name })
      }))
    ],
    confidence: 'medium'
  };
}
