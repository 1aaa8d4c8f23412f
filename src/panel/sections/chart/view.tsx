import type { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import type { ICellTiming } from '../../types';
import { formatSeconds } from '../../format';
import { useRovingFocus } from '../../roving';

/** Props of the cells-by-time chart. */
export interface ITimeChartProps {
  trans: TranslationBundle;
  timings: readonly ICellTiming[];
  codeCells: number;
  selectedId: string | null;
  /** Selects the cell and scrolls the notebook to it. */
  onSelect: (cellId: string) => void;
  /** Bars shown at first; the default keeps a 1,000-cell notebook cheap to draw. */
  limit?: number;
  /** Bars each "Show more" adds, so no click draws more than a screenful or two at once. */
  step?: number;
}

type Order = 'time' | 'notebook';

/** The order and cut of the bars: slowest first (by last run, then total) or notebook order. */
export function chartRows(
  timings: readonly ICellTiming[],
  order: Order,
  limit: number | null
): readonly ICellTiming[] {
  const rows =
    order === 'time'
      ? [...timings].sort(
          (a, b) =>
            b.lastS - a.lastS || b.totalS - a.totalS || a.index - b.index
        )
      : timings;
  return limit === null ? rows : rows.slice(0, limit);
}

/** Where the time goes: one bar per measured cell, its last run over its kept runs' total. */
export function TimeChart(props: ITimeChartProps): JSX.Element {
  const { trans, timings } = props;
  const [order, setOrder] = React.useState<Order>('time');
  const limit = props.limit ?? 12;
  const step = props.step ?? 100;
  const [count, setCount] = React.useState(limit);
  const rows = chartRows(timings, order, count);
  const scale = Math.max(...rows.map(row => row.totalS), 1e-9);
  const lastTotal = timings.reduce((sum, row) => sum + row.lastS, 0);
  const roving = useRovingFocus(
    rows.length,
    rows.findIndex(row => row.id === props.selectedId)
  );
  return (
    <section
      className="jp-Optimiser-section jp-Optimiser-chart"
      aria-label={trans.__('Where the time goes')}
    >
      <h3 className="jp-Optimiser-heading">
        {trans.__('Where the time goes')}
      </h3>
      {timings.length === 0 ? (
        <p className="jp-Optimiser-empty">
          {trans.__(
            'No cell has run yet: run the notebook to see where its time goes.'
          )}
        </p>
      ) : (
        <>
          <p className="jp-Optimiser-summary">
            {trans._n(
              '%2 of %1 code cell measured',
              '%2 of %1 code cells measured',
              props.codeCells,
              timings.length
            )}
            {' · '}
            {trans.__(
              'last runs add up to %1',
              formatSeconds(trans, lastTotal)
            )}
          </p>
          <ChartControls trans={trans} order={order} onOrder={setOrder} />
          <div
            role="listbox"
            aria-label={trans.__('Cells by time')}
            className="jp-Optimiser-bars"
            onKeyDown={roving.onKeyDown}
          >
            {rows.map((row, position) => (
              <Bar
                key={row.id}
                trans={trans}
                row={row}
                scale={scale}
                selected={row.id === props.selectedId}
                tabIndex={roving.tabIndex(position)}
                refCallback={roving.ref(position)}
                onSelect={props.onSelect}
              />
            ))}
          </div>
          <Legend trans={trans} />
          <MoreOrFewer
            trans={trans}
            total={timings.length}
            shown={rows.length}
            limit={limit}
            step={step}
            onCount={setCount}
          />
        </>
      )}
    </section>
  );
}

interface IMoreOrFewerProps {
  trans: TranslationBundle;
  total: number;
  shown: number;
  limit: number;
  step: number;
  onCount: (count: number) => void;
}

/** "Show 100 more" while bars are left out; "Show the slowest 12" once more are shown. */
function MoreOrFewer(props: IMoreOrFewerProps): JSX.Element | null {
  const { trans, total, shown, limit } = props;
  const more = Math.min(props.step, total - shown);
  if (more <= 0 && shown <= limit) {
    return null;
  }
  return (
    <div className="jp-Optimiser-more">
      {more > 0 && (
        <button
          type="button"
          className="jp-Optimiser-button"
          onClick={() => props.onCount(shown + more)}
        >
          {trans.__('Show %1 more (%2 of %3 shown)', more, shown, total)}
        </button>
      )}
      {shown > limit && (
        <button
          type="button"
          className="jp-Optimiser-button"
          onClick={() => props.onCount(limit)}
        >
          {trans.__('Show the slowest %1', limit)}
        </button>
      )}
    </div>
  );
}

function ChartControls(props: {
  trans: TranslationBundle;
  order: Order;
  onOrder: (order: Order) => void;
}): JSX.Element {
  const { trans, order } = props;
  return (
    <div
      role="group"
      aria-label={trans.__('Order of the bars')}
      className="jp-Optimiser-toggle"
    >
      <button
        type="button"
        aria-pressed={order === 'time'}
        onClick={() => props.onOrder('time')}
      >
        {trans.__('Slowest first')}
      </button>
      <button
        type="button"
        aria-pressed={order === 'notebook'}
        onClick={() => props.onOrder('notebook')}
      >
        {trans.__('Notebook order')}
      </button>
    </div>
  );
}

interface IBarProps {
  trans: TranslationBundle;
  row: ICellTiming;
  scale: number;
  selected: boolean;
  tabIndex: number;
  refCallback: (node: HTMLElement | null) => void;
  onSelect: (cellId: string) => void;
}

function Bar(props: IBarProps): JSX.Element {
  const { trans, row, scale } = props;
  const last = formatSeconds(trans, row.lastS);
  const total = formatSeconds(trans, row.totalS);
  const name = trans._n(
    'Cell %2: last run %3, %4 in %1 run',
    'Cell %2: last run %3, %4 in %1 runs',
    row.runs,
    row.index,
    last,
    total
  );
  const select = () => props.onSelect(row.id);
  return (
    <div
      role="option"
      aria-selected={props.selected}
      aria-label={name}
      title={row.label}
      tabIndex={props.tabIndex}
      ref={props.refCallback}
      className={`jp-Optimiser-bar${props.selected ? ' jp-mod-selected' : ''}`}
      data-cell-id={row.id}
      data-ok={row.lastOk}
      onClick={select}
      onKeyDown={event => {
        if (event.key === 'Enter' || event.key === ' ') {
          event.preventDefault();
          select();
        }
      }}
    >
      <span className="jp-Optimiser-barIndex" aria-hidden="true">
        [{row.index}]
      </span>
      <svg
        className="jp-Optimiser-barTrack"
        aria-hidden="true"
        focusable="false"
        preserveAspectRatio="none"
      >
        <rect
          className="jp-Optimiser-barTotal"
          x="0"
          y="0"
          height="100%"
          width={percent(row.totalS, scale)}
        />
        <rect
          className="jp-Optimiser-barLast"
          x="0"
          y="0"
          height="100%"
          width={percent(row.lastS, scale)}
        />
      </svg>
      <span className="jp-Optimiser-barValue" aria-hidden="true">
        {last}
      </span>
    </div>
  );
}

function Legend(props: { trans: TranslationBundle }): JSX.Element {
  const { trans } = props;
  return (
    <div className="jp-Optimiser-legend" aria-hidden="true">
      <svg className="jp-Optimiser-swatch" viewBox="0 0 10 10">
        <rect className="jp-Optimiser-barLast" width="10" height="10" />
      </svg>
      {trans.__('last run')}
      <svg className="jp-Optimiser-swatch" viewBox="0 0 10 10">
        <rect className="jp-Optimiser-barTotal" width="10" height="10" />
      </svg>
      {trans.__('all kept runs')}
    </div>
  );
}

function percent(value: number, scale: number): string {
  return `${Math.max(0.5, Math.min(100, (value / scale) * 100)).toFixed(2)}%`;
}
