// Keepsake on a phone: a 390×844 touch screen. Touches are real touch events sent through the
// DevTools protocol (as a finger makes them), not clicks. Screenshots are kept with the test's results.
const { test, expect } = require('@playwright/test');
const { uniqueName, corpusFile } = require('./helpers');

const BIG = 'exifr_IMG_20180725_163423.jpg'; // 4048×3036: past the preview's 1600 px
const PHOTOS = [BIG, 'ian_DSCN0010.jpg', 'mde_Samsung_SM-J327T1.jpg'];

test.use({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true });

/// A finger (or two) on the screen: each step is a list of [x, y] points.
async function fingers(cdp, steps, pause = 16) {
  const points = (list) => list.map(([x, y], id) => ({ x, y, id }));
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: points(steps[0]) });
  for (const step of steps.slice(1)) {
    await new Promise((r) => setTimeout(r, pause));
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: points(step) });
  }
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
}

function line([x0, y0], [x1, y1], n = 10) {
  return Array.from({ length: n + 1 }, (_, i) => [x0 + ((x1 - x0) * i) / n, y0 + ((y1 - y0) * i) / n]);
}

/// One finger drawing a line.
const swipe = (from, to) => line(from, to).map((p) => [p]);

async function centre(locator) {
  const box = await locator.boundingBox();
  return [box.x + box.width / 2, box.y + box.height / 2];
}

