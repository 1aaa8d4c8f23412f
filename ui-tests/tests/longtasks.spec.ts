/**
 * Issue 15 item 1 in a real JupyterLab: a 2,000-cell notebook of ~1 KB cells. Opening it with the
 * panel hidden costs nothing of ours; opening the panel shows the cell within 300 ms (reading
 * "N code cells" meanwhile) and runs none of our work in a task over 50 ms; typing with the panel
 * open stays near typing with it hidden.
 *
 * Long tasks are JupyterLab's as well as ours: the Long Animation Frames API names the script each
 * piece of work came from, so our share is what our labextension's files ran
 * (/lab/extensions/jupyterlab-optimiser/...). Waits are on visible state; no fixed sleeps.
 *
 * Wall-clock budgets only hold on a machine that gives the page its CPU: with more runnable work
 * than cores (load average above the core count, as when several sessions share 2 cores) a 10 ms
 * slice can take 50 ms of wall time. There the budgets are noted, not asserted, and
 * bounds a few times looser (well under the 377-435 ms tasks and the 1.7 s issue 15 measured)
 * still catch a regression to one long read.
 */
import type { IJupyterLabPageFixture } from '@jupyterlab/galata';
import { expect, test } from '@jupyterlab/galata';
import * as os from 'os';

test.use({ autoGoto: true });

const CELLS = 2000;
const OURS = '/jupyterlab-optimiser/';

/** About 1 KB of Python in the styles a notebook mixes: loops, functions, pandas, magics. */
function source(i: number): string {
  const padding = `# step ${i}: ${'notes on the method and its parameters '.repeat(12)}\n`;
  switch (i % 4) {
    case 0:
      return `${padding}total_${i} = 0.0\nfor k in range(1, ${i + 1000}):\n    total_${i} += (k % 7) ** 0.5 / k\ntotal_${i}\n`;
    case 1:
      return `${padding}def clean_${i}(rows):\n    out = []\n    for row in rows:\n        if row["v"] > 2:\n            out.append(row)\n    return out\n\nrows_${i} = clean_${i}([{"v": j % 10} for j in range(${i})])\n`;
    case 2:
      return `${padding}import pandas as pd\nframe_${i} = pd.DataFrame({"a": range(${i + 10})})\nframe_${i}["b"] = frame_${i}["a"].apply(lambda v: v * 2)\n`;
    default:
      return `%%time\n${padding}values_${i} = [v * 0.5 for v in range(${i})]\nsum(values_${i})\n`;
  }
}

function notebook(): string {
  return JSON.stringify({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {
      kernelspec: {
        name: 'python3',
        display_name: 'Python 3',
        language: 'python'
      },
      language_info: { name: 'python' }
    },
    cells: Array.from({ length: CELLS }, (_, i) => ({
      cell_type: 'code',
      id: `c${i}`,
      metadata: {},
      source: source(i),
      outputs: [],
      execution_count: null
    }))
  });
}

interface IWork {
  /** Long tasks (> 50 ms) of the page, whoever caused them. */
  longTasks: number;
  longestTaskMs: number;
  /** The longest single piece of work our scripts ran, and all of it. */
  longestOursMs: number;
  oursMs: number;
  /** Our pieces of work over 50 ms: what invoked them, and for how long. */
  slowOurs: string[];
}

/** Starts recording the page's long tasks and our scripts' work under `key`. */
async function watch(page: IJupyterLabPageFixture, key: string): Promise<void> {
  await page.evaluate(
    ([key, ours]) => {
      const record = {
        tasks: [] as number[],
        ours: [] as number[],
        slow: [] as string[]
      };
      (window as unknown as Record<string, unknown>)[key] = record;
      new PerformanceObserver(list => {
        record.tasks.push(...list.getEntries().map(entry => entry.duration));
      }).observe({ type: 'longtask' });
      new PerformanceObserver(list => {
        for (const frame of list.getEntries() as unknown as {
          scripts: {
            sourceURL: string;
            duration: number;
            invoker: string;
            sourceFunctionName: string;
          }[];
        }[]) {
          for (const script of frame.scripts) {
            if (script.sourceURL.includes(ours)) {
              record.ours.push(script.duration);
              if (script.duration > 50) {
                record.slow.push(
                  `${script.invoker} ${script.sourceFunctionName} ${Math.round(script.duration)} ms`
                );
              }
            }
          }
        }
      }).observe({ type: 'long-animation-frame' });
    },
    [key, OURS] as const
  );
}

async function work(page: IJupyterLabPageFixture, key: string): Promise<IWork> {
  return page.evaluate(key => {
    const record = (window as unknown as Record<string, unknown>)[key] as {
      tasks: number[];
      ours: number[];
      slow: string[];
    };
    return {
      slowOurs: record.slow,
      longTasks: record.tasks.length,
      longestTaskMs: Math.round(Math.max(0, ...record.tasks)),
      longestOursMs: Math.round(Math.max(0, ...record.ours)),
      oursMs: Math.round(record.ours.reduce((a, b) => a + b, 0))
    };
  }, key);
}

