// What the wasm benches share: Debian's headless Chromium (never a downloaded browser) on the server
// `cargo xtask bench` started.
const { chromium } = require('@playwright/test');

/// The browser, and a page open on the server at KEEPSAKE_URL.
async function openKeepsake() {
  const url = process.env.KEEPSAKE_URL;
  if (!url) throw new Error('KEEPSAKE_URL is not set: run through `cargo xtask bench`');
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: (process.env.CHROMIUM_ARGS || '').split(' ').filter(Boolean),
  });
  const page = await browser.newPage();
  await page.goto(url);
  return { browser, page, runs: Number(process.env.BENCH_RUNS || 7) };
}

module.exports = { openKeepsake };
