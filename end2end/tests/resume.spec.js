const { test, expect } = require('@playwright/test');
const { corpusFile, uniqueName, signUp } = require('./helpers');

// The network drops two chunk uploads mid-way; the browser asks the server how much arrived and
// carries on, and the photo lands whole.
test('an upload resumes after network errors', async ({ page }) => {
  await signUp(page, uniqueName('net'));
  let dropped = 0;
  await page.route('**/api/v1/uploads/*/bytes*', async (route) => {
    if (dropped < 2) {
      dropped += 1;
      await route.abort('connectionreset');
    } else {
      await route.continue();
    }
  });
  const name = 'exifr_IMG_20180725_163423.jpg';
  await page.getByLabel('Upload photos').setInputFiles(corpusFile(name));
  const panel = page.getByRole('region', { name: 'Uploads' });
  await expect(panel.getByText('1 of 1 done')).toBeVisible({ timeout: 90_000 });
  await expect(panel.getByRole('listitem')).toContainText('Uploaded');
  expect(dropped).toBe(2);

  // The stored original is byte for byte the file that was picked.
  const id = await page.locator('.timeline .cell').first().getAttribute('data-asset-id');
  const original = await page.request.get(`/api/v1/assets/${id}/original`);
  const fs = require('fs');
  expect(Buffer.compare(await original.body(), fs.readFileSync(corpusFile(name)))).toBe(0);
});
