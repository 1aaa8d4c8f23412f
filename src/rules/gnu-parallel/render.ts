/**
 * gnu-parallel: the external program the loop starts per item is written to a script taking the
 * item as $1, run for all items with `parallel -j <cores> ... ::: items`, and each item's output
 * handed back to the rest of the loop body in the items' order.
 */
import type { SyntaxNode } from '@lezer/common';

import type { ILoop } from '../../analysis/types';
import { blocks } from '../../templates/cells';
import { callParts } from '../../templates/loops';
import type { IRewrite } from '../../templates/rewrite';
import { defaultOutputs } from '../../templates/rewrite';
import {
  descendants,
  lineOf,
  replaceLines,
  statementAt,
  textOf
} from '../../analysis/syntax';
import { isTargetLoop } from '../../templates/target';
import { editSource } from '../../templates/source';
import type { ITemplateContext } from '../../templates/types';

const RUNNERS = new Set([
  'subprocess.run',
  'subprocess.check_output',
  'subprocess.call',
  'subprocess.check_call'
]);

/** The shell helpers: install check, script writing, running and collecting. */
const HELPERS = String.raw`import shlex
import shutil
import subprocess
import tempfile
from pathlib import Path

if shutil.which("parallel") is None:
    raise RuntimeError(
        "GNU Parallel is not installed. Install it with 'sudo apt-get install parallel' (Debian/Ubuntu), "
        "'sudo dnf install parallel' (Fedora), 'brew install parallel' (macOS) or "
        "'conda install -c conda-forge parallel', then run this cell again."
    )

ITEM = "@OPTIMISER_ITEM@"  # stands for one item while the per-item command is written down
ARG_FILE_OVER = 1000  # more items than this go to parallel in a file: a command line has a length limit


def shell_word(arg):
    quoted = shlex.quote(str(arg))
    return quoted.replace(ITEM, "'\"$1\"'" if quoted.startswith("'") else '"$1"')


def run_with_parallel(command, items, n_jobs, text=True, check=False):
    """Runs the per-item command for every item with GNU Parallel; CompletedProcess per item, in order."""
    work = Path(tempfile.mkdtemp(prefix="optimiser-parallel-"))
    script = work / "run_item.sh"
    words = command if isinstance(command, (list, tuple)) else ["sh", "-c", command, "sh"]
    if not any(ITEM in str(word) for word in words):
        raise ValueError("the command does not use the loop's item; edit run_item.sh by hand")
    script.write_text("#!/bin/sh\nexec " + " ".join(shell_word(word) for word in words) + "\n")
    args = [str(item) for item in items]
    options, after = ["-j", str(n_jobs), "--joblog", str(work / "jobs.log")], []
    if len(args) > ARG_FILE_OVER and not any("\n" in arg for arg in args):
        (work / "items.txt").write_text("".join(arg + "\n" for arg in args))
        options += ["--arg-file", str(work / "items.txt")]  # an option: before the command
    else:
        after = [":::", *args]
    ran = subprocess.run(
        ["parallel", *options, "sh", str(script), "{}", ">", str(work / "{#}.out"), "2>", str(work / "{#}.err"), *after],
        check=False, stderr=subprocess.PIPE, text=True,
    )
    if not (work / "jobs.log").exists():
        raise RuntimeError("GNU Parallel did not run the jobs: " + ran.stderr.strip())
    codes = {}
    for line in (work / "jobs.log").read_text().splitlines()[1:]:
        fields = line.split("\t")
        codes[int(fields[0])] = int(fields[6])
    done = []
    for seq, item in enumerate(items, 1):
        read = (lambda p: p.read_text()) if text else (lambda p: p.read_bytes())
        args = [str(word).replace(ITEM, str(item)) for word in words]
        result = subprocess.CompletedProcess(args, codes.get(seq, -1), read(work / f"{seq}.out"), read(work / f"{seq}.err"))
        if check:
            result.check_returncode()
        done.append(result)
    shutil.rmtree(work, ignore_errors=True)
    return done`;

/** The loop's per-item program call, read from the analysis' tree. */
interface IProgramLoop {
  loop: ILoop & { target: string };
  node: SyntaxNode;
  call: SyntaxNode;
  parts: NonNullable<ReturnType<typeof callParts>>;
}

