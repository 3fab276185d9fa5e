// People's cost to a family uploading, in Debian's headless Chromium against the real server. The same
// photos are uploaded, through the app's own file picker, by new accounts: one with People off, then
// with it on. With People on, the pass the uploads start then finds the faces in every photo,
// fetching each preview and sending the faces back, as it does for a family's library. Timed: each
// upload, and the pass from the uploads' end to the server having every photo's faces. The pass runs
// twice: with the workers this machine's cores give (one on two cores), and told the device has three
// cores (two workers, on this machine's two). Prints one JSON line. Run by `cargo xtask bench faces`
// (needs KEEPSAKE_URL and the photos).
const { openKeepsake } = require('./browser');

async function signUp(page, people) {
  await page.goto(process.env.KEEPSAKE_URL);
  await page.getByRole('button', { name: 'New here? Create an account' }).click();
  await page.getByLabel('Username').fill(`pass-${people ? 'on' : 'off'}-${Date.now().toString(36)}`);
  await page.getByLabel('Password').fill('correct horse battery');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  const status = await page.evaluate(async (enabled) => (await fetch('/api/v1/me/people', {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ enabled }),
  })).status, people);
  if (status >= 300) throw new Error(`turning People ${people ? 'on' : 'off'} answered ${status}`);
}

/// Seconds from picking the files to the panel saying every one is done.
async function upload(page, files) {
  const start = Date.now();
  await page.getByLabel('Upload photos').first().setInputFiles(files);
  const panel = page.getByRole('region', { name: 'Uploads' });
  await panel.getByText(`${files.length} of ${files.length} done`).waitFor({ timeout: 3_600_000 });
  return (Date.now() - start) / 1000;
}

/// Seconds from the uploads' end to the server having every photo's faces.
async function pass(page) {
  const start = Date.now();
  const remaining = () => page.evaluate(async () => (await (await fetch('/api/v1/people/pending?limit=1')).json()).remaining);
  while ((await remaining()) > 0) await page.waitForTimeout(500);
  return (Date.now() - start) / 1000;
}

async function main() {
  const files = process.argv.slice(2);
  const { browser, page } = await openKeepsake();
  await signUp(page, false);
  // The first account is the server's admin, after which sign-up is closed: it opens it.
  const opened = await page.evaluate(async () => (await fetch('/api/v1/settings', {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ open_signup: true, email: false }),
  })).status);
  if (opened >= 300) throw new Error(`opening sign-up answered ${opened}`);
  const uploadOff = await upload(page, files);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('button', { name: 'Sign in' }).waitFor();

  await signUp(page, true);
  const uploadOn = await upload(page, files);
  const passSeconds = await pass(page);
  const people = await page.evaluate(async () => (await (await fetch('/api/v1/people')).json()).length);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('button', { name: 'Sign in' }).waitFor();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setHardwareConcurrencyOverride', { hardwareConcurrency: 3 });
  await page.reload();
  if ((await page.evaluate(() => navigator.hardwareConcurrency)) !== 3) throw new Error('the core count was not overridden');
  await signUp(page, true);
  await upload(page, files);
  const passTwoSeconds = await pass(page);
  console.log(JSON.stringify({
    photos: files.length,
    upload_off_s: uploadOff,
    upload_s: uploadOn,
    pass_s: passSeconds,
    photos_per_s: files.length / passSeconds,
    people,
    pass_two_workers_s: passTwoSeconds,
  }));
  await browser.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
