/**
 * Galata in Debian's Chromium (Playwright cannot download browsers here).
 * The server is started by `npm start` with jupyter_server_test_config.py (no token, port 8888).
 * GALATA_PORT=8891 runs a second server beside one on 8888, with its own log and results folders.
 */
const baseConfig = require('@jupyterlab/galata/lib/playwright-config');

const port = process.env.GALATA_PORT || '8888';
// The default port keeps the default paths; another one gets its own (inside the ignored folders).
const other = port === '8888' ? '' : `port-${port}`;

module.exports = {
  ...baseConfig,
  timeout: 120000,
  expect: { timeout: 30000 },
  retries: process.env.CI ? 1 : 0,
  workers: 1,
  reporter: [
    ['list'],
    ['html', { open: 'never', outputFolder: `playwright-report/${other}` }]
  ],
  outputDir: `test-results/${other}`,
  use: {
    ...baseConfig.use,
    baseURL: process.env.TARGET_URL || `http://localhost:${port}`,
    video: 'off',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync'
      ]
    }
  },
  webServer: {
    command: `npm start > jupyter-server${other ? '-' + other : ''}.log 2>&1`,
    url: `http://localhost:${port}/lab`,
    timeout: 180000,
    reuseExistingServer: !process.env.CI
  }
};