/** The gnu-parallel rewrite of a cell. */
export function parallelRewrite(ctx: ITemplateContext): IRewrite {
  const found = programLoop(ctx);
  if (!found) {
    return {
      summary:
        'run the external program for all items at once with GNU Parallel.',
      prepare: HELPERS,
      run: ctx.source.trimEnd(),
      outputs: [],
      todo: [
        'The optimiser could not find the per-item subprocess.run([...]) call of a loop here. Write the command for one item as a script taking the item as $1, then run `parallel -j <cores> sh script.sh {} ::: <items>`.'
      ],
      cleanup: null
    };
  }
  const { loop, parts } = found;
  const other = parts.keywords.filter(k =>
    /^(cwd|env|input|stdin|shell|timeout)=/.test(k)
  );
  const run = replaceLines(
    ctx.source,
    loop.line,
    lineOf(ctx.parsed.text, found.node.to - 1),
    parallelLoop(ctx, found)
  );
  return {
    summary: `the program the loop on line ${loop.line} starts for each item of ${loop.iterable?.text ?? ''} runs for all items at once, ${'`parallel -j <cores>`'}, one job per usable core; outputs come back in the items' order.`,
    prepare: blocks(
      'import os\n\n_cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)',
      HELPERS
    ),
    run: run.trimEnd(),
    outputs: defaultOutputs(
      ctx,
      loop.appends.length > 0 ? loop.appends : loop.accumulators
    ),
    todo:
      other.length > 0
        ? [
            `The call passes ${other.join(', ')}, which run_item.sh does not reproduce; add them to the script (cd, export, input redirection).`
          ]
        : [],
    cleanup: null
  };
}

/** The finding's top-level loop that starts one program per item with one argument list. */
function programLoop(ctx: ITemplateContext): IProgramLoop | null {
  const loop = ctx.analysis.loops.find(
    item =>
      item.subprocess &&
      item.kind === 'for' &&
      item.inFunction === null &&
      item.depth === 0 &&
      isTargetLoop(ctx, item)
  );
  const parsed = ctx.parsed;
  const node = loop ? statementAt(parsed, loop.line) : null;
  const call = node
    ? descendants(node).find(item => {
        const parts = callParts(parsed, item);
        return parts !== null && RUNNERS.has(parts.callee);
      })
    : undefined;
  const parts = call ? callParts(parsed, call) : null;
  if (
    !loop ||
    !node ||
    !call ||
    !parts ||
    parts.args.length !== 1 ||
    !loop.target ||
    loop.target.includes(',')
  ) {
    return null;
  }
  return { loop: { ...loop, target: loop.target }, node, call, parts };
}

/** The code in place of the loop: all programs run at once, then the loop over their runs. */
function parallelLoop(ctx: ITemplateContext, found: IProgramLoop): string {
  const { loop, parts } = found;
  const keywords = parts.keywords;
  const text =
    keywords.some(k => k === 'text=True' || k === 'universal_newlines=True') ||
    (parts.callee === 'subprocess.check_output' &&
      keywords.includes('text=True'));
  const check =
    keywords.includes('check=True') ||
    parts.callee.startsWith('subprocess.check_');
  const iterable = loop.iterable?.text ?? '';
  const resultOf =
    parts.callee === 'subprocess.run'
      ? 'next(completed_runs)'
      : parts.callee === 'subprocess.check_output'
        ? 'next(completed_runs).stdout'
        : 'next(completed_runs).returncode';
  const newLoop = editSource(ctx, found.node.from, found.node.to, [
    { from: found.call.from, to: found.call.to, text: resultOf }
  ]);
  return blocks(
    [
      `item_list = list(${iterable})`,
      `${loop.target} = ITEM  # the loop variable, standing for every item`,
      `command = ${textOf(ctx.parsed, parts.args[0])}`,
      `completed_runs = iter(run_with_parallel(command, item_list, n_jobs=_cores, text=${text ? 'True' : 'False'}, check=${check ? 'True' : 'False'}))`
    ].join('\n'),
    `# The rest of the loop, with each program's finished run in place of starting it:\n${newLoop.replace(iterable, 'item_list').trimEnd()}`
  );
}