test('a phone: bottom tabs, long-press to select, swipe, pinch and double-tap zoom, Back closes the photo', async ({ page }, testInfo) => {
  const errors = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto('/');
  await page.getByRole('button', { name: 'New here? Create an account' }).click();
  await page.getByLabel('Username').fill(uniqueName('phone'));
  await page.getByLabel('Password').fill('correct horse battery');
  await page.getByRole('button', { name: 'Create account' }).click();
  const tabs = page.getByRole('navigation', { name: 'Main' });
  await expect(tabs).toBeVisible();
  // The compact header: one row, nothing of the desktop's navigation.
  const header = await page.locator('header.top').boundingBox();
  expect(header.height).toBeLessThan(80);
  await expect(page.getByRole('navigation', { name: 'Library' })).toBeHidden();

  await page.getByLabel('Upload photos').setInputFiles(PHOTOS.map(corpusFile));
  await expect(page.locator('.timeline .cell')).toHaveCount(3, { timeout: 60_000 });
  await expect(page.getByRole('region', { name: 'Uploads' })).toContainText('3 of 3 done', { timeout: 60_000 });
  await page.screenshot({ path: testInfo.outputPath('phone-timeline.png') });
  const cdp = await page.context().newCDPSession(page);

  // The tab bar moves between pages; every tab is at least 44 px tall.
  for (const tab of await tabs.locator('a, button').all()) {
    expect((await tab.boundingBox()).height).toBeGreaterThanOrEqual(44);
  }
  await tabs.getByRole('link', { name: 'Albums' }).click();
  await expect(page).toHaveURL(/#\/albums$/);
  await tabs.getByRole('button', { name: 'More' }).click();
  const more = page.getByRole('dialog', { name: 'More' });
  await expect(more.getByRole('link', { name: 'Trash' })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('phone-more.png') });
  await more.getByRole('link', { name: 'Favourites' }).click();
  await expect(more).toHaveCount(0);
  await expect(page).toHaveURL(/#\/favorites$/);
  await tabs.getByRole('link', { name: 'Photos' }).click();
  await expect(page.locator('.timeline .cell')).toHaveCount(3);

  // Long-press selects; the selection is a sheet with its main actions.
  const first = page.locator('.timeline .cell .open').first();
  const [x, y] = await centre(first);
  await fingers(cdp, [[[x, y]], [[x + 1, y]]], 700);
  const sheet = page.getByRole('toolbar', { name: 'Selection' });
  await expect(sheet).toContainText('1 selected');
  for (const action of ['Share link', 'Add to album', 'Favourite', 'Delete', 'More']) {
    await expect(sheet.getByRole('button', { name: action, exact: true })).toBeVisible();
  }
  await expect(sheet.getByRole('button', { name: 'Tag', exact: true })).toBeHidden();
  await page.screenshot({ path: testInfo.outputPath('phone-selection.png') });
  await sheet.getByRole('button', { name: 'Clear selection' }).click();
  await expect(sheet).toHaveCount(0);

  // Long-press and drag: every photo the finger crosses joins the selection, and the page stays put.
  const last = page.locator('.timeline .cell .open').last();
  const [x3, y3] = await centre(last);
  const scrolled = await page.evaluate(() => window.scrollY);
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x, y, id: 0 }] });
  await new Promise((r) => setTimeout(r, 700));
  for (const [px, py] of line([x, y], [x3, y3])) {
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x: px, y: py, id: 0 }] });
    await new Promise((r) => setTimeout(r, 16));
  }
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await expect(sheet).toContainText('3 selected');
  expect(await page.evaluate(() => window.scrollY)).toBe(scrolled);
  await sheet.getByRole('button', { name: 'Clear selection' }).click();
  await expect(sheet).toHaveCount(0);

  // A tap opens the photo; the address names it.
  const big = page.locator(`[data-asset-id] .open[aria-label^="${BIG}"]`);
  await big.tap();
  const viewer = page.getByRole('dialog', { name: /^Photo / });
  await expect(viewer).toHaveAttribute('aria-label', `Photo ${BIG}`);
  await expect(page).toHaveURL(/photo=/);
  const stage = viewer.locator('.photo-stage');
  const [cx, cy] = await centre(stage);

  // Pinch out: zoomed, and the original is loaded over the preview.
  await fingers(cdp, line([cx - 30, cy], [cx - 120, cy]).map((a, i) => [a, line([cx + 30, cy], [cx + 120, cy])[i]]));
  await expect.poll(async () => Number(await stage.getAttribute('data-zoom'))).toBeGreaterThan(2);
  const original = stage.locator('img.hires');
  await expect(original).toHaveAttribute('src', /\/original$/);
  await expect.poll(() => original.evaluate((img) => img.complete && img.naturalWidth)).toBe(4048);
  await page.screenshot({ path: testInfo.outputPath('phone-zoomed.png') });
  // A double tap goes back to the whole photo, and another zooms in where it lands.
  const doubleTap = async () => {
    await fingers(cdp, [[[cx, cy]]], 0);
    await fingers(cdp, [[[cx, cy]]], 0);
  };
  await doubleTap();
  await expect(stage).toHaveAttribute('data-zoom', '1.00');
  await doubleTap();
  await expect(stage).toHaveAttribute('data-zoom', '2.50');
  await doubleTap();
  await expect(stage).toHaveAttribute('data-zoom', '1.00');

  // Swipe left: the next photo; swipe right: back.
  const before = await viewer.getAttribute('aria-label');
  await fingers(cdp, swipe([cx + 120, cy], [cx - 120, cy]));
  await expect(viewer).not.toHaveAttribute('aria-label', before);
  await page.screenshot({ path: testInfo.outputPath('phone-viewer.png') });
  await fingers(cdp, swipe([cx - 120, cy], [cx + 120, cy]));
  await expect(viewer).toHaveAttribute('aria-label', before);

  // Back (Android's back gesture) closes the photo and stays on the timeline.
  await page.goBack();
  await expect(viewer).toHaveCount(0);
  expect(errors.filter((e) => !e.includes('401'))).toEqual([]);
  await expect(page).toHaveURL(/#\/$/);
  await expect(page.locator('.timeline .cell')).toHaveCount(3);
  // Swipe down closes too.
  // Chromium makes no click of a tap that follows a swipe too closely, as a person's finger never does.
  await page.waitForTimeout(1000);
  await big.tap();
  await expect(viewer).toBeVisible();
  await fingers(cdp, swipe([cx, cy - 100], [cx, cy + 150]));
  await expect(viewer).toHaveCount(0);
  await expect(page).not.toHaveURL(/photo=/);
});
