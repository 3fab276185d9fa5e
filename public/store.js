// The upload queue kept in IndexedDB, so closing the tab or losing the network loses nothing: the page
// keeps each file here until it is uploaded, and the service worker puts files shared to Keepsake
// (the Web Share Target) here for the page to upload. Loaded by both as a classic script.
(function (scope) {
  function open() {
    return new Promise((resolve, reject) => {
      const request = indexedDB.open('keepsake', 1);
      request.onupgradeneeded = () => request.result.createObjectStore('queue', { keyPath: 'key' });
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  }

  async function run(mode, work) {
    const db = await open();
    return new Promise((resolve, reject) => {
      const tx = db.transaction('queue', mode);
      const request = work(tx.objectStore('queue'));
      tx.oncomplete = () => { db.close(); resolve(request.result); };
      tx.onerror = () => { db.close(); reject(tx.error); };
      tx.onabort = () => { db.close(); reject(tx.error); };
    });
  }

  scope.keepsakeQueue = {
    /// Keeps a file (for `owner`, a user id, or null: whoever signs in next) and returns its key.
    add: (file, folder, owner) => run('readwrite', (store) => store.add({
      key: `${Date.now().toString(36)}-${crypto.randomUUID()}`, file, folder: folder ?? null, owner: owner ?? null,
    })),
    all: () => run('readonly', (store) => store.getAll()),
    remove: (key) => run('readwrite', (store) => store.delete(key)),
  };
})(self);