function words(work: IWork): string {
  return (
    `${work.longTasks} long tasks, the longest ${work.longestTaskMs} ms; ` +
    `ours: the longest ${work.longestOursMs} ms, ${work.oursMs} ms in all` +
    (work.slowOurs.length > 0
      ? ` (over 50 ms: ${work.slowOurs.join('; ')})`
      : '')
  );
}

async function typeInFirstCell(
  page: IJupyterLabPageFixture,
  text: string
): Promise<void> {
  await page.notebook.enterCellEditingMode(0);
  await page.keyboard.press('Control+End');
  await page.keyboard.type(text, { delay: 30 });
  await expect.poll(() => page.notebook.getCellTextInput(0)).toContain(text);
  await page.keyboard.press('Escape');
}

test('a 2,000-cell notebook: no long task of ours, the cell within 300 ms, typing as without the panel', async ({
  page,
  tmpPath
}, testInfo) => {
  test.setTimeout(300000);
  await page.evaluate(() =>
    (
      window.jupyterapp.shell as unknown as { collapseRight(): void }
    ).collapseRight()
  );
  await watch(page, 'opening');
  await page.contents.uploadContent(notebook(), 'text', `${tmpPath}/big.ipynb`);
  await page.notebook.openByPath(`${tmpPath}/big.ipynb`);
  await page.notebook.activate('big.ipynb');
  await expect((await page.notebook.getCellLocator(0))!).toBeVisible();
  const opening = await work(page, 'opening');

  await watch(page, 'hiddenTyping');
  await typeInFirstCell(page, '# typed, panel hidden');
  const hiddenTyping = await work(page, 'hiddenTyping');

  // Timed in the page: from the command to the shown cell on screen.
  await watch(page, 'panel');
  const shownMs = await page.evaluate(
    () =>
      new Promise<number>(resolve => {
        const start = performance.now();
        const shown = () =>
          document.querySelector(
            '#jp-optimiser-panel .jp-Optimiser-cell[data-cell-id="c0"]'
          );
        const look = () =>
          shown()
            ? resolve(performance.now() - start)
            : requestAnimationFrame(look);
        void window.jupyterapp.commands.execute('optimiser:optimise-cell');
        look();
      })
  );
  const panel = page.getByRole('region', { name: 'Optimiser panel' });
  const cell = panel.getByRole('region', { name: 'Selected cell' });
  await expect(cell).toHaveAttribute('data-cell-id', 'c0');
  const reading = await cell
    .locator('[data-kind="reading"]')
    .textContent({ timeout: 1000 })
    .catch(() => null);
  await expect(cell.locator('[data-kind="reading"]')).toHaveCount(0, {
    timeout: 120000
  });
  await expect(cell.getByText('What to do next')).toBeVisible();
  const opened = await work(page, 'panel');

  await watch(page, 'openTyping');
  await typeInFirstCell(page, '# typed, panel open');
  const openTyping = await work(page, 'openTyping');

  for (const [type, description] of [
    ['open the notebook, panel hidden', words(opening)],
    [
      'open the panel',
      `${words(opened)}; the cell shown after ${Math.round(shownMs)} ms; ${reading ?? 'no reading state seen'}`
    ],
    ['type, panel hidden', words(hiddenTyping)],
    ['type, panel open', words(openTyping)]
  ]) {
    testInfo.annotations.push({ type, description });
    console.log(`${type}: ${description}`);
  }
  const load = os.loadavg()[0];
  const calm = load <= os.cpus().length;
  testInfo.annotations.push({
    type: 'machine',
    description: `load ${load.toFixed(1)} on ${os.cpus().length} cores: budgets ${calm ? 'asserted' : 'noted (too busy to judge 50 ms)'}`
  });
  // Always: a hidden panel does nothing; the reading state is on show; nothing of ours reads the
  // notebook in one go.
  expect(opening.oursMs).toBeLessThan(50);
  expect(reading ?? '').toMatch(/^Reading 2,?000 code cells/);
  const factor = calm ? 1 : 4;
  expect(shownMs).toBeLessThan(300 * factor);
  expect(opened.longestOursMs).toBeLessThanOrEqual(50 * factor);
  expect(openTyping.longestOursMs).toBeLessThanOrEqual(50 * factor);
  if (calm) {
    // JupyterLab's own typing tasks vary by more than 10 ms on a busy machine: compared when calm.
    expect(openTyping.longestTaskMs).toBeLessThanOrEqual(
      Math.max(hiddenTyping.longestTaskMs, 50) + 10
    );
  }
});
