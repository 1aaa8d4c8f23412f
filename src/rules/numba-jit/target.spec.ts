/**
 * Issue 10, defect 1: Insert must compile exactly the code the card names. A cell with a
 * list-building function (lines 1-6) and a numeric top-level `while` loop (lines 11-13), measured
 * at 12 s: the card is about the loop, and so is every cell its Insert adds.
 */
import { findRule, run } from '../__tests__/helpers';

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
  const measured = {
    ...run(2.4),
    profile: {
      interval_s: 0.01,
      start_delay_s: 0.1,
      samples: 240,
      lines: [
        { cell_id: 'cell', line: 6, python_s: 2.2, native_s: 0, waiting_s: 0 }
      ],
      elsewhere: { python_s: 0, native_s: 0, waiting_s: 0 }
    }
  };

  it('targets the top-level loop, lines 2-9, and its Insert ends with a check', () => {
    const advice = findRule(SORT, 'numba-jit', { runs: [measured] })!;
    expect(advice.target).toMatchObject({ kind: 'loop', line: 2, endLine: 9 });
    const roles = advice.insert.map(
      cell => (cell.metadata?.['jupyterlab-optimiser'] as { role: string }).role
    );
    expect(roles).toEqual(['template', 'verify']);
  });
});
