import { nullTranslator } from '@jupyterlab/translation';
import {
  fireEvent,
  render,
  screen,
  waitFor,
  within
} from '@testing-library/react';
import * as React from 'react';

import {
  advice,
  advised,
  cell,
  CONFIG,
  demoCells,
  demoRuns,
  insertedCell,
  measurements,
  run
} from '../../__tests__/fixtures';
import type { IAdvice, RuleId } from '../../../contracts/advice';
import type { IDiagnosis } from '../../../diagnosis';
import {
  cellParam,
  lineParam,
  linesMessage,
  listParam,
  message
} from '../../../contracts/messages';
import { buildPanelState } from '../../state';
import type { ICellInfo, ISelectedCell } from '../../types';
import { CellSection } from './view';

const trans = nullTranslator.load('jupyterlab_optimiser');

function selected(
  id: string,
  options: {
    cells?: ICellInfo[];
    runs?: ReturnType<typeof demoRuns>;
    advise?: IAdvice[];
    diagnosis?: IDiagnosis;
    dismissed?: RuleId[];
    language?: string | null;
  } = {}
): ISelectedCell {
  const state = buildPanelState({
    notebook: { name: 'demo.ipynb', path: 'demo.ipynb' },
    cells: options.cells ?? demoCells(),
    measurements: measurements(options.runs ?? demoRuns()),
    fallback: false,
    language: options.language === undefined ? 'python' : options.language,
    selectedId: id,
    advise: () => ({
      ...advised(...(options.advise ?? [])),
      diagnosis: options.diagnosis ?? null
    }),
    config: CONFIG,
    dismissed: () => options.dismissed ?? [],
    ticked: [],
    workspace: { git: null, tests: null }
  });
  return state.selected!;
}

function renderCell(
  cellView: ISelectedCell,
  handlers: Partial<
    Record<'onGoToLine' | 'onInsert' | 'onDismiss', jest.Mock>
  > = {}
) {
  const props = {
    onGoToLine: handlers.onGoToLine ?? jest.fn(),
    onInsert: handlers.onInsert ?? jest.fn(() => Promise.resolve()),
    onDismiss: handlers.onDismiss ?? jest.fn()
  };
  render(
    <CellSection
      trans={trans}
      cell={cellView}
      cores={16}
      thresholdSeconds={1}
      {...props}
    />
  );
  return props;
}

const TWO = [
  advice('numpy-vectorise', { title: message('numpy-vectorise.title-loop') }),
  advice('numba-jit', {
    title: message('numba-jit.title-loop'),
    confidence: 'medium'
  })
];

