import { nullTranslator } from '@jupyterlab/translation';
import { fireEvent, render, screen, within } from '@testing-library/react';
import * as React from 'react';

import type { ICellTiming } from '../../types';
import { chartRows, TimeChart } from './view';

const trans = nullTranslator.load('jupyterlab_optimiser');

function timing(
  id: string,
  index: number,
  lastS: number,
  totalS = lastS,
  runs = 1
): ICellTiming {
  return { id, index, label: `cell ${id}`, lastS, totalS, runs, lastOk: true };
}

const TIMINGS = [
  timing('a', 1, 0.2),
  timing('b', 3, 12.4, 36.5, 3),
  timing('c', 5, 3)
];

describe('chartRows', () => {
  it('puts the slowest cell first, or keeps notebook order', () => {
    expect(chartRows(TIMINGS, 'time', null).map(row => row.id)).toEqual([
      'b',
      'c',
      'a'
    ]);
    expect(chartRows(TIMINGS, 'notebook', null).map(row => row.id)).toEqual([
      'a',
      'b',
      'c'
    ]);
    expect(chartRows(TIMINGS, 'time', 2).map(row => row.id)).toEqual([
      'b',
      'c'
    ]);
  });
});

describe('TimeChart', () => {
  it('says so when nothing ran', () => {
    render(
      <TimeChart
        trans={trans}
        timings={[]}
        codeCells={4}
        selectedId={null}
        onSelect={jest.fn()}
      />
    );
    expect(screen.getByText(/No cell has run yet/)).toBeTruthy();
    expect(screen.queryByRole('listbox')).toBeNull();
  });

  it('draws one labelled bar per measured cell, slowest first, widths relative to the largest total', () => {
    render(
      <TimeChart
        trans={trans}
        timings={TIMINGS}
        codeCells={4}
        selectedId="c"
        onSelect={jest.fn()}
      />
    );
    const options = within(
      screen.getByRole('listbox', { name: 'Cells by time' })
    ).getAllByRole('option');
    expect(options.map(option => option.getAttribute('aria-label'))).toEqual([
      'Cell 3: last run 12.4 s, 36.5 s in 3 runs',
      'Cell 5: last run 3.00 s, 3.00 s in 1 run',
      'Cell 1: last run 200 ms, 200 ms in 1 run'
    ]);
    expect(options[1].getAttribute('aria-selected')).toBe('true');
    const [total, last] = Array.from(options[0].querySelectorAll('rect'));
    expect(total.getAttribute('width')).toBe('100.00%');
    expect(last.getAttribute('width')).toBe('33.97%');
    expect(screen.getByText(/3 of 4 code cells measured/)).toBeTruthy();
  });

  it('selects a cell when its bar is clicked', () => {
    const onSelect = jest.fn();
    render(
      <TimeChart
        trans={trans}
        timings={TIMINGS}
        codeCells={4}
        selectedId={null}
        onSelect={onSelect}
      />
    );
    fireEvent.click(screen.getByRole('option', { name: /^Cell 5/ }));
    expect(onSelect).toHaveBeenCalledWith('c');
  });

  it('moves between bars with the arrow keys and selects with Enter', () => {
    const onSelect = jest.fn();
    render(
      <TimeChart
        trans={trans}
        timings={TIMINGS}
        codeCells={4}
        selectedId={null}
        onSelect={onSelect}
      />
    );
    const options = screen.getAllByRole('option');
    expect(options.map(option => option.tabIndex)).toEqual([0, -1, -1]);
    options[0].focus();
    fireEvent.keyDown(options[0], { key: 'ArrowDown' });
    expect(document.activeElement).toBe(options[1]);
    fireEvent.keyDown(options[1], { key: 'End' });
    expect(document.activeElement).toBe(options[2]);
    fireEvent.keyDown(options[2], { key: 'Enter' });
    expect(onSelect).toHaveBeenCalledWith('a');
    expect(
      screen.getAllByRole('option').map(option => option.tabIndex)
    ).toEqual([-1, -1, 0]);
  });

  it('switches to notebook order', () => {
    render(
      <TimeChart
        trans={trans}
        timings={TIMINGS}
        codeCells={4}
        selectedId={null}
        onSelect={jest.fn()}
      />
    );
    fireEvent.click(screen.getByRole('button', { name: 'Notebook order' }));
    expect(
      screen
        .getByRole('button', { name: 'Notebook order' })
        .getAttribute('aria-pressed')
    ).toBe('true');
    expect(screen.getAllByRole('option')[0].getAttribute('data-cell-id')).toBe(
      'a'
    );
  });

  it('shows the slowest few of a long notebook, then more a page at a time', () => {
    const many = Array.from({ length: 30 }, (_, i) =>
      timing(`id${i}`, i + 1, i + 1)
    );
    render(
      <TimeChart
        trans={trans}
        timings={many}
        codeCells={30}
        selectedId={null}
        onSelect={jest.fn()}
        limit={5}
        step={20}
      />
    );
    expect(screen.getAllByRole('option')).toHaveLength(5);
    expect(screen.getAllByRole('option')[0].getAttribute('data-cell-id')).toBe(
      'id29'
    );
    fireEvent.click(
      screen.getByRole('button', { name: 'Show 20 more (5 of 30 shown)' })
    );
    expect(screen.getAllByRole('option')).toHaveLength(25);
    fireEvent.click(
      screen.getByRole('button', { name: 'Show 5 more (25 of 30 shown)' })
    );
    expect(screen.getAllByRole('option')).toHaveLength(30);
    expect(screen.queryByRole('button', { name: /more/ })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Show the slowest 5' }));
    expect(screen.getAllByRole('option')).toHaveLength(5);
  });
});
