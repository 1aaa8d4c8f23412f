// tsc emits lib/ from src/; the raw assets it does not know about (the kernel probe) follow here,
// so that webpack finds them beside the compiled modules that import them.
const fs = require('fs');
const path = require('path');

const assets = ['kernel/probe.py'];
for (const asset of assets) {
  const from = path.join(__dirname, '..', 'src', asset);
  const to = path.join(__dirname, '..', 'lib', asset);
  if (fs.existsSync(from)) {
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.copyFileSync(from, to);
  }
}
