import { nullTranslator } from '@jupyterlab/translation';
import { fireEvent, render, screen, within } from '@testing-library/react';
import * as React from 'react';

import type { ProfileSection } from './state';
import { profileSection } from './state';
import { ProfileView } from './view';
import { OTHER, profiledRun, SHOWN } from './__tests__/profiles';

const trans = nullTranslator.load('jupyterlab_optimiser');

const CELLS = [
  {
    id: OTHER,
    index: 2,
    source: 'def step(x):\n    return sum(v * v for v in x)'
  },
  { id: SHOWN, index: 4, source: 'a\nb\ntime.sleep(0.1)\ntotal += step(x)' }
];

function show(section: ProfileSection, onGoToLine = jest.fn()) {
  render(
    <ProfileView
      trans={trans}
      section={section}
      cellIndex={4}
      onGoToLine={onGoToLine}
    />
  );
  return onGoToLine;
}

function profiled(): ProfileSection {
  const section = profileSection({
    cellId: SHOWN,
    runs: [profiledRun()],
    cells: CELLS,
    profiling: true,
    startDelayS: 0.1,
    timingsOnly: false
  });
  if (!section) {
    throw new Error('no section');
  }
  return section;
}

describe('ProfileView', () => {
  it('lists each hot line with its share, split and heaviest call', () => {
    show(profiled());
    const list = screen.getByRole('list', {
      name: 'Hot lines, heaviest first'
    });
    const items = within(list).getAllByRole('listitem');
    expect(items).toHaveLength(3);
    expect(items[0].textContent).toContain('cell 2, line 2');
    expect(items[0].textContent).toContain('60% of the run (1.20 s)');
    expect(items[0].textContent).toContain('return sum(v * v for v in x)');
    expect(items[0].textContent).toContain(
      'Python 92% · native 8% · waiting 0%'
    );
    expect(items[0].textContent).toContain(
      'Heaviest call under it: numpy.core.fromnumeric.sum (300 ms)'
    );
    expect(items[1].textContent).toContain('line 4');
    expect(items[1].textContent).not.toContain('cell');
    expect(
      screen.getByText(/190 samples; other lines and IPython: 4%/)
    ).toBeTruthy();
  });

  it("links each line to its cell: the shown cell's, or the other cell's", () => {
    const onGoToLine = show(profiled());
    fireEvent.click(
      screen.getByRole('button', { name: 'Go to line 4 of cell 4' })
    );
    expect(onGoToLine).toHaveBeenLastCalledWith(SHOWN, 4);
    fireEvent.click(
      screen.getByRole('button', { name: 'Go to line 2 of cell 2' })
    );
    expect(onGoToLine).toHaveBeenLastCalledWith(OTHER, 2);
  });

  it.each<[ProfileSection, RegExp]>([
    [{ kind: 'off' }, /Profiling is off in the settings/],
    [
      { kind: 'too-short', wallS: 0.05, delayS: 0.1 },
      /Too short to be profiled: the last run took 50 ms; runs longer than 100 ms/
    ],
    [{ kind: 'unprofiled' }, /has no line profile/],
    [
      {
        kind: 'profiled',
        wallS: 1,
        samples: 95,
        lines: [],
        restShare: 1
      },
      /No line of the notebook stood out/
    ]
  ])('says why there are no hot lines (%#)', (section, text) => {
    const { container } = render(
      <ProfileView
        trans={trans}
        section={section}
        cellIndex={4}
        onGoToLine={jest.fn()}
      />
    );
    expect(container.textContent).toMatch(text);
    expect(screen.queryByRole('list')).toBeNull();
  });
});
