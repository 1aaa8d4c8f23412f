// Merged into JupyterLab's build: the kernel probe ships as the text of src/kernel/probe.py.
module.exports = {
  module: {
    rules: [{ test: /\.py$/, type: 'asset/source' }]
  }
};
