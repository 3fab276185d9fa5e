// People, as a family meets it: photos of two people uploaded, their faces found by this browser,
// two people on the People page; one named and found by search; the other merged in by mistake and
// taken out again from the viewer and named there; People turned off and every face gone from the server.
const { test, expect } = require('@playwright/test');
const { faceFile, uniqueName, signUp, dropFiles } = require('./helpers');

// face_recognition's test photos (PyPI): Barack Obama twice, Joe Biden once.
const PHOTOS = 'face_recognition/tests/test_images';
const OBAMA = [`${PHOTOS}/obama.jpg`, `${PHOTOS}/obama2.jpg`];
const BIDEN = `${PHOTOS}/biden.jpg`;

const forPeople = (path) =>
  path.startsWith('/models/') || path.includes('keepsake_faces_worker') || path.startsWith('/pkg/split_people.');

/// Drops the photos, waits for their uploads, and opens People once the pass has found two people in
/// them; answers the list's entries.
async function uploadAndMeetTwoPeople(page, photos) {
  await dropFiles(page, photos, faceFile);
  const done = `${photos.length} of ${photos.length} done`;
  await expect(page.getByRole('region', { name: 'Uploads' }).getByText(done)).toBeVisible({ timeout: 90_000 });
  await page.goto('/#/people');
  const people = page.getByRole('list', { name: 'People' }).getByRole('listitem');
  await expect(people).toHaveCount(2, { timeout: 120_000 });
  await expect(page.locator('.face-pass')).toHaveCount(0, { timeout: 60_000 });
  return people;
}

test('faces become people who are named, searched, merged, split and forgotten', async ({ page }) => {
  const requested = [];
  page.on('request', (r) => requested.push(new URL(r.url()).pathname));
  page.on('dialog', (dialog) => dialog.accept());
  await signUp(page, uniqueName('people'));
  await page.reload();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  expect(requested.filter(forPeople), 'the first load fetches nothing of People').toEqual([]);

  const people = await uploadAndMeetTwoPeople(page, [...OBAMA, BIDEN]);
  await expect(people.nth(0)).toContainText('2 photos');
  await expect(people.nth(1)).toContainText('1 photo');
  // The models, and People's pages, came once People was used, and the service worker keeps them.
  const kept = await page.evaluate(async () => (await (await caches.open('keepsake-models')).keys()).map((r) => new URL(r.url).pathname));
  for (const model of ['face-detector', 'face-descriptor', 'keepsake_faces_worker', 'split_people']) {
    expect(kept.some((p) => p.includes(model)), `${model} is cached: ${kept}`).toBe(true);
  }

  // Named, and found by the name.
  await people.nth(0).getByRole('link').click();
  await page.getByLabel('Name', { exact: true }).fill('Barack');
  await page.getByRole('button', { name: 'Save name' }).click();
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue('Barack');
  await page.getByRole('searchbox', { name: 'Search' }).fill('barack');
  await expect(page.getByRole('heading', { name: 'Search', level: 2 })).toBeVisible();
  await expect(page.locator('main .cell')).toHaveCount(2, { timeout: 30_000 });
  await expect(page.locator('main .cell').getByRole('button', { name: /^obama/ })).toHaveCount(2);

  // Biden merged into Barack by mistake: one person of three photos.
  await page.goto('/#/people');
  await expect(people).toHaveCount(2);
  await people.filter({ hasText: 'Add a name' }).getByRole('link').click();
  await page.getByLabel('The same person as').selectOption({ label: 'Barack (2 photos)' });
  await page.getByRole('button', { name: 'Merge' }).click();
  await expect(page.locator('.person-header')).toContainText('3 photos');
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue('Barack');
  await page.goto('/#/people');
  await expect(people).toHaveCount(1);

  // The viewer shows the face with its name; "Not Barack" takes it out again.
  await people.nth(0).getByRole('link').click();
  await page.locator('main .cell').getByRole('button', { name: /^biden\.jpg/ }).click();
  const viewer = page.getByRole('dialog', { name: 'Photo biden.jpg' });
  await expect(viewer.locator('svg.faces g.face')).toHaveCount(1);
  await expect(viewer.locator('svg.faces g.face title')).toHaveText('Barack');
  await viewer.getByRole('region', { name: 'People in this photo' }).getByRole('button', { name: 'Not Barack' }).click();
  await expect(viewer.locator('svg.faces g.face title')).toHaveText('Who is this?');
  // And is named where it is seen.
  const panel = viewer.getByRole('region', { name: 'People in this photo' });
  await panel.getByLabel('Who is this?').fill('Joe');
  await panel.getByLabel('Who is this?').press('Enter');
  await expect(viewer.locator('svg.faces g.face title')).toHaveText('Joe');
  await page.keyboard.press('Escape');
  await page.goto('/#/people');
  await expect(people).toHaveCount(2);
  await expect(people.filter({ hasText: 'Barack' })).toContainText('2 photos');
  await expect(people.filter({ hasText: 'Joe' })).toContainText('1 photo');

  // Turned off: nothing of anyone's face is left on the server.
  await page.getByLabel('Find and group the faces in my photos').uncheck();
  await expect(people).toHaveCount(0);
  const left = await page.evaluate(async () => {
    const get = async (path) => (await fetch(`/api/v1${path}`)).json();
    const assets = (await get('/assets')).items;
    const faces = await Promise.all(assets.map((a) => get(`/assets/${a.id}/faces`)));
    return { people: await get('/people'), faces: faces.flat(), photos: assets.length };
  });
  expect(left).toEqual({ people: [], faces: [], photos: 3 });
});

test('on a device with cores to spare, several workers look for faces at once and agree', async ({ page }) => {
  // This machine has two cores; the page is told of three, so the pass runs two workers.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setHardwareConcurrencyOverride', { hardwareConcurrency: 3 });
  await signUp(page, uniqueName('lanes'));
  expect(await page.evaluate(() => navigator.hardwareConcurrency)).toBe(3);
  const people = await uploadAndMeetTwoPeople(page, [...OBAMA, BIDEN, `${PHOTOS}/obama3.jpg`]);
  await expect(people.nth(0)).toContainText('3 photos');
  await expect(people.nth(1)).toContainText('1 photo');
  const pending = await page.evaluate(async () => (await (await fetch('/api/v1/people/pending?limit=1')).json()).remaining);
  expect(pending).toBe(0);
  // Two workers loaded People's module: each looked at some of the photos.
  const lookers = [];
  for (const worker of page.workers()) {
    const loaded = await worker.evaluate(() => performance.getEntriesByType('resource').some((e) => e.name.includes('keepsake_faces_worker')));
    if (loaded) lookers.push(worker.url());
  }
  expect(lookers).toHaveLength(2);
});
