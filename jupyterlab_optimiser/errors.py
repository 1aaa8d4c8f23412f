"""Exit codes and the one error every command turns into a single line on stderr."""

EXIT_OK = 0
EXIT_INTERNAL = 1  # a bug: the line on stderr is worth a report
EXIT_INPUT = 2  # bad usage, unusable input, or a set-up that cannot do the job
EXIT_SLOWER = 3  # compare: a cell got slower (or stopped running)
EXIT_CELL_FAILED = 4  # measure: facts written, but a cell raised, timed out or the kernel died


class InputError(Exception):
    """Input the command cannot use; the message is the whole line shown to the user."""
