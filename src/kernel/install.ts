/**
 * The kernel side of the probe, as requests. The texts of src/kernel/probe.py and verify.py are
 * arguments: the front end fetches them from the labextension's static files (app/probe-code.ts),
 * so there is exactly one copy of each and none in the JavaScript.
 */

/** The comm target the probe opens; the front end registers it before installing. */
export const PROBE_TARGET = 'jupyterlab-optimiser';

/** The private module the probe lives in, inside the kernel (its only name there). */
export const PROBE_MODULE = '_jlab_optimiser_probe';

const MODULE = `__import__("sys").modules["${PROBE_MODULE}"]`;

/**
 * The code of the silent install request: the probe's text executed inside its own module, so no
 * name lands in the user's namespace, then the verify harness (src/kernel/verify.py) that the
 * inserted verify cells call, in the same module. Running it again replaces the earlier installation.
 *
 * JSON string syntax is a subset of Python's string literal syntax, so the text travels unchanged.
 */
export function installCode(source: string, harness: string): string {
  return (
    `__import__("sys").modules.setdefault("${PROBE_MODULE}", ` +
    `__import__("types").ModuleType("${PROBE_MODULE}"))\n` +
    `exec(compile(${JSON.stringify(source)}, "jupyterlab_optimiser_probe.py", "exec"), ` +
    `${MODULE}.__dict__)\n` +
    `exec(compile(${JSON.stringify(harness)}, "jupyterlab_optimiser_verify.py", "exec"), ` +
    `${MODULE}.__dict__)\n`
  );
}

/** Removes the probe from a kernel (the setting was switched off); harmless if it is not there. */
export const UNINSTALL_CODE = `getattr(__import__("sys").modules.get("${PROBE_MODULE}"), "uninstall", lambda: None)()\n`;

/** The options of every request the client sends: invisible to history, stdin and errors. */
export const SILENT = {
  silent: true,
  store_history: false,
  allow_stdin: false,
  stop_on_error: false
} as const;
