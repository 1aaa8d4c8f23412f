/**
 * Issue 10, defect 2, as the user sees it: the whole panel rendered from the real pipeline's
 * advice. For the same runs the "Make the timing consistent" card and the checklist's item agree:
 * 1.0, 1.0 and 1.3 s are consistent (no card, "varies by 16%", done); runs that vary give the card
 * and a to-do with the same percentage.
 */
import { nullTranslator } from '@jupyterlab/translation';
import { render, screen, within } from '@testing-library/react';
import * as React from 'react';

import {
  cell,
  CONFIG,
  FACTS,
  measurements,
  run
} from '../../__tests__/fixtures';
import { createAdviser } from '../../advise';
import { buildPanelState } from '../../state';
import { OptimiserView } from '../../view';

const trans = nullTranslator.load('jupyterlab_optimiser');
const CARD = 'Make the timing consistent before comparing';
const shown = cell(
  'loop',
  1,
  'total = 0\nfor i in range(10**7):\n    total += i'
);

function renderPanel(walls: readonly number[]): void {
  const { advise } = createAdviser();
  const measured = measurements(
    { loop: walls.map(wall => run(wall)) },
    { facts: FACTS }
  );
  const state = buildPanelState({
    notebook: { name: 'n.ipynb', path: 'n.ipynb' },
    cells: [shown],
    measurements: measured,
    fallback: false,
    language: 'python',
    selectedId: 'loop',
    advise: info =>
      advise(info, {
        notebookId: 'nb',
        cells: [shown],
        measurements: measured,
        config: CONFIG
      }),
    config: CONFIG,
    dismissed: () => [],
    ticked: [],
    workspace: { git: null, tests: null }
  });
  render(
    <OptimiserView
      trans={trans}
      notebookName="n.ipynb"
      state={state}
      active={true}
      actions={{
        onSelectCell: jest.fn(),
        onGoToLine: jest.fn(),
        onInsert: jest.fn(),
        onDismiss: jest.fn(),
        onTick: jest.fn(),
        onCopy: jest.fn()
      }}
    />
  );
}

function checklistItem(): HTMLElement {
  const list = screen.getByRole('region', { name: 'What next' });
  return list.querySelector<HTMLElement>('[data-item="consistent-timing"]')!;
}

describe('the timing card and the checklist, rendered', () => {
  it('agree that runs of 1.0, 1.0 and 1.3 s are consistent', () => {
    renderPanel([1.0, 1.0, 1.3]);
    expect(screen.queryByRole('heading', { name: CARD })).toBeNull();
    const item = checklistItem();
    expect(item.dataset.state).toBe('done');
    expect(
      within(item).getByText('Cell 1 varies by 16% over 3 runs.')
    ).toBeTruthy();
  });

  it('agree that runs of 1.0, 1.0 and 2.0 s are not, with the same percentage', () => {
    renderPanel([1.0, 1.0, 2.0]);
    const card = screen.getByRole('heading', { name: CARD }).closest('li')!;
    expect(card.textContent).toContain('varying by 43%');
    const item = checklistItem();
    expect(item.dataset.state).toBe('todo');
    expect(item.textContent).toContain('Cell 1 varies by 43% over 3 runs');
  });
});
