/**
 * nbformat 3 notebooks (16 of 207 public notebooks sampled for issue 15) upgraded to version 4
 * the way nbformat's `v4.convert.upgrade` does, so the CLI reads what JupyterLab shows after it
 * converts them: the worksheets' cells in order, a code cell's `input` as its source, a heading
 * as a Markdown cell of `#` marks and its text on one line, an html cell as Markdown. Outputs
 * are dropped: the advice never reads them. nbformat invents random ids, so these cells carry
 * none and are keyed by their index.
 */
import { isObject } from './json';

/** The version 4 cells of a version 3 notebook, or null when it has no cell list to read. */
export function upgradeCells(
  notebook: Record<string, unknown>
): unknown[] | null {
  const worksheets = notebook.worksheets ?? [];
  if (!Array.isArray(worksheets)) {
    return null;
  }
  const cells: unknown[] = [];
  for (const sheet of worksheets) {
    const sheetCells = isObject(sheet) ? (sheet.cells ?? []) : null;
    if (!Array.isArray(sheetCells)) {
      return null;
    }
    cells.push(...sheetCells.map(upgradeCell));
  }
  return cells;
}

function upgradeCell(cell: unknown): unknown {
  if (!isObject(cell)) {
    return cell;
  }
  const { cell_type: type } = cell;
  if (type === 'code') {
    return { cell_type: 'code', source: cell.input ?? '' };
  }
  if (type === 'heading') {
    const level = typeof cell.level === 'number' ? cell.level : 1;
    const text = joined(cell.source ?? '');
    const single =
      typeof text === 'string' ? text.split(/\r\n|\r|\n/).join(' ') : '';
    return { cell_type: 'markdown', source: `${'#'.repeat(level)} ${single}` };
  }
  if (type === 'html') {
    return { cell_type: 'markdown', source: cell.source ?? '' };
  }
  return { cell_type: type, source: cell.source ?? '' };
}

/** A multi-line string as version 3 files store them: a string or a list of lines. */
function joined(source: unknown): unknown {
  return Array.isArray(source) && source.every(line => typeof line === 'string')
    ? source.join('')
    : source;
}
