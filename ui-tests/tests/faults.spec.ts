/**
 * The fault matrix of issue 15 in a real JupyterLab with a real kernel: restarts, interrupts and
 * deaths, hostile strings, two notebooks, a setting followed live, a 2,000-cell notebook, and
 * Notebook 7. Waits are on visible state only (roles, labels, attributes); no fixed sleeps.
 */
import type { IJupyterLabPageFixture } from '@jupyterlab/galata';
import { expect, test } from '@jupyterlab/galata';
import type { Locator } from '@playwright/test';
import * as path from 'path';

test.use({ autoGoto: true });

const PLUGIN_ID = 'jupyterlab-optimiser:plugin';

/** A notebook document from [id, source] pairs, all code cells, a Python kernel. */
function notebook(cells: [string, string][]): string {
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
    cells: cells.map(([id, source]) => ({
      cell_type: 'code',
      id,
      metadata: {},
      source,
      outputs: [],
      execution_count: null
    }))
  });
}

async function open(
  page: IJupyterLabPageFixture,
  file: string,
  cells: [string, string][]
): Promise<void> {
  await page.contents.uploadContent(notebook(cells), 'text', file);
  await page.notebook.openByPath(file);
  await page.notebook.activate(path.basename(file));
}

function optimiser(page: IJupyterLabPageFixture): Locator {
  return page.getByRole('region', { name: 'Optimiser panel' });
}

function selected(page: IJupyterLabPageFixture): Locator {
  return optimiser(page).getByRole('region', { name: 'Selected cell' });
}

function kernelStatus(page: IJupyterLabPageFixture): Locator {
  return optimiser(page)
    .getByRole('region', { name: 'Kernel' })
    .getByRole('status');
}

/** Right-click a cell and choose "Optimise this cell". */
async function optimise(
  page: IJupyterLabPageFixture,
  index: number
): Promise<void> {
  const cell = await page.notebook.getCellLocator(index);
  await cell!.click({ button: 'right' });
  await page.getByRole('menuitem', { name: 'Optimise this cell' }).click();
  await expect(optimiser(page)).toBeVisible();
}

/** Clicks one of the notebook toolbar's kernel buttons. */
async function kernelButton(
  page: IJupyterLabPageFixture,
  name: 'Restart the kernel' | 'Interrupt the kernel'
): Promise<void> {
  const toolbar = await page.notebook.getToolbarLocator();
  await toolbar!.getByRole('button', { name, exact: true }).click();
}

/** Starts noting every status the panel's kernel section shows, in order. */
async function watchStatuses(page: IJupyterLabPageFixture): Promise<void> {
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { optimiserStatuses: string[] }).optimiserStatuses =
      seen;
    const note = () => {
      const node = document.querySelector(
        '#jp-optimiser-panel .jp-Optimiser-kernelStatus'
      );
      const status = node?.getAttribute('data-status');
      if (status && seen[seen.length - 1] !== status) {
        seen.push(status);
      }
    };
    note();
    new MutationObserver(note).observe(document.body, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ['data-status']
    });
  });
}

function statuses(page: IJupyterLabPageFixture): Promise<string[]> {
  return page.evaluate(
    () =>
      (window as unknown as { optimiserStatuses: string[] }).optimiserStatuses
  );
}

