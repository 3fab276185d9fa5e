const { test, expect } = require('@playwright/test');
const { ADMIN, uniqueName, signIn } = require('./helpers');

test('the admin makes an account, then deletes it and everything that was theirs', async ({ page, browser }) => {
  await signIn(page, ADMIN);
  await page.goto('/#/accounts');
  const name = uniqueName('zed');
  await page.getByLabel('Username').fill(name);
  await page.getByLabel('Password').fill('correct horse battery');
  await page.getByRole('button', { name: 'Make account' }).click();
  const row = page.locator(`tr[data-account="${name}"]`);
  await expect(row).toBeVisible();

  // The person can sign in until the account is gone.
  const theirs = await browser.newPage();
  await signIn(theirs, { username: name, password: 'correct horse battery' });

  // The question names who, and says it cannot be undone; "no" keeps the account.
  let question = '';
  page.once('dialog', (d) => { question = d.message(); d.dismiss(); });
  await row.getByRole('button', { name: 'Delete' }).click();
  await expect.poll(() => question).toContain(name);
  expect(question).toContain('cannot be undone');
  await expect(row).toBeVisible();

  page.once('dialog', (d) => d.accept());
  await row.getByRole('button', { name: 'Delete' }).click();
  await expect(row).toHaveCount(0);
  expect((await theirs.request.get('/api/v1/me')).status()).toBe(401);
  await theirs.close();
});
