// Loads the wasm app and mounts it. A file of its own because the page's CSP forbids inline scripts.
import init, { start } from '/pkg/keepsake_app.js';

await init();
start();
