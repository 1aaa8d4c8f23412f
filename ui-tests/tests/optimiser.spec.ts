import { expect, test } from '@jupyterlab/galata';
import * as path from 'path';

const NOTEBOOK = 'slow-cells.ipynb';
const SETUP_CELL = 1; // the demo notebook's fast set-up cell

test.use({ autoGoto: true });

test.describe('Optimise this cell', () => {
  test.beforeEach(async ({ page, tmpPath }) => {
    await page.contents.uploadFile(
      path.resolve(__dirname, '../../examples', NOTEBOOK),
      `${tmpPath}/${NOTEBOOK}`
    );
    await page.notebook.openByPath(`${tmpPath}/${NOTEBOOK}`);
    await page.notebook.activate(NOTEBOOK);
  });

  test('the context-menu entry opens the panel on that cell', async ({
    page
  }, testInfo) => {
    await page.notebook.runCell(SETUP_CELL, true);

    const cell = await page.notebook.getCellLocator(SETUP_CELL);
    await cell!.click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Optimise this cell' }).click();

    const panel = page.getByRole('region', { name: 'Optimiser panel' });
    await expect(panel).toBeVisible();
    const selected = panel.getByRole('region', { name: 'Selected cell' });
    await expect(selected).toHaveAttribute('data-cell-id', 'setup');
    await expect(selected).toContainText('import math');

    await page.screenshot({ path: testInfo.outputPath('panel-light.png') });
    await page.theme.setDarkTheme();
    await expect(panel).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath('panel-dark.png') });
    await page.theme.setLightTheme();
  });

  test('the palette command opens the panel on the active cell', async ({
    page
  }) => {
    await page.notebook.selectCells(SETUP_CELL);
    await page.evaluate(async () => {
      await window.jupyterapp.commands.execute('optimiser:optimise-cell');
    });
    const panel = page.getByRole('region', { name: 'Optimiser panel' });
    await expect(
      panel.getByRole('region', { name: 'Selected cell' })
    ).toHaveAttribute('data-cell-id', 'setup');
  });
});
