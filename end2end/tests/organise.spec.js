const { test, expect } = require('@playwright/test');
const crypto = require('crypto');
const fs = require('fs');
const { execFileSync } = require('child_process');
const { corpusFile, uniqueName, signUp, dropFiles } = require('./helpers');

const APPLE = 'et_Apple.jpg'; // Apple iPhone 7, 2016, Sheffield
const GOPRO = 'et_GoPro.jpg'; // GoPro HERO6 Black, 2017
const NIKON = 'ian_DSCN0010.jpg'; // NIKON COOLPIX P6000, 2008

const sha256 = (bytes) => crypto.createHash('sha256').update(bytes).digest('hex');

/// Reads a ZIP with Python's zipfile (an implementation independent of the server's): name → SHA-256.
function zipContents(file) {
  const script = 'import hashlib, json, sys, zipfile\n'
    + 'z = zipfile.ZipFile(sys.argv[1])\n'
    + 'assert z.testzip() is None\n'
    + 'print(json.dumps({i.filename: hashlib.sha256(z.read(i)).hexdigest() for i in z.infolist()}))';
  return JSON.parse(execFileSync('python3', ['-c', script, file]).toString());
}

const cell = (page, name) => page.locator('.timeline .cell').filter({ has: page.getByRole('button', { name: `Select ${name}`, exact: true }) });
const names = async (page) => (await page.locator('.timeline .cell').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label').split(',')[0]))).sort();

test('organise: albums from a selection, tags, search, favourites, trash and the album ZIP', async ({ page }) => {
  await signUp(page, uniqueName('org'));
  await dropFiles(page, [APPLE, GOPRO, NIKON]);
  await expect(page.getByRole('region', { name: 'Uploads' }).getByText('3 of 3 done')).toBeVisible({ timeout: 60_000 });
  await expect(page.locator('.timeline .cell')).toHaveCount(3);

  // A multi-selection becomes an album.
  await page.getByRole('button', { name: `Select ${APPLE}`, exact: true }).click();
  await cell(page, GOPRO).getByRole('button', { name: `Select ${GOPRO}` }).click();
  const bar = page.getByRole('toolbar', { name: 'Selection' });
  await expect(bar).toContainText('2 selected');
  await bar.getByRole('button', { name: 'Add to album' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add to album' });
  await dialog.getByLabel('New album name').fill('Trip');
  await dialog.getByRole('button', { name: 'Create album' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Album Trip created with 2 photos' })).toBeVisible();
  await expect(bar).toHaveCount(0);

  // Rename it.
  await page.getByRole('navigation', { name: 'Library' }).getByRole('link', { name: 'Albums', exact: true }).click();
  await page.getByRole('link', { name: 'Trip' }).click();
  await expect(page.locator('.timeline .cell')).toHaveCount(2);
  await page.getByLabel('Album name').fill('Summer trip');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('link', { name: '‹ Albums' }).click();
  await expect(page.getByRole('link', { name: 'Summer trip' })).toContainText('2 items');

  // Tag two photos, then find them by tag, by camera and by year.
  await page.getByRole('link', { name: 'Photos', exact: true }).click();
  await expect(page.locator('.timeline .cell')).toHaveCount(3);
  await page.getByRole('button', { name: `Select ${APPLE}`, exact: true }).click();
  await page.getByRole('button', { name: `Select ${NIKON}`, exact: true }).click();
  await bar.getByRole('button', { name: 'Tag' }).click();
  await page.getByRole('dialog', { name: 'Tag' }).getByLabel('Tags').fill('Grandma');
  await page.getByRole('dialog', { name: 'Tag' }).getByRole('button', { name: 'Add tags' }).click();
  await expect(page.getByRole('status').filter({ hasText: '2 photos tagged Grandma' })).toBeVisible();

  const search = page.getByRole('searchbox', { name: 'Search' });
  // Results replace each other as the words change: wait for the expected set, not for any result.
  await search.fill('grandma');
  await expect(page.getByRole('status').filter({ hasText: '2 results' })).toBeVisible();
  await expect.poll(() => names(page)).toEqual([APPLE, NIKON].sort());
  await search.fill('gopro');
  await expect.poll(() => names(page)).toEqual([GOPRO]);
  await search.fill('2008');
  await expect.poll(() => names(page)).toEqual([NIKON]);
  await expect(page.getByRole('status').filter({ hasText: '1 result' })).toBeVisible();
  // The camera filter beside the box.
  await search.fill('');
  await expect.poll(() => names(page)).toHaveLength(3);
  await page.getByLabel('Camera').selectOption({ label: 'Apple iPhone 7 (1)' });
  await expect.poll(() => names(page)).toEqual([APPLE]);

  // Favourite one from the viewer.
  await page.getByRole('link', { name: 'Photos', exact: true }).click();
  await cell(page, NIKON).click();
  const viewer = page.getByRole('dialog', { name: `Photo ${NIKON}` });
  await viewer.getByRole('button', { name: 'Favourite', exact: true }).click();
  await expect(viewer.getByRole('button', { name: 'Unfavourite' })).toBeVisible();
  await expect(viewer.getByLabel('Tags')).toContainText('Grandma');
  await expect(viewer.getByLabel('Info')).toContainText('Italy');
  await viewer.getByRole('button', { name: 'Close' }).click();
  await page.getByRole('link', { name: 'Favourites' }).click();
  await expect(page.locator('.timeline .cell')).toHaveCount(1);
  expect(await names(page)).toEqual([NIKON]);
  // ...and un-favourite it from the grid's heart.
  await cell(page, NIKON).getByRole('button', { name: `Favourite ${NIKON}` }).click();
  await expect(page.getByText('Photos you mark with ♥ appear here.')).toBeVisible();
  await expect(page.locator('.timeline .cell')).toHaveCount(0);

  // Delete one and restore it from the trash.
  await page.getByRole('link', { name: 'Photos', exact: true }).click();
  await cell(page, APPLE).click();
  await page.getByRole('dialog', { name: `Photo ${APPLE}` }).getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByRole('status').filter({ hasText: `${APPLE} moved to the trash` })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.locator('.timeline .cell')).toHaveCount(2);
  await page.getByRole('link', { name: 'Trash' }).click();
  await expect(page.locator('.timeline .cell')).toHaveCount(1);
  await expect(page.locator('.timeline .cell')).toContainText('30 days left');
  await page.getByRole('button', { name: `Select ${APPLE}`, exact: true }).click();
  await bar.getByRole('button', { name: 'Restore' }).click();
  await expect(page.getByText('The trash is empty.')).toBeVisible();
  await page.getByRole('link', { name: 'Photos', exact: true }).click();
  await expect(page.locator('.timeline .cell')).toHaveCount(3);

  // The album's ZIP holds the originals, byte for byte.
  await page.getByRole('link', { name: 'Albums', exact: true }).click();
  await page.getByRole('link', { name: 'Summer trip' }).click();
  await expect(page.locator('.timeline .cell')).toHaveCount(2);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download ZIP' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('Summer trip.zip');
  const saved = test.info().outputPath('album.zip');
  await download.saveAs(saved);
  const contents = zipContents(saved);
  expect(contents).toEqual({
    [APPLE]: sha256(fs.readFileSync(corpusFile(APPLE))),
    [GOPRO]: sha256(fs.readFileSync(corpusFile(GOPRO))),
  });
});
