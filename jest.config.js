const jestJupyterLab = require('@jupyterlab/testing/lib/jest-config');

const esModules = [
  '@codemirror',
  '@jupyter/',
  '@jupyterlab/',
  '@lezer/',
  '@microsoft/',
  'exenv-es6',
  'lib0',
  'marked',
  'nanoid',
  'vscode-ws-jsonrpc',
  'y-protocols',
  'y-websocket',
  'yjs'
].join('|');

const baseConfig = jestJupyterLab(__dirname);

module.exports = {
  ...baseConfig,
  automock: false,
  // The analysis reads cells with @lezer/python outside JupyterLab (src/analysis/parser.ts).
  setupFiles: [...(baseConfig.setupFiles ?? []), '<rootDir>/src/analysis/lezer-python.ts'],
  // Writes src/contracts/facts.schema.compact.js (the facts schema without its annotations) when it is missing or stale.
  globalSetup: '<rootDir>/scripts/build-schema.js',
  collectCoverageFrom: ['src/**/*.{ts,tsx}', '!src/**/*.d.ts'],
  coverageReporters: ['lcov', 'text'],
  modulePathIgnorePatterns: [
    '<rootDir>/jupyterlab_optimiser/labextension',
    '<rootDir>/lib',
    '<rootDir>/ui-tests',
    '<rootDir>/.venv'
  ],
  roots: ['<rootDir>/src'],
  testRegex: 'src/.*\\.spec\\.tsx?$',
  transform: {
    ...baseConfig.transform,
    '\\.py$': '<rootDir>/scripts/jest-raw-transform.js'
  },
  moduleFileExtensions: [...(baseConfig.moduleFileExtensions ?? ['ts', 'tsx', 'js', 'jsx', 'json']), 'py'],
  transformIgnorePatterns: [`/node_modules/(?!${esModules}).+`]
};
