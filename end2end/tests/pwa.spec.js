const { test, expect } = require('@playwright/test');
const { corpusFile, uniqueName, signUp, dropFiles } = require('./helpers');

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
  for (const path of ['/index.html', '/boot.js', '/keepsake.css', '/pkg/keepsake_app.js', '/pkg/keepsake_app_bg.wasm', '/worker.js']) {
    expect(cached).toContain(path);
  }
  await context.close();
});

test('offline: the last timeline with its thumbnails, uploads that wait, and nothing kept after sign-out', async ({ page, context }) => {
  await signUp(page, uniqueName('offline'));
  await dropFiles(page, ['et_Apple.jpg', 'et_GoPro.jpg']);
  await expect(page.getByRole('region', { name: 'Uploads' }).getByText('2 of 2 done')).toBeVisible({ timeout: 60_000 });
  await controlled(page);
  await expect(cells(page)).toHaveCount(2);
  await expect.poll(() => cells(page).locator('img').evaluateAll((imgs) => imgs.every((i) => i.complete && i.naturalWidth > 0))).toBe(true);

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
