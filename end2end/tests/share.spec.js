const { test, expect } = require('@playwright/test');
const { uniqueName, signUp, dropFiles } = require('./helpers');

const APPLE = 'et_Apple.jpg';
const GOPRO = 'et_GoPro.jpg';
const NIKON = 'ian_DSCN0010.jpg';

const cells = (page) => page.locator('.timeline .cell');

test('share an album by link with a password, then revoke it', async ({ page, browser }) => {
  await signUp(page, uniqueName('owner'));
  await dropFiles(page, [APPLE, GOPRO]);
  await expect(page.getByRole('region', { name: 'Uploads' }).getByText('2 of 2 done')).toBeVisible({ timeout: 60_000 });
  await page.getByRole('button', { name: `Select ${APPLE}`, exact: true }).click();
  await page.getByRole('button', { name: `Select ${GOPRO}`, exact: true }).click();
  await page.getByRole('toolbar', { name: 'Selection' }).getByRole('button', { name: 'Add to album' }).click();
  await page.getByRole('dialog', { name: 'Add to album' }).getByLabel('New album name').fill('Party');
  await page.getByRole('dialog', { name: 'Add to album' }).getByRole('button', { name: 'Create album' }).click();
  await page.getByRole('navigation', { name: 'Library' }).getByRole('link', { name: 'Albums', exact: true }).click();
  await page.getByRole('link', { name: 'Party' }).click();
  await expect(cells(page)).toHaveCount(2);

  await page.getByRole('button', { name: 'Share link' }).click();
  const dialog = page.getByRole('dialog', { name: 'Share by link' });
  await dialog.getByLabel('Password (optional)').fill('open sesame');
  await dialog.getByRole('button', { name: 'Create link' }).click();
  const address = await dialog.getByLabel('Link address').inputValue();
  // A path, so the server paints the shape of a shared album before the program arrives.
  expect(address).toMatch(/\/s\/[0-9a-f]{48}$/);
  const painted = await (await page.request.get(address)).text();
  expect(painted).toContain('<body class="share">');
  await dialog.getByRole('button', { name: 'Close dialog' }).click();

  // A stranger's browser: nothing before the password, not even a thumbnail request.
  const visitor = await (await browser.newContext()).newPage();
  const fileRequests = [];
  visitor.on('request', (r) => { if (/\/assets\//.test(r.url())) fileRequests.push(r.url()); });
  await visitor.goto(address);
  await expect(visitor.getByRole('heading', { name: 'This album is protected' })).toBeVisible();
  await expect(visitor.getByText('Party')).toHaveCount(0);
  await expect(cells(visitor)).toHaveCount(0);
  expect(fileRequests).toEqual([]);
  await visitor.getByLabel('Password').fill('wrong password');
  await visitor.getByRole('button', { name: 'View photos' }).click();
  await expect(visitor.getByRole('alert')).toContainText('not the password');
  await visitor.getByLabel('Password').fill('open sesame');
  await visitor.getByRole('button', { name: 'View photos' }).click();
  await expect(visitor.getByRole('heading', { name: 'Party' })).toBeVisible();
  await expect(cells(visitor)).toHaveCount(2);
  await expect(cells(visitor).first().locator('img')).toHaveJSProperty('complete', true);
  // Read-only: no selecting, no hearts, no owner tools.
  await expect(visitor.getByRole('button', { name: /^Select / })).toHaveCount(0);
  await expect(visitor.getByRole('button', { name: /^Favourite / })).toHaveCount(0);
  await cells(visitor).first().getByRole('button').first().click();
  const viewer = visitor.getByRole('dialog', { name: /^Photo / });
  await expect(viewer.locator('img')).toBeVisible();
  await expect(viewer.getByRole('button', { name: 'Delete' })).toHaveCount(0);

  // Addresses handed out before links were paths still open the link.
  const earlier = await (await browser.newContext()).newPage();
  await earlier.goto(address.replace('/s/', '/#/s/'));
  await expect(earlier.getByLabel('Password')).toBeVisible();
  await earlier.context().close();

  // The owner turns the link off on the Shared page.
  await page.getByRole('navigation', { name: 'Library' }).getByRole('link', { name: 'Shared' }).click();
  const row = page.getByRole('row', { name: 'Link to Party' });
  await expect(row).toContainText('yes');
  await row.getByRole('button', { name: 'Turn off link' }).click();
  await expect(page.getByRole('row', { name: 'Link to Party' })).toHaveCount(0);

  // The page already open: its next image fails at once; a reload says the link is gone.
  const next = visitor.waitForResponse((r) => r.url().includes('/preview'));
  await viewer.getByRole('button', { name: 'Next' }).click();
  expect((await next).status()).toBe(410);
  await visitor.reload();
  await expect(visitor.getByRole('heading', { name: 'This link is no longer valid' })).toBeVisible();
  await visitor.context().close();
});

test('invite to the family vault: sign up from the invite, add a photo, leave', async ({ page, browser }) => {
  await signUp(page, uniqueName('vaultowner'));
  const nav = page.getByRole('navigation', { name: 'Library' });
  await nav.getByRole('link', { name: 'Family Vault' }).click();
  await page.getByLabel('Vault name').fill('The Smiths');
  await page.getByRole('button', { name: 'Create a family vault' }).click();
  await expect(page.getByRole('heading', { name: 'The Smiths' })).toBeVisible();
  await page.getByRole('button', { name: 'Create invite link' }).click();
  const invite = await page.getByLabel('Invite link').inputValue();
  expect(invite).toMatch(/\/#\/invite\/[0-9a-f]{48}$/);

  // The invited person has no account: they make one on the invite page and join.
  const guestName = uniqueName('guest');
  const guest = await (await browser.newContext()).newPage();
  await guest.goto(invite);
  await expect(guest.getByText('invited you to the family vault “The Smiths”')).toBeVisible();
  await guest.getByLabel('Username').fill(guestName);
  await guest.getByLabel('Password').fill('correct horse battery');
  await guest.getByRole('button', { name: 'Create account and join' }).click();
  await expect(guest.getByRole('heading', { name: 'The Smiths' })).toBeVisible();
  await expect(guest.getByRole('list', { name: 'Members' })).toContainText(guestName);

  // They upload a photo and add it to the vault; the owner sees it, credited to them.
  await guest.getByRole('navigation', { name: 'Library' }).getByRole('link', { name: 'Photos' }).click();
  await dropFiles(guest, [NIKON]);
  await expect(guest.getByRole('region', { name: 'Uploads' }).getByText('1 of 1 done')).toBeVisible({ timeout: 60_000 });
  await guest.getByRole('button', { name: `Select ${NIKON}`, exact: true }).click();
  await guest.getByRole('toolbar', { name: 'Selection' }).getByRole('button', { name: 'Add to vault' }).click();
  await expect(guest.getByRole('status').filter({ hasText: '1 added to the family vault' })).toBeVisible();

  await page.reload();
  await expect(cells(page)).toHaveCount(1);
  await expect(cells(page).first()).toHaveAttribute('aria-label', new RegExp(NIKON.replace('.', '\\.')));
  await expect(cells(page).first()).toContainText(`added by ${guestName}`);
  await expect(cells(page).first().locator('img')).toHaveJSProperty('complete', true);

  // They leave; their photo leaves with them.
  await guest.getByRole('navigation', { name: 'Library' }).getByRole('link', { name: 'Family Vault' }).click();
  await guest.getByRole('button', { name: 'Leave the vault' }).click();
  await expect(guest.getByRole('button', { name: 'Create a family vault' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { name: 'The Smiths' })).toBeVisible();
  await expect(cells(page)).toHaveCount(0);
  await guest.context().close();
});