test.describe('Kernel faults', () => {
  // Galata's tracking of the kernels API reads every POST reply as JSON, and an interrupt's or a
  // restart's has no body: leave that API alone (the sessions it tracks still end the kernels).
  test.use({ kernels: null });

  test('a restart during a long cell: the panel follows it and measures the next runs', async ({
    page,
    tmpPath
  }) => {
    await open(page, `${tmpPath}/restart.ipynb`, [
      ['fast', 'x = sum(range(1000))'],
      ['long', 'import time\ntime.sleep(120)']
    ]);
    await page.notebook.runCell(0, true);
    await optimise(page, 0);
    await expect(kernelStatus(page)).toHaveAttribute('data-status', 'probed');
    await page.notebook.runCell(1, { inplace: true, wait: false });
    const running = optimiser(page).getByRole('button', {
      name: 'Cell 2 is running'
    });
    await expect(running).toBeVisible();

    await watchStatuses(page);
    await kernelButton(page, 'Restart the kernel');
    // JupyterLab asks first, unless its settings say not to.
    const confirm = page
      .getByRole('dialog')
      .getByRole('button', { name: /^(Restart|Confirm Kernel Restart)$/ });
    await expect
      .poll(
        async () =>
          (await confirm.isVisible()) ||
          (await statuses(page)).includes('restarting')
      )
      .toBe(true);
    if (await confirm.isVisible()) {
      await confirm.click();
    }
    await expect(running).toBeHidden();
    // "Kernel restarting…", then measuring again with the probe reinstalled.
    await expect
      .poll(async () => (await statuses(page)).join(' '))
      .toMatch(/^probed restarting (installing )?probed$/);
    // Runs are kept across restarts: the second run of the fast cell joins the first.
    await page.notebook.runCell(0, true);
    await optimise(page, 0);
    await expect(selected(page).getByLabel('Run statistics')).toContainText(
      'over 2 runs'
    );
  });

  test('an interrupt: KeyboardInterrupt in the cell, the run recorded as such', async ({
    page,
    tmpPath
  }) => {
    await open(page, `${tmpPath}/interrupt.ipynb`, [
      ['wait', 'import time\ntime.sleep(120)']
    ]);
    await optimise(page, 0);
    await expect(kernelStatus(page)).toHaveAttribute('data-status', 'probed');
    await page.notebook.runCell(0, { inplace: true, wait: false });
    await expect(
      optimiser(page).getByRole('button', { name: 'Cell 1 is running' })
    ).toBeVisible();
    await kernelButton(page, 'Interrupt the kernel');
    await expect((await page.notebook.getCellOutputLocator(0))!).toContainText(
      'KeyboardInterrupt'
    );
    await expect(selected(page).getByLabel('Run statistics')).toContainText(
      'KeyboardInterrupt'
    );
    await expect(kernelStatus(page)).toHaveAttribute('data-status', 'probed');
  });

  test('the kernel dies (os._exit): the panel says so, then measures the restarted kernel', async ({
    page,
    tmpPath
  }, testInfo) => {
    await open(page, `${tmpPath}/death.ipynb`, [
      ['fast', 'y = 2 ** 10'],
      ['die', 'import os\nos._exit(1)']
    ]);
    await page.notebook.runCell(0, true);
    await optimise(page, 0);
    await expect(kernelStatus(page)).toHaveAttribute('data-status', 'probed');
    await watchStatuses(page);
    await page.notebook.runCell(1, { inplace: true, wait: false });
    // JupyterLab's own dialog: the kernel died and restarts by itself.
    const dialog = page.getByRole('dialog');
    await expect(dialog).toContainText(/died|restart/i);
    await dialog.getByRole('button', { name: /ok/i }).click();
    // The panel leaves "Measuring every run" while the kernel is gone, then measures again.
    await expect
      .poll(async () => {
        const seen = await statuses(page);
        return seen.length > 2 && seen[seen.length - 1] === 'probed';
      })
      .toBe(true);
    testInfo.annotations.push({
      type: 'statuses after the death',
      description: (await statuses(page)).join(' -> ')
    });
    await page.notebook.runCell(0, true);
    await expect(selected(page).getByLabel('Run statistics')).toContainText(
      'over 2 runs'
    );
  });
});

