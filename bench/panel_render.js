#!/usr/bin/env node
/**
 * Panel render time for a 1,000-cell notebook with a history of runs (target < 100 ms).
 * Usage: node bench/panel_render.js   (env: CELLS, RUNS, REPEATS)
 *
 * Bundles bench/panel_render_entry.tsx with esbuild (the TypeScript sources, React, react-dom),
 * then runs it in Node against a jsdom document: React does the same work it does in the browser,
 * minus layout and paint.
 */
const path = require('path');
const os = require('os');
const esbuild = require('esbuild');
const { JSDOM } = require('jsdom');

const out = path.join(os.tmpdir(), `optimiser-panel-bench-${process.pid}.js`);
esbuild.buildSync({
  entryPoints: [path.join(__dirname, 'panel_render_entry.tsx')],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  outfile: out,
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'warning'
});

const dom = new JSDOM('<!doctype html><html><body></body></html>');
for (const name of ['window', 'document', 'navigator', 'HTMLElement', 'Node', 'MouseEvent']) {
  global[name] = name === 'window' ? dom.window : dom.window[name];
}

const cpu = os.cpus()[0];
console.log(
  `conditions: node ${process.version}, ${os.cpus().length} CPUs (${cpu ? cpu.model : 'unknown'}), ` +
    `load ${os.loadavg()[0].toFixed(2)}, React production build, jsdom ${require('jsdom/package.json').version}`
);
try {
  require(out).main();
} finally {
  require('fs').rmSync(out, { force: true });
}
