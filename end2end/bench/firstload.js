// The first load, as a phone on a slow network sees it. Run by `cargo xtask bench` (needs KEEPSAKE_URL
// and the corpus files to upload as arguments):
// 1. Lighthouse 12.2.3, mobile preset with devtools throttling, on the sign-in page and on a public share
//    page: performance score, first contentful paint, largest contentful paint, bytes sent.
// 2. A cold timeline in Playwright (9 Mbps down, 1.5 Mbps up, 60 ms round trips, 4× slower CPU, nothing
//    cached): first contentful paint, the first thumbnail's time, and the bytes of wasm, JavaScript and
//    CSS as sent before it.
// Prints one JSON line per measure.
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('@playwright/test');

const url = process.env.KEEPSAKE_URL;
if (!url) throw new Error('KEEPSAKE_URL is not set: run through `cargo xtask bench`');
const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const chromiumArgs = (process.env.CHROMIUM_ARGS || '').split(' ').filter(Boolean);
const runs = Number(process.env.BENCH_RUNS || 3);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/// A person with photos and a share link, made through the app itself.
async function seed(browser, files) {
  const page = await browser.newPage();
  await page.goto(url);
  await page.getByRole('button', { name: 'New here? Create an account' }).click();
  await page.getByLabel('Username').fill(`bench-${Date.now().toString(36)}`);
  await page.getByLabel('Password').fill('correct horse battery');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  await page.getByLabel('Upload photos').setInputFiles(files);
  await page.getByRole('region', { name: 'Uploads' }).getByText(`${files.length} of ${files.length} done`).waitFor({ timeout: 120_000 });
  await page.locator('.timeline .cell .check').first().click();
  await page.getByRole('toolbar', { name: 'Selection' }).getByRole('button', { name: 'Share link' }).click();
  const dialog = page.getByRole('dialog', { name: 'Share by link' });
  await dialog.getByRole('button', { name: 'Create link' }).click();
  const share = await dialog.getByLabel('Link address').inputValue();
  const cookies = await page.context().cookies();
  await page.close();
  return { share, cookies };
}

function lighthouse(target) {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'keepsake-lh-')), 'report.json');
  execFileSync(path.join(__dirname, 'lighthouse/node_modules/.bin/lighthouse'), [
    target, '--only-categories=performance', '--throttling-method=devtools', '--output=json',
    `--output-path=${out}`, '--quiet',
    `--chrome-flags=--headless=new --no-sandbox ${chromiumArgs.join(' ')}`,
  ], { env: { ...process.env, CHROME_PATH: chromiumPath }, stdio: ['ignore', 'ignore', 'inherit'] });
  const report = JSON.parse(fs.readFileSync(out, 'utf8'));
  const audit = (id) => report.audits[id]?.numericValue;
  return {
    performance: Math.round(report.categories.performance.score * 100),
    fcp_ms: Math.round(audit('first-contentful-paint')),
    lcp_ms: Math.round(audit('largest-contentful-paint')),
    tbt_ms: Math.round(audit('total-blocking-time')),
    cls: audit('cumulative-layout-shift'),
    bytes: audit('total-byte-weight'),
  };
}

/// One cold timeline load: nothing cached, the slow network and CPU, the session cookie set.
async function coldTimeline(browser, cookies) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, serviceWorkers: 'block' });
  await context.addCookies(cookies);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false, latency: 60, downloadThroughput: (9e6 / 8), uploadThroughput: (1.5e6 / 8),
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  const types = new Map();
  const bytes = { wasm: 0, js: 0, css: 0, html: 0, other: 0 };
  let counting = true;
  cdp.on('Network.responseReceived', (e) => types.set(e.requestId, e.response.url));
  cdp.on('Network.loadingFinished', (e) => {
    if (!counting) return;
    const address = types.get(e.requestId) || '';
    const kind = address.endsWith('.wasm') ? 'wasm' : address.endsWith('.js') ? 'js' : address.endsWith('.css') ? 'css'
      : new URL(address, url).pathname === '/' ? 'html' : 'other';
    bytes[kind] += e.encodedDataLength;
  });
  await page.goto(url, { waitUntil: 'commit' });
  const thumbnail = await page.waitForFunction(() => {
    const img = document.querySelector('.timeline .cell img');
    return img && img.complete && img.naturalWidth > 0 && performance.now();
  }, null, { timeout: 120_000, polling: 'raf' });
  counting = false;
  const firstThumbnailMs = await thumbnail.jsonValue();
  const fcp = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime);
  await context.close();
  return { first_thumbnail_ms: Math.round(firstThumbnailMs), fcp_ms: Math.round(fcp), bytes };
}

async function main() {
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  const { share, cookies } = await seed(browser, process.argv.slice(2));
  for (const [name, target] of [['sign-in', url], ['share page', share]]) {
    const results = Array.from({ length: runs }, () => lighthouse(target));
    const pick = (key) => median(results.map((r) => r[key]));
    console.log(JSON.stringify({ measure: `lighthouse ${name}`, performance: pick('performance'), fcp_ms: pick('fcp_ms'),
      lcp_ms: pick('lcp_ms'), tbt_ms: pick('tbt_ms'), cls: pick('cls'), bytes: pick('bytes'), runs }));
  }
  const loads = [];
  for (let i = 0; i < runs; i++) loads.push(await coldTimeline(browser, cookies));
  const firstLoad = loads[0].bytes;
  console.log(JSON.stringify({ measure: 'cold timeline', fcp_ms: median(loads.map((l) => l.fcp_ms)),
    first_thumbnail_ms: median(loads.map((l) => l.first_thumbnail_ms)),
    first_load_bytes: firstLoad.wasm + firstLoad.js + firstLoad.css + firstLoad.html, bytes: firstLoad, runs }));
  await browser.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
