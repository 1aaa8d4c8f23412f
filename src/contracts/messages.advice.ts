/**
 * The English templates of the advice: titles, reasons and evidence of every rule, and the phrases
 * they share. Ids are `<rule-id>.<what>` for one rule's text, `<topic>.<what>` for shared phrases.
 */
export const ADVICE_MESSAGES = {
  // A rule asked for its cells where it does not fire (rules/index.ts, renderTemplate).
  'rule.not-advised': '{rule}: not advised for this cell',
  // Shared phrases (advice/phrases.ts, items.ts, data.ts, shapes.ts).
  'timing.unmeasured':
    'the cell has not been timed yet, so this rests on the code alone',
  'timing.took': 'the cell took {seconds}',
  'timing.took-busy': 'the cell took {seconds} with {busy}',
  'timing.unmeasured-start':
    'The cell has not been timed yet, so this rests on the code alone',
  'timing.took-start': 'The cell took {seconds}',
  'timing.took-busy-start': 'The cell took {seconds} with {busy}',
  'count.item': '{count} item',
  'count.items': '{count} items',
  'count.worker': '{count} worker',
  'count.workers': '{count} workers',
  'count.function': '{count} function',
  'count.functions': '{count} functions',
  'count.usable-core': '{count} usable core',
  'count.usable-cores': '{count} usable cores',
  'evidence.ran': 'ran {seconds}',
  'evidence.ran-latest': 'ran {seconds} (latest of {runs} runs)',
  'machine.memory-available': '{bytes} of memory available',
  'machine.no-gpu': 'no GPU',
  'machine.gpu': 'GPU: {names}',
  'machine.no-scheduler': 'no batch scheduler',
  'machine.scheduler': 'batch scheduler: {scheduler}',
  'code.function-line': '{name} (line {line})',
  'loop.while': 'while loop',
  'loop.for': 'for {iterable}',
  'loop.comprehension': 'comprehension over {iterable}',
  'loop.items': '{loop}, {items}',
  'loop.items-probe': '{loop}, {items} (probe)',
  'loop.in-function-cell': '{loop} in {name}, {cell}',
  'loops.on-one': 'The loop on {lines}',
  'loops.on-many': 'The loops on {lines}',
  'loops.in-one': 'The loop in {places}',
  'loops.in-many': 'The loops in {places}',
  'shape.carried': 'each iteration uses {names} from the one before',
  'shape.recursive': 'it calls a recursive function',
  'shape.stateful':
    'each call of {names} changes its object, and the next call reads what the last one left',
  'shape.while':
    'it is a `while` loop whose length depends on what it computes',
  'shape.leaves-early': 'it leaves the loop early on some elements',
  'data.allocation-line': '{code} on line {line} ({size})',
  'data.allocates': 'allocates {size}: {code}',
  'data.allocation-in': '{code} in {name} ({size})',
  'data.variable-size': '{name} ({type}, {size})',
  'data.variable': 'variable {name} ({type}, {size})',
  'items.each-of': 'each of {items}',
  'items.each': 'each item',
  'items.starts-program': 'starts an external program for {each}',
  'items.calls': 'calls {names} for {each}',
  'items.separately': 'works on {each} separately',
  'items.about-per-item': 'about {each} ({seconds} over {items})',
  'items.per-item': '{each} per item ({seconds} over {items})',
  // numba-jit
  'numba-jit.title-function': 'Compile {name} with Numba',
  'numba-jit.title-loop': 'Compile the loop with Numba',
  'numba-jit.why':
    '{sentence} Numba compiles it to machine code, loop and all, keeping the code as it is.',
  'numba-jit.on-line': 'on line {line}',
  'numba-jit.in': 'in {where}',
  'numba-jit.loop':
    'The loop {place} runs in the Python interpreter and {reason}, so there is no array expression for it; {timing}.',
  'numba-jit.loop-times':
    'The loop {place} runs {times} times in the Python interpreter and {reason}, so there is no array expression for it; {timing}.',
  'numba-jit.recursion':
    '{name} calls itself on numbers, which NumPy cannot express as array operations; {timing}.',
  'numba-jit.carried': 'carried from one iteration to the next: {names}',
  'numba-jit.calls-itself': '{name} calls itself',
  'code.compiled-with': '{name} is compiled with @{decorator}',
  // consistent-timing
  'consistent-timing.title': 'Make the timing consistent before comparing',
  'consistent-timing.why':
    'The last {runs} runs took between {min} and {max}, varying by {percent}% (standard deviation over the mean of {mean}). Until repeated runs agree, a faster version cannot be told apart from chance: find what varies (other jobs, first-run imports, caches, input size) and time several runs.',
  'consistent-timing.runs': '{runs} runs: {min} to {max}',
  'consistent-timing.varies': 'varies by {percent}% from run to run',
  // compiled-extension
  'compiled-extension.title': 'Rewrite {name} as a compiled extension',
  'compiled-extension.why':
    '{name} is already compiled with Numba and {timing}; there is no GPU to move to and no scheduler for more nodes. What is left is to write the hot spot in a compiled language (Cython, C++ or Fortran) and call it from Python.',
  // multi-node
  'multi-node.title': 'Spread the work over several nodes',
  'multi-node.why':
    'This node is full: {timing}. A {scheduler} scheduler is available, so {tool} can run on several nodes at once.',
  'multi-node.tool-dask':
    'the Dask code, on a cluster of jobs (dask-jobqueue),',
  'multi-node.tool-any':
    'the work, with Dask on a cluster of jobs (dask-jobqueue) or GNU Parallel over nodes,',
  // numba-cuda
  'numba-cuda.title': 'Compile {name} for the GPU with Numba CUDA',
  'numba-cuda.why':
    '{name} ({place}) is already compiled with Numba for the CPU; {timing}. This machine has a GPU ({gpu}) and no library covers hand-written loops, so the next step is a CUDA kernel written with Numba.',
  // gpu-library
  'gpu-library.title': 'Run the array code on the GPU with {library}',
  'gpu-library.array-call': 'array call {name}',
  'gpu-library.calls-cpu':
    "The cell's work is {library} calls that run on the CPU; {timing}.",
  'gpu-library.calls-named-cpu':
    "The cell's work is {library} calls ({names}) that run on the CPU; {timing}.",
  'gpu-library.calls-busy':
    "The cell's work is {library} calls that already keep the cores busy; {timing}.",
  'gpu-library.calls-named-busy':
    "The cell's work is {library} calls ({names}) that already keep the cores busy; {timing}.",
  'gpu-library.one-gpu':
    'This machine has a GPU ({gpu}): {library} runs the same calls there.',
  'gpu-library.gpus':
    'This machine has {count} GPUs ({gpu}): {library} runs the same calls there.',
  // dask-partition
  'dask-partition.title': 'Partition the data with Dask',
  'dask-partition.why':
    'The cell works on {what}, {size}; {timing}. Dask splits the data into chunks that fit in memory and works on them on every core at once.',
  'dask-partition.more-than-memory':
    'more than the {available} of memory available',
  'dask-partition.large': 'large enough to be worth spreading over the cores',
  'dask-partition.why-out-of-memory':
    "The cell ran out of memory ({error}): {what} do not fit in this machine's memory. Dask splits the data into chunks that fit in memory and works on them on every core at once.",
  'dask-partition.why-peak':
    "The cell's memory peaked near what this machine has ({peak}): {what} barely fit. Dask splits the data into chunks that fit in memory and works on them on every core at once.",
  'dask-partition.its-data': 'its data',
  'dask-partition.run-failed': 'the run failed: {error}',
  'dask-partition.peak': 'peak {peak} above the memory at the start',
  'dask-partition.peak-near': 'peak near the memory available',
  // gnu-parallel
  'gnu-parallel.title': 'Run the items as separate programs with GNU Parallel',
  'gnu-parallel.starts-program': 'starts an external program',
  'gnu-parallel.children-cpu': '{seconds} CPU in child processes',
  'gnu-parallel.loop':
    'The loop on line {line} {items}, and the items do not depend on each other.',
  'gnu-parallel.loop-lines':
    'The loop on line {line} {items} ({lines}), and the items do not depend on each other.',
  'gnu-parallel.each-takes': 'Each item takes {each}; {timing}{children}.',
  'gnu-parallel.time': '{timing}{children}.',
  'gnu-parallel.most-in-children':
    ', most of it in the programs it started ({seconds} CPU)',
  'gnu-parallel.runs-copies':
    'GNU Parallel runs one copy per core and starts the next as soon as one finishes.',
  // pathos-pool
  'pathos-pool.title': 'Run the independent items in parallel with {library}',
  'pathos-pool.loop':
    "The loop on line {line} {items}, and no item needs another's result.",
  'pathos-pool.each-takes': 'Each item takes {each}; {timing}.',
  'pathos-pool.each-takes-strings':
    'Each item takes {each} of string and dictionary work that NumPy does not help with; {timing}.',
  'pathos-pool.strings':
    'The items do string and dictionary work that NumPy does not help with; {timing}.',
  'pathos-pool.timing': '{timing}.',
  'pathos-pool.induction':
    '{name} changes by the same step every item: each item can compute its own from its index',
  'pathos-pool.pool-workers':
    'A process pool ({library}) with {workers}, one per core, runs the items side by side.',
  'pathos-pool.pool':
    'A process pool ({library}) with one worker per core runs the items side by side.',
  'pathos-pool.fill-title': 'Fill this node first: one worker per core',
  'pathos-pool.already-parallel':
    'The cell already runs its work in parallel, but {timing}.',
  'pathos-pool.fill':
    "Give the pool ({library}, or the scheduler's workers) {workers}, one per core, and enough items to keep them busy.",
  'pathos-pool.fill-before-nodes':
    "Give the pool ({library}, or the scheduler's workers) {workers}, one per core, and enough items to keep them busy before asking the scheduler for more nodes.",
  // numpy-vectorise
  'numpy-vectorise.title-loop': 'Vectorise the loop with NumPy',
  'numpy-vectorise.title-loops': 'Vectorise the loops with NumPy',
  'numpy-vectorise.title-rows': 'Replace the row loop with column operations',
  'numpy-vectorise.title-walk': 'Use NumPy on the array: {replacement}',
  'numpy-vectorise.why-walk':
    'The built-in {call} on {lines} walks the NumPy array {array} one element at a time, making a Python number of each; {timing}. {replacement} does the same work in compiled code.',
  'numpy-vectorise.walk': 'built-in {call} over a NumPy array',
  'numpy-vectorise.walk-count':
    'built-in {call} over a NumPy array of {count} elements',
  'numpy-vectorise.why-loops':
    '{sentence} NumPy does the same arithmetic on whole arrays in compiled code that uses the vector units.',
  'numpy-vectorise.why-rows':
    'The pandas code on {lines} runs Python once per row, element or group; {timing}. Whole-column operations (the vectorised methods, `.str`, `groupby(...).transform`) do the same work in compiled code.',
  'numpy-vectorise.loop-runs':
    '{loops} runs{times} in the Python interpreter{doing} one number at a time; {timing}.',
  'numpy-vectorise.loops-run':
    '{loops} run{times} in the Python interpreter{doing} one number at a time; {timing}.',
  'numpy-vectorise.times': ' {count} times',
  'numpy-vectorise.times-each': ' {count} times each',
  'numpy-vectorise.doing': ', doing arithmetic',
  'numpy-vectorise.doing-operations': ', doing arithmetic ({operations})',
  'numpy-vectorise.doing-draws': ', drawing random numbers ({operations})',
  'numpy-vectorise.row-loop': 'pandas row loop',
  'numpy-vectorise.row-loop-in': 'pandas row loop on {lines}',
  'numpy-vectorise.element-wise': 'element-wise: {items}',
  // profile-first
  'profile-first.title': 'Profile the cell to find the slow step',
  'profile-first.why':
    'The cell runs {functions} of its own in turn, {names}, and {timing}. Nothing in the code says which of them takes the time: profile it first, then work on the function that dominates.',
  'profile-first.why-lines':
    'The cell runs {functions} of its own in turn, {names} ({lines}), and {timing}. Nothing in the code says which of them takes the time: profile it first, then work on the function that dominates.',
  'profile-first.calls': 'calls {name}',
  'profile-first.statements': '{statements} top-level statements',
  'profile-first.why-spread':
    "The interpreter's time is spread over {names}, none of them with more than {top} % of it, and {timing}. Profile by function (cProfile or %prun count the calls) to see which calls to restructure or replace before choosing a technique.",
  'profile-first.why-thin':
    "The heaviest lines, in the small methods {names}, hold only {covered} % of the run; the rest of the interpreter's time is spread over many more calls, and {timing}. Profile by function (cProfile or %prun count the calls) to see which calls to restructure or replace before choosing a technique.",
  'profile-first.time-in': 'time in {name}'
} as const;
