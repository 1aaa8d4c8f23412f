/**
 * The metadata every inserted cell carries under `metadata["jupyterlab-optimiser"]`: written by
 * the templates, read back by the panel to find a rewrite's timings and its verify line.
 */
import type { RuleId } from './advice';
import { isRuleId } from './advice';

/** The metadata key the Optimiser writes on the cells it inserts. */
export const METADATA_KEY = 'jupyterlab-optimiser';

/** What is stored under the key, as written into the notebook (snake case, as nbformat is). */
export interface IOptimiserCellMetadata {
  rule: RuleId;
  /** The id of the analysed cell the inserted cell belongs to. */
  source_cell: string;
  /** The rewritten code, the cell that checks it, or an explanation. */
  role: 'template' | 'verify' | 'note';
}

/** What an inserted cell's metadata says about it, as the panel reads it. */
export interface IInsertedTag {
  rule: RuleId;
  /** Id of the user's cell the rewrite was made from. */
  sourceCell: string;
  /** 'verify' for the verify cell; anything else is part of the rewrite. */
  role: string;
}

/** The metadata of an inserted cell (the writer). */
export function insertedMetadata(
  rule: RuleId,
  sourceCell: string,
  role: IOptimiserCellMetadata['role']
): Record<string, unknown> {
  const meta: IOptimiserCellMetadata = { rule, source_cell: sourceCell, role };
  return { [METADATA_KEY]: meta };
}

/**
 * Reads the value stored under `METADATA_KEY` (the reader); null when the cell is the user's own
 * or the metadata is not what the Optimiser writes.
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
