import { nullTranslator } from '@jupyterlab/translation';
import { fireEvent, render, screen, within } from '@testing-library/react';
import * as React from 'react';

import { cell, run } from '../../__tests__/fixtures';
import { buildChecklist } from './state';
import type { ChecklistReason, IChecklistItem } from '../../types';
import { Checklist, reasonText } from './view';

const trans = nullTranslator.load('jupyterlab_optimiser');
const slow = cell('slow', 4, 'for i in range(10**8):\n    pass');

function items(): IChecklistItem[] {
  return buildChecklist({
    cells: [slow],
    runs: { slow: [run(10), run(20), run(5)] },
    target: slow,
    workspace: { git: { state: 'found', folder: 'project' }, tests: '' },
    ticked: []
  });
}

describe('Checklist', () => {
  it("lists the lesson's items with their checked states", () => {
    render(<Checklist trans={trans} items={items()} onTick={jest.fn()} />);
    const rows = within(
      screen.getByRole('region', { name: 'What next' })
    ).getAllByRole('listitem');
    expect(rows.map(row => row.getAttribute('data-state'))).toEqual([
      'done',
      'todo',
      'todo',
      'done',
      'todo',
      'unknown'
    ]);
    expect(rows[0].textContent).toContain(
      'Keep the code under version control'
    );
    expect(rows[0].textContent).toContain('(done)');
    expect(rows[0].textContent).toContain('git repository (project)');
    expect(rows[2].textContent).toContain('Cell 4 varies by 65% over 3 runs');
    expect(rows[3].textContent).toContain('Cell 4 runs in 5.00 s');
  });

  it('lets the user tick what the panel cannot check, but not what it checked', () => {
    const onTick = jest.fn();
    render(<Checklist trans={trans} items={items()} onTick={onTick} />);
    expect(
      screen.queryByRole('checkbox', { name: /version control/ })
    ).toBeNull();
    const box = screen.getByRole('checkbox', {
      name: 'I have done this: Have tests that check the results'
    }) as HTMLInputElement;
    fireEvent.click(box);
    expect(onTick).toHaveBeenCalledWith('tests', true);
    expect(box.checked).toBe(true); // at once, before the stored state comes back
  });

  it('has words for every reason', () => {
    const reasons: ChecklistReason[] = [
      'checking',
      'git-found',
      'git-absent',
      'git-hidden',
      'tests-found',
      'tests-in-notebook',
      'tests-absent',
      'no-runs',
      'few-runs',
      'consistent',
      'inconsistent',
      'small-case',
      'large-case',
      'profiled',
      'profile-not-run',
      'not-profiled',
      'no-changes',
      'one-pending',
      'many-pending',
      'verify-differs'
    ];
    for (const reason of reasons) {
      const text = reasonText(trans, {
        id: 'tests',
        state: 'todo',
        reason,
        values: { cell: 3, seconds: 5 },
        ticked: false
      });
      expect(text.length).toBeGreaterThan(10);
    }
  });

  it.each([
    [1, 'Cell 3 ran once: run it 2 times to see how much it varies.'],
    [0, 'Cell 3 ran 0 times: run it 2 times to see how much it varies.']
  ])('words %i runs in English', (runs, words) => {
    const text = reasonText(trans, {
      id: 'consistent-timing',
      state: 'unknown',
      reason: 'few-runs',
      values: { cell: 3, runs, needed: 2 },
      ticked: false
    });
    expect(text).toBe(words);
  });
});
