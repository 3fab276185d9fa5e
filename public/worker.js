// The processing worker: loads the worker's wasm module (every decoder; the page's own module holds the
// UI only) and runs `worker_process` on each request, so reading, hashing, thumbnailing and drawing
// prints never block the page.
import init, { worker_process } from '/pkg/keepsake_worker.js';

const ready = init();

self.onmessage = async (event) => {
  const { id } = event.data;
  try {
    await ready;
    const result = await worker_process(event.data);
    const transfer = [result.thumbnail?.buffer, result.preview?.buffer, result.jpeg?.buffer].filter(Boolean);
    self.postMessage({ id, result }, transfer);
  } catch (error) {
    self.postMessage({ id, error: String(error?.message ?? error) });
  }
};
