const { test, expect } = require('@playwright/test');
const { ADMIN, corpusFile, uniqueName, signIn, signUp, dropFiles } = require('./helpers');

const cells = (page) => page.locator('.timeline .cell');

/// Resolves once a service worker controls the page.
async function controlled(page) {
  await page.evaluate(() => navigator.serviceWorker.ready);
  if (!(await page.evaluate(() => Boolean(navigator.serviceWorker.controller)))) {
    await page.reload();
  }
  await expect.poll(() => page.evaluate(() => Boolean(navigator.serviceWorker.controller))).toBe(true);
}

test('Chromium finds Keepsake installable and the service worker keeps the shell', async ({ playwright, baseURL, launchOptions }) => {
  // Installation is never offered in an incognito profile, which every new context is: a real profile.
  const profile = require('fs').mkdtempSync(require('path').join(require('os').tmpdir(), 'keepsake-profile-'));
  const context = await playwright.chromium.launchPersistentContext(profile, { ...launchOptions, baseURL });
  const page = context.pages()[0] || (await context.newPage());
  await page.goto('/');
  await page.evaluate(() => navigator.serviceWorker.ready);
  const cdp = await page.context().newCDPSession(page);
  const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
  expect(installabilityErrors).toEqual([]);
  const { url, errors } = await cdp.send('Page.getAppManifest');
  expect(url).toMatch(/\/manifest\.webmanifest$/);
  expect(errors).toEqual([]);
  // Every icon and screenshot the manifest names is there.
  const manifest = await (await page.request.get('/manifest.webmanifest')).json();
  for (const { src } of [...manifest.icons, ...manifest.screenshots]) {
    expect((await page.request.get(src)).status(), src).toBe(200);
  }
  const shell = await page.evaluate(async () => (await caches.keys()).filter((k) => k.startsWith('keepsake-shell-')));
  expect(shell).toHaveLength(1);
  const cached = await page.evaluate(async (name) => (await (await caches.open(name)).keys()).map((r) => new URL(r.url).pathname), shell[0]);
  // Built files carry a hash of their content in their names.
  const hashed = (stem, ext) => new RegExp(`^/${stem}\\.[0-9a-f]{10}\\.${ext}$`);
  expect(cached).toContain('/index.html');
  expect(cached).toContain('/worker.js');
  for (const name of [hashed('boot', 'js'), hashed('pkg/keepsake_app', 'js'),
    hashed('pkg/keepsake_app_bg', 'wasm'), hashed('pkg/keepsake_worker', 'js'), hashed('pkg/keepsake_worker_bg', 'wasm')]) {
    expect(cached.filter((p) => name.test(p)), String(name)).toHaveLength(1);
  }
  await context.close();
});

test('a new release waits behind "Update available", then replaces the old shell cleanly', async ({ page, context }) => {
  await page.goto('/');
  await controlled(page);
  const shells = () => page.evaluate(async () => (await caches.keys()).filter((k) => k.startsWith('keepsake-shell-')).sort());
  const [current] = await shells();
  expect(current).toMatch(/^keepsake-shell-[0-9a-f]{16}$/);

  // The next release, as far as the browser can tell: the worker script with another version, at an
  // address of its own (Playwright sees a registration's first fetch of a script, not the browser's
  // later update checks). Once it is released, the page's own check of the old address is held off.
  await context.route('**/sw.js?next', async (route) => {
    const response = await route.fetch();
    const body = (await response.text()).replace(/const VERSION = '[^']*'/, "const VERSION = 'next'");
    expect(body).toContain("const VERSION = 'next'");
    await route.fulfill({ response, body });
  });
  await context.route('**/sw.js', (route) => route.abort());
  await page.evaluate(() => navigator.serviceWorker.register('/sw.js?next'));
  const banner = page.getByRole('status').filter({ hasText: 'Update available' });
  await expect(banner).toBeVisible();
  // Installed beside the old one, complete, and not in charge yet: this page still runs the old release.
  expect(await shells()).toEqual([current, 'keepsake-shell-next'].sort());
  const size = (name) => page.evaluate(async (name) => (await (await caches.open(name)).keys()).length, name);
  expect(await size('keepsake-shell-next')).toBe(await size(current));
  expect(await page.evaluate(() => new URL(navigator.serviceWorker.controller.scriptURL).search)).toBe('');

  await Promise.all([page.waitForEvent('load'), banner.getByRole('button', { name: 'Reload' }).click()]);
  await expect(page.getByLabel('Username')).toBeVisible();
  expect(await page.evaluate(() => new URL(navigator.serviceWorker.controller.scriptURL).search)).toBe('?next');
  await expect.poll(shells).toEqual(['keepsake-shell-next']);
  await expect(banner).toHaveCount(0);
});