test.describe('Hostile strings', () => {
  // Each would run a script if it reached innerHTML: the flag must stay unset.
  const markup = (n: number) =>
    `<img src=x onerror="window.optimiserPwned=${n}">`;

  test('in the source, the output, the error, the file name and the cell id: shown as text', async ({
    page,
    tmpPath
  }) => {
    const id = 'x"><script>window.optimiserPwned=9</script>';
    const file = `${tmpPath}/<img src=x onerror=window.optimiserPwned=5>.ipynb`;
    await open(page, file, [
      [
        id,
        `# ${markup(1)}\n` +
          `label = '<script>window.optimiserPwned=2</script>'\n` +
          `print('${markup(3).replace(/'/g, "\\'")}')\n` +
          `raise ValueError('${markup(4)}')`
      ]
    ]);
    await page.notebook.runCell(0, true);
    await optimise(page, 0);
    const cell = selected(page);
    await expect(cell).toContainText(markup(1));
    await expect(cell.getByLabel('Run statistics')).toContainText(
      `ValueError: ${markup(4)}`
    );
    const panel = optimiser(page);
    await expect(panel.locator('img[src="x"]')).toHaveCount(0);
    await expect(panel.locator('script')).toHaveCount(0);
    expect(
      await page.evaluate(
        () => (window as unknown as { optimiserPwned?: number }).optimiserPwned
      )
    ).toBeUndefined();
    // The cell id reaches the panel as an attribute value, verbatim, or is replaced by
    // JupyterLab on load; never as markup.
    const shown = await cell.getAttribute('data-cell-id');
    expect(shown === id || /^[\w-]+$/.test(shown ?? '')).toBe(true);
  });
});

test.describe('Two notebooks and live settings', () => {
  test('two notebooks side by side: the panel follows the one in use, runs never mix', async ({
    page,
    tmpPath
  }) => {
    await open(page, `${tmpPath}/left.ipynb`, [['left-cell', 'a = 1']]);
    await page.notebook.runCell(0, true);
    await page.contents.uploadContent(
      notebook([
        ['right-one', 'b = 1'],
        ['right-two', 'c = 2']
      ]),
      'text',
      `${tmpPath}/right.ipynb`
    );
    await page.evaluate(async file => {
      await window.jupyterapp.commands.execute('docmanager:open', {
        path: file,
        options: { mode: 'split-right' }
      });
    }, `${tmpPath}/right.ipynb`);
    await page.notebook.activate('right.ipynb');
    await page.notebook.runCell(0, true);
    await page.notebook.runCell(1, true);
    await optimise(page, 1);
    await expect(selected(page)).toHaveAttribute('data-cell-id', 'right-two');
    const bars = optimiser(page)
      .getByRole('listbox', { name: 'Cells by time' })
      .getByRole('option');
    await expect(bars).toHaveCount(2);

    await page.notebook.activate('left.ipynb');
    await expect(
      page.getByRole('tab', { name: /left\.ipynb/ })
    ).toHaveAttribute('aria-selected', 'true');
    await optimise(page, 0);
    await expect(selected(page)).toHaveAttribute('data-cell-id', 'left-cell');
    await expect(bars).toHaveCount(1);
  });

  test('hiding a rule in the settings takes effect at once, and showing it again', async ({
    page,
    tmpPath
  }) => {
    const demo = 'slow-cells.ipynb';
    await page.contents.uploadFile(
      path.resolve(__dirname, '../../examples', demo),
      `${tmpPath}/${demo}`
    );
    await page.notebook.openByPath(`${tmpPath}/${demo}`);
    await page.notebook.activate(demo);
    await optimise(page, 3); // the series loop: NumPy first, from the code alone
    const card = selected(page).locator('article[data-rule="numpy-vectorise"]');
    await expect(card).toBeVisible();
    const setHidden = (rules: string[]) =>
      page.evaluate(
        async ([id, rules]) => {
          const registry = (await window.galata.getPlugin(
            '@jupyterlab/apputils-extension:settings'
          )) as unknown as {
            set(plugin: string, key: string, value: unknown): Promise<void>;
          };
          await registry.set(id as string, 'hiddenRules', rules);
        },
        [PLUGIN_ID, rules] as const
      );
    await setHidden(['numpy-vectorise']);
    await expect(card).toHaveCount(0);
    await setHidden([]);
    await expect(card).toBeVisible();
  });
});

interface ILongTasks {
  count: number;
  longestMs: number;
  totalMs: number;
}

/** Starts collecting the page's long tasks (> 50 ms) under `key`. */
async function watchLongTasks(
  page: IJupyterLabPageFixture,
  key: string
): Promise<void> {
  await page.evaluate(key => {
    const store = window as unknown as Record<string, PerformanceEntry[]>;
    store[key] = [];
    new PerformanceObserver(list => {
      store[key].push(...list.getEntries());
    }).observe({ type: 'longtask' });
  }, key);
}

