/**
 * The source tree's dependency rules, read from the import statements themselves (type imports
 * included): folders depend one way, contracts <- analysis <- advice, templates <- rules <-
 * pipeline <- panel, cli <- app, and no module reaches itself through its imports.
 */
import * as fs from 'fs';
import * as path from 'path';

const SRC = path.join(__dirname, '..');

/** Each top-level folder (or root file) and its rank: imports go to a lower rank or stay inside. */
const RANKS: Readonly<Record<string, number>> = {
  contracts: 0,
  analysis: 1,
  kernel: 4.5,
  diagnosis: 1.5,
  advice: 2,
  templates: 2,
  rules: 3,
  pipeline: 4,
  panel: 5,
  cli: 5,
  app: 6,
  index: 7
};

/** Folders that run in jest and the CLI without a browser: no JupyterLab, Lumino or React. */
const PURE = ['contracts', 'analysis', 'diagnosis', 'advice', 'templates'];
const PURE_ALSO = ['rules', 'pipeline'];

type Graph = ReadonlyMap<string, readonly string[]>;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      return entry.name === '__tests__' ? [] : sourceFiles(full);
    }
    return /\.tsx?$/.test(entry.name) &&
      !/\.spec\.tsx?$/.test(entry.name) &&
      !entry.name.endsWith('.d.ts')
      ? [full]
      : [];
  });
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s*['"]([^'"]+)['"]/g;

/** Every import specifier of a file, type-only ones included. */
function specifiers(text: string): string[] {
  return [...text.matchAll(IMPORT)].map(match => match[1]);
}

function resolve(from: string, spec: string): string | null {
  const base = path.resolve(path.dirname(from), spec);
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`]) {
    if (/\.tsx?$/.test(candidate) && fs.existsSync(candidate)) {
      return candidate;
    }
  }
  const index = path.join(base, 'index.ts');
  return fs.existsSync(index) ? index : null;
}

/** The module graph of src/: file (relative to src) -> the src files it imports. */
function moduleGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(SRC)) {
    const text = fs.readFileSync(file, 'utf8');
    const targets = specifiers(text)
      .filter(spec => spec.startsWith('.'))
      .map(spec => resolve(file, spec))
      .filter((target): target is string => target !== null)
      .map(target => path.relative(SRC, target));
    graph.set(path.relative(SRC, file), targets);
  }
  return graph;
}

/** The top-level folder of a src-relative path, or the root file's name without extension. */
export function layerOf(file: string): string {
  const [first, ...rest] = file.split(/[\\/]/);
  return rest.length > 0 ? first : first.replace(/\.tsx?$/, '');
}

/** Imports that go up or sideways between folders: "from -> to". */
export function wrongWay(graph: Graph): string[] {
  const wrong: string[] = [];
  for (const [from, targets] of graph) {
    for (const to of targets) {
      const a = layerOf(from);
      const b = layerOf(to);
      if (a !== b && !(RANKS[b] < RANKS[a])) {
        wrong.push(`${from} -> ${to}`);
      }
    }
  }
  return wrong;
}

/** The import cycles, each as the modules on it (Tarjan's strongly connected components). */
export function cycles(graph: Graph): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter++);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let item: string;
      do {
        item = stack.pop()!;
        onStack.delete(item);
        component.push(item);
      } while (item !== node);
      if (component.length > 1 || (graph.get(node) ?? []).includes(node)) {
        found.push(component.sort());
      }
    }
  };
  [...graph.keys()].forEach(node => index.has(node) || visit(node));
  return found;
}

describe('the checks themselves', () => {
  it('find a cycle, type imports or not', () => {
    const graph = new Map([
      ['app/tokens.ts', ['panel/model.ts']],
      ['panel/model.ts', ['panel/types.ts']],
      ['panel/types.ts', ['app/tokens.ts']]
    ]);
    expect(cycles(graph)).toEqual([
      ['app/tokens.ts', 'panel/model.ts', 'panel/types.ts']
    ]);
  });

  it('find an import that goes up or sideways', () => {
    const graph = new Map([
      ['advice/engine.ts', ['rules/index.ts', 'contracts/advice.ts']],
      ['templates/cells.ts', ['advice/words.ts']],
      ['rules/index.ts', ['rules/numba-jit/render.ts', 'templates/cells.ts']]
    ]);
    expect(wrongWay(graph)).toEqual([
      'advice/engine.ts -> rules/index.ts',
      'templates/cells.ts -> advice/words.ts'
    ]);
  });
});

describe('src/', () => {
  const graph = moduleGraph();

  it('has every folder ranked', () => {
    const unranked = [...graph.keys()]
      .map(layerOf)
      .filter(layer => !(layer in RANKS));
    expect([...new Set(unranked)]).toEqual([]);
  });

  it('has no import cycle', () => {
    expect(cycles(graph)).toEqual([]);
  });

  it('imports one way: contracts <- analysis <- advice, templates <- rules <- pipeline <- panel, cli <- app', () => {
    expect(wrongWay(graph)).toEqual([]);
  });

  it('keeps the engine free of JupyterLab, Lumino and React', () => {
    const impure = [...graph.keys()]
      .filter(file => [...PURE, ...PURE_ALSO].includes(layerOf(file)))
      .flatMap(file =>
        specifiers(fs.readFileSync(path.join(SRC, file), 'utf8'))
          .filter(spec => /^(@jupyterlab|@lumino|react)/.test(spec))
          .filter(
            // The measurements contract names a signal type; nothing of Lumino runs there.
            spec =>
              !(
                file === 'contracts/measurements.ts' &&
                spec === '@lumino/signaling'
              )
          )
          .map(spec => `${file} -> ${spec}`)
      );
    expect(impure).toEqual([]);
  });
});
