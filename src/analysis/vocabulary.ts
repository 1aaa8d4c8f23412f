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
/** Functions of `random` (and `numpy.random`) that draw one number per call. */
export const RANDOM_DRAWS = new Set(
  (
    'random uniform gauss normalvariate lognormvariate expovariate gammavariate betavariate ' +
    'triangular vonmisesvariate paretovariate weibullvariate randint randrange normal rand ' +
    'randn exponential poisson binomial standard_normal random_sample'
  ).split(' ')
);
/**
 * A call that draws a random number, by its dotted name: `random.gauss`, `numpy.random.normal`,
 * `np.random.rand`, or a bare `uniform` (imported from one of them).
 */
export function isRandomDraw(name: string): boolean {
  const parts = name.split('.');
  return (
    RANDOM_DRAWS.has(parts[parts.length - 1]) &&
    (parts.length === 1 || parts[parts.length - 2] === 'random')
  );
}
/**
 * NumPy functions that compute element by element (ufuncs and their kin): called on one element
 * at a time in a loop (`y[i] = np.sin(z[i])`) they are math on numbers, like `math.sin`.
 */
export const NUMPY_ELEMENTWISE = new Set(
  (
    'sin cos tan arcsin arccos arctan arctan2 sinh cosh tanh arcsinh arccosh arctanh exp exp2 ' +
    'expm1 log log2 log10 log1p sqrt cbrt square reciprocal abs absolute fabs floor ceil trunc ' +
    'rint round around fix hypot power float_power sign maximum minimum fmax fmin mod fmod ' +
    'remainder deg2rad rad2deg degrees radians clip heaviside copysign logaddexp'
  ).split(' ')
);
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
