// People's cost per photo in wasm, in Debian's headless Chromium, through the app's own worker
// (`/worker.js`): the upload pipeline on the original (EXIF + hash + thumbnail + preview), then the
// faces in the preview it made (decode + detect + align + describe), each timed in the page. The
// first faces call also loads People's module and models; it is reported on its own.
// Prints one JSON line per file. Run by `cargo xtask bench faces` (needs KEEPSAKE_URL and files).
const fs = require('fs');
const path = require('path');
const { openKeepsake } = require('./browser');

async function main() {
  const { browser, page, runs } = await openKeepsake();
  const files = process.argv.slice(2);
  for (const file of files) {
    const bytes = fs.readFileSync(file).toString('base64');
    const result = await page.evaluate(async ({ bytes, name, runs }) => {
      const raw = Uint8Array.from(atob(bytes), (c) => c.charCodeAt(0));
      const original = new File([raw], name, { type: 'image/jpeg' });
      const worker = new Worker('/worker.js', { type: 'module' });
      let next = 0;
      const call = (request) => new Promise((resolve, reject) => {
        const id = next++;
        worker.onmessage = (e) => (e.data.error ? reject(new Error(e.data.error)) : resolve(e.data.result));
        worker.postMessage({ id, ...request });
      });
      const timed = async (request) => {
        const start = performance.now();
        const answer = await call(request);
        return [performance.now() - start, answer];
      };
      const pipeline = [];
      const faces = [];
      let first = 0;
      let found = 0;
      for (let i = 0; i <= runs; i++) {
        const [p, processed] = await timed({ op: 'file', file: original });
        const [f, described] = await timed({ op: 'faces', source: processed.preview });
        found = JSON.parse(described.json).faces.length;
        if (i === 0) first = f; // compiling both modules, fetching the models
        else { pipeline.push(p); faces.push(f); }
      }
      worker.terminate();
      const median = (t) => t.sort((a, b) => a - b)[Math.floor(t.length / 2)];
      return { pipeline_ms: median(pipeline), faces_ms: median(faces), first_faces_ms: first, faces: found };
    }, { bytes, name: path.basename(file), runs });
    console.log(JSON.stringify({ file, runs, ...result }));
  }
  await browser.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
