// The processing worker: loads the worker's wasm module (every decoder; the page's own module holds the
// UI only) and runs `worker_process` on each request, so reading, hashing, thumbnailing and drawing
// prints never block the page. Faces (`{op: "faces", source}`) also load People's own module and the
// face models, the first time they are asked for: nobody who never uses People downloads them.
import init, { worker_process } from '/pkg/keepsake_worker.js';

const ready = init();

let faceModels = null;

async function bytesOf(path) {
  const response = await fetch(path);
  if (!response.ok) throw new Error(`models-unavailable: ${path} answered ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

function loadFaceModels() {
  faceModels ??= (async () => {
    const faces = await import('/pkg/keepsake_faces_worker.js');
    await faces.default();
    const [detector, manifest, weights] = await Promise.all([
      bytesOf('/models/face-detector.onnx'),
      bytesOf('/models/face-descriptor.json'),
      bytesOf('/models/face-descriptor.bin'),
    ]);
    return new faces.FaceModels(detector, manifest, weights);
  })();
  // A failed load (offline, say) is tried again on the next request.
  faceModels.catch(() => { faceModels = null; });
  return faceModels;
}

async function findFaces(request) {
  const models = await loadFaceModels();
  const { width, height, rgb } = await worker_process({ op: 'pixels', source: request.source });
  return { json: models.analyse(width, height, rgb) };
}

self.onmessage = async (event) => {
  const { id } = event.data;
  try {
    await ready;
    const result = event.data.op === 'faces' ? await findFaces(event.data) : await worker_process(event.data);
    const transfer = [result.thumbnail?.buffer, result.preview?.buffer, result.jpeg?.buffer].filter(Boolean);
    self.postMessage({ id, result }, transfer);
  } catch (error) {
    self.postMessage({ id, error: String(error?.message ?? error) });
  }
};
