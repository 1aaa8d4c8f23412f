/**
 * The panel-render benchmark's body (bundled by panel_render.js): builds the panel state for a
 * generated 1,000-cell notebook with a history of runs per cell, renders the whole panel into a
 * jsdom document with React, and prints the times.
 */
import type { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';

import type { IAdvice } from '../src/contracts/advice';
import { OptimiserView } from '../src/panel/view';
import { OptimiserModel } from '../src/panel/model';
import type { IPanelActions } from '../src/panel/view';
import type { IFacts, IRunRecord } from '../src/contracts/facts';
import { DEFAULT_SETTINGS } from '../src/contracts/settings';
import { buildPanelState } from '../src/panel/state';
import type { IStateInput } from '../src/panel/state';
import type { ICellInfo } from '../src/panel/types';

const CELLS = Number(process.env.CELLS || 1000);
const RUNS = Number(process.env.RUNS || 20);
const REPEATS = Number(process.env.REPEATS || 30);

/** JupyterLab's translation semantics (%1... placeholders; `_n` puts n first) without its bundle. */
const trans = {
  __: (msg: string, ...args: unknown[]) => fill(msg, args),
  _n: (one: string, many: string, n: number, ...args: unknown[]) =>
    fill(n === 1 ? one : many, [n, ...args])
} as unknown as TranslationBundle;

function fill(msg: string, args: unknown[]): string {
  return msg.replace(/%(\d+)/g, (match, i) =>
    Number(i) <= args.length ? String(args[Number(i) - 1]) : match
  );
}

function notebook(): {
  cells: ICellInfo[];
  runs: Record<string, IRunRecord[]>;
} {
  const cells: ICellInfo[] = [];
  const runs: Record<string, IRunRecord[]> = {};
  for (let i = 0; i < CELLS; i++) {
    const id = `cell-${i}`;
    const markdown = i % 5 === 4;
    cells.push({
      id,
      index: i + 1,
      type: markdown ? 'markdown' : 'code',
      source: markdown
        ? `## Step ${i}`
        : `total = 0\nfor k in range(${1000 + i}):\n    total += k ** 0.5 * ${i}\ntotal`,
      inserted: null,
      streamText: '',
      executionCount: markdown ? null : i
    });
    if (!markdown) {
      runs[id] = Array.from({ length: RUNS }, (_, r) => ({
        wall_s: 0.05 + ((i * 7919 + r * 104729) % 1000) / 100,
        cpu_s: 0.05,
        children_cpu_s: 0,
        peak_rss_delta_bytes: 1 << 20,
        imported: r === 0 ? ['math'] : [],
        ok: true
      }));
    }
  }
  return { cells, runs };
}

const FACTS: Omit<IFacts, 'runs'> = {
  version: 1,
  kernel: { language: 'python', version: '3.11' },
  machine: {
    cores: 2,
    memory_bytes: 8 << 30,
    memory_available_bytes: 6 << 30,
    gpus: [],
    scheduler: null
  },
  libraries: { numpy: '2.1.3', numba: null, pathos: '0.3.3' },
  variables: {}
};

const ADVICE: IAdvice[] = ['numpy-vectorise', 'numba-jit', 'pathos-pool'].map(
  rule => ({
    rule: rule as IAdvice['rule'],
    title: `Advice ${rule}`,
    why: 'The loop on lines 2-3 ran 9.8 s with 1.0 of 2 cores busy.',
    evidence: [{ kind: 'code', text: 'element-wise loop', line: 2 }],
    confidence: 'high',
    insert: [{ cell_type: 'code', source: '# rewrite' }]
  })
);

function input(
  cells: ICellInfo[],
  runs: Record<string, IRunRecord[]>
): IStateInput {
  return {
    notebook: { name: 'bench.ipynb', path: 'bench.ipynb' },
    cells,
    measurements: {
      status: 'probed',
      message: null,
      runs,
      facts: FACTS,
      running: null
    },
    fallback: false,
    language: 'python',
    selectedId: 'cell-500',
    advise: () => ADVICE,
    config: DEFAULT_SETTINGS,
    dismissed: () => [],
    ticked: [],
    workspace: { git: { state: 'found', folder: '' }, tests: '' }
  };
}

/** Times fn, including the style and layout it causes (a no-op in jsdom, real in Chromium). */
function time(fn: () => void): number {
  const start = performance.now();
  fn();
  void document.body.offsetHeight;
  return performance.now() - start;
}

function stats(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  return `median ${median.toFixed(2)} ms, max ${sorted[sorted.length - 1].toFixed(2)} ms (n=${sorted.length})`;
}

const actions: IPanelActions = {
  onSelectCell: () => undefined,
  onGoToLine: () => undefined,
  onInsert: () => Promise.resolve(),
  onDismiss: () => undefined,
  onTick: () => undefined,
  onCopy: () => undefined
};

export function main(): void {
  const { cells, runs } = notebook();
  const build: number[] = [];
  const mount: number[] = [];
  const update: number[] = [];
  const all: number[] = [];
  for (let r = 0; r < REPEATS; r++) {
    let state = buildPanelState(input(cells, runs));
    build.push(time(() => (state = buildPanelState(input(cells, runs)))));
    const host = document.createElement('div');
    host.className = 'jp-Optimiser';
    host.style.width = '320px';
    document.body.appendChild(host);
    const root = createRoot(host);
    const view = (s: typeof state) =>
      React.createElement(OptimiserView, {
        trans,
        notebookName: 'bench.ipynb',
        state: s,
        active: true,
        actions
      });
    mount.push(time(() => flushSync(() => root.render(view(state)))));
    // One more run of one cell, as after an execution: rebuild the state and re-render.
    const next = {
      ...runs,
      'cell-500': [
        ...runs['cell-500'].slice(1),
        { ...runs['cell-500'][0], wall_s: 3 }
      ]
    };
    // The model compares the new state with the last by value, as it does in the panel.
    const model = new OptimiserModel();
    model.setState(state);
    update.push(
      time(() => {
        model.setState(buildPanelState(input(cells, next)));
        flushSync(() => root.render(view(model.state!)));
      })
    );
    const button = [...host.querySelectorAll('button')].find(node =>
      node.textContent?.startsWith('Show 100 more')
    );
    if (!button) {
      throw new Error(
        'no "Show 100 more" button: the chart changed, update the benchmark'
      );
    }
    all.push(
      time(() =>
        flushSync(() =>
          button.dispatchEvent(
            new window.MouseEvent('click', { bubbles: true })
          )
        )
      )
    );
    root.unmount();
    host.remove();
  }
  const bars = CELLS - Math.floor(CELLS / 5);
  const rows: [string, number[]][] = [
    ['build the panel state (pure)', build],
    ['first render of the whole panel', mount],
    ['update after one execution (build, compare, render)', update],
    ['"Show 100 more" bars (render)', all]
  ];
  console.log(
    `panel render benchmark: ${CELLS} cells (${bars} code cells measured), ` +
      `${RUNS} runs kept per cell, 3 advice cards`
  );
  for (const [name, samples] of rows) {
    console.log(`  ${name.padEnd(54)} ${stats(samples)}`);
  }
  const median = (list: number[]) =>
    [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
  const worst = Math.max(median(mount), median(update));
  console.log(
    `  target < 100 ms for the first render and an update: ` +
      `${worst < 100 ? 'met' : 'NOT met'} (${worst.toFixed(1)} ms)`
  );
}
