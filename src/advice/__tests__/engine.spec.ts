import { rank } from '../engine';
import type { Finding } from '../phrases';
import { RULE_IDS } from '../../contracts/advice';
import { message } from '../../contracts/messages';
import {
  adviceFor,
  cellAdvice,
  rulesFor,
  run,
  steady
} from '../../rules/__tests__/helpers';

const SERIES =
  'total = 0.0\nfor k in range(1, 8_000_001):\n    total += math.sin(k) / k ** 1.5';

function finding(
  rule: Finding['rule'],
  confidence: Finding['confidence']
): Finding {
  const words = message('rule.not-advised', { rule });
  return { rule, title: words, why: words, evidence: [], confidence };
}

describe('the advice engine', () => {
  it('gives no advice to a cell faster than the threshold', () => {
    expect(adviceFor(SERIES, { runs: steady(0.5) })).toEqual([]);
    expect(
      adviceFor(SERIES, {
        runs: steady(0.5),
        config: { thresholdSeconds: 0.2 }
      })
    ).not.toEqual([]);
  });

  it('judges the threshold on the latest successful run', () => {
    expect(rulesFor(SERIES, { runs: [run(5), run(0.4)] })).toEqual([]);
    expect(rulesFor(SERIES, { runs: [run(0.4), run(5)] })).toContain(
      'numpy-vectorise'
    );
  });

  it('drops hidden rules', () => {
    expect(
      rulesFor(SERIES, {
        runs: steady(3),
        config: { hiddenRules: ['numpy-vectorise'] }
      })
    ).toEqual([]);
  });

  it('caps confidence at medium without measurements', () => {
    const advice = adviceFor(SERIES, { machine: null });
    expect(advice.map(a => a.confidence)).toEqual(['medium']);
  });

  it('reports the seconds it judged', () => {
    expect(cellAdvice(SERIES, { runs: [run(2), run(3.25)] }).seconds).toBe(
      3.25
    );
    expect(cellAdvice(SERIES, { machine: null }).seconds).toBeNull();
  });

  it('ranks by confidence, then in the lesson order with timing and profiling first', () => {
    const ranked = rank([
      finding('compiled-extension', 'high'),
      finding('numpy-vectorise', 'medium'),
      finding('profile-first', 'high'),
      finding('consistent-timing', 'high'),
      finding('dask-partition', 'low')
    ]);
    expect(ranked.map(f => f.rule)).toEqual([
      'consistent-timing',
      'profile-first',
      'compiled-extension',
      'numpy-vectorise',
      'dask-partition'
    ]);
  });

  it('ranks the same whatever order the findings come in', () => {
    const findings = RULE_IDS.map((id, i) =>
      finding(id, (['high', 'medium', 'low'] as const)[i % 3])
    );
    const expected = rank(findings).map(f => f.rule);
    expect(rank([...findings].reverse()).map(f => f.rule)).toEqual(expected);
  });

  it('gives identical advice for identical input', () => {
    const scenario = { runs: [run(2.1), run(3.4), run(2.8)] };
    expect(adviceFor(SERIES, scenario)).toEqual(adviceFor(SERIES, scenario));
  });

  it('advises cells it cannot fully read from what it can read', () => {
    const advice = adviceFor(`%load_ext autoreload\n!nproc\n${SERIES}`, {
      runs: steady(3)
    });
    expect(advice[0].rule).toBe('numpy-vectorise');
    expect(advice[0].why).toContain('line 4');
  });
});
