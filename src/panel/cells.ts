import type { ICellInfo } from './types';

const LABEL_LENGTH = 48;

/** A short label for a cell: its first non-blank line, shortened. */
export function cellLabel(source: string): string {
  const line = source.split('\n').find(text => text.trim() !== '') ?? '';
  const trimmed = line.trim();
  return trimmed.length > LABEL_LENGTH
    ? `${trimmed.slice(0, LABEL_LENGTH - 1)}…`
    : trimmed;
}

/** The text a cell printed to stdout/stderr, from its nbformat outputs. */
export function streamText(outputs: readonly unknown[]): string {
  const parts: string[] = [];
  for (const output of outputs) {
    if (!output || typeof output !== 'object') {
      continue;
    }
    const record = output as Record<string, unknown>;
    if (record['output_type'] !== 'stream') {
      continue;
    }
    const text = record['text'];
    if (typeof text === 'string') {
      parts.push(text);
    } else if (Array.isArray(text)) {
      parts.push(text.filter(part => typeof part === 'string').join(''));
    }
  }
  return parts.join('');
}

/** The cell the panel shows for a chosen cell: an inserted cell stands for the cell it came from. */
export function resolveShown(
  cellId: string | null,
  cells: readonly ICellInfo[]
): string | null {
  const tag =
    cellId === null ? null : cells.find(cell => cell.id === cellId)?.inserted;
  return tag && cells.some(cell => cell.id === tag.sourceCell)
    ? tag.sourceCell
    : cellId;
}
