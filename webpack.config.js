// Merged into JupyterLab's build: the kernel probe's Python files ship as static files beside
// the chunks (`import url from './probe.py?url'`, fetched when a kernel is first probed).
module.exports = {
  module: {
    rules: [
      {
        test: /\.py$/,
        resourceQuery: /url/,
        type: 'asset/resource',
        generator: { filename: '[name].[contenthash][ext]' }
      }
    ]
  }
};
