/**
 * What the shown cell's section says when there is no advice: never that the cell "already suits
 * this machine" when nothing in it was read (issue 15 item 9) or its run only waited.
 */
import { nullTranslator } from '@jupyterlab/translation';
import { render, screen } from '@testing-library/react';
import * as React from 'react';

import {
  advised,
  cell,
  CONFIG,
  measurements,
  run
} from '../../__tests__/fixtures';
import type { IRunRecord } from '../../../contracts/facts';
import type { IDiagnosis } from '../../../diagnosis';
import { diagnose } from '../../../diagnosis';
import { buildPanelState } from '../../state';
import type { IReadProgress } from '../../reader';
import { CellSection } from './view';

const trans = nullTranslator.load('jupyterlab_optimiser');
const SUITS = /already does what the lesson would try next/;

function show(
  source: string,
  runs: IRunRecord[],
  reading: boolean | IReadProgress = false,
  diagnosis: IDiagnosis | null = null
): void {
  const state = buildPanelState({
    notebook: { name: 'n.ipynb', path: 'n.ipynb' },
    cells: [cell('c', 1, source)],
    measurements: measurements({ c: runs }),
    fallback: false,
    language: 'python',
    selectedId: 'c',
    advise: () => ({ ...advised(), diagnosis }),
    config: CONFIG,
    dismissed: () => [],
    ticked: [],
    workspace: { git: null, tests: null }
  });
  render(
    <CellSection
      trans={trans}
      cell={state.selected!}
      cores={16}
      thresholdSeconds={CONFIG.thresholdSeconds}
      reading={reading === true ? { read: 10, total: 2000 } : reading || null}
      onGoToLine={jest.fn()}
      onInsert={jest.fn()}
      onDismiss={jest.fn()}
    />
  );
}

describe('CellSection without advice', () => {
  it('says a %%bash cell was not analysed', () => {
    show('%%bash\nsleep 10', [run(10, { cpu_s: 0.01 })]);
    expect(
      screen.getByText(
        'Not Python code (%%bash): not analysed. The timings above still apply.'
      )
    ).toBeTruthy();
    expect(screen.queryByText(SUITS)).toBeNull();
  });

  it('says a cell of magics and shell commands was not analysed', () => {
    show('!make all\n%env X=1', [run(10)]);
    expect(screen.getByText(/^Only magics and shell commands/)).toBeTruthy();
    expect(screen.queryByText(SUITS)).toBeNull();
  });

  it('says a cell that only waited was waiting, not computing', () => {
    show('import time\ntime.sleep(10)', [run(10, { cpu_s: 0.02 })]);
    expect(screen.getByText(/^Waiting, not computing/)).toBeTruthy();
    expect(screen.queryByText(SUITS)).toBeNull();
  });

  it('keeps the old words for a computing cell with nothing to suggest', () => {
    show('total = sum(x * x for x in data)', [run(10)]);
    expect(screen.getByText(SUITS)).toBeTruthy();
  });

  it('does not call an interpreter-bound cell done when no rewrite fits it', () => {
    // pyperf-scimark-montecarlo-own-rng: the time is in a method of the notebook's own class.
    const runs = [run(2.1, { cpu_s: 2.1 })];
    const diagnosis = diagnose({
      cellId: 'c',
      runs,
      machine: null,
      thresholdSeconds: CONFIG.thresholdSeconds,
      shape: { heavy: null, pythonLoops: true }
    });
    expect(diagnosis.kind).toBe('interpreter');
    show('pi = monte_carlo(rng, 3_000_000)', runs, false, diagnosis);
    expect(
      screen.getByText(
        /^No step to suggest for this code as written, although the Python interpreter holds the time/
      )
    ).toBeTruthy();
    expect(screen.queryByText(SUITS)).toBeNull();
  });

  it('says the code is being read while the advice waits for it', () => {
    show('total = sum(x * x for x in data)', [run(10)], true);
    expect(screen.getByRole('status').textContent).toBe(
      'Reading 2000 code cells… (10 done)'
    );
    expect(screen.queryByText(SUITS)).toBeNull();
  });

  it('says why when no Python parser could be had, and that the timings stand', () => {
    show('total = sum(x * x for x in data)', [run(10)], {
      read: 0,
      total: 2000,
      parserMissing: {
        failed: 'JupyterLab has no Python language for its editor'
      }
    });
    expect(screen.getByRole('status').textContent).toBe(
      'The code cannot be read, so there is no advice: JupyterLab has no Python language for its editor. The timings above still apply.'
    );
  });
});