/// What the service worker kept for offline: how many photos its copy of the first timeline page
/// lists, and how many thumbnails or previews it holds.
const keptForOffline = (page) => page.evaluate(async () => {
  const user = await caches.open('keepsake-user');
  const timeline = (await user.keys()).find((r) => new URL(r.url).pathname === '/api/v1/assets');
  const me = (await user.keys()).some((r) => new URL(r.url).pathname === '/api/v1/me');
  const photos = timeline ? (await (await user.match(timeline)).json()).items.length : null;
  const media = (await (await caches.open('keepsake-media')).keys()).length;
  return { me, photos, media };
});

test('offline: the last timeline with its thumbnails, uploads that wait, and nothing kept after sign-out', async ({ page, context }) => {
  // A first visit whose service worker takes charge only after the person signed up and uploaded:
  // everything the page read went past it, and is read again through it.
  let installWorker;
  const held = new Promise((resolve) => { installWorker = resolve; });
  await context.route('**/sw.js', async (route) => { await held; await route.continue(); });
  await signUp(page, uniqueName('offline'));
  await dropFiles(page, ['et_Apple.jpg', 'et_GoPro.jpg']);
  await expect(page.getByRole('region', { name: 'Uploads' }).getByText('2 of 2 done')).toBeVisible({ timeout: 60_000 });
  await expect(cells(page)).toHaveCount(2);
  await expect.poll(() => cells(page).locator('img').evaluateAll((imgs) => imgs.every((i) => i.complete && i.naturalWidth > 0))).toBe(true);
  expect(await page.evaluate(() => Boolean(navigator.serviceWorker.controller))).toBe(false);
  installWorker();
  await expect.poll(() => page.evaluate(() => Boolean(navigator.serviceWorker.controller)), { timeout: 30_000 }).toBe(true);
  await expect.poll(() => keptForOffline(page)).toEqual({ me: true, photos: 2, media: 2 });

  await context.setOffline(true);
  await page.reload();
  await expect(page.getByRole('status').filter({ hasText: 'You are offline' })).toBeVisible();
  await expect(cells(page)).toHaveCount(2);
  await expect.poll(() => cells(page).locator('img').evaluateAll((imgs) => imgs.length === 2 && imgs.every((i) => i.complete && i.naturalWidth > 0))).toBe(true);

  // Started offline, it waits; back online, it goes.
  await page.getByLabel('Upload photos').setInputFiles(corpusFile('ian_DSCN0010.jpg'));
  const panel = page.getByRole('region', { name: 'Uploads' });
  await expect(panel.getByRole('listitem')).toBeVisible();
  await page.waitForTimeout(1500);
  await expect(panel.getByText('1 of 1 done')).toHaveCount(0);
  await context.setOffline(false);
  await expect(panel.getByText('1 of 1 done')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByRole('status').filter({ hasText: 'You are offline' })).toHaveCount(0);
  await expect(cells(page)).toHaveCount(3);

  // The upload that went is in what the worker keeps: offline again, the timeline opens with it. The
  // preview People's pass read of it went through the worker too, and is not kept: the worker keeps
  // what the page shows, so a pass over a whole library cannot push the timeline's thumbnails out.
  await expect.poll(async () => (await (await page.request.get('/api/v1/people/pending?limit=1')).json()).remaining,
    { timeout: 60_000 }).toBe(0);
  await expect.poll(() => keptForOffline(page)).toEqual({ me: true, photos: 3, media: 3 });
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByRole('status').filter({ hasText: 'You are offline' })).toBeVisible();
  await expect(cells(page)).toHaveCount(3);
  await context.setOffline(false);
  await page.reload();
  await expect(cells(page)).toHaveCount(3);

  // Signing out leaves no one's API data or photos in the caches.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  const leftovers = await page.evaluate(async () => {
    const found = [];
    for (const name of await caches.keys()) {
      for (const request of await (await caches.open(name)).keys()) {
        if (new URL(request.url).pathname.startsWith('/api/')) found.push(`${name}: ${request.url}`);
      }
    }
    return found;
  });
  expect(leftovers).toEqual([]);
});

