// Automatic backup of a folder. Chromium's folder picker needs a person, so the test harness (and only
// it) replaces `showDirectoryPicker` with one that returns a real directory handle: a folder in the
// origin private file system, which the test fills with corpus photos the way a camera folder fills.
const fs = require('fs');
const { test, expect } = require('@playwright/test');
const { ADMIN, corpusFile, uniqueName, signIn, signUp } = require('./helpers');

// Requests are counted in the page; a service worker in between would make them its own.
test.use({ serviceWorkers: 'block' });

/// The stubbed picker hands out the private file system's folder named by `window.keepsakePick`.
async function stubPicker(page) {
  await page.addInitScript(() => {
    window.showDirectoryPicker = async () => {
      const root = await navigator.storage.getDirectory();
      return root.getDirectoryHandle(window.keepsakePick || 'Holiday');
    };
  });
}

/// Writes files into the private file system: {path: Buffer | string}, paths under the root.
async function writeFiles(page, files) {
  const encoded = Object.entries(files).map(([path, data]) => [path, Buffer.from(data).toString('base64')]);
  await page.evaluate(async (files) => {
    const root = await navigator.storage.getDirectory();
    for (const [path, data] of files) {
      const parts = path.split('/');
      let dir = root;
      for (const part of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(part, { create: true });
      const file = await dir.getFileHandle(parts.at(-1), { create: true });
      const writable = await file.createWritable();
      await writable.write(Uint8Array.from(atob(data), (c) => c.charCodeAt(0)));
      await writable.close();
    }
  }, encoded);
}

/// Counts the page's hash checks and opened uploads.
function countRequests(page) {
  const seen = { checks: 0, uploads: 0 };
  page.on('request', (request) => {
    const path = new URL(request.url()).pathname;
    if (request.method() === 'POST' && path === '/api/v1/assets/check') seen.checks += 1;
    if (request.method() === 'POST' && path === '/api/v1/uploads') seen.uploads += 1;
  });
  return seen;
}

async function lastScan(page) {
  return page.evaluate(async () => Math.max(0, ...(await window.keepsakeBackups.folders()).map((f) => f.last_scan || 0)));
}

const row = (page, name) => page.locator(`tr[data-folder="${name}"]`);

async function expectCounts(page, name, { backedUp, pending, failed }) {
  await expect(row(page, name).locator('.backed-up')).toHaveText(String(backedUp), { timeout: 60_000 });
  await expect(row(page, name).locator('.pending')).toHaveText(String(pending));
  await expect(row(page, name).locator('.failed')).toHaveText(String(failed));
}

async function assetCount(page) {
  const listing = await (await page.request.get('/api/v1/assets?limit=1000')).json();
  if (listing.next_cursor) throw new Error('more photos than one page holds');
  return listing.items.length;
}

const photo = (name) => fs.readFileSync(corpusFile(name));

test('a backed-up folder: new photos are uploaded once, with their folders; a second scan sends nothing', async ({ page, browser }) => {
  const admin = await (await browser.newContext()).newPage();
  await signIn(admin, ADMIN);
  const received = async () => (await (await admin.request.get('/api/v1/stats')).json()).upload_bytes_received;

  await stubPicker(page);
  await signUp(page, uniqueName('backup'));
  await writeFiles(page, {
    // The same photo twice, taken up together: one is sent, the other then found on the server.
    'Holiday/beach copy.jpg': photo('ian_landscape_1.jpg'),
    'Holiday/beach.jpg': photo('ian_landscape_1.jpg'),
    'Holiday/trips/June/hike.jpg': photo('ian_landscape_2.jpg'),
    'Holiday/notes.txt': 'not a photo',
    'Holiday/.thumbnails/cache.jpg': photo('ian_landscape_3.jpg'),
    // Not a video at all: refused, and not tried again until it changes.
    'Holiday/clip.mp4': 'definitely not a video',
  });
  await page.getByRole('link', { name: 'Backup' }).click();
  await page.getByLabel('Photos only').check();
  const before = await received();
  const requests = countRequests(page);
  await page.getByRole('button', { name: 'Back up a folder' }).click();

  await expectCounts(page, 'Holiday', { backedUp: 3, pending: 0, failed: 0 });
  await expect(page.getByText('Up to date')).toBeVisible();
  expect(await assetCount(page)).toBe(2);
  expect(requests.uploads).toBe(2);
  expect(await received()).toBe(photo('ian_landscape_1.jpg').length + photo('ian_landscape_2.jpg').length + before);
  // Filed under the picked folder's name, as a folder upload would be.
  const top = await (await page.request.get('/api/v1/folders?path=Holiday')).json();
  expect(top.folders).toEqual([{ name: 'trips', path: 'Holiday/trips', count: 1 }]);
  expect(top.count).toBe(1);
  const trips = await (await page.request.get('/api/v1/folders?path=Holiday/trips')).json();
  expect(trips.folders).toEqual([{ name: 'June', path: 'Holiday/trips/June', count: 1 }]);

  // Nothing new: the scan reads no file and sends nothing.
  const firstScan = await lastScan(page);
  const quiet = { ...requests };
  await page.getByRole('button', { name: 'Scan now' }).click();
  await expect.poll(() => lastScan(page)).toBeGreaterThan(firstScan);
  await expect(page.getByText('Up to date')).toBeVisible();
  expect(requests).toEqual(quiet);
  expect(await assetCount(page)).toBe(2);
  const afterFirst = await received();

  // A new photo and a changed one are found; only those go.
  await writeFiles(page, {
    'Holiday/trips/June/summit.jpg': photo('ian_landscape_4.jpg'),
    'Holiday/beach.jpg': photo('ian_landscape_5.jpg'),
  });
  await page.getByRole('button', { name: 'Scan now' }).click();
  await expectCounts(page, 'Holiday', { backedUp: 4, pending: 0, failed: 0 });
  await expect(page.getByText('Up to date')).toBeVisible();
  expect(requests.checks - quiet.checks).toBe(2);
  expect(requests.uploads - quiet.uploads).toBe(2);
  expect(await assetCount(page)).toBe(4);
  expect(await received()).toBe(afterFirst + photo('ian_landscape_4.jpg').length + photo('ian_landscape_5.jpg').length);

  // Videos too: the "video" is refused with its reason, and a later scan leaves it be.
  await page.getByLabel('Photos and videos').check();
  await expectCounts(page, 'Holiday', { backedUp: 4, pending: 0, failed: 1 });
  await expect(page.locator('.backup-failures')).toContainText('clip.mp4: unsupported');
  // Refused for what it is: trying again would only fail again, so no "Retry" is offered.
  const panel = page.getByRole('region', { name: 'Uploads' });
  await expect(panel.getByText('Failed: unsupported')).toBeVisible();
  await expect(panel.getByRole('button', { name: /Retry/ })).toHaveCount(0);
  const settled = { ...requests };
  const scanned = await lastScan(page);
  await page.getByRole('button', { name: 'Scan now' }).click();
  await expect.poll(() => lastScan(page)).toBeGreaterThan(scanned);
  await expectCounts(page, 'Holiday', { backedUp: 4, pending: 0, failed: 1 });
  expect(requests).toEqual(settled);

  // Remembered: after a reload the folder is still there and scanned as Keepsake opens.
  const beforeReload = await lastScan(page);
  await page.reload();
  await expectCounts(page, 'Holiday', { backedUp: 4, pending: 0, failed: 1 });
  await expect.poll(() => lastScan(page)).toBeGreaterThan(beforeReload);
  await expect(page.getByText('Look again every')).toBeVisible();
  expect(await assetCount(page)).toBe(4);
  await expect(page.getByLabel('Photos and videos')).toBeChecked();

  // Picking the same folder again does not add it twice.
  await page.getByRole('button', { name: 'Back up a folder' }).click();
  await expect(page.getByText('Holiday is backed up already.')).toBeVisible();
  await expect(page.locator('tr[data-folder]')).toHaveCount(1);

  // Stopping leaves the photos in the library.
  await row(page, 'Holiday').getByRole('button', { name: 'Stop backing up' }).click();
  await expect(page.getByText('No folder is backed up on this device yet.')).toBeVisible();
  expect(await assetCount(page)).toBe(4);
  await admin.context().close();
});

test('a metered connection waits for Wi-Fi unless allowed, and a paused backup waits', async ({ page }) => {
  await page.addInitScript(() => {
    const connection = new EventTarget();
    connection.type = 'cellular';
    connection.saveData = false;
    Object.defineProperty(Navigator.prototype, 'connection', { get: () => connection, configurable: true });
  });
  await stubPicker(page);
  await signUp(page, uniqueName('metered'));
  await writeFiles(page, { 'Phone/a.jpg': photo('ian_landscape_6.jpg') });
  await page.evaluate(() => { window.keepsakePick = 'Phone'; });
  await page.getByRole('link', { name: 'Backup' }).click();
  const requests = countRequests(page);
  await page.getByRole('button', { name: 'Back up a folder' }).click();
  await expect(page.getByText('Waiting for Wi-Fi: this connection is metered')).toBeVisible();
  await expectCounts(page, 'Phone', { backedUp: 0, pending: 1, failed: 0 });
  await page.waitForTimeout(1500);
  expect(requests.uploads).toBe(0);

  await page.getByLabel('Use mobile data').check();
  await expectCounts(page, 'Phone', { backedUp: 1, pending: 0, failed: 0 });
  await page.getByLabel('Use mobile data').uncheck();

  // Back on Wi-Fi, but paused.
  await page.evaluate(() => { navigator.connection.type = 'wifi'; });
  await page.getByRole('button', { name: 'Pause' }).click();
  await writeFiles(page, { 'Phone/b.jpg': photo('ian_landscape_7.jpg') });
  await page.getByRole('button', { name: 'Scan now' }).click();
  await expect(page.getByText('Paused', { exact: true })).toBeVisible();
  await expectCounts(page, 'Phone', { backedUp: 1, pending: 1, failed: 0 });
  await page.waitForTimeout(1500);
  expect(requests.uploads).toBe(1);
  await page.getByRole('button', { name: 'Resume' }).click();
  await expectCounts(page, 'Phone', { backedUp: 2, pending: 0, failed: 0 });
  expect(requests.uploads).toBe(2);
  expect(await assetCount(page)).toBe(2);
});

test('while Keepsake stays open, folders are scanned again on the chosen interval', async ({ page }) => {
  await page.clock.install();
  await stubPicker(page);
  await signUp(page, uniqueName('interval'));
  await writeFiles(page, { 'Interval/a.jpg': photo('ian_landscape_8.jpg') });
  await page.evaluate(() => { window.keepsakePick = 'Interval'; });
  await page.getByRole('link', { name: 'Backup' }).click();
  await page.getByLabel('Look again every').selectOption({ label: '15 minutes' });
  await page.getByRole('button', { name: 'Back up a folder' }).click();
  await expectCounts(page, 'Interval', { backedUp: 1, pending: 0, failed: 0 });
  const scanned = await lastScan(page);

  await writeFiles(page, { 'Interval/b.jpg': photo('ian_landscape_7.jpg') });
  await page.clock.fastForward('14:00');
  await page.waitForTimeout(1000);
  expect(await lastScan(page)).toBe(scanned);
  await page.clock.fastForward('01:30');
  await expectCounts(page, 'Interval', { backedUp: 2, pending: 0, failed: 0 });
  expect(await lastScan(page)).toBeGreaterThan(scanned);
  expect(await assetCount(page)).toBe(2);
});

test('a folder the browser asks about again waits for "Allow access"', async ({ page }) => {
  // As after a browser restart: reading needs the person's yes again (asked for with a click).
  await page.addInitScript(() => {
    window.showDirectoryPicker = async () => {
      const handle = await (await navigator.storage.getDirectory()).getDirectoryHandle('Asked');
      let allowed = false;
      handle.queryPermission = async () => (allowed ? 'granted' : 'prompt');
      handle.requestPermission = async () => {
        allowed = Boolean(navigator.userActivation && navigator.userActivation.isActive);
        return allowed ? 'granted' : 'prompt';
      };
      return handle;
    };
  });
  await signUp(page, uniqueName('asked'));
  await writeFiles(page, { 'Asked/a.jpg': photo('ian_landscape_5.jpg') });
  await page.getByRole('link', { name: 'Backup' }).click();
  const requests = countRequests(page);
  await page.getByRole('button', { name: 'Back up a folder' }).click();
  await expect(row(page, 'Asked')).toContainText('Keepsake needs your permission to read it again.');
  await expect(row(page, 'Asked').locator('td').first()).toHaveText('Not yet');
  expect(requests.checks).toBe(0);
  await row(page, 'Asked').getByRole('button', { name: 'Allow access' }).click();
  await expectCounts(page, 'Asked', { backedUp: 1, pending: 0, failed: 0 });
  await expect(row(page, 'Asked')).not.toContainText('permission');
  await expect(row(page, 'Asked').getByRole('button', { name: 'Allow access' })).toHaveCount(0);
});

test('where the browser cannot watch a folder, the page says so and offers the folder picker', async ({ page }) => {
  await page.addInitScript(() => { delete window.showDirectoryPicker; });
  await signUp(page, uniqueName('nofsa'));
  await page.goto('/#/upload');
  await expect(page.getByRole('note')).toContainText('This browser cannot watch a folder');
  await expect(page.getByRole('note')).toContainText('Share → Keepsake');
  await expect(page.getByRole('button', { name: 'Back up a folder' })).toHaveCount(0);
  // The one-off folder pick is there, and works.
  const dir = fs.mkdtempSync(require('path').join(require('os').tmpdir(), 'keepsake-pick-'));
  fs.copyFileSync(corpusFile('ian_landscape_8.jpg'), require('path').join(dir, 'lake.jpg'));
  await page.getByLabel('Choose a folder').setInputFiles(dir);
  await expect(page.getByRole('region', { name: 'Uploads' }).getByText('1 of 1 done')).toBeVisible({ timeout: 60_000 });
  fs.rmSync(dir, { recursive: true });
});
