import type { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import type {
  ChecklistId,
  ChecklistReason,
  CheckState,
  IChecklistItem
} from '../../types';
import { formatSeconds } from '../../format';

/** Props of the "what next" checklist. */
export interface IChecklistProps {
  trans: TranslationBundle;
  items: readonly IChecklistItem[];
  /** Ticks an item by hand (what the panel cannot check), or unticks it. */
  onTick: (id: ChecklistId, ticked: boolean) => void;
}

/** The lesson's "what next" list, each item with the state the panel checked. */
export function Checklist(props: IChecklistProps): JSX.Element {
  const { trans } = props;
  return (
    <section
      className="jp-Optimiser-section jp-Optimiser-checklist"
      aria-label={trans.__('What next')}
    >
      <h3 className="jp-Optimiser-heading">{trans.__('What next')}</h3>
      <ul className="jp-Optimiser-checks">
        {props.items.map(item => (
          <ChecklistRow key={item.id} {...props} item={item} />
        ))}
      </ul>
    </section>
  );
}

function ChecklistRow(
  props: IChecklistProps & { item: IChecklistItem }
): JSX.Element {
  const { trans, item } = props;
  const title = titleText(trans, item.id);
  const canTick = item.ticked || item.state !== 'done';
  // The tick shows at once; the stored state catches up a moment later (a refresh away).
  const [checked, setChecked] = React.useState(item.ticked);
  React.useEffect(() => setChecked(item.ticked), [item.ticked]);
  return (
    <li
      className="jp-Optimiser-check"
      data-state={item.state}
      data-item={item.id}
    >
      <span className="jp-Optimiser-checkMark" aria-hidden="true" />
      <div className="jp-Optimiser-checkBody">
        <span className="jp-Optimiser-checkTitle">{title}</span>{' '}
        <span className="jp-Optimiser-visuallyHidden">
          {stateText(trans, item.state)}
        </span>
        <span className="jp-Optimiser-checkDetail">
          {item.ticked ? trans.__('Ticked by hand.') : reasonText(trans, item)}
        </span>
      </div>
      {canTick && (
        <input
          type="checkbox"
          className="jp-Optimiser-tick"
          checked={checked}
          aria-label={trans.__('I have done this: %1', title)}
          onChange={event => {
            setChecked(event.currentTarget.checked);
            props.onTick(item.id, event.currentTarget.checked);
          }}
        />
      )}
    </li>
  );
}

function stateText(trans: TranslationBundle, state: CheckState): string {
  switch (state) {
    case 'done':
      return trans.__('(done)');
    case 'todo':
      return trans.__('(to do)');
    case 'unknown':
      return trans.__('(cannot tell)');
  }
}

function titleText(trans: TranslationBundle, id: ChecklistId): string {
  switch (id) {
    case 'version-control':
      return trans.__('Keep the code under version control');
    case 'tests':
      return trans.__('Have tests that check the results');
    case 'consistent-timing':
      return trans.__('Make the timing consistent');
    case 'small-test-case':
      return trans.__('Time a test case of a minute or two');
    case 'profiled':
      return trans.__('Profile to find the slow functions');
    case 'one-change':
      return trans.__('Change one thing at a time, and check it');
  }
}

/** The reason codes of `buildChecklist`, in words. */
export function reasonText(
  trans: TranslationBundle,
  item: IChecklistItem
): string {
  const v = item.values;
  const reasons: Record<ChecklistReason, () => string> = {
    checking: () => trans.__('Checking the folder…'),
    'git-found': () =>
      trans.__('The notebook is in a git repository (%1).', v.folder),
    'git-absent': () =>
      trans.__(
        'No git repository around %1: use git, or keep regular backups to roll back to.',
        v.folder
      ),
    'git-hidden': () =>
      trans.__(
        'The server hides dot-folders, so the panel cannot see a .git folder: tick this if the notebook is under version control.'
      ),
    'tests-found': () => trans.__('Tests found: %1.', v.where),
    'tests-in-notebook': () =>
      trans.__(
        'Cell %1 checks results with assert or a test function.',
        v.cell
      ),
    'tests-absent': () =>
      trans.__(
        'No tests found near the notebook: write a few checks you can run by hand.'
      ),
    'no-runs': () =>
      trans.__('Run the cell you want to speed up to check this.'),
    'few-runs': () =>
      trans._n(
        'Cell %2 ran once: run it %3 times to see how much it varies.',
        'Cell %2 ran %1 times: run it %3 times to see how much it varies.',
        Number(v.runs),
        v.cell,
        v.needed
      ),
    consistent: () =>
      trans.__('Cell %1 varies by %2% over %3 runs.', v.cell, v.cv, v.runs),
    inconsistent: () =>
      trans.__(
        'Cell %1 varies by %2% over %3 runs: find out why before comparing timings.',
        v.cell,
        v.cv,
        v.runs
      ),
    'small-case': () =>
      trans.__(
        'Cell %1 runs in %2.',
        v.cell,
        formatSeconds(trans, Number(v.seconds))
      ),
    'large-case': () =>
      trans.__(
        'Cell %1 takes %2: cut the input to a case that runs in a minute or two.',
        v.cell,
        formatSeconds(trans, Number(v.seconds))
      ),
    profiled: () => trans.__('Cell %1 ran a profiler.', v.cell),
    'profile-not-run': () =>
      trans.__('Cell %1 has a profiler: run it.', v.cell),
    'not-profiled': () =>
      trans.__(
        'Profile the slow cell (e.g. the "Profile first" advice) to find where the time goes.'
      ),
    'no-changes': () =>
      trans.__(
        'No rewrite inserted yet: try one change, verify it, then the next.'
      ),
    'one-pending': () =>
      trans.__('At most one rewrite waits for its verify cell.'),
    'many-pending': () =>
      trans.__(
        '%1 rewrites wait for their verify cells: check one before trying the next.',
        v.pending
      ),
    'verify-differs': () =>
      trans.__('The verify cell %1 says the results differ.', v.cell)
  };
  return reasons[item.reason]();
}
