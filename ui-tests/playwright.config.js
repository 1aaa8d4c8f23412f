/**
 * Galata in Debian's Chromium (Playwright cannot download browsers here).
 * The server is started by `npm start` with jupyter_server_test_config.py (no token, port 8888).
 */
const baseConfig = require('@jupyterlab/galata/lib/playwright-config');

module.exports = {
  ...baseConfig,
  timeout: 120000,
  expect: { timeout: 30000 },
  retries: process.env.CI ? 1 : 0,
  workers: 1,
  reporter: [['list'], ['html', { open: 'never' }]],
  use: {
    ...baseConfig.use,
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
    command: 'npm start > jupyter-server.log 2>&1',
    url: 'http://localhost:8888/lab',
    timeout: 180000,
    reuseExistingServer: !process.env.CI
  }
};
