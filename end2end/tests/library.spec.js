const { test, expect } = require('@playwright/test');
const { corpusFile, uniqueName, signUp, dropFiles } = require('./helpers');

// Five good photos with orientations 6, 1, 1, 8 and 6, taken years apart, and one JPEG with no image
// data at all. Newest first is the order the timeline must show.
const GOOD = [
  { file: 'mde_Samsung_SM-J327T1.jpg', camera: 'samsung SM-J327T1', date: '26 September 2019' },
  { file: 'mde_Apple_iPhone_4.jpg', camera: 'Apple iPhone 4', date: '13 January 2011' },
  { file: 'ian_DSCN0010.jpg', camera: 'NIKON COOLPIX P6000', date: '22 October 2008' },
  { file: 'mde_Canon_PowerShot_A85.jpg', camera: 'Canon Canon PowerShot A85', date: '31 January 2005' },
  { file: 'mde_Sony_Cybershot_3_.jpg', camera: 'SONY CYBERSHOT', date: '27 November 2001' },
];
const BROKEN = 'lx_canon_makernote_variant_1.jpg';

test('drop photos, see them in the timeline and the viewer, and only for their owner', async ({ page, browser }) => {
  await signUp(page, uniqueName('ann'));
  await expect(page.getByText('No photos yet')).toBeVisible();

  // Shuffled on purpose: the timeline orders by date taken, not by drop order.
  const dropped = [GOOD[2].file, BROKEN, GOOD[0].file, GOOD[4].file, GOOD[1].file, GOOD[3].file];
  await dropFiles(page, dropped);

  const panel = page.getByRole('region', { name: 'Uploads' });
  await expect(panel.getByText('6 of 6 done, 1 failed')).toBeVisible({ timeout: 90_000 });
  const brokenRow = panel.getByRole('listitem').filter({ hasText: BROKEN });
  await expect(brokenRow).toContainText('Failed: damaged file');

  const cells = page.locator('.timeline .cell');
  await expect(cells).toHaveCount(5);
  const labels = await cells.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
  expect(labels.map((l) => l.split(',')[0])).toEqual(GOOD.map((g) => g.file));

  // Thumbnails were made in the browser (orientation applied) and are served back.
  const thumbs = page.locator('.timeline .cell img');
  await expect(thumbs).toHaveCount(5);
  await expect.poll(async () => thumbs.evaluateAll((imgs) => imgs.every((i) => i.complete && i.naturalWidth > 0))).toBe(true);
  // The Samsung photo is stored landscape with orientation 6: its thumbnail must be portrait.
  const first = await thumbs.first().evaluate((i) => [i.naturalWidth, i.naturalHeight]);
  expect(first[1]).toBeGreaterThan(first[0]);

  // The viewer shows the camera and the date; the arrow keys move through the timeline.
  await cells.first().click();
  const viewer = page.getByRole('dialog');
  await expect(viewer.getByLabel('Info')).toContainText(GOOD[0].camera);
  await expect(viewer.getByLabel('Info')).toContainText(GOOD[0].date);
  await page.keyboard.press('ArrowRight');
  await expect(viewer.getByLabel('Info')).toContainText(GOOD[1].camera);
  await expect(viewer.getByLabel('Info')).toContainText(GOOD[1].date);
  await expect(viewer.locator('img')).toHaveJSProperty('complete', true);
  await page.keyboard.press('Escape');
  await expect(viewer).toHaveCount(0);

  // Everything is still there after a reload.
  await page.reload();
  await expect(cells).toHaveCount(5);
  const ids = await cells.evaluateAll((els) => els.map((e) => e.dataset.assetId));

  // A second person sees none of it, not even by asking for the files directly.
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await signUp(otherPage, uniqueName('bob'));
  await expect(otherPage.getByText('No photos yet')).toBeVisible();
  await expect(otherPage.locator('.timeline .cell')).toHaveCount(0);
  for (const id of ids) {
    const response = await otherPage.request.get(`/api/v1/assets/${id}/thumbnail`);
    expect(response.status()).toBe(404);
  }
  await other.close();
});

test('a duplicate is reported and sends nothing', async ({ page }) => {
  await signUp(page, uniqueName('dup'));
  await page.getByLabel('Upload photos').setInputFiles(corpusFile(GOOD[2].file));
  const panel = page.getByRole('region', { name: 'Uploads' });
  await expect(panel.getByText('1 of 1 done')).toBeVisible({ timeout: 60_000 });
  await page.getByLabel('Upload photos').setInputFiles(corpusFile(GOOD[2].file));
  await expect(panel.getByText('2 of 2 done')).toBeVisible({ timeout: 60_000 });
  await expect(panel.getByRole('listitem').nth(1)).toContainText('Already in your library');
  await expect(page.locator('.timeline .cell')).toHaveCount(1);
});

// Regression: the viewer followed a position, so a photo landing earlier in the timeline while the
// viewer was open swapped the photo on screen.
test('the viewer keeps its photo while uploads land', async ({ page }) => {
  await signUp(page, uniqueName('view'));
  await page.getByLabel('Upload photos').setInputFiles([corpusFile(GOOD[1].file), corpusFile(GOOD[2].file)]);
  const panel = page.getByRole('region', { name: 'Uploads' });
  await expect(panel.getByText('2 of 2 done')).toBeVisible({ timeout: 60_000 });
  await page.locator('.timeline .cell').first().click();
  const info = page.getByRole('dialog').getByLabel('Info');
  await expect(info).toContainText(GOOD[1].camera);
  // A newer photo arrives and takes the first place in the timeline.
  await dropFiles(page, [GOOD[0].file]);
  await expect(panel.getByText('3 of 3 done')).toBeVisible({ timeout: 60_000 });
  await expect(page.locator('.timeline .cell')).toHaveCount(3);
  await expect(info).toContainText(GOOD[1].camera);
  await page.keyboard.press('ArrowLeft');
  await expect(info).toContainText(GOOD[0].camera);
});
