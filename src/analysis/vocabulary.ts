/**
 * The names the analysis recognises: which calls are math, string or dict work, array libraries
 * or external programs. Kept apart from the readers so the vocabulary can grow on its own.
 */

/** Augmented assignments that do arithmetic. */
export const ARITHMETIC_UPDATES = new Set([
  '+=',
  '-=',
  '*=',
  '/=',
  '//=',
  '%=',
  '**=',
  '@='
]);
/** Builtins that compute on numbers one at a time. */
export const NUMERIC_BUILTINS = new Set(['abs', 'pow', 'round', 'divmod']);
/** List methods that grow a list in a loop. */
export const APPEND_METHODS = new Set(['append', 'extend', 'insert']);
/** str and dict methods: work NumPy arrays do not take over. */
export const STRING_METHODS = new Set(
  (
    'join split rsplit strip lstrip rstrip replace lower upper format startswith endswith encode ' +
    'decode splitlines partition title capitalize casefold zfill ljust rjust center isdigit ' +
    'isalpha isalnum get setdefault items keys values update popitem'
  ).split(' ')
);
/** Calls that build or parse text and dictionaries (qualified names). */
export const STRING_FUNCTIONS = new Set([
  'str',
  'repr',
  'format',
  'chr',
  'ord',
  'dict',
  'collections.Counter',
  'collections.defaultdict',
  'collections.OrderedDict',
  'json.dumps',
  'json.loads'
]);
/** Calls that start an external program (qualified names). */
export const SUBPROCESS_CALLS = new Set([
  'subprocess.run',
  'subprocess.call',
  'subprocess.check_call',
  'subprocess.check_output',
  'subprocess.Popen',
  'subprocess.getoutput',
  'subprocess.getstatusoutput',
  'os.system',
  'os.popen',
  'asyncio.create_subprocess_exec',
  'asyncio.create_subprocess_shell'
]);
/** Prefixes of qualified names that belong to array libraries. */
export const ARRAY_LIBRARIES = [
  'numpy.',
  'pandas.',
  'scipy.',
  'dask.',
  'cupy.',
  'xarray.'
];

/** True when a qualified call name starts an external program. */
export function isSubprocessCall(qualified: string): boolean {
  return (
    SUBPROCESS_CALLS.has(qualified) ||
    qualified.startsWith('os.spawn') ||
    qualified.startsWith('os.exec') ||
    qualified === 'os.posix_spawn'
  );
}
