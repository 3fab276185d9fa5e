// Loads the wasm app and mounts it, and looks after the service worker and installation. A file of its
// own because the page's CSP forbids inline scripts.
import init, { start } from '/pkg/keepsake_app.js';

// The browser offers installation once, early: keep the offer for the app's "Install app" button.
window.addEventListener('beforeinstallprompt', (event) => {
  event.preventDefault();
  window.keepsakeInstall = event;
  window.dispatchEvent(new Event('keepsake-installable'));
});
window.addEventListener('appinstalled', () => {
  window.keepsakeInstall = null;
  window.dispatchEvent(new Event('keepsake-installable'));
});

/// A new version waits until the person chooses to reload, so one page never runs two versions.
function offerUpdate(worker) {
  if (document.querySelector('.update-banner')) return;
  const banner = document.createElement('div');
  banner.className = 'update-banner';
  banner.setAttribute('role', 'status');
  banner.textContent = 'Update available ';
  const button = document.createElement('button');
  button.textContent = 'Reload';
  button.addEventListener('click', () => worker.postMessage({ type: 'skip-waiting' }));
  banner.append(button);
  document.body.append(banner);
}

if ('serviceWorker' in navigator) {
  // The first worker taking charge of a page (it claims the pages open at its first install) changes
  // nothing the page runs; a release replacing another does, so the page reloads into it. Followed
  // change by change: a page first opened without a worker may live to see an update.
  let controller = navigator.serviceWorker.controller;
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (controller) window.location.reload();
    controller = navigator.serviceWorker.controller;
  });
  navigator.serviceWorker.register('/sw.js').then((registration) => {
    if (registration.waiting && navigator.serviceWorker.controller) offerUpdate(registration.waiting);
    registration.addEventListener('updatefound', () => {
      const incoming = registration.installing;
      incoming?.addEventListener('statechange', () => {
        if (incoming.state === 'installed' && navigator.serviceWorker.controller) offerUpdate(incoming);
      });
    });
  }).catch((error) => console.error('the service worker was not registered', error));
}

await init();
start();
