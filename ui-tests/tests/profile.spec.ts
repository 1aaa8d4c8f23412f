/**
 * The line profile in a real JupyterLab with a real kernel and probe (issue 11): a slow cell of
 * the demo notebook runs, its hot line gets a marker in the editor, the panel lists it, and the
 * panel's link puts the cursor on it. Waits are on visible state only; no fixed sleeps.
 */
import type { IJupyterLabPageFixture } from '@jupyterlab/galata';
import { expect, test } from '@jupyterlab/galata';
import type { Locator } from '@playwright/test';
import * as path from 'path';

const NOTEBOOK = 'slow-cells.ipynb';
// Galata counts cells from 0, markdown included; the panel counts from 1 as people do.
const SETUP = 1;
const SERIES = 3; // the pure-Python series loop; its body, line 4, does most of the work
const HOT_LINE = 4;
const SHORT_SERIES =
  'n_terms = 1_500_000\ntotal = 0.0\nfor k in range(1, n_terms + 1):\n    total += math.sin(k) / k ** 1.5\ntotal';

test.use({ autoGoto: true });

function optimiser(page: IJupyterLabPageFixture): Locator {
  return page.getByRole('region', { name: 'Optimiser panel' });
}

/** The 1-based numbers of the marked lines in a cell's editor. */
async function markedLines(cell: Locator): Promise<number[]> {
  return cell
    .locator('.cm-line')
    .evaluateAll(lines =>
      lines
        .map((line, i) =>
          line.classList.contains('jp-Optimiser-lineMark') ? i + 1 : 0
        )
        .filter(n => n > 0)
    );
}

function cursor(page: IJupyterLabPageFixture) {
  return page.evaluate(() => {
    const notebook = window.jupyterapp.shell.currentWidget as unknown as {
      content: {
        activeCellIndex: number;
        activeCell: {
          editor: { getCursorPosition(): { line: number } } | null;
        } | null;
      };
    };
    return [
      notebook.content.activeCellIndex,
      notebook.content.activeCell?.editor?.getCursorPosition().line
    ];
  });
}

test.describe('The line profile', () => {
  test.beforeEach(async ({ page, tmpPath }) => {
    await page.contents.uploadFile(
      path.resolve(__dirname, '../../examples', NOTEBOOK),
      `${tmpPath}/${NOTEBOOK}`
    );
    await page.notebook.openByPath(`${tmpPath}/${NOTEBOOK}`);
    await page.notebook.activate(NOTEBOOK);
  });

  test("a slow cell's hot line is marked in the editor and linked from the panel", async ({
    page
  }, testInfo) => {
    await page.notebook.runCell(SETUP, true);
    // The demo's loop, shortened to about a second: long enough for a hundred samples. Set on the
    // model, as typing it would auto-indent.
    const cell = (await page.notebook.getCellLocator(SERIES))!;
    await page.evaluate(
      ([index, source]) => {
        const notebook = window.jupyterapp.shell.currentWidget as unknown as {
          content: {
            widgets: {
              model: { sharedModel: { setSource(s: string): void } };
            }[];
          };
        };
        notebook.content.widgets[index].model.sharedModel.setSource(source);
      },
      [SERIES, SHORT_SERIES] as const
    );
    await page.notebook.runCell(SERIES, true);
    await cell.click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Optimise this cell' }).click();

    // The panel lists the loop's body first, as a link.
    const hot = optimiser(page)
      .getByRole('list', { name: 'Hot lines, heaviest first' })
      .getByRole('listitem');
    await expect(hot.first()).toHaveAttribute('data-line', String(HOT_LINE));
    await expect(hot.first()).toContainText(/line 4\s*\d+% of the run/);

    // The editor marks that line, with its share at the end.
    await expect.poll(() => markedLines(cell)).toContain(HOT_LINE);
    const mark = cell.locator('.cm-line').nth(HOT_LINE - 1);
    await expect(mark.locator('.jp-Optimiser-lineShare')).toHaveText(/\d+%/);

    // The link puts the cursor on that line of that cell (the diagnosis sentence above the cards
    // links the same line: this is the hot-line list's).
    await hot
      .first()
      .getByRole('button', { name: `Go to line ${HOT_LINE} of cell 4` })
      .click();
    await expect.poll(() => cursor(page)).toEqual([SERIES, HOT_LINE - 1]);
    await page.screenshot({ path: testInfo.outputPath('profile-light.png') });

    // Dark theme: the marker is still there, in the dark theme's colours.
    await page.theme.setDarkTheme();
    await expect.poll(() => markedLines(cell)).toContain(HOT_LINE);
    await page.screenshot({ path: testInfo.outputPath('profile-dark.png') });
    await page.theme.setLightTheme();

    // An edit takes the markers away: the lines may no longer be the ones that ran. The next
    // run brings them back.
    await page.keyboard.press('End');
    await page.keyboard.type('  # edited');
    await expect.poll(() => markedLines(cell)).toEqual([]);
    await page.notebook.runCell(SERIES, true);
    await expect.poll(() => markedLines(cell)).toContain(HOT_LINE);

    // The profile setting off: the panel says so and the markers go.
    await page.evaluate(async id => {
      const registry = (await window.galata.getPlugin(
        '@jupyterlab/apputils-extension:settings'
      )) as unknown as {
        set(plugin: string, key: string, value: unknown): Promise<void>;
      };
      await registry.set(id, 'profile', false);
    }, 'jupyterlab-optimiser:plugin');
    await expect(
      optimiser(page).getByText(/Profiling is off in the settings/)
    ).toBeVisible();
    await expect.poll(() => markedLines(cell)).toEqual([]);
  });
});
