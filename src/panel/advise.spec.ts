import * as fs from 'fs';
import * as path from 'path';

import { CONFIG, measurements } from './__tests__/fixtures';
import type { IFacts } from '../contracts/facts';
import { createAdviser } from './advise';
import { formatMessage } from '../contracts/messages';
import type { ICellInfo } from './types';

const ROOT = path.resolve(__dirname, '../..');
const notebook = JSON.parse(
  fs.readFileSync(path.join(ROOT, 'examples/slow-cells.ipynb'), 'utf8')
) as {
  cells: {
    id: string;
    cell_type: ICellInfo['type'];
    source: string | string[];
  }[];
};
const facts = JSON.parse(
  fs.readFileSync(path.join(ROOT, 'examples/slow-cells.facts.json'), 'utf8')
) as IFacts;

const cells: ICellInfo[] = notebook.cells.map((cell, i) => ({
  id: cell.id,
  index: i + 1,
  type: cell.cell_type,
  source: Array.isArray(cell.source) ? cell.source.join('') : cell.source,
  inserted: null,
  streamText: '',
  executionCount: null
}));

describe('createAdviser', () => {
  const { runs, ...rest } = facts;
  const measured = measurements(runs, { facts: rest });

  it("gives the pipeline's advice for the demo's slow loop, best first", () => {
    const { advise } = createAdviser();
    const series = cells.find(cell => cell.id === 'series-loop')!;
    const { advice, diagnosis } = advise(series, {
      notebookId: 'nb',
      cells,
      measurements: measured,
      config: CONFIG
    });
    expect(diagnosis?.kind).toBe('interpreter');
    expect(advice.length).toBeGreaterThan(0);
    expect(advice[0].rule).toBe('numpy-vectorise');
    expect(formatMessage(advice[0].why)).toMatch(/line/);
  });

  it('gives static advice to a cell that never ran, and none to a markdown cell', () => {
    const { advise } = createAdviser();
    const empty = measurements({}, { facts: rest });
    const series = cells.find(cell => cell.id === 'series-loop')!;
    const markdown = cells.find(cell => cell.type === 'markdown')!;
    expect(
      advise(series, {
        notebookId: 'nb',
        cells,
        measurements: empty,
        config: CONFIG
      }).advice.length
    ).toBeGreaterThan(0);
    expect(
      advise(markdown, {
        notebookId: 'nb',
        cells,
        measurements: measured,
        config: CONFIG
      })
    ).toEqual({ advice: [], diagnosis: null });
  });

  it('follows the threshold setting', () => {
    const { advise } = createAdviser();
    const series = cells.find(cell => cell.id === 'series-loop')!;
    const config = { ...CONFIG, thresholdSeconds: 1e6 };
    expect(
      advise(series, {
        notebookId: 'nb',
        cells,
        measurements: measured,
        config
      }).advice
    ).toEqual([]);
  });
});
