/**
 * Issue 10, defect 1: Insert must compile exactly the code the card names. A cell with a
 * list-building function (lines 1-6) and a numeric top-level `while` loop (lines 11-13), measured
 * at 12 s: the card is about the loop, and so is every cell its Insert adds.
 */
import { findRule, run } from '../__tests__/helpers';

/** A run of `seconds` whose profile puts `python_s` on each line of the cell (line: seconds). */
function profiled(seconds: number, lines: Record<number, number>) {
  return {
    ...run(seconds),
    profile: {
      interval_s: 0.01,
      start_delay_s: 0.1,
      samples: Math.round(seconds * 100),
      lines: Object.entries(lines).map(([line, python]) => ({
        cell_id: 'cell',
        line: Number(line),
        python_s: python,
        native_s: 0,
        waiting_s: 0
      })),
      elsewhere: { python_s: 0, native_s: 0, waiting_s: 0 }
    }
  };
}

const CELL = [
  'def build(n):',
  '    out = []',
  '    for i in range(n):',
  '        value = i * i',
  '        out.append(value)',
  '    return out',
  '',
  'data = build(100)',
  'total = 0.0',
  'k = 0',
  'while k < 10_000_000:',
  '    total = total * 0.5 + k',
  '    k += 1'
].join('\n');

describe('numba-jit renders the finding it belongs to', () => {
  const advice = findRule(CELL, 'numba-jit', { runs: [run(12)] })!;
  const template = advice.insert.find(
    cell =>
      (cell.metadata?.['jupyterlab-optimiser'] as { role: string }).role ===
      'template'
  )!.source;

  it('names the top-level while loop, lines 11-13', () => {
    expect(advice.title).toBe('Compile the loop with Numba');
    expect(advice.target).toEqual({
      kind: 'loop',
      cellId: 'cell',
      functionName: null,
      line: 11,
      endLine: 13
    });
  });

  it('compiles that loop, not build()', () => {
    expect(template).toMatch(/@numba\.njit\([^)]*\)\ndef \w+\(/);
    expect(template).toContain('while k < 10_000_000:');
    expect(template).not.toMatch(/@numba\.njit\([^)]*\)\ndef build\(/);
  });
});

describe('numba-jit compiles the whole nest around a hot inner loop', () => {
  // pando-bubble-sort-cell: the profile finds the time on the inner loop's swap.
  const SORT = [
    'arr = [random.random() for i in range(n)]',
    'for i in range(n - 1):',
    '    swapped = False',
    '    for j in range(0, n - i - 1):',
    '        if arr[j] > arr[j + 1]:',
    '            arr[j], arr[j + 1] = arr[j + 1], arr[j]',
    '            swapped = True',
    '    if not swapped:',
    '        break'
  ].join('\n');
  const measured = profiled(2.4, { 6: 2.2 });

  it('targets the top-level loop, lines 2-9, and its Insert ends with a check', () => {
    const advice = findRule(SORT, 'numba-jit', { runs: [measured] })!;
    expect(advice.target).toMatchObject({ kind: 'loop', line: 2, endLine: 9 });
    const roles = advice.insert.map(
      cell => (cell.metadata?.['jupyterlab-optimiser'] as { role: string }).role
    );
    expect(roles).toEqual(['template', 'verify']);
  });
});

describe('numba-jit compiles a hot inner loop when its outer loop prints', () => {
  // smac-markov-pi-step-sizes (SMAC, Krauth): one Markov chain per step size, each printed.
  const CHAINS = [
    'import random, math',
    '',
    'for delta in [0.062, 0.125, 0.25]:',
    '    x, y = 1.0, 1.0',
    '    n_trials = 2**19',
    '    n_hits = 0',
    '    for i in range(n_trials):',
    '        del_x, del_y = random.uniform(-delta, delta), random.uniform(-delta, delta)',
    '        if abs(x + del_x) < 1.0 and abs(y + del_y) < 1.0:',
    '            x, y = x + del_x, y + del_y',
    '        if x**2 + y**2 < 1.0: n_hits += 1',
    '    estimate = 4.0 * n_hits / float(n_trials)',
    "    print('Delta={0:5.3f}, estimate={1:5.3f}'.format(delta, estimate))"
  ].join('\n');

  it('compiles the inner loop, lines 7-11, and calls it in place inside the outer one', () => {
    const measured = profiled(3.6, { 8: 2.0, 11: 1.2 });
    const advice = findRule(CHAINS, 'numba-jit', { runs: [measured] })!;
    expect(advice.target).toMatchObject({ kind: 'loop', line: 3, endLine: 13 });
    const [template, check] = advice.insert.map(cell => cell.source);
    expect(template).toContain(
      '@numba.njit(cache=True)\ndef x_loop(n_trials, delta, x, y, n_hits):\n    for i in range(n_trials):'
    );
    expect(template).toContain('    return x, y, n_hits\n');
    expect(template).toContain(
      '    n_hits = 0\n    x, y, n_hits = x_loop(n_trials, delta, x, y, n_hits)\n    estimate = 4.0'
    );
    expect(template).not.toContain('TO FINISH');
    expect(check).toContain('verify(');
  });
});
