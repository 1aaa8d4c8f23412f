import type { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';

import type { IRunRecord } from '../../../contracts/facts';
import type { IRunStats } from '../../types';
import { formatBytes, formatSeconds } from '../../format';

/** Props of a cell's run history. */
export interface IRunHistoryProps {
  trans: TranslationBundle;
  runs: readonly IRunRecord[];
  stats: IRunStats;
  /** Usable cores of the machine, for "cores busy: 1.0 of 16"; null when unknown. */
  cores: number | null;
}

/** The last runs as a small bar chart with the mean, then the numbers that matter. */
export function RunHistory(props: IRunHistoryProps): JSX.Element {
  const { trans, stats } = props;
  return (
    <div className="jp-Optimiser-history">
      <HistoryChart trans={trans} runs={props.runs} meanS={stats.meanS} />
      <dl
        className="jp-Optimiser-stats"
        aria-label={trans.__('Run statistics')}
      >
        <Stat
          term={trans.__('Last run')}
          value={formatSeconds(trans, stats.lastS)}
        />
        <Stat
          term={trans.__('Mean')}
          value={trans._n(
            '%2 over %1 run',
            '%2 over %1 runs',
            stats.count,
            formatSeconds(trans, stats.meanS)
          )}
        />
        {stats.count > 1 && (
          <Stat
            term={trans.__('Spread')}
            value={trans.__(
              '%1 – %2',
              formatSeconds(trans, stats.minS),
              formatSeconds(trans, stats.maxS)
            )}
          />
        )}
        {stats.cv !== null && (
          <Stat
            term={trans.__('Variation (CV)')}
            value={trans.__('%1%', Math.round(stats.cv * 100))}
          />
        )}
        <Stat
          term={trans.__('CPU')}
          value={coresText(trans, stats.coresBusy, props.cores)}
        />
        {stats.peakRssDeltaBytes !== null && (
          <Stat
            term={trans.__('Memory')}
            value={trans.__(
              'peak grew by %1',
              formatBytes(trans, stats.peakRssDeltaBytes)
            )}
          />
        )}
        <Stat
          term={trans.__('Imported')}
          value={
            stats.imported.length > 0
              ? stats.imported.join(', ')
              : trans.__('no new modules')
          }
        />
        {stats.lastError && (
          <Stat term={trans.__('Last error')} value={stats.lastError} />
        )}
      </dl>
    </div>
  );
}

function Stat(props: { term: string; value: string }): JSX.Element {
  return (
    <>
      <dt>{props.term}</dt>
      <dd>{props.value}</dd>
    </>
  );
}

function coresText(
  trans: TranslationBundle,
  busy: number | null,
  cores: number | null
): string {
  if (busy === null) {
    return trans.__('not measured (timings only)');
  }
  const value = busy.toFixed(1);
  return cores === null
    ? trans.__('cores busy: %1', value)
    : trans.__('cores busy: %1 of %2', value, cores);
}

const CHART_HEIGHT = 40;

/** Bars of the kept runs, oldest on the left, failed runs marked, and the mean as a line. */
function HistoryChart(props: {
  trans: TranslationBundle;
  runs: readonly IRunRecord[];
  meanS: number;
}): JSX.Element {
  const { trans, runs } = props;
  const max = Math.max(...runs.map(run => run.wall_s), 1e-9);
  const width = 100 / Math.max(runs.length, 1);
  const y = (seconds: number) =>
    CHART_HEIGHT - (seconds / max) * (CHART_HEIGHT - 2);
  const description = trans._n(
    'The last run: %2',
    'The last %1 runs, from %3 to %4; mean %2',
    runs.length,
    formatSeconds(trans, props.meanS),
    formatSeconds(trans, Math.min(...runs.map(run => run.wall_s))),
    formatSeconds(trans, max)
  );
  return (
    <svg
      className="jp-Optimiser-historyChart"
      role="img"
      aria-label={description}
      viewBox={`0 0 100 ${CHART_HEIGHT}`}
      preserveAspectRatio="none"
    >
      {runs.map((run, position) => (
        <rect
          key={position}
          className="jp-Optimiser-historyBar"
          data-ok={run.ok}
          x={position * width + width * 0.1}
          width={width * 0.8}
          y={y(run.wall_s)}
          height={CHART_HEIGHT - y(run.wall_s)}
        />
      ))}
      <line
        className="jp-Optimiser-historyMean"
        x1="0"
        x2="100"
        y1={y(props.meanS)}
        y2={y(props.meanS)}
      />
    </svg>
  );
}
