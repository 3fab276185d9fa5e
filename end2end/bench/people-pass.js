// People's background pass over a library, in Debian's headless Chromium against the real server:
// a new account uploads the photos given (through the app's own file picker), then the pass the
// uploads start finds the faces in every one, fetching each preview and sending the faces back, as
// it does for a family's library. Timed from the uploads' end to the server having every photo's
// faces. Prints one JSON line. Run by `cargo xtask bench faces` (needs KEEPSAKE_URL and the photos).
const { openKeepsake } = require('./browser');

async function main() {
  const files = process.argv.slice(2);
  const { browser, page } = await openKeepsake();
  const username = `pass-${Date.now().toString(36)}`;
  await page.getByRole('button', { name: 'New here? Create an account' }).click();
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill('correct horse battery');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  const uploadStart = Date.now();
  await page.getByLabel('Upload photos').first().setInputFiles(files);
  const panel = page.getByRole('region', { name: 'Uploads' });
  await panel.getByText(`${files.length} of ${files.length} done`).waitFor({ timeout: 3_600_000 });
  const uploaded = Date.now();
  const remaining = () => page.evaluate(async () => (await (await fetch('/api/v1/people/pending?limit=1')).json()).remaining);
  while ((await remaining()) > 0) await page.waitForTimeout(1000);
  const done = Date.now();
  const people = await page.evaluate(async () => (await (await fetch('/api/v1/people')).json()).length);
  const passSeconds = (done - uploaded) / 1000;
  console.log(JSON.stringify({
    photos: files.length,
    upload_s: (uploaded - uploadStart) / 1000,
    pass_s: passSeconds,
    photos_per_s: files.length / passSeconds,
    people,
  }));
  await browser.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
