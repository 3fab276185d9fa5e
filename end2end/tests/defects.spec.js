// The defects a new user met on a phone and a desktop, each as it was seen.
const fs = require('fs');
const os = require('os');
const path = require('path');
const { test, expect } = require('@playwright/test');
const { ADMIN, uniqueName, signIn, signUp, corpusFile } = require('./helpers');

const NIKON = 'ian_DSCN0010.jpg'; // 22 October 2008
const SAMSUNG = 'mde_Samsung_SM-J327T1.jpg'; // 26 September 2019
const CANON = 'mde_Canon_PowerShot_A85.jpg'; // make "Canon", model "Canon PowerShot A85"

const select = (page, name) => page.getByRole('button', { name: `Select ${name}`, exact: true }).click();

async function upload(page, names) {
  await page.getByLabel('Upload photos').setInputFiles(names.map(corpusFile));
  await expect(page.getByRole('region', { name: 'Uploads' }).getByText(`${names.length} of ${names.length} done`)).toBeVisible({ timeout: 60_000 });
}

test('an anonymous first load logs no error', async ({ page }) => {
  const errors = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto('/');
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  await page.waitForLoadState('networkidle');
  expect(errors).toEqual([]);
});

test('the first page of someone signed in asks for who they are and their timeline alongside the program', async ({ page }) => {
  await signUp(page, uniqueName('preload'));
  const first = await (await page.request.get('/')).text();
  const preloads = [...first.matchAll(/<link rel="preload" href="([^"]+)" as="fetch" crossorigin>/g)].map((m) => m[1]);
  expect(preloads).toEqual(['/api/v1/me', '/api/v1/assets?limit=1000']);
  for (const address of preloads) {
    const response = await page.request.get(address);
    expect(response.status(), address).toBe(200);
    expect(response.headers()['content-type'], address).toContain('application/json');
  }
});

test('the timeline loads none of the rarer pages; each comes when opened, and one that cannot come says so', async ({ page }) => {
  const parts = [];
  page.on('request', (r) => {
    const path = new URL(r.url()).pathname;
    if (/^\/pkg\/(split|chunk)_/.test(path)) parts.push(path);
  });
  await page.context().route(/\/pkg\/split_accounts\./, (route) => route.abort());
  await signUp(page, uniqueName('split'));
  await page.reload();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  await page.waitForLoadState('networkidle');
  expect(parts, 'the first load fetches no page of its own module').toEqual([]);

  await page.goto('/#/prints');
  await expect(page.getByRole('heading', { name: 'Order prints' })).toBeVisible();
  expect(parts.some((p) => p.startsWith('/pkg/split_prints.')), `prints came with its module: ${parts}`).toBe(true);
  expect(parts.some((p) => p.startsWith('/pkg/split_people.')), 'and People did not').toBe(false);

  // A module that does not arrive leaves the app running, says so, and the rest still works.
  await page.goto('/#/accounts');
  await expect(page.getByRole('alert')).toContainText('This page could not be loaded');
  await page.goto('/#/');
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
});

test.describe('west of Greenwich', () => {
  test.use({ timezoneId: 'America/Los_Angeles' });

  test('a link expires on the day the person chose, and keeps that day when saved again', async ({ page }) => {
    await signUp(page, uniqueName('expiry'));
    await upload(page, [NIKON]);
    await select(page, NIKON);
    await page.getByRole('toolbar', { name: 'Selection' }).getByRole('button', { name: 'Share link' }).click();
    const dialog = page.getByRole('dialog', { name: 'Share by link' });
    await dialog.getByLabel('Expires on (optional)').fill('2030-12-31');
    await dialog.getByRole('button', { name: 'Create link' }).click();
    await expect(dialog.getByLabel('Link address')).toBeVisible();
    await page.keyboard.press('Escape');
    await page.getByRole('navigation', { name: 'Library' }).getByRole('link', { name: 'Shared' }).click();
    const expiry = page.getByLabel('Expires on', { exact: true });
    await expect(expiry).toHaveValue('2030-12-31');
    // Saved again as it stands, and after a change: the day shown is the day chosen.
    await expiry.fill('2031-01-15');
    await expiry.dispatchEvent('change');
    await page.reload();
    await expect(page.getByLabel('Expires on', { exact: true })).toHaveValue('2031-01-15');
  });
});

