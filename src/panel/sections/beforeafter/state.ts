import type { RuleId } from '../../../contracts/advice';
import type { IRunRecord, RunsByCell } from '../../../contracts/facts';
import { parseVerifyLine } from '../../../contracts/verify';
import type { IBeforeAfter, ICellInfo } from '../../types';

/**
 * The before/after of every rewrite inserted from one cell, one per rule, in notebook order.
 * Before is the original cell's last run; after adds up the rewrite cells' last runs (a rewrite
 * not yet run has no after).
 */
export function rewriteResults(
  sourceCellId: string,
  cells: readonly ICellInfo[],
  runs: RunsByCell
): IBeforeAfter[] {
  const latest = new Map<RuleId, ICellInfo[]>();
  for (const block of insertionBlocks(sourceCellId, cells)) {
    // Inserting the same rule twice leaves two blocks; the newest (lowest) speaks for the rule.
    latest.set(block[0].inserted!.rule, block);
  }
  const before = lastWall(runs[sourceCellId]);
  return [...latest.entries()].map(([rule, block]) =>
    blockResult(rule, block, before, runs)
  );
}

/** Runs of adjacent cells inserted together from one cell for one rule, in notebook order. */
export function insertionBlocks(
  sourceCellId: string,
  cells: readonly ICellInfo[]
): ICellInfo[][] {
  const blocks: ICellInfo[][] = [];
  let previous: ICellInfo | null = null;
  for (const cell of cells) {
    const tag = cell.inserted;
    if (tag?.sourceCell !== sourceCellId) {
      previous = null;
      continue;
    }
    const sameBlock =
      previous !== null &&
      previous.inserted!.rule === tag.rule &&
      previous.inserted!.role !== 'verify';
    if (sameBlock) {
      blocks[blocks.length - 1].push(cell);
    } else {
      blocks.push([cell]);
    }
    previous = cell;
  }
  return blocks;
}

function blockResult(
  rule: RuleId,
  block: readonly ICellInfo[],
  beforeS: number | null,
  runs: RunsByCell
): IBeforeAfter {
  const verifyCell =
    block.find(cell => cell.inserted?.role === 'verify') ?? null;
  const rewrite = block.filter(
    cell => cell.inserted?.role !== 'verify' && cell.type === 'code'
  );
  const walls = rewrite.map(cell => lastWall(runs[cell.id]));
  const ran = walls.every(wall => wall !== null) && walls.length > 0;
  return {
    rule,
    rewriteCellIds: rewrite.map(cell => cell.id),
    verifyCellId: verifyCell?.id ?? null,
    beforeS,
    afterS: ran
      ? (walls as number[]).reduce((sum, wall) => sum + wall, 0)
      : null,
    verify: verifyCell ? parseVerifyLine(verifyCell.streamText) : null
  };
}

function lastWall(runs: readonly IRunRecord[] | undefined): number | null {
  return runs && runs.length > 0 ? runs[runs.length - 1].wall_s : null;
}
