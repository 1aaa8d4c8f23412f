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