async function longTasks(
  page: IJupyterLabPageFixture,
  key: string
): Promise<ILongTasks> {
  return page.evaluate(key => {
    const entries = (window as unknown as Record<string, PerformanceEntry[]>)[
      key
    ];
    const durations = entries.map(entry => entry.duration);
    return {
      count: durations.length,
      longestMs: Math.round(Math.max(0, ...durations)),
      totalMs: Math.round(durations.reduce((a, b) => a + b, 0))
    };
  }, key);
}

function describe(tasks: ILongTasks): string {
  return `${tasks.count} long tasks, the longest ${tasks.longestMs} ms, ${tasks.totalMs} ms in all`;
}

test.describe('A 2,000-cell notebook', () => {
  test('long tasks: opening with the panel hidden, opening the panel, typing', async ({
    page,
    tmpPath
  }, testInfo) => {
    test.setTimeout(300000);
    const cells: [string, string][] = [];
    for (let i = 0; i < 2000; i++) {
      cells.push([
        `c${i}`,
        `total_${i} = 0\nfor k in range(${i + 10}):\n    total_${i} += k * k\n`
      ]);
    }
    await page.evaluate(() =>
      (
        window.jupyterapp.shell as unknown as { collapseRight(): void }
      ).collapseRight()
    );
    await watchLongTasks(page, 'openTasks');
    await open(page, `${tmpPath}/big.ipynb`, cells);
    await expect((await page.notebook.getCellLocator(0))!).toBeVisible();
    const opening = await longTasks(page, 'openTasks');

    await watchLongTasks(page, 'panelTasks');
    const asked = Date.now();
    await page.evaluate(() =>
      window.jupyterapp.commands.execute('optimiser:optimise-cell')
    );
    await expect(selected(page)).toHaveAttribute('data-cell-id', 'c0');
    const shownMs = Date.now() - asked;
    const panel = await longTasks(page, 'panelTasks');

    await watchLongTasks(page, 'typingTasks');
    const typed = '# typing with the panel open';
    await page.notebook.enterCellEditingMode(0);
    await page.keyboard.press('Control+End');
    await page.keyboard.type(typed, { delay: 30 });
    await expect.poll(() => page.notebook.getCellTextInput(0)).toContain(typed);
    await page.keyboard.press('Escape');
    const typing = await longTasks(page, 'typingTasks');

    for (const [type, description] of [
      ['open, panel hidden', describe(opening)],
      [
        'open the panel',
        `${describe(panel)}; the cell shown after ${shownMs} ms`
      ],
      ['type 28 characters, panel open', describe(typing)]
    ]) {
      testInfo.annotations.push({ type, description });
    }
    // Issue 15 measured 377-435 ms for the longest task when the panel opens and about 1.7 s
    // before the cell shows (906 ms and 1.8 s here, at a load of 14 on 2 cores); the goal (no task over 50 ms, the cell within 300 ms) is issue 15's
    // item 1. These bounds catch a regression beyond what was measured.
    expect(panel.longestMs).toBeLessThan(2000);
    expect(shownMs).toBeLessThan(15000);
    expect(typing.longestMs).toBeLessThan(1000);
  });
});

test.describe('Notebook 7', () => {
  test('the panel is reachable and "Optimise this cell" is in the context menu', async ({
    page,
    context,
    baseURL
  }) => {
    const file = 'notebook7-smoke.ipynb';
    await page.contents.uploadContent(
      notebook([['only', 'z = 3 * 7']]),
      'text',
      file
    );
    // A plain page: Galata's own waits for JupyterLab, not Notebook 7.
    const classic = await context.newPage();
    await classic.goto(`${baseURL}/notebooks/${file}`);
    const cell = classic.locator('.jp-Notebook .jp-CodeCell').first();
    await expect(cell).toBeVisible();
    await cell.click({ button: 'right' });
    await classic.getByRole('menuitem', { name: 'Optimise this cell' }).click();
    const panel = classic.getByRole('region', { name: 'Optimiser panel' });
    await expect(panel).toBeVisible();
    await expect(
      panel.getByRole('region', { name: 'Selected cell' })
    ).toHaveAttribute('data-cell-id', 'only');
    await classic.close();
    await page.contents.deleteFile(file);
  });
});
