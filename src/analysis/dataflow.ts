/**
 * Whether a loop's iterations depend on each other. The body is read in execution order as a
 * sequence of reads and writes of names; a name read before it is written within an iteration, and
 * written somewhere in it, carries a value from one iteration to the next. Pure reductions
 * (`total += x`, `counts[k] += 1`) are accumulators rather than dependencies: they can be split
 * across workers and combined.
 */
import type { SyntaxNode } from '@lezer/common';

import type { IEvent, IFlow } from './events';
import { readFlow } from './events';
import type { NameRole } from './names';
import type { SourceText } from './syntax';

/** The loop's dependencies. */
export interface IDependencies {
  accumulators: string[];
  carried: string[];
  /**
   * Carried names that follow from the iteration's index: updated once, by a value made of names
   * the loop never binds (`l = l * zoom`, `t += dt`), so iteration k's value is the start's
   * value stepped k times, whichever iterations ran before.
   */
  inductions: string[];
}

/**
 * Accumulators and loop-carried names of a loop.
 *
 * @param header - what runs at the start of every iteration (a while condition), in order.
 * @param body - the statements or expressions of one iteration, in order.
 * @param targets - the loop variables: bound afresh by every iteration.
 * @param roles - roles of the cell's names by position, when already known.
 */
export function dependencies(
  header: readonly SyntaxNode[],
  body: readonly SyntaxNode[],
  targets: ReadonlySet<string>,
  src: SourceText,
  roles: ReadonlyMap<number, NameRole> = new Map()
): IDependencies {
  return judge(readFlow(header, body, src, roles), targets);
}

function judge(flow: IFlow, targets: ReadonlySet<string>): IDependencies {
  const byName = new Map<string, IEvent[]>();
  for (const event of flow.events) {
    if (!targets.has(event.name)) {
      const list = byName.get(event.name) ?? [];
      list.push(event);
      byName.set(event.name, list);
    }
  }
  const accumulators = new Set<string>();
  const carried = new Set<string>();
  for (const [name, events] of byName) {
    if (events.every(e => e.kind === 'read')) {
      continue;
    }
    if (events.every(e => e.kind === 'update' || e.kind === 'selfUpdate')) {
      accumulators.add(name);
    } else if (events[0].kind !== 'write') {
      carried.add(name);
    }
  }
  for (const [name, written] of flow.subscriptWrites) {
    const read = flow.subscriptReads.get(name);
    // `a[i] = a[i - 1] + ...` is a recurrence; `row["score"] = row["value"]` is not. So is a
    // swap, `a[j - 1], a[j] = a[j], a[j - 1]`: both places are written, but the next iteration
    // reads at j - 1 what this one wrote at j.
    const moving = [...written].filter(index => mentionsAny(index, targets));
    const recurrence = (index: string): boolean =>
      mentionsAny(index, targets) &&
      (!written.has(index) || moving.some(other => other !== index));
    // `S[k] *= -1` with `k` drawn in the iteration, and `S[nn]` read too: a later iteration
    // reads what this one wrote, unless the container is bound afresh in every iteration.
    const scattered = [...written].filter(
      index => !mentionsAny(index, targets)
    );
    const state =
      scattered.length > 0 &&
      !(byName.get(name) ?? []).some(e => e.kind === 'write') &&
      [...(read ?? [])].some(index => !written.has(index));
    if (!targets.has(name) && read && ([...read].some(recurrence) || state)) {
      carried.add(name);
    } else if (flow.reductions.has(name) && !targets.has(name)) {
      accumulators.add(name);
    }
  }
  const bound = new Set(
    flow.events.filter(e => e.kind !== 'read').map(e => e.name)
  );
  const inductions = [...carried].filter(name => {
    const updates = (byName.get(name) ?? []).filter(e => e.kind !== 'read');
    return (
      updates.length === 1 &&
      updates[0].kind !== 'write' &&
      !flow.subscriptWrites.has(name) &&
      (updates[0].operands ?? []).every(
        other => other !== name && !bound.has(other) && !targets.has(other)
      )
    );
  });
  return {
    accumulators: [...accumulators],
    carried: [...carried],
    inductions
  };
}

/** True when an index text names one of `names` (`[i-1]` names i). */
export function mentionsAny(
  index: string,
  names: ReadonlySet<string>
): boolean {
  return index.split(/[^A-Za-z0-9_]+/).some(token => names.has(token));
}
