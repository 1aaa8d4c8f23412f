/**
 * Each cell is parsed once, by the analysis: rendering a finding's cells reads the analysis' tree
 * and never runs the parser again (issue 10). The real parser is watched, not replaced.
 */
import { parser } from '@lezer/python';

import { analyseNotebook } from '../../analysis';
import type { RuleId } from '../../contracts/advice';
import { RULE_IDS } from '../../contracts/advice';
import { DEFAULT_ADVICE_CONFIG } from '../../contracts/settings';
import type { ICellContext } from '..';
import { renderTemplate } from '..';
import { facts } from './helpers';

const CELLS: Record<string, string> = {
  numeric: [
    '%time',
    'import math',
    'import numpy as np',
    '',
    'def smooth(values, window=5):',
    '    out = np.empty(len(values))',
    '    acc = 0.0',
    '    for k in range(len(values)):',
    '        acc += values[k]',
    '        out[k] = acc / min(k + 1, window)',
    '    return out',
    '',
    'data = np.random.rand(10_000_000)',
    'result = smooth(data, 7)',
    'total = 0.0',
    'for j in range(1, 10_000_000):',
    '    total += math.sin(j) / j ** 1.5',
    'squares = [v * v for v in data]',
    'print(total)'
  ].join('\n'),
  items: [
    'def word_stats(seed):',
    '    return seed * 2',
    '',
    'results = []',
    'for seed in range(6):',
    '    !echo $seed',
    '    results.append(word_stats(seed))'
  ].join('\n'),
  programs: [
    'import subprocess',
    'cases = ["a", "b", "c"]',
    'for case in cases:',
    '    subprocess.run(["prog", case], check=True)'
  ].join('\n'),
  caller: 'steps = 10\nx = simulate(steps, 0.5)',
  defs: [
    'def simulate(steps, dt):',
    '    x = 0.0',
    '    for _ in range(steps):',
    '        x = x * dt + 1',
    '    return x'
  ].join('\n')
};

/** gpu-library still parses its own NumPy rewrite to swap `np.` for `xp.` (issue 10, left). */
const STILL_PARSING: ReadonlySet<RuleId> = new Set(['gpu-library']);

describe('rendering reuses the analysis tree', () => {
  const notebook = analyseNotebook(
    Object.entries(CELLS).map(([id, source], index) => ({ id, source, index }))
  );
  const context = (id: string): ICellContext => ({
    cellId: id,
    source: CELLS[id],
    analysis: notebook.cells.find(cell => cell.id === id)!.analysis,
    notebook,
    cellSources: CELLS,
    facts: facts(),
    runs: [],
    config: DEFAULT_ADVICE_CONFIG
  });
  const cases = RULE_IDS.filter(rule => !STILL_PARSING.has(rule)).flatMap(
    rule => Object.keys(CELLS).map(id => [rule, id] as [RuleId, string])
  );

  it.each(cases)('%s for cell %s parses nothing', (rule, id) => {
    const parse = jest.spyOn(parser, 'parse');
    try {
      const cells = renderTemplate(rule, context(id));
      expect(cells.length).toBeGreaterThan(0);
      expect(parse).not.toHaveBeenCalled();
    } finally {
      parse.mockRestore();
    }
  });

  it('the analysis parses each cell once', () => {
    const parse = jest.spyOn(parser, 'parse');
    try {
      analyseNotebook([{ id: 'numeric', source: CELLS.numeric }]);
      expect(parse).toHaveBeenCalledTimes(1);
    } finally {
      parse.mockRestore();
    }
  });
});
