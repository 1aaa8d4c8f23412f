/**
 * `advise --json` of a large notebook on several cores. Worker threads (this same bundle) each
 * analyse a contiguous share of the code cells, the shares' analyses are swapped (v8-serialised:
 * one buffer each way), then each worker advises and renders its own cells, reading its own
 * parses, and returns its part of the JSON text. The parts join into exactly the document one
 * thread prints. The main thread waits on an Atomics signal, so `run` stays synchronous.
 */
import * as v8 from 'v8';
import type { MessagePort } from 'worker_threads';
import {
  MessageChannel,
  receiveMessageOnPort,
  Worker,
  workerData
} from 'worker_threads';

import { analyseCell } from '../analysis/cell';
import { definitionsOf } from '../analysis/notebook';
import type { ICellAnalysis, INotebookAnalysis } from '../analysis/types';
import type { IPipelineInput } from '../pipeline';
import { adviseCellsOf } from '../pipeline';
import { joinJsonCells, jsonCellsText, positions } from './output';

/** Workers at most: each also pays for warming up the code (JIT) on its own. */
const MAX_WORKERS = 32;
/** The number of workers to advise with (unset or 1: advise in this thread). */
export const WORKERS_VARIABLE = 'JUPYTERLAB_OPTIMISER_WORKERS';

/** The pipeline's input without the analyser, which stays in the thread that made it. */
export type IShareInput = Omit<IPipelineInput, 'analyser'>;

interface IShareJob {
  job: 'advise-share';
  share: number;
  count: number;
  input: IShareInput;
  port: MessagePort;
  /** One Int32 per worker: the last stage it finished (ANALYSED, ADVISED, or FAILED). */
  signal: SharedArrayBuffer;
}

const ANALYSED = 1;
const ADVISED = 2;
const FAILED = 3;

/**
 * The `--json` text, advised by worker threads; null when the notebook is too small for threads
 * to pay (or the variable asks for one thread), so the caller advises it in-process.
 */
export function adviseJsonInWorkers(input: IShareInput): string | null {
  const count = workerCount(codeCells(input).length);
  if (count < 2) {
    return null;
  }
  const signal = new Int32Array(new SharedArrayBuffer(4 * count));
  const ports = Array.from({ length: count }, (_, share) => {
    const { port1, port2 } = new MessageChannel();
    const job: IShareJob = {
      job: 'advise-share',
      share,
      count,
      input,
      port: port2,
      signal: signal.buffer as SharedArrayBuffer
    };
    new Worker(__filename, { workerData: job, transferList: [port2] });
    return port1;
  });
  const analyses = ports.map(
    (port, share) => receive(port, signal, share, ANALYSED).analyses
  );
  ports.forEach((port, share) =>
    port.postMessage({
      analyses: analyses.map((buffer, other) =>
        other === share ? null : buffer
      )
    })
  );
  const parts = ports.map(
    (port, share) => receive(port, signal, share, ADVISED).json
  );
  ports.forEach(port => port.close());
  return joinJsonCells(parts);
}

/** True in a thread started by `adviseJsonInWorkers`. */
export function isShareWorker(): boolean {
  return (workerData as IShareJob | null)?.job === 'advise-share';
}

/** The worker's side: analyse the share, swap analyses, advise the share, return its JSON. */
export function serveShare(): void {
  const { share, count, input, port, signal } = workerData as IShareJob;
  const flags = new Int32Array(signal);
  const done = (stage: number, message: unknown): void => {
    port.postMessage(message);
    Atomics.store(flags, share, stage);
    Atomics.notify(flags, share);
  };
  try {
    const code = codeCells(input);
    const ranges = shareRanges(
      code.map(cell => cell.source.length),
      count
    );
    const [from, to] = ranges[share];
    const own = code.slice(from, to).map(cell => analyseCell(cell.source));
    done(ANALYSED, { analyses: v8.serialize(own) });
    port.once('message', (message: { analyses: (Uint8Array | null)[] }) => {
      try {
        const all = message.analyses.flatMap((buffer, other) =>
          other === share
            ? own
            : (v8.deserialize(buffer as Uint8Array) as ICellAnalysis[])
        );
        const cells = code.map((cell, at) => ({
          id: cell.id,
          index: cell.index,
          analysis: all[at]
        }));
        const notebook: INotebookAnalysis = {
          cells,
          definitions: definitionsOf(cells)
        };
        const positionsHere = Array.from(
          { length: to - from },
          (_, at) => from + at
        );
        const advice = adviseCellsOf(input, notebook, positionsHere);
        done(ADVISED, { json: jsonCellsText(advice, positions(cells)) });
      } catch (error) {
        done(FAILED, { error: (error as Error).stack ?? String(error) });
      } finally {
        port.close();
      }
    });
  } catch (error) {
    done(FAILED, { error: (error as Error).stack ?? String(error) });
    port.close();
  }
}

function workerCount(cells: number): number {
  // Off unless asked: measured at load 4-6 on the 2-core machine, 2 workers took 40 % more CPU
  // (each warms the JIT up on its own) and were slower; the gain needs a free core.
  const asked = process.env[WORKERS_VARIABLE];
  return asked !== undefined && /^\d+$/.test(asked)
    ? Math.min(Number(asked), cells, MAX_WORKERS)
    : 1;
}

/** The code cells as the pipeline analyses them: id, source, position in the notebook. */
function codeCells(
  input: IShareInput
): { id: string; source: string; index: number }[] {
  const code: { id: string; source: string; index: number }[] = [];
  input.cells.forEach((cell, index) => {
    if (cell.type === 'code') {
      code.push({ id: cell.id, source: cell.source, index });
    }
  });
  return code;
}

/** `count` contiguous, non-empty [from, to) ranges holding about equal amounts of source. */
export function shareRanges(
  lengths: readonly number[],
  count: number
): [number, number][] {
  const total = lengths.reduce((sum, length) => sum + length, 0);
  const ranges: [number, number][] = [];
  let from = 0;
  let sum = 0;
  for (let at = 0; at < lengths.length; at++) {
    sum += lengths[at];
    const left = count - ranges.length - 1;
    const mustClose = lengths.length - (at + 1) === left;
    if (
      left > 0 &&
      (sum >= (total * (ranges.length + 1)) / count || mustClose)
    ) {
      ranges.push([from, at + 1]);
      from = at + 1;
    }
  }
  ranges.push([from, lengths.length]);
  return ranges;
}

/** The worker's message for `stage`, waiting for it; throws the worker's error. */
function receive(
  port: MessagePort,
  signal: Int32Array,
  share: number,
  stage: number
): { analyses: Uint8Array; json: string } {
  for (let seen; (seen = Atomics.load(signal, share)) < stage;) {
    Atomics.wait(signal, share, seen);
  }
  const message = receiveMessageOnPort(port)?.message as
    { analyses: Uint8Array; json: string; error?: string } | undefined;
  if (!message || message.error !== undefined) {
    throw new Error(
      `advice worker ${share + 1} of ${signal.length} failed: ${message?.error ?? 'no reply'}`
    );
  }
  return message;
}
