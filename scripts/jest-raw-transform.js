// Jest transform: a .py file imports as its text, as webpack's asset/source does in the bundle.
module.exports = {
  process(sourceText) {
    return { code: `module.exports = ${JSON.stringify(sourceText)};` };
  }
};
