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

/** Functions called in turn from which the hot spot cannot be told from the code. */
const MANY_FUNCTIONS = 3;
/** Two functions are enough in a long cell. */
const LONG_CELL_STATEMENTS = 12;

/** Fires for cells that call several of the notebook's own functions in sequence. */
export function profileFirst(input: IRuleInput): Finding | null {
  const called = input.work.topLevelCalls;
  const statements = input.cell.analysis.statements;
  const several =
    called.length >= MANY_FUNCTIONS ||
    (called.length >= 2 && statements >= LONG_CELL_STATEMENTS);
  if (!several) {
    return null;
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
