// The per-photo pipeline in wasm, in Debian's headless Chromium, through the app's own worker
// (`/worker.js`): EXIF + hash + thumbnail + preview for each file, timed in the page.
// Prints one JSON line per file. Run by `cargo xtask bench` (needs KEEPSAKE_URL and file paths).
const fs = require('fs');
const path = require('path');
const { openKeepsake } = require('./browser');

async function main() {
  const { browser, page, runs } = await openKeepsake();
  const files = process.argv.slice(2);
  for (const file of files) {
    const bytes = fs.readFileSync(file).toString('base64');
    const times = await page.evaluate(async ({ bytes, name, runs }) => {
      const raw = Uint8Array.from(atob(bytes), (c) => c.charCodeAt(0));
      const blob = new File([raw], name, { type: 'image/jpeg' });
      const worker = new Worker('/worker.js', { type: 'module' });
      const call = (id) => new Promise((resolve, reject) => {
        worker.onmessage = (e) => (e.data.error ? reject(new Error(e.data.error)) : resolve(e.data.result));
        worker.postMessage({ id, op: 'file', file: blob });
      });
      const times = [];
      for (let i = 0; i <= runs; i++) {
        const start = performance.now();
        const result = await call(i);
        if (!result.thumbnail) throw new Error('no thumbnail was made');
        times.push(performance.now() - start);
      }
      worker.terminate();
      return times.slice(1); // the first run includes compiling the module
    }, { bytes, name: path.basename(file), runs });
    times.sort((a, b) => a - b);
    console.log(JSON.stringify({ file, median_ms: times[Math.floor(times.length / 2)], min_ms: times[0], runs }));
  }
  await browser.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
