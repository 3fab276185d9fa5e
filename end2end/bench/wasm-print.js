// Rendering print files in wasm, in Debian's headless Chromium, through the app's own worker
// (`/worker.js`, op "print"): what checkout does for each print of an order, timed in the page.
// Usage: node bench/wasm-print.js SAMPLE.json PHOTOS-DIR PRICES.json FONT (run by `cargo xtask bench`).
const fs = require('fs');
const path = require('path');
const { chromium } = require('@playwright/test');

async function main() {
  const url = process.env.KEEPSAKE_URL;
  if (!url) throw new Error('KEEPSAKE_URL is not set: run through `cargo xtask bench`');
  const runs = Number(process.env.BENCH_RUNS || 7);
  const [samplePath, dir, pricesPath, fontPath] = process.argv.slice(2);
  const samples = JSON.parse(fs.readFileSync(samplePath, 'utf8'));
  const prices = fs.readFileSync(pricesPath, 'utf8');
  const font = fs.readFileSync(fontPath).toString('base64');
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: (process.env.CHROMIUM_ARGS || '').split(' ').filter(Boolean),
  });
  const page = await browser.newPage();
  await page.goto(url);
  for (const { file, line } of samples) {
    const bytes = fs.readFileSync(path.join(dir, file)).toString('base64');
    const times = await page.evaluate(async ({ bytes, line, prices, font, runs }) => {
      const decode = (b64) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const original = decode(bytes);
      const fontBytes = decode(font);
      const worker = new Worker('/worker.js', { type: 'module' });
      const call = (id) => new Promise((resolve, reject) => {
        worker.onmessage = (e) => (e.data.error ? reject(new Error(e.data.error)) : resolve(e.data.result));
        worker.postMessage({ id, op: 'print', original: original.slice(), line, prices, font: fontBytes });
      });
      const times = [];
      for (let i = 0; i <= runs; i++) {
        const start = performance.now();
        const result = await call(i);
        if (!result.jpeg || !result.jpeg.length) throw new Error('no print was rendered');
        times.push(performance.now() - start);
      }
      worker.terminate();
      return times.slice(1); // the first run includes compiling the module
    }, { bytes, line: JSON.stringify(line), prices, font, runs });
    times.sort((a, b) => a - b);
    console.log(JSON.stringify({ file, size: line.size, median_ms: times[Math.floor(times.length / 2)], min_ms: times[0], runs }));
  }
  await browser.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
