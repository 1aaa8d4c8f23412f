/**
 * Reading an .ipynb file for the CLI as the `jupyter optimiser` command reads it: nbformat 4, or
 * 3 upgraded as nbformat does; a Python kernel ("python", or "python3" as some notebooks say).
 * Anything else is an input error with one clear message.
 */
import type { IPipelineCell } from '../pipeline';
import { isObject } from './json';
import { upgradeCells } from './nbformat3';

export { isObject } from './json';

/** Thrown for input the CLI cannot use; the message is the whole line shown to the user. */
export class InputError extends Error {}

const PYTHON = /^python\d*$/i;

/**
 * The notebook's cells, checked and keyed. Each cell is keyed by its id; a cell without one
 * (nbformat < 4.5, or 3), with an empty one, or with the id of an earlier cell is keyed by its
 * index, so that no two cells share runs. `notes` gets a line for each repeated id.
 */
export function readNotebook(
  text: string,
  path: string,
  notes: string[] = []
): IPipelineCell[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InputError(`${path} is not JSON (${(error as Error).message})`);
  }
  const raw = isObject(value) ? rawCells(value) : null;
  if (!isObject(value) || raw === null) {
    throw new InputError(`${path} is not an nbformat 4 notebook`);
  }
  const language = notebookLanguage(value.metadata);
  if (language !== null && !PYTHON.test(language)) {
    throw new InputError(
      `${path} is a ${language} notebook; only Python notebooks can be advised on`
    );
  }
  const cells = raw.map((cell: unknown, index: number) =>
    readCell(cell, index, path, notes)
  );
  return uniqueKeys(cells, path, notes);
}

/** Version 4 cells, those of a version 3 notebook upgraded; null for anything else. */
function rawCells(notebook: Record<string, unknown>): unknown[] | null {
  if (notebook.nbformat === 3) {
    return upgradeCells(notebook);
  }
  return notebook.nbformat === 4 && Array.isArray(notebook.cells)
    ? notebook.cells
    : null;
}

/** A cell that repeats an earlier cell's id is keyed by its index, and the note says so. */
function uniqueKeys(
  cells: IPipelineCell[],
  path: string,
  notes: string[]
): IPipelineCell[] {
  const seen = new Map<string, number>();
  return cells.map((cell, index) => {
    if (cell.type !== 'code') {
      return cell; // only code cells have runs
    }
    const first = seen.get(cell.id);
    if (first === undefined) {
      seen.set(cell.id, index);
      return cell;
    }
    notes.push(
      `${path}: cells ${first} and ${index} share the id '${cell.id}'; the runs of cell ${index} are keyed '${index}'`
    );
    return { ...cell, id: String(index) };
  });
}

function readCell(
  cell: unknown,
  index: number,
  path: string,
  notes: string[]
): IPipelineCell {
  if (!isObject(cell)) {
    throw new InputError(`${path}: cell ${index} is not an object`);
  }
  const type = cell.cell_type;
  if (type !== 'code' && type !== 'markdown' && type !== 'raw') {
    throw new InputError(`${path}: cell ${index} has an unknown cell_type`);
  }
  const source = cell.source;
  const text =
    typeof source === 'string'
      ? source
      : Array.isArray(source) && source.every(line => typeof line === 'string')
        ? source.join('')
        : null;
  if (text === null) {
    throw new InputError(`${path}: cell ${index} has no source text`);
  }
  if (cell.id !== undefined && typeof cell.id !== 'string') {
    throw new InputError(
      `${path}: cell ${index} has an id that is not a string`
    );
  }
  if (cell.id === '' && type === 'code') {
    notes.push(
      `${path}: cell ${index} has an empty id; its runs are keyed '${index}'`
    );
  }
  // Cells without ids (nbformat < 4.5) are keyed by their index, as in the facts format.
  return {
    id: typeof cell.id === 'string' && cell.id !== '' ? cell.id : String(index),
    type,
    source: text
  };
}

function notebookLanguage(metadata: unknown): string | null {
  if (!isObject(metadata)) {
    return null;
  }
  const kernelspec = metadata.kernelspec;
  if (isObject(kernelspec) && typeof kernelspec.language === 'string') {
    return kernelspec.language;
  }
  const info = metadata.language_info;
  return isObject(info) && typeof info.name === 'string' ? info.name : null;
}
