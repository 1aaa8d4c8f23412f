import { cell, insertedCell, run } from '../../__tests__/fixtures';
import { insertionBlocks, rewriteResults } from './state';

describe('rewriteResults', () => {
  const original = cell('slow', 1, 'for i in range(10): pass');
  const rewrite = insertedCell('new', 2, {
    rule: 'numpy-vectorise',
    sourceCell: 'slow'
  });
  const verify = insertedCell(
    'check',
    3,
    { rule: 'numpy-vectorise', sourceCell: 'slow', role: 'verify' },
    { streamText: 'verify: equal=True speedup=40.0x\n' }
  );

  it('is empty when nothing was inserted from the cell', () => {
    expect(rewriteResults('slow', [original], { slow: [run(12)] })).toEqual([]);
  });

  it('has no after until the rewrite ran', () => {
    const [result] = rewriteResults('slow', [original, rewrite, verify], {
      slow: [run(12)]
    });
    expect(result).toMatchObject({
      rule: 'numpy-vectorise',
      beforeS: 12,
      afterS: null
    });
    expect(result.rewriteCellIds).toEqual(['new']);
    expect(result.verifyCellId).toBe('check');
  });

  it('gives before, after and the verify result once both ran', () => {
    const [result] = rewriteResults('slow', [original, rewrite, verify], {
      slow: [run(20), run(12)],
      new: [run(0.3)]
    });
    expect(result.beforeS).toBe(12);
    expect(result.afterS).toBe(0.3);
    expect(result.verify).toMatchObject({ equal: true, speedup: 40 });
  });

  it('adds up a rewrite of several code cells, skipping markdown notes', () => {
    const note = insertedCell(
      'note',
      2,
      { rule: 'numba-jit', sourceCell: 'slow', role: 'note' },
      { type: 'markdown' }
    );
    const a = insertedCell('a', 3, { rule: 'numba-jit', sourceCell: 'slow' });
    const b = insertedCell('b', 4, {
      rule: 'numba-jit',
      sourceCell: 'slow',
      role: 'setup'
    });
    const [result] = rewriteResults('slow', [original, note, a, b], {
      a: [run(1)],
      b: [run(0.5)]
    });
    expect(result.rewriteCellIds).toEqual(['a', 'b']);
    expect(result.afterS).toBeCloseTo(1.5);
  });

  it('lets the newest insertion of a rule speak for it', () => {
    const second = insertedCell('new2', 4, {
      rule: 'numpy-vectorise',
      sourceCell: 'slow'
    });
    const secondVerify = insertedCell(
      'check2',
      5,
      { rule: 'numpy-vectorise', sourceCell: 'slow', role: 'verify' },
      { streamText: 'verify: equal=True speedup=50x' }
    );
    const cells = [original, rewrite, verify, second, secondVerify];
    expect(
      insertionBlocks('slow', cells).map(block => block.map(c => c.id))
    ).toEqual([
      ['new', 'check'],
      ['new2', 'check2']
    ]);
    const results = rewriteResults('slow', cells, {
      new: [run(9)],
      new2: [run(0.2)]
    });
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ afterS: 0.2, verifyCellId: 'check2' });
    expect(results[0].verify?.speedup).toBe(50);
  });

  it('keeps rewrites for other cells and other rules apart', () => {
    const other = insertedCell('x', 4, {
      rule: 'numba-jit',
      sourceCell: 'elsewhere'
    });
    const pool = insertedCell('p', 5, {
      rule: 'pathos-pool',
      sourceCell: 'slow'
    });
    const results = rewriteResults(
      'slow',
      [original, rewrite, verify, other, pool],
      {}
    );
    expect(results.map(result => result.rule)).toEqual([
      'numpy-vectorise',
      'pathos-pool'
    ]);
  });
});
