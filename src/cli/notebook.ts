/**
 * Reading an .ipynb file for the CLI: nbformat 4 JSON, Python. Anything else is an input error
 * with one clear message.
 */
import type { IPipelineCell } from '../pipeline';

/** Thrown for input the CLI cannot use; the message is the whole line shown to the user. */
export class InputError extends Error {}

/** The notebook's cells, checked. */
export function readNotebook(text: string, path: string): IPipelineCell[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InputError(`${path} is not JSON (${(error as Error).message})`);
  }
  if (!isObject(value) || value.nbformat !== 4 || !Array.isArray(value.cells)) {
    throw new InputError(`${path} is not an nbformat 4 notebook`);
  }
  const language = notebookLanguage(value.metadata);
  if (language !== null && language.toLowerCase() !== 'python') {
    throw new InputError(
      `${path} is a ${language} notebook; only Python notebooks can be advised on`
    );
  }
  return value.cells.map((cell: unknown, index: number) =>
    readCell(cell, index, path)
  );
}

function readCell(cell: unknown, index: number, path: string): IPipelineCell {
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

/** A plain JSON object. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
