import probeSource from './probe.py';

/** The comm target the probe opens; the front end registers it before installing. */
export const PROBE_TARGET = 'jupyterlab-optimiser';

/** The name of the private module the probe lives in, inside the kernel. */
export const PROBE_MODULE = '_jlab_optimiser_probe';

/**
 * The code of the silent install request: the probe's text executed inside its own module, so
 * that no name lands in the user's namespace. Running it again replaces the earlier installation.
 */
export function installCode(source: string = probeSource): string {
  const module = `__import__("sys").modules["${PROBE_MODULE}"]`;
  return (
    `__import__("sys").modules.setdefault("${PROBE_MODULE}", __import__("types").ModuleType("${PROBE_MODULE}"))\n` +
    `exec(compile(${JSON.stringify(source)}, "jupyterlab_optimiser_probe.py", "exec"), ${module}.__dict__)\n`
  );
}

/** The options of every request the probe sends: invisible to history, stdin and errors. */
export const SILENT = {
  silent: true,
  store_history: false,
  allow_stdin: false,
  stop_on_error: false
} as const;
