import { renderAlone } from '../__tests__/helpers';

function cells(source: string) {
  return renderAlone('gnu-parallel', source);
}

/** The template cell's code after the helpers: what replaced the cell. */
function rewritten(source: string): string {
  const template = cells(source)[0].source;
  return template.slice(template.indexOf('code << 8') + 1).replace(/^.*\n/, '');
}

/** The planning loop: from `parallel_plan = ParallelPlan()` to `parallel_runs = ...`. */
function planning(source: string): string {
  const code = rewritten(source);
  return code.slice(
    code.indexOf('parallel_plan = ParallelPlan()'),
    code.indexOf('parallel_runs = ')
  );
}

// Loop shapes from the field corpus (tests/corpus/cases), cut down to what the rewrite reads.
const ANNEALING = `import subprocess, sys
runs = [['-1', '-t 30'], ['-2', '-t 10']]
with open('output.txt', 'w') as out:
    for params in runs:
        tag = ""
        for p in params:
            tag += ";" + p
        params.insert(0, 'simulation.py')
        params.insert(0, sys.executable)
        process = subprocess.run(params, capture_output=True)
        out.write(process.stdout.decode("utf-8").rstrip() + tag + "\\n")
`;
const GZIP_TREE = `import os, subprocess
for d, subdirs, files in os.walk('Ex2dir'):
    for f in files:
        if f.endswith('.fastq'):
            fn = d + '/' + f
            cmd = 'gzip -c ' + fn + ' > ' + fn + '.gz'
            print("running", cmd)
            ret = subprocess.call(cmd, shell=True)
            if ret == 0:
                os.remove(fn)
            else:
                print("Failed on", fn)
`;
const IN_FUNCTION = `import glob, subprocess
def main():
    for filename in glob.glob("test/**/*.in", recursive=True):
        subprocess.run(["gzip", "-9", filename])

main()
`;

describe('gnu-parallel render', () => {
  it.each([
    [
      'a command built in the loop (arguments inserted into the item)',
      ANNEALING,
      [
        "    for params in parallel_plan.copy_of(loop_items):\n        params.insert(0, 'simulation.py')\n        params.insert(0, sys.executable)\n        parallel_plan.run(params, capture_output=True)\n"
      ],
      ['tag', 'out.write']
    ],
    [
      'a shell command in nested loops, under an if',
      GZIP_TREE,
      [
        "for d, subdirs, files in parallel_plan.copy_of(loop_items):\n    for f in files:\n        if f.endswith('.fastq'):\n",
        '            parallel_plan.call(cmd, shell=True)\n'
      ],
      ['print', 'os.remove', 'ret']
    ],
    [
      'a call in an else branch (the other branch is left out)',
      "import subprocess\nfor f in files:\n    if f.endswith('.gz'):\n        print('skip', f)\n    else:\n        subprocess.run(['gzip', f])\n",
      [
        "    if f.endswith('.gz'):\n        pass\n    else:\n        parallel_plan.run(['gzip', f])\n"
      ],
      ['print']
    ],
    [
      'a loop inside a function the cell calls',
      IN_FUNCTION,
      [
        '    for filename in parallel_plan.copy_of(loop_items):\n        parallel_plan.run(["gzip", "-9", filename])\n'
      ],
      []
    ]
  ])(
    'plans %s with only what the command needs',
    (_, source, planned, left) => {
      const plan = planning(source);
      planned.forEach(text => expect(plan).toContain(text));
      left.forEach(text => expect(plan).not.toContain(text));
    }
  );

  it.each([
    [
      ANNEALING,
      '    loop_items = list(runs)',
      '        process = parallel_runs.run(params, capture_output=True)'
    ],
    [
      GZIP_TREE,
      "loop_items = list(os.walk('Ex2dir'))",
      '            ret = parallel_runs.call(cmd, shell=True)'
    ],
    [
      IN_FUNCTION,
      '    loop_items = list(glob.glob("test/**/*.in", recursive=True))',
      '        parallel_runs.run(["gzip", "-9", filename])'
    ]
  ])(
    'keeps the loop as written, taking the finished runs (%#)',
    (source, items, taken) => {
      const code = rewritten(source);
      expect(code).toContain(`${items}\n`);
      expect(code).toContain(`${taken}\n`);
      expect(code).toMatch(
        /parallel_runs = parallel_plan\.run_all\(n_jobs=_cores\)/
      );
    }
  );

  it('inserts a check that compares the files both versions write', () => {
    const verify = cells(ANNEALING).find(cell =>
      cell.source.includes('.verify(')
    );
    expect(verify?.source).toContain('files=True,');
  });

  it.each([
    [
      'a command that depends on what the loop sets after the call',
      'import subprocess\nn = 0\nfor f in files:\n    subprocess.run(["tool", f, str(n)])\n    n += 1\n',
      'The command depends on n'
    ],
    [
      'two programs per item',
      'import subprocess\nfor f in files:\n    subprocess.run(["a", f])\n    subprocess.run(["b", f])\n',
      'starts 2 programs per item'
    ],
    [
      "a program whose result is an if's test",
      'import subprocess\nfor f in files:\n    if subprocess.call(["a", f]) == 0:\n        print(f)\n',
      'assign it to a name first'
    ]
  ])('says what to do by hand for %s', (_, source, why) => {
    const inserted = cells(source);
    expect(inserted[0].source).toContain('TO FINISH: ');
    expect(inserted[0].source).toContain(why);
    expect(inserted.some(cell => cell.source.includes('.verify('))).toBe(false);
  });

  it('says which keywords the job script does not reproduce', () => {
    const source =
      'import subprocess\nfor f in files:\n    subprocess.run(["a", f], stdin=handle)\n';
    expect(cells(source)[0].source).toContain('passes stdin=handle');
  });
});
