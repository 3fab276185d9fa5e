// Playwright drives Debian's Chromium (never a downloaded browser) against the server that
// `cargo xtask test` starts; it passes the server's address in KEEPSAKE_URL.
const { defineConfig } = require('@playwright/test');

if (!process.env.KEEPSAKE_URL) {
  throw new Error('KEEPSAKE_URL is not set: run the end-to-end tests through `cargo xtask test`');
}

module.exports = defineConfig({
  testDir: './tests',
  globalSetup: require.resolve('./global-setup'),
  timeout: 120_000,
  expect: { timeout: 30_000 },
  workers: 1,
  retries: 0,
  forbidOnly: true,
  use: {
    baseURL: process.env.KEEPSAKE_URL,
    headless: true,
    // A stuck action fails with its locator named, instead of at the end of the test's time.
    actionTimeout: 20_000,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      args: (process.env.CHROMIUM_ARGS || '').split(' ').filter(Boolean),
    },
  },
});
