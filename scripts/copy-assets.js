// Copies the files the compilers do not know about to where the next build step looks for them.
//   node scripts/copy-assets.js          raw assets beside tsc's output in lib/ (the kernel probe),
//                                        so webpack finds them next to the modules that import them
//   node scripts/copy-assets.js labext   install.json into the built labextension, for the wheel
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const copies =
  process.argv[2] === 'labext'
    ? [['install.json', 'jupyterlab_optimiser/labextension/install.json']]
    : [['src/kernel/probe.py', 'lib/kernel/probe.py']];

for (const [from, to] of copies) {
  const source = path.join(root, from);
  if (fs.existsSync(source)) {
    fs.mkdirSync(path.dirname(path.join(root, to)), { recursive: true });
    fs.copyFileSync(source, path.join(root, to));
  }
}
