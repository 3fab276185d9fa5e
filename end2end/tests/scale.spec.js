const { test, expect } = require('@playwright/test');
const { uniqueName, signUp } = require('./helpers');

// The API is answered in the page's network layer below; a service worker would answer first.
test.use({ serviceWorkers: 'block' });

const TOTAL = 100_000;
const PAGE = 1000;

// One synthetic asset a minute apart, newest first, so the timeline spans a few months.
function asset(i) {
  const taken = new Date(Date.UTC(2024, 0, 1) - i * 60_000).toISOString().slice(0, 19);
  return {
    id: i.toString(16).padStart(32, '0'), filename: `IMG_${i}.jpg`, mime: 'image/jpeg', bytes: 1000,
    sha256: '0'.repeat(64), kind: 'photo', width: 4000, height: 3000, taken_at: taken,
    camera: { make: null, model: null, lens: null },
    exposure: { exposure_time: null, f_number: null, iso: null, focal_length: null },
    gps: null, duration: null, placeholder: null, has_derivatives: true, uploaded_at: '2024-01-01T00:00:00Z',
  };
}

// The real app against a library of 100,000 photos: the API is answered in the page's network layer
// (the server's own paging is tested against redb elsewhere), so this checks what the browser does
// with that many — only the rows on screen are in the DOM, and only their thumbnails are fetched.
test('a 100,000-photo timeline keeps the DOM and the fetches to what is on screen', async ({ page }) => {
  await signUp(page, uniqueName('big'));
  let thumbnails = 0;
  let pagesServed = 0;
  await page.route('**/api/v1/assets?**', async (route) => {
    const url = new URL(route.request().url());
    const start = Number(url.searchParams.get('cursor') || 0);
    const items = [];
    for (let i = start; i < Math.min(start + PAGE, TOTAL); i++) items.push(asset(i));
    const next = start + PAGE < TOTAL ? String(start + PAGE) : null;
    pagesServed += 1;
    await route.fulfill({ json: { items, next_cursor: next } });
  });
  await page.route('**/api/v1/assets/*/thumbnail', async (route) => {
    thumbnails += 1;
    await route.fulfill({ status: 404, json: { code: 'not-found', message: 'synthetic' } });
  });
  const started = Date.now();
  await page.reload();
  const cells = page.locator('.timeline .cell');
  await expect.poll(() => pagesServed, { timeout: 90_000 }).toBe(TOTAL / PAGE);
  // Laid out for all of them: at least one 100 px row per 12 photos.
  await expect.poll(async () => (await page.locator('.timeline').boundingBox())?.height ?? 0, { timeout: 30_000 })
    .toBeGreaterThan((TOTAL / 12) * 100);
  const loadedMs = Date.now() - started;

  const domCells = await cells.count();
  expect(domCells).toBeGreaterThan(0);
  expect(domCells).toBeLessThan(400);

  // Jump to the middle of the library: the rows there are drawn, the ones passed are gone.
  const frames = await page.evaluate(async () => {
    const times = [];
    let last = performance.now();
    const target = document.documentElement.scrollHeight / 2;
    for (let step = 1; step <= 60; step++) {
      window.scrollTo(0, (target * step) / 60);
      await new Promise((r) => requestAnimationFrame(r));
      const now = performance.now();
      times.push(now - last);
      last = now;
    }
    times.sort((a, b) => a - b);
    return { median: times[30], worst: times[59] };
  });
  await expect(cells.first()).toBeVisible();
  expect(await cells.count()).toBeLessThan(400);
  // The photo under the middle of the screen is from the middle of the library.
  const label = await page.evaluate(() => {
    const probe = (y) => document.elementFromPoint(window.innerWidth / 3, y)?.closest('.cell')?.getAttribute('aria-label');
    return probe(window.innerHeight / 2) ?? probe(window.innerHeight / 2 + 60) ?? probe(window.innerHeight / 2 - 60);
  });
  expect(label).toBeTruthy();
  const middle = Number(label.split(',')[0].replace('IMG_', '').replace('.jpg', ''));
  expect(middle).toBeGreaterThan(TOTAL * 0.3);
  expect(middle).toBeLessThan(TOTAL * 0.7);
  // Thumbnails are fetched for what was drawn, not for the 100,000.
  expect(thumbnails).toBeLessThan(5000);
  console.log(`100k timeline: loaded in ${loadedMs} ms, ${domCells} cells in the DOM, ` +
    `scroll frames median ${frames.median.toFixed(1)} ms, worst ${frames.worst.toFixed(1)} ms, ${thumbnails} thumbnail requests`);

  // Selections of this size work: a whole month (31 days × 1,440 photos) from its heading, and one
  // request carries the change for all of them.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.getByRole('button', { name: 'Select December 2023' }).click();
  const bar = page.getByRole('toolbar', { name: 'Selection' });
  await expect(bar).toContainText('44640 selected');
  let edited = null;
  await page.route('**/api/v1/assets/edit', async (route) => {
    edited = route.request().postDataJSON();
    await route.fulfill({ json: { changed: edited.ids.length } });
  });
  await bar.getByRole('button', { name: 'Favourite', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: '44640 marked as favourites' })).toBeVisible();
  expect(edited.op).toBe('favorite');
  expect(new Set(edited.ids).size).toBe(44640);
  await expect(bar).toHaveCount(0);
});
