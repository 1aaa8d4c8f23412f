import { RULE_IDS } from '../advice/types';
import type { RuleId } from '../advice/types';
import type { ICellInfo, IInsertedTag } from './types';

/** The metadata key the Optimiser writes on the cells it inserts. */
export const INSERTED_METADATA_KEY = 'jupyterlab-optimiser';

const LABEL_LENGTH = 48;

/**
 * Reads an inserted cell's `jupyterlab-optimiser` metadata; null when the cell is the user's own or
 * the metadata is not what the Optimiser writes.
 */
export function readInsertedTag(value: unknown): IInsertedTag | null {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    return null;
  }
  const tag = value as Record<string, unknown>;
  const rule = tag['rule'];
  const sourceCell = tag['source_cell'];
  if (
    typeof rule !== 'string' ||
    !isRuleId(rule) ||
    typeof sourceCell !== 'string'
  ) {
    return null;
  }
  const role =
    typeof tag['role'] === 'string' ? (tag['role'] as string) : 'rewrite';
  return { rule, sourceCell, role };
}

/** True for one of the advice engine's rule ids. */
export function isRuleId(value: string): value is RuleId {
  return (RULE_IDS as readonly string[]).includes(value);
}

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