test("an album's name is searched as a name before a season, the date dialog starts at the photo's date, and the camera names its maker once", async ({ page }) => {
  await signUp(page, uniqueName('phrase'));
  await upload(page, [NIKON, SAMSUNG, CANON]);
  // Neither photo was taken in summer: "summer" must not be read as the season.
  await select(page, NIKON);
  await select(page, SAMSUNG);
  await page.getByRole('toolbar', { name: 'Selection' }).getByRole('button', { name: 'Add to album' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add to album' });
  await dialog.getByLabel('New album name').fill('Summer holidays');
  await dialog.getByRole('button', { name: 'Create album' }).click();
  await expect(page.getByRole('toolbar', { name: 'Selection' })).toHaveCount(0);
  await page.getByLabel('Search').fill('Summer holidays');
  await expect(page).toHaveURL(/#\/search/);
  await expect(page.locator('.timeline .cell')).toHaveCount(2);

  await page.getByRole('navigation', { name: 'Library' }).getByRole('link', { name: 'Photos' }).click();
  await select(page, NIKON);
  await page.getByRole('toolbar', { name: 'Selection' }).getByRole('button', { name: 'Edit date' }).click();
  await expect(page.getByRole('dialog', { name: 'Edit date' }).getByLabel('New date')).toHaveValue('2008-10-22T16:28:39');
  await page.keyboard.press('Escape');
  await select(page, NIKON);

  await page.locator('.timeline .cell').filter({ has: page.getByRole('button', { name: `Select ${CANON}` }) }).locator('.open').click();
  const viewer = page.getByRole('dialog', { name: `Photo ${CANON}` });
  await expect(viewer.locator('dt', { hasText: 'Camera' }).locator('xpath=following-sibling::dd[1]')).toHaveText('Canon PowerShot A85');
});

test('a photo already in the library, uploaded again from a folder, is found in that folder', async ({ page }) => {
  await signUp(page, uniqueName('credit'));
  await upload(page, [NIKON]);
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'keepsake-folder-'));
  fs.mkdirSync(path.join(folder, 'Tuscany'));
  fs.copyFileSync(corpusFile(NIKON), path.join(folder, 'Tuscany', NIKON));
  await page.getByLabel('Upload a folder').setInputFiles(path.join(folder, 'Tuscany'));
  await expect(page.getByRole('region', { name: 'Uploads' }).getByText('Already in your library')).toBeVisible({ timeout: 60_000 });
  await page.getByRole('navigation', { name: 'Library' }).getByRole('link', { name: 'Folders' }).click();
  await page.getByRole('link', { name: /Tuscany/ }).click();
  await expect(page.locator('.timeline .cell')).toHaveCount(1);
});

test('the invite link has a Copy button that copies it', async ({ page, context, baseURL }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL });
  await signUp(page, uniqueName('copier'));
  await page.getByRole('navigation', { name: 'Library' }).getByRole('link', { name: 'Family Vault' }).click();
  await page.getByLabel('Vault name').fill('The Copiers');
  await page.getByRole('button', { name: 'Create a family vault' }).click();
  await page.getByRole('button', { name: 'Create invite link' }).click();
  const invite = await page.getByLabel('Invite link').inputValue();
  await page.getByRole('button', { name: 'Copy link' }).click();
  await expect(page.getByText('Copied')).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(invite);
});

test('the admin edits the price list in a form, in inches and dollars; the JSON stays under Advanced', async ({ page }) => {
  await signIn(page, ADMIN);
  const original = await (await page.request.get('/api/v1/prints/prices')).json();
  try {
    await page.goto('/#/lab');
    const price = page.getByLabel('Size 1 price');
    await expect(price).toHaveValue(/^\d+\.\d\d$/);
    await price.fill('0.42');
    await price.press('Tab');
    await page.getByRole('button', { name: 'Add a size' }).click();
    const n = original.sizes.length + 1;
    await page.getByLabel(`Size ${n} name`).fill('10×15 cm');
    await page.getByLabel(`Size ${n} name`).press('Tab');
    await page.getByLabel(`Size ${n} short side`).fill('3.94');
    await page.getByLabel(`Size ${n} short side`).press('Tab');
    await page.getByLabel(`Size ${n} long side`).fill('5.91');
    await page.getByLabel(`Size ${n} long side`).press('Tab');
    await page.getByLabel(`Size ${n} price`).fill('0.50');
    await page.getByLabel(`Size ${n} price`).press('Tab');
    await page.getByRole('button', { name: 'Save price list' }).click();
    await expect(page.locator('.price-list').getByRole('status')).toHaveText('Saved');
    const saved = await (await page.request.get('/api/v1/prints/prices')).json();
    expect(saved.sizes[0].price).toBe(42);
    expect(saved.sizes.at(-1)).toEqual({ id: '10x15-cm', label: '10×15 cm', short_um: 100_076, long_um: 150_114, price: 50 });
    await page.getByText('Advanced: the price list as JSON').click();
    await expect(page.getByLabel('Price list as JSON')).toHaveValue(/"10x15-cm"/);
  } finally {
    await page.request.put('/api/v1/prints/prices', { data: original });
  }
});
