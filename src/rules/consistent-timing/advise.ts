/**
 * `consistent-timing`: repeated runs that differ by more than a fifth. The lesson: "Check that the
 * tool that you want to optimise runs in consistent time ... If not, then how will you know if your
 * improvements have made it faster, or if it's just random chance?"
 */
import type { IRuleInput } from '../../advice/context';
import type { Finding } from '../../advice/phrases';
import * as words from '../../advice/words';

/** Runs spreading more than this fraction of their median are not comparable. */
export const MAX_SPREAD = 0.2;

/** Fires for two or more successful runs whose times spread more than 20%. */
export function consistentTiming(input: IRuleInput): Finding | null {
  const m = input.measurement;
  if (!m || m.runs < 2 || m.spread === null || m.spread <= MAX_SPREAD) {
    return null;
  }
  const percent = Math.round(m.spread * 100);
  return {
    rule: 'consistent-timing',
    title: 'Make the timing consistent before comparing',
    why: [
      `The last ${m.runs} runs took between ${words.seconds(m.minSeconds)} and ${words.seconds(m.maxSeconds)}, a spread of ${percent}% of the median ${words.seconds(m.medianSeconds)}.`,
      'Until repeated runs agree, a faster version cannot be told apart from chance: find what varies (other jobs, first-run imports, caches, input size) and time several runs.'
    ].join(' '),
    evidence: [
      {
        kind: 'measured',
        text: `${m.runs} runs: ${words.seconds(m.minSeconds)} to ${words.seconds(m.maxSeconds)}`
      },
      { kind: 'measured', text: `spread ${percent}% of the median` }
    ],
    confidence: m.runs >= 3 ? 'high' : 'medium'
  };
}