/// The page a share posts from: a form that sends `bytes` as the share target's `media` field, as a
/// top-level navigation (what a share sheet does, and what any web page can do).
const sharePage = (action) => `<!doctype html><meta charset="utf-8"><title>sharing</title>
<form method="post" enctype="multipart/form-data" action="${action}"><input type="file" name="media"></form>
<script>
  window.share = (base64) => {
    const raw = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const files = new DataTransfer();
    files.items.add(new File([raw], 'shared.jpg', { type: 'image/jpeg' }));
    document.querySelector('input').files = files.files;
    document.querySelector('form').submit();
  };
</script>`;

test('photos shared to Keepsake are shown and uploaded only on the person\'s yes', async ({ page, baseURL }) => {
  const name = uniqueName('sharer');
  await signUp(page, name);
  await controlled(page);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();

  // A share sheet's POST, while signed out: set aside, not queued for upload.
  const bytes = require('fs').readFileSync(corpusFile('et_GoPro.jpg')).toString('base64');
  // (Served from another origin: this one's service worker would answer the page itself.)
  await page.route('http://gallery.test/**', (route) => route.fulfill({ contentType: 'text/html', body: sharePage(`${baseURL}/share-target`) }));
  await page.goto('http://gallery.test/');
  await page.evaluate((b) => window.share(b), bytes);
  await page.waitForURL(/#\/\?shared=1$/);
  const waiting = await page.evaluate(async () => (await window.keepsakeShared.all()).map((e) => e.file.name));
  expect(waiting).toEqual(['shared.jpg']);
  expect(await page.evaluate(async () => (await window.keepsakeQueue.all()).length)).toBe(0);
  // A script's fetch is not a share sheet.
  const status = await page.evaluate(async () => {
    const form = new FormData();
    form.append('media', new File([new Uint8Array(10)], 'x.jpg', { type: 'image/jpeg' }));
    return (await fetch('/share-target', { method: 'POST', body: form })).status;
  });
  expect(status).toBe(400);

  await page.getByLabel('Username').fill(name);
  await page.getByLabel('Password').fill('correct horse battery');
  await page.getByRole('button', { name: 'Sign in' }).click();
  const dialog = page.getByRole('dialog', { name: 'A photo was shared to Keepsake' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByText('shared.jpg')).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Upload them' })).toBeFocused();
  await dialog.getByRole('button', { name: 'Upload them' }).click();
  const panel = page.getByRole('region', { name: 'Uploads' });
  await expect(panel.getByText('1 of 1 done')).toBeVisible({ timeout: 60_000 });
  await expect(cells(page)).toHaveCount(1);
  await expect.poll(() => page.evaluate(async () => (await window.keepsakeShared.all()).length)).toBe(0);
});

test('a cross-site page posting to the share target plants nothing', async ({ page, baseURL }) => {
  await signUp(page, uniqueName('victim'));
  await controlled(page);
  // Another site, top-level, posting a form to Keepsake's share target while the person is signed in.
  await page.route('http://attacker.test/**', (route) => route.fulfill({ contentType: 'text/html', body: sharePage(`${baseURL}/share-target`) }));
  await page.goto('http://attacker.test/');
  const bytes = require('fs').readFileSync(corpusFile('et_GoPro.jpg')).toString('base64');
  await page.evaluate((b) => window.share(b), bytes);
  await page.waitForURL(/#\/\?shared=1$/);
  const dialog = page.getByRole('dialog', { name: 'A photo was shared to Keepsake' });
  await expect(dialog).toBeVisible();
  // Nothing has gone to the server while the question is open.
  await page.waitForTimeout(1500);
  const page1 = await (await page.request.get('/api/v1/assets')).json();
  expect(page1.items).toHaveLength(0);
  await dialog.getByRole('button', { name: 'Discard' }).click();
  await expect(dialog).toBeHidden();
  await expect.poll(() => page.evaluate(async () => (await window.keepsakeShared.all()).length)).toBe(0);
  await page.reload();
  await expect(page.getByRole('dialog', { name: /shared to Keepsake/ })).toHaveCount(0);
  expect((await (await page.request.get('/api/v1/assets')).json()).items).toHaveLength(0);
});

test('closing the page mid-upload loses nothing: the queue comes back and finishes', async ({ page }) => {
  await signUp(page, uniqueName('reload'));
  await controlled(page);
  // The first chunk never gets an answer, as when the tab is closed while it is being sent.
  let stalled = 0;
  await page.route('**/api/v1/uploads/*/bytes*', async () => { stalled += 1; });
  const name = 'exifr_IMG_20180725_163423.jpg';
  await page.getByLabel('Upload photos').setInputFiles(corpusFile(name));
  await expect.poll(() => stalled).toBeGreaterThan(0);
  await expect.poll(() => page.evaluate(async () => (await window.keepsakeQueue.all()).length)).toBe(1);
  await page.unroute('**/api/v1/uploads/*/bytes*');
  await page.reload();
  const panel = page.getByRole('region', { name: 'Uploads' });
  await expect(panel.getByText('1 of 1 done')).toBeVisible({ timeout: 60_000 });
  await expect(cells(page)).toHaveCount(1);
  await expect.poll(() => page.evaluate(async () => (await window.keepsakeQueue.all()).length)).toBe(0);
  const id = await cells(page).first().getAttribute('data-asset-id');
  const original = await page.request.get(`/api/v1/assets/${id}/original`);
  expect(Buffer.compare(await original.body(), require('fs').readFileSync(corpusFile(name)))).toBe(0);
});

// Playwright holds back the page's requests, not a service worker's: here the page sends them itself.
test.describe('with the page sending its own requests', () => {
  test.use({ serviceWorkers: 'block' });

  test('a failed upload says why, stays kept, and goes on "Retry"', async ({ page }) => {
    await signUp(page, uniqueName('retry'));
    await page.route('**/api/v1/uploads', (route) => route.fulfill({
      status: 400,
      contentType: 'application/json',
      body: JSON.stringify({ code: 'storage-full', message: "the server's disk is full" }),
    }));
    await page.getByLabel('Upload photos').setInputFiles(corpusFile('ian_landscape_3.jpg'));
    const panel = page.getByRole('region', { name: 'Uploads' });
    await expect(panel.getByText("Failed: the server's disk is full")).toBeVisible({ timeout: 60_000 });
    await expect(panel.getByText('0 of 1 done, 1 failed')).toHaveCount(0);
    await expect(panel.getByText('1 of 1 done, 1 failed')).toBeVisible();
    // A failure another try may mend keeps the file for the next visit.
    expect(await page.evaluate(async () => (await window.keepsakeQueue.all()).map((e) => e.file.name))).toEqual(['ian_landscape_3.jpg']);
    await page.unroute('**/api/v1/uploads');
    await panel.getByRole('button', { name: 'Retry', exact: true }).click();
    await expect(panel.getByText('1 of 1 done')).toBeVisible({ timeout: 60_000 });
    await expect(panel.getByText('Uploaded')).toBeVisible();
    await expect(panel.getByRole('button', { name: 'Retry', exact: true })).toHaveCount(0);
    await expect(cells(page)).toHaveCount(1);
    await expect.poll(() => page.evaluate(async () => (await window.keepsakeQueue.all()).length)).toBe(0);
  });

  test('signing out mid-upload keeps the file for the next sign-in', async ({ page }) => {
    const name = uniqueName('leaver');
    await signUp(page, name);
    // The chunk is held until the person has signed out, then refused for want of a session.
    let held = null;
    await page.route('**/api/v1/uploads/*/bytes*', async (route) => {
      if (held === null) held = route;
      else await route.continue();
    });
    await page.getByLabel('Upload photos').setInputFiles(corpusFile('et_Sony.jpg'));
    await expect.poll(() => held !== null).toBe(true);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
    const refused = page.waitForResponse((r) => r.url().includes('/bytes'));
    await held.continue();
    expect((await refused).status()).toBe(401);
    await page.waitForTimeout(500);
    expect(await page.evaluate(async () => (await window.keepsakeQueue.all()).length)).toBe(1);
    await page.getByLabel('Username').fill(name);
    await page.getByLabel('Password').fill('correct horse battery');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('region', { name: 'Uploads' }).getByText('1 of 1 done')).toBeVisible({ timeout: 60_000 });
    await expect(cells(page)).toHaveCount(1);
    await expect.poll(() => page.evaluate(async () => (await window.keepsakeQueue.all()).length)).toBe(0);
  });

  test('a reload mid-upload resumes from the last confirmed chunk: the server receives each byte once', async ({ page, browser }) => {
    const fs = require('fs');
    const admin = await (await browser.newContext()).newPage();
    await signIn(admin, ADMIN);
    const received = async () => (await (await admin.request.get('/api/v1/stats')).json()).upload_bytes_received;

    await signUp(page, uniqueName('resume'));
    // Two 8 MB chunks and a bit: a real photo with 12 MB after its end (decoders stop at the end marker).
    const file = require('path').join(require('os').tmpdir(), `keepsake-big-${Date.now()}.jpg`);
    fs.writeFileSync(file, Buffer.concat([fs.readFileSync(corpusFile('exifr_IMG_20180725_163423.jpg')), require('crypto').randomBytes(12 << 20)]));
    const size = fs.statSync(file).size;
    const before = await received();
    let chunks = 0;
    let reloaded = false;
    await page.route('**/api/v1/uploads/*/bytes*', async (route) => {
      chunks += 1;
      // The first chunk goes through; the second never does (the page goes away while it is sent).
      if (chunks === 1 || reloaded) await route.continue();
    });
    await page.getByLabel('Upload photos').setInputFiles(file);
    await expect.poll(() => chunks, { timeout: 60_000 }).toBe(2);
    await expect.poll(received).toBe(before + (8 << 20));
    await page.waitForTimeout(500);
    expect(await received()).toBe(before + (8 << 20));
    reloaded = true;
    const offsets = [];
    page.on('request', (r) => {
      if (/\/bytes\?offset=/.test(r.url())) offsets.push(Number(new URL(r.url()).searchParams.get('offset')));
    });
    await page.reload();
    const panel = page.getByRole('region', { name: 'Uploads' });
    await expect(panel.getByText('1 of 1 done')).toBeVisible({ timeout: 60_000 });
    // After the reload the browser starts where the server is, not at the beginning.
    expect(offsets).toEqual([8 << 20]);
    expect(await received()).toBe(before + size);
    const id = await cells(page).first().getAttribute('data-asset-id');
    const original = await page.request.get(`/api/v1/assets/${id}/original`);
    expect(Buffer.compare(await original.body(), fs.readFileSync(file))).toBe(0);
    fs.unlinkSync(file);
  });
});
