#!/usr/bin/env node
/**
 * Panel render time for a 1,000-cell notebook with a history of runs (target < 100 ms).
 *
 *   node bench/panel_render.js            in Node, against a jsdom document
 *   node bench/panel_render.js --browser  in Chromium (/usr/bin/chromium, driven by the UI tests'
 *                                         Playwright), with the panel's CSS, layout included
 *
 * Both bundle bench/panel_render_entry.tsx (the TypeScript sources, React and react-dom, production
 * build) with esbuild and run its main(). Environment: CELLS (1000), RUNS (20), REPEATS (30).
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const esbuild = require('esbuild');

const ROOT = path.resolve(__dirname, '..');
const browser = process.argv.includes('--browser');
const env = Object.fromEntries(
  ['CELLS', 'RUNS', 'REPEATS'].map(name => [
    `process.env.${name}`,
    JSON.stringify(process.env[name] ?? '')
  ])
);

function bundle() {
  const result = esbuild.buildSync({
    entryPoints: [path.join(__dirname, 'panel_render_entry.tsx')],
    bundle: true,
    write: false,
    platform: browser ? 'browser' : 'node',
    format: browser ? 'iife' : 'cjs',
    globalName: browser ? 'panelBench' : undefined,
    define: { 'process.env.NODE_ENV': '"production"', ...(browser ? env : {}) },
    logLevel: 'warning'
  });
  return result.outputFiles[0].text;
}

function conditions(where) {
  const cpu = os.cpus()[0];
  return (
    `conditions: ${where}, node ${process.version}, ${os.cpus().length} CPUs (${cpu ? cpu.model : 'unknown'}), ` +
    `load ${os.loadavg()[0].toFixed(2)}, React production build`
  );
}

function inNode(code) {
  const { JSDOM } = require('jsdom');
  const dom = new JSDOM('<!doctype html><html><body></body></html>');
  for (const name of [
    'window',
    'document',
    'navigator',
    'HTMLElement',
    'Node',
    'MouseEvent'
  ]) {
    global[name] = name === 'window' ? dom.window : dom.window[name];
  }
  console.log(
    conditions(`jsdom ${require('jsdom/package.json').version} (no layout)`)
  );
  const file = path.join(
    os.tmpdir(),
    `optimiser-panel-bench-${process.pid}.js`
  );
  fs.writeFileSync(file, code);
  try {
    require(file).main();
  } finally {
    fs.rmSync(file, { force: true });
  }
}

async function inChromium(code) {
  const { chromium } = require(
    path.join(ROOT, 'ui-tests/node_modules/playwright')
  );
  const chrome = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu']
  });
  try {
    const page = await chrome.newPage();
    page.on('console', message => console.log(message.text()));
    await page.setContent('<!doctype html><html><body></body></html>');
    await page.addStyleTag({
      content: fs.readFileSync(path.join(ROOT, 'style/base.css'), 'utf8')
    });
    console.log(
      conditions(
        `Chromium ${chrome.version()} headless (style and layout included)`
      )
    );
    await page.addScriptTag({ content: code });
    await page.evaluate(() => window.panelBench.main());
  } finally {
    await chrome.close();
  }
}

const code = bundle();
if (browser) {
  inChromium(code).catch(error => {
    console.error(error);
    process.exit(1);
  });
} else {
  inNode(code);
}