describe('CellSection', () => {
  it('shows the run history with mean, spread, variation, cores busy, memory and imports', () => {
    renderCell(
      selected('series', {
        runs: {
          series: [
            run(12.1),
            run(12.4, { imported: ['math'] }),
            run(12.0, { cpu_s: 11.9, children_cpu_s: 0.1 })
          ]
        }
      })
    );
    const region = screen.getByRole('region', { name: 'Selected cell' });
    expect(region.getAttribute('data-cell-id')).toBe('series');
    expect(
      within(region).getByRole('heading', { name: 'Cell 2' })
    ).toBeTruthy();
    const stats = within(region).getByLabelText('Run statistics');
    expect(stats.textContent).toContain('12.2 s over 3 runs');
    expect(stats.textContent).toContain('12.0 s – 12.4 s');
    expect(stats.textContent).toContain('2%'); // CV of 12.1, 12.4, 12.0
    expect(stats.textContent).toContain('cores busy: 1.0 of 16');
    expect(stats.textContent).toContain('peak grew by 1.0 MiB');
    expect(stats.textContent).toContain('math');
    expect(within(region).getByRole('img').getAttribute('aria-label')).toMatch(
      /The last 3 runs/
    );
  });

  it('asks to run a cell that never ran, and still shows the static advice', () => {
    renderCell(selected('never', { advise: [advice('numba-jit')] }));
    expect(screen.getByText(/Run it once to measure/)).toBeTruthy();
    expect(screen.getAllByRole('article')).toHaveLength(1);
  });

  it('says a fast cell is fast enough', () => {
    renderCell(selected('setup'));
    expect(
      screen.getByText(
        /Fast enough: the last run took 200 ms, under the 1.00 s threshold/
      )
    ).toBeTruthy();
    expect(screen.getByText('Nothing to do for this cell.')).toBeTruthy();
  });

  it('lists advice cards best first with title, why, evidence and confidence', () => {
    renderCell(selected('series', { advise: TWO }));
    const list = screen.getByRole('list', { name: 'Advice, best first' });
    const cards = within(list).getAllByRole('article');
    expect(cards.map(card => card.getAttribute('data-rule'))).toEqual([
      'numpy-vectorise',
      'numba-jit'
    ]);
    expect(within(cards[0]).getByRole('heading').textContent).toBe(
      'Vectorise the loop with NumPy'
    );
    expect(cards[0].getAttribute('aria-labelledby')).toBeTruthy();
    expect(within(cards[0]).getByText('high confidence')).toBeTruthy();
    expect(within(cards[1]).getByText('medium confidence')).toBeTruthy();
    expect(within(cards[0]).getByText(/ran 12.4 s/)).toBeTruthy();
    expect(within(cards[0]).getByText(/1.0 of 16 cores busy/)).toBeTruthy();
  });

  it('links the line parameters of a message to the editor, parsing no words', () => {
    const handlers = renderCell(
      selected('series', {
        advise: [
          advice('numpy-vectorise', {
            why: message('loops.on-many', {
              lines: linesMessage([2, 1], 'series')
            }),
            evidence: [
              { kind: 'code', text: message('loop.while'), line: 4 },
              // Words that look like a line reference are not one: only parameters link.
              {
                kind: 'code',
                text: message('profile-first.calls', { name: 'line 7' })
              }
            ]
          })
        ]
      })
    );
    expect(
      screen.queryByRole('button', { name: 'Go to line 7 of cell 2' })
    ).toBeNull();
    fireEvent.click(
      screen.getByRole('button', { name: 'Go to line 2 of cell 2' })
    );
    expect(handlers.onGoToLine).toHaveBeenCalledWith('series', 2);
    expect(
      screen.getByRole('button', { name: 'Go to line 1 of cell 2' })
    ).toBeTruthy();
    expect(screen.getByText(/The loops on lines/).textContent).toBe(
      'The loops on lines 1 and 2'
    );
    fireEvent.click(
      screen.getByRole('button', { name: 'Go to line 4 of cell 2' })
    );
    expect(handlers.onGoToLine).toHaveBeenLastCalledWith('series', 4);
  });

  it('says what limits the cell above the cards, its hot lines linked from parameters', () => {
    const hot = { python_s: 3.6, native_s: 0, waiting_s: 0 };
    const handlers = renderCell(
      selected('series', {
        advise: TWO,
        diagnosis: {
          kind: 'interpreter',
          confidence: 'high',
          evidence: [],
          hotLines: [
            { cell_id: 'series', line: 2, ...hot, share: 0.6 },
            { cell_id: 'never', line: 4, ...hot, share: 0.24 }
          ],
          seconds: 4.3,
          coresBusy: 1,
          cores: 2,
          error: null,
          profiled: true
        }
      })
    );
    const sentence = screen.getByText(/^Bottleneck:/);
    expect(sentence.textContent).toBe(
      'Bottleneck: the Python interpreter, line 2 and line 4 of cell 3 — 84 % of 4.3 s; 1.0 of 2 cores busy'
    );
    fireEvent.click(
      within(sentence).getByRole('button', { name: 'Go to line 4 of cell 3' })
    );
    expect(handlers.onGoToLine).toHaveBeenLastCalledWith('never', 4);
    fireEvent.click(
      within(sentence).getByRole('button', { name: 'Go to line 2 of cell 2' })
    );
    expect(handlers.onGoToLine).toHaveBeenLastCalledWith('series', 2);
  });

  it('links the lines of a function defined in another cell to that cell', () => {
    const handlers = renderCell(
      selected('never', {
        advise: [
          advice('numba-jit', {
            why: message('sentences.two', {
              first: message('loops.in-one', {
                places: listParam([
                  message('code.defined-elsewhere', {
                    name: '`simulate`',
                    cell: cellParam(2, 'series'),
                    line: lineParam(2, 'series')
                  })
                ])
              }),
              second: message('numba-jit.on-line', {
                line: lineParam(4, 'never')
              })
            }),
            evidence: [],
            target: {
              kind: 'function',
              cellId: 'series',
              functionName: 'simulate',
              line: 2,
              endLine: 3
            }
          })
        ]
      })
    );
    fireEvent.click(
      screen.getByRole('button', { name: 'Go to line 4 of cell 3' })
    );
    expect(handlers.onGoToLine).toHaveBeenLastCalledWith('never', 4);
    const links = screen.getAllByRole('button', {
      name: 'Go to line 2 of cell 2'
    });
    expect(links).toHaveLength(2); // in the why, and "simulate is defined in cell 2"
    fireEvent.click(links[1]);
    expect(handlers.onGoToLine).toHaveBeenLastCalledWith('series', 2);
    expect(screen.getByText(/simulate is defined in cell 2/)).toBeTruthy();
  });

  it('inserts and dismisses for this cell', async () => {
    const handlers = renderCell(selected('series', { advise: TWO }));
    const first = screen.getAllByRole('article')[0];
    fireEvent.click(within(first).getByRole('button', { name: 'Insert' }));
    await waitFor(() =>
      expect(handlers.onInsert).toHaveBeenCalledWith(
        'series',
        'numpy-vectorise'
      )
    );
    fireEvent.click(within(first).getByRole('button', { name: 'Dismiss' }));
    expect(handlers.onDismiss).toHaveBeenCalledWith(
      'series',
      'numpy-vectorise',
      true
    );
  });

  it('says why an insert failed', async () => {
    renderCell(selected('series', { advise: TWO }), {
      onInsert: jest.fn(() => Promise.reject(new Error('read-only notebook')))
    });
    fireEvent.click(screen.getAllByRole('button', { name: 'Insert' })[0]);
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Could not insert: read-only notebook'
    );
  });

  it('disables Insert for advice without code', () => {
    renderCell(
      selected('series', { advise: [advice('profile-first', { insert: [] })] })
    );
    expect(
      (screen.getByRole('button', { name: 'Insert' }) as HTMLButtonElement)
        .disabled
    ).toBe(true);
  });

  it('keeps dismissed advice out of the list and lets it come back', () => {
    const handlers = renderCell(
      selected('series', { advise: TWO, dismissed: ['numpy-vectorise'] })
    );
    expect(
      screen.getAllByRole('article').map(card => card.getAttribute('data-rule'))
    ).toEqual(['numba-jit']);
    fireEvent.click(screen.getByRole('button', { name: '1 dismissed' }));
    fireEvent.click(screen.getByRole('button', { name: 'Show again' }));
    expect(handlers.onDismiss).toHaveBeenCalledWith(
      'series',
      'numpy-vectorise',
      false
    );
  });

  it('moves between cards with the arrow keys', () => {
    renderCell(selected('series', { advise: TWO }));
    const cards = screen.getAllByRole('article');
    cards[0].focus();
    fireEvent.keyDown(cards[0], { key: 'ArrowDown' });
    expect(document.activeElement).toBe(cards[1]);
  });

  it("shows the rewrite's before/after and the verify line on the original cell's card", () => {
    const cells = [
      ...demoCells().slice(0, 2),
      insertedCell('rewrite', 3, {
        rule: 'numpy-vectorise',
        sourceCell: 'series'
      }),
      insertedCell(
        'verify',
        4,
        { rule: 'numpy-vectorise', sourceCell: 'series', role: 'verify' },
        {
          streamText:
            'verify: equal=True speedup=41.0x original=12.0s new=0.29s\n'
        }
      )
    ];
    const runs = { ...demoRuns(), rewrite: [run(0.31)] };
    renderCell(selected('series', { cells, runs, advise: TWO }));
    const card = screen.getAllByRole('article')[0];
    const figures = within(card).getByRole('group', {
      name: 'Before and after'
    });
    expect(figures.textContent).toContain('12.0 s');
    expect(figures.textContent).toContain('310 ms');
    expect(figures.textContent).toContain('41×');
    expect(figures.textContent).toContain('verify: equal=True speedup=41.0x');
    expect(figures.textContent).toContain('results agree');
    expect(
      within(card).getByRole('button', { name: 'Insert again' })
    ).toBeTruthy();
  });

  it('asks to run the new cells before there is an after', () => {
    const cells = [
      ...demoCells(),
      insertedCell('rewrite', 4, { rule: 'numba-jit', sourceCell: 'series' })
    ];
    renderCell(selected('series', { cells, advise: TWO }));
    const card = screen.getAllByRole('article')[1];
    expect(
      within(card).getByText(/Inserted below: run the new cells/)
    ).toBeTruthy();
  });

  it('warns when the verify cell says the results differ', () => {
    const cells = [
      ...demoCells(),
      insertedCell('rewrite', 4, { rule: 'numba-jit', sourceCell: 'series' }),
      insertedCell(
        'v',
        5,
        { rule: 'numba-jit', sourceCell: 'series', role: 'verify' },
        { streamText: 'verify: equal=False speedup=3.0x' }
      )
    ];
    renderCell(
      selected('series', {
        cells,
        runs: { ...demoRuns(), rewrite: [run(4)] },
        advise: TWO
      })
    );
    expect(screen.getByRole('alert').textContent).toMatch(/results differ/);
  });

  it.each([
    ['python', 2],
    ['python3', 2],
    [null, 2],
    ['R', 0]
  ])('advises on %s kernels: %d cards', (language, cards) => {
    renderCell(selected('series', { advise: TWO, language }));
    expect(screen.queryAllByRole('article')).toHaveLength(cards);
    if (cards === 0) {
      expect(
        screen.getByText(/The advice reads Python; this notebook runs R/)
      ).toBeTruthy();
    }
  });

  it('says when a markdown cell is selected', () => {
    renderCell(
      selected('md', {
        cells: [cell('md', 1, '# Title', { type: 'markdown' })]
      })
    );
    expect(screen.getByText(/Not a code cell/)).toBeTruthy();
    expect(screen.queryByText('What to do next')).toBeNull();
  });
});
