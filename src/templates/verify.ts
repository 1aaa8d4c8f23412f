/**
 * The verify cell inserted with every rewrite: it runs the original cell and the new code on the
 * same inputs (in the user's namespace, restored after each run), checks that the results agree,
 * times both, and ends with one line `verify: equal=True|False speedup=<x>x ...`.
 */
import { VERIFY_PRINT } from '../contracts/verify';
import { pyString, pyStrings } from './cells';

/** What the verify cell compares and how. */
export interface IVerifySpec {
  /** The analysed cell's source, run as the "before". */
  original: string;
  /** The new code's run part (its definitions and compilation already ran in the template cell). */
  rewritten: string;
  /** Python expressions both versions must agree on (names, or the cell's last expression). */
  outputs: readonly string[];
  /** Free names the original mutates in place (appends, `+=`): deep-copied before each run. */
  mutated: readonly string[];
  /** Side effects the analysis saw in the original (external programs, files); shown as warnings. */
  sideEffects: readonly string[];
  /** Python code to run once the timing is done (close a cluster), or null. */
  cleanup: string | null;
}

/**
 * The checker itself, a private function that is deleted after use. Each run happens in the
 * user's namespace (process pools must find the user's functions in `__main__`) and every name
 * is put back afterwards, so the names the user sees stay those of the cells the user ran.
 */
const CHECKER = String.raw`def _jlab_optimiser_verify(original, new, outputs, mutated, side_effects, repeats=3, budget_s=30.0):
    import copy, math, os, statistics, sys, time
    try:
        import numpy
    except ImportError:
        numpy = None
    shell = get_ipython() if "get_ipython" in globals() else None
    user = globals()

    class Failed:
        def __init__(self, error):
            self.error = error

    def run(code):
        # Runs in your namespace (so process pools can find the functions), then puts every
        # name back as it was: added names removed, rebound names restored, and names the code
        # changes in place handed to it as deep copies.
        saved = dict(user)
        for name in mutated:
            if name in user:
                user[name] = copy.deepcopy(user[name])
        try:
            start = time.perf_counter()
            exec(code, user)
            elapsed = time.perf_counter() - start
            values = {}
            for expression in outputs:
                try:
                    values[expression] = eval(expression, user)
                except Exception as error:
                    values[expression] = Failed(error)
        finally:
            for name in [name for name in user if name not in saved]:
                del user[name]
            user.update(saved)
        return values, elapsed

    def code_of(source, label):
        text = shell.transform_cell(source) if shell is not None else source
        return compile(text, "<optimiser " + label + ">", "exec")

    def files():
        seen = {}
        for entry in os.scandir("."):
            if entry.is_file():
                st = entry.stat()
                seen[entry.name] = (st.st_mtime_ns, st.st_size)
        return seen

    def timed_in_turn(old_code, new_code, old_first, new_first):
        # More runs of each, taking turns, so that a machine whose speed drifts (other users,
        # a shared node) slows both alike; stops at "repeats" each or when the next pair
        # would go past the budget of both.
        old_times, new_times = [old_first], [new_first]
        while len(old_times) < repeats and sum(old_times) + sum(new_times) + old_times[-1] + new_times[-1] <= 2 * budget_s:
            old_times.append(run(old_code)[1])
            new_times.append(run(new_code)[1])
        return old_times, new_times

    def concrete(value):
        for method in ("compute", "get", "to_numpy"):  # dask, CuPy, pandas
            if hasattr(value, method) and type(value).__module__.split(".")[0] in ("dask", "cupy", "pandas"):
                try:
                    return getattr(value, method)()
                except Exception:
                    pass
        return value

    def same(a, b):
        a, b = concrete(a), concrete(b)
        if isinstance(a, dict) and isinstance(b, dict):
            return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
        if isinstance(a, (str, bytes)) or isinstance(b, (str, bytes)):
            return type(a) is type(b) and a == b
        if numpy is not None:
            try:
                x, y = numpy.asarray(a), numpy.asarray(b)
                if x.dtype.kind in "biufc" and y.dtype.kind in "biufc":
                    return x.shape == y.shape and bool(numpy.allclose(x, y, equal_nan=True))
            except Exception:
                pass
        if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
            return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
        if isinstance(a, float) or isinstance(b, float):
            return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)
        try:
            return bool(a == b)
        except Exception:
            return False

    for warning in side_effects:
        print("warning: " + warning)
    old_code, new_code = code_of(original, "original"), code_of(new, "new")
    before = files()
    original_ns, old_first = run(old_code)
    changed = sorted(name for name, stamp in files().items() if before.get(name) != stamp)
    if changed:
        print("warning: running the original again wrote " + ", ".join(changed[:5]))
    run(new_code)  # untimed first run: compilation, caches, pool start-up
    new_ns, new_first = run(new_code)
    original_times, new_times = timed_in_turn(old_code, new_code, old_first, new_first)
    equal = True
    for expression in outputs:
        before_value, after_value = original_ns[expression], new_ns[expression]
        failed = [v.error for v in (before_value, after_value) if isinstance(v, Failed)]
        try:
            ok = not failed and same(before_value, after_value)
        except Exception as error:
            failed = [error]
            ok = False
        if failed:
            print("  " + expression + ": could not compare (" + type(failed[0]).__name__ + ": " + str(failed[0]) + ")")
        else:
            print("  " + expression + ": " + ("same" if ok else "DIFFERENT"))
        equal = equal and ok
    def summary(label, times):
        spread = statistics.pstdev(times) if len(times) > 1 else 0.0
        print("  %s: best %.3g s of %d run(s), mean %.3g s, spread %.2g s" % (label, min(times), len(times), statistics.fmean(times), spread))
    summary("original", original_times)
    summary("new", new_times)
    best_old, best_new = min(original_times), min(new_times)
    speedup = best_old / best_new if best_new > 0 else float("inf")
    ${VERIFY_PRINT}`;

/** The verify cell's source for one rewrite. */
export function verifySource(spec: IVerifySpec): string {
  const lines = [
    '# Optimiser check: runs your original cell and the new code on the same inputs, compares',
    '# the results and times both. Your variables are put back as they were after each run.',
    '# The last line reads `verify: equal=... speedup=...`.',
    CHECKER,
    '',
    '',
    'try:',
    '    _jlab_optimiser_verify(',
    `        original=${pyString(spec.original)},`,
    `        new=${pyString(spec.rewritten)},`,
    `        outputs=${pyStrings(spec.outputs)},`,
    `        mutated=${pyStrings(spec.mutated)},`,
    `        side_effects=${pyStrings(spec.sideEffects)},`,
    '    )',
    'finally:',
    '    del _jlab_optimiser_verify'
  ];
  if (spec.cleanup) {
    lines.push(
      ...spec.cleanup.split('\n').map(line => (line ? `    ${line}` : line))
    );
  }
  return lines.join('\n');
}
