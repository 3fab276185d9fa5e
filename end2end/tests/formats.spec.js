const { test, expect } = require('@playwright/test');
const { corpusFile, uniqueName, signUp } = require('./helpers');

// Every photo format is accepted, and decoded by the worker's wasm: JPEG, PNG, WebP, TIFF, AVIF and
// HEIC (which this Chromium cannot decode at all).

// Every HEIC and AVIF of the corpus (one of each other format is added below).
const HEIF = [
  'exifr_Irvine_CA.avif',
  'pil_exif.avif',
  'pil_rot1mir0.avif',
  'exifr_heic-iphone7.heic',
  'ian_IMG_5195.HEIC',
  'mde_Issue_487.heic',
  'mde_exif-at-eof.heic',
];

// Tall enough that the grid, which renders only what is on screen, has all ten days in the page.
test.use({ viewport: { width: 1280, height: 3000 } });

test('AVIF, HEIC, WebP, TIFF and PNG are all kept', async ({ page }) => {
  await signUp(page, uniqueName('fmt'));
  const files = [
    ...HEIF,
    'mde_Nikon_D1X.webp',
    'exifr_Bush-dog.tif',
    'exifr_png_with_exif_and_gps.png',
  ];
  await page.getByLabel('Upload photos').setInputFiles(files.map(corpusFile));
  const panel = page.getByRole('region', { name: 'Uploads' });
  await expect(panel.getByText(`${files.length} of ${files.length} done`)).toBeVisible({ timeout: 90_000 });
  await expect(panel.getByText('failed')).toHaveCount(0);

  const cells = page.locator('.timeline .cell');
  await expect(cells).toHaveCount(files.length);
  const cell = (name) => page.locator(`.timeline .cell[aria-label^="${name}"]`);

  // HEIC: decoded in the worker's wasm, so the viewer shows its preview, with the metadata read there.
  await cell('exifr_heic-iphone7.heic').click();
  const info = page.getByRole('dialog').getByLabel('Info');
  await expect(info).toContainText('Apple iPhone 7');
  await expect(info).toContainText('20 October 2019');
  const shown = page.getByRole('dialog').locator('.photo-stage img').first();
  await expect.poll(() => shown.evaluate((i) => i.complete && i.naturalWidth)).toBe(1600);
  await page.keyboard.press('Escape');

  // Every file has a real thumbnail.
  for (const name of files) {
    const img = cell(name).locator('img');
    await expect(img).toHaveCount(1);
    await expect.poll(() => img.evaluate((i) => i.complete && i.naturalWidth > 0), { message: name }).toBe(true);
  }
  // And every HEIC and AVIF a real image in the viewer.
  for (const name of HEIF) {
    await cell(name).click();
    const image = page.getByRole('dialog').locator('.photo-stage img').first();
    await expect.poll(() => image.evaluate((i) => i.complete && i.naturalWidth), { message: name }).toBeGreaterThan(0);
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog')).toHaveCount(0);
  }
  // The 4032×3024 iPhone photo's thumbnail is the grid's 360 px on its long edge.
  const heic = await cell('exifr_heic-iphone7.heic').locator('img').evaluate((i) => [i.naturalWidth, i.naturalHeight]);
  expect(heic).toEqual([360, 270]);
  // The AVIF stored 427×640 with a 90° rotation is shown landscape.
  const rotated = await cell('pil_rot1mir0.avif').locator('img').evaluate((i) => [i.naturalWidth, i.naturalHeight]);
  expect(rotated[0]).toBeGreaterThan(rotated[1]);
});
