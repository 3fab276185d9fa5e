// What the browser keeps in IndexedDB for Keepsake, loaded as a classic script by both the page and
// the service worker:
// - the upload queue, so closing the tab or losing the network loses nothing: the page keeps each
//   file here until it is uploaded;
// - files shared to Keepsake (the Web Share Target), which the service worker sets aside here until the
//   person, signed in, sees them and says to upload them (any web page can post to the share target);
// - the folders backed up automatically: their directory handles (which only IndexedDB can keep) and
//   what was last backed up from each file in them.
(function (scope) {
  function open() {
    return new Promise((resolve, reject) => {
      const request = indexedDB.open('keepsake', 3);
      request.onupgradeneeded = (event) => {
        const db = request.result;
        if (event.oldVersion < 1) db.createObjectStore('queue', { keyPath: 'key' });
        if (event.oldVersion < 2) {
          db.createObjectStore('backup-folders', { keyPath: 'key' });
          db.createObjectStore('backup-files', { keyPath: 'key' }).createIndex('folder', 'folder');
        }
        if (event.oldVersion < 3) db.createObjectStore('shared', { keyPath: 'key' });
      };
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  }

  /// Runs `work` on the named stores in one transaction; resolves with what `work` returns (a
  /// request's result once the transaction is done, or a plain value).
  async function run(stores, mode, work) {
    const db = await open();
    return new Promise((resolve, reject) => {
      const tx = db.transaction(stores, mode);
      const outcome = work((name) => tx.objectStore(name));
      tx.oncomplete = () => {
        db.close();
        resolve(outcome instanceof IDBRequest ? outcome.result : outcome);
      };
      tx.onerror = () => { db.close(); reject(tx.error); };
      tx.onabort = () => { db.close(); reject(tx.error); };
    });
  }

  function newKey() {
    return `${Date.now().toString(36)}-${crypto.randomUUID()}`;
  }

  scope.keepsakeQueue = {
    /// Keeps a file (for `owner`, a user id, or null: whoever signs in next) and returns its key.
    add: (file, folder, owner) => run('queue', 'readwrite', (store) => store('queue').add({
      key: newKey(), file, folder: folder ?? null, owner: owner ?? null,
    })),
    all: () => run('queue', 'readonly', (store) => store('queue').getAll()),
    remove: (key) => run('queue', 'readwrite', (store) => store('queue').delete(key)),
  };

  scope.keepsakeShared = {
    add: (file) => run('shared', 'readwrite', (store) => store('shared').add({ key: newKey(), file, at: Date.now() })),
    /// Every shared file waiting for a yes: {key, file, at}.
    all: () => run('shared', 'readonly', (store) => store('shared').getAll()),
    remove: (key) => run('shared', 'readwrite', (store) => store('shared').delete(key)),
    count: () => run('shared', 'readonly', (store) => store('shared').count()),
  };

  scope.keepsakeBackups = {
    newKey,
    /// Every folder backed up on this device: {key, owner, handle, …what the app records}.
    folders: () => run('backup-folders', 'readonly', (store) => store('backup-folders').getAll()),
    putFolder: (folder) => run('backup-folders', 'readwrite', (store) => store('backup-folders').put(folder)),
    /// A folder and everything recorded about its files.
    removeFolder: (key) => run(['backup-folders', 'backup-files'], 'readwrite', (store) => {
      store('backup-folders').delete(key);
      const files = store('backup-files');
      files.index('folder').openKeyCursor(IDBKeyRange.only(key)).onsuccess = (event) => {
        const cursor = event.target.result;
        if (cursor) {
          files.delete(cursor.primaryKey);
          cursor.continue();
        }
      };
    }),
    /// What was last backed up from each file of a folder: {key, folder, path, size, modified, …}.
    files: (folder) => run('backup-files', 'readonly',
      (store) => store('backup-files').index('folder').getAll(IDBKeyRange.only(folder))),
    putFiles: (files) => run('backup-files', 'readwrite', (store) => {
      for (const file of files) store('backup-files').put(file);
    }),
    removeFiles: (keys) => run('backup-files', 'readwrite', (store) => {
      for (const key of keys) store('backup-files').delete(key);
    }),
  };
})(self);
