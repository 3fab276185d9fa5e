const { test, expect } = require('@playwright/test');
const { ADMIN, uniqueName, signIn, signUp, dropFiles, unzip, jpegInfo } = require('./helpers');

const BIG = 'exifr_IMG_20180725_163423.jpg'; // 4048×3036
const TALL = 'mde_Samsung_SM-J327T1.jpg'; // 1932×2576 after its EXIF orientation
const SMALL = 'ian_DSCN0010.jpg'; // 640×480: too small for an 8×10

const item = (page, name) => page.locator('.print-item').filter({ has: page.getByRole('heading', { name }) });

test('order prints, see them through the print lab, and follow the order', async ({ page, browser }) => {
  const person = uniqueName('printer');
  await signUp(page, person);
  await dropFiles(page, [BIG, TALL, SMALL]);
  await expect(page.getByRole('region', { name: 'Uploads' }).getByText('3 of 3 done')).toBeVisible({ timeout: 60_000 });
  for (const name of [BIG, TALL, SMALL]) {
    await page.getByRole('button', { name: `Select ${name}`, exact: true }).click();
  }
  await page.getByRole('toolbar', { name: 'Selection' }).getByRole('button', { name: 'Order prints' }).click();
  await expect(page.getByRole('heading', { name: 'Order prints' })).toBeVisible();
  await expect(page.locator('.print-item')).toHaveCount(3);

  // A 4×6 on glossy, two copies.
  const big = item(page, BIG);
  await big.getByLabel('Size').selectOption('4x6');
  await big.getByLabel('Paper').selectOption('glossy');
  await big.getByLabel('Copies').fill('2');
  await big.getByLabel('Copies').dispatchEvent('change');
  await expect(big.getByText(/\d+ DPI at this size/)).toBeVisible();
  await expect(big.locator('.warning')).toHaveCount(0);
  // The preview is the print: 4×6 landscape, drawn from the layout.
  const canvas = big.locator('canvas');
  await expect.poll(() => canvas.evaluate((c) => c.width / c.height)).toBeCloseTo(1.5, 2);

  // Adjust the crop: zoom in, then drag the photo; the preview changes with it.
  await big.getByLabel('Zoom').fill('2');
  const before = await canvas.evaluate((c) => c.toDataURL());
  const box = await canvas.boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + 60, box.y + box.height / 2 + 30, { steps: 5 });
  await page.mouse.up();
  await expect.poll(() => canvas.evaluate((c) => c.toDataURL())).not.toEqual(before);

  // A 5×7 on matte with a caption printed in the border.
  const tall = item(page, TALL);
  await tall.getByLabel('Size').selectOption('5x7');
  await tall.getByLabel('Paper').selectOption('matte');
  await expect(tall.getByLabel('Orientation')).toHaveValue('portrait');
  const plain = await tall.locator('canvas').evaluate((c) => c.toDataURL());
  await tall.getByLabel('Caption').fill("Grandma's garden");
  await expect.poll(() => tall.locator('canvas').evaluate((c) => c.toDataURL())).not.toEqual(plain);

  // An 8×10 from a small photo: warned, and the order waits for an explicit yes.
  const small = item(page, SMALL);
  await small.getByLabel('Size').selectOption('8x10');
  await expect(small.getByRole('alert')).toContainText('Very low resolution');
  await expect(page.getByRole('button', { name: 'Place order' })).toBeDisabled();

  await page.getByLabel('Full name').fill('Ann Smith');
  await page.getByLabel('Street address').fill('1 Main Street');
  await page.getByLabel('City').fill('Springfield');
  await page.getByLabel('Postcode').fill('62701');
  await small.getByLabel('Print it anyway').check();
  // Priced by the server: 4×6 $0.35 ×2, 5×7 $0.99, 8×10 $3.99 on the default glossy; shipping under $35.
  await expect(page.locator('.totals .subtotal')).toHaveText('$5.68');
  await expect(page.locator('.totals .shipping')).toHaveText('$4.99');
  await expect(page.locator('.totals .total')).toHaveText('$10.67');
  await page.getByRole('button', { name: 'Place order' }).click();

  await expect(page.getByRole('heading', { name: 'Your print orders' })).toBeVisible({ timeout: 60_000 });
  const order = page.locator('.order').first();
  // Named by a number people can say, not 24 hex digits.
  await expect(order.locator('h2')).toHaveText(/^Order 1\d{3}$/);
  await expect(order.locator('.status')).toHaveText('placed');
  await expect(order.locator('.order-lines li')).toHaveCount(3);
  await expect(order.locator('.order-totals')).toContainText('Total $10.67');
  const orderId = await order.getAttribute('data-order');

  // The admin's print lab: the package holds every copy at its exact size and 300 DPI.
  const lab = await (await browser.newContext({ acceptDownloads: true })).newPage();
  await signIn(lab, ADMIN);
  await lab.getByRole('navigation', { name: 'Library' }).getByRole('link', { name: 'Print lab' }).click();
  const labOrder = lab.locator(`.order[data-order="${orderId}"]`);
  await expect(labOrder).toContainText(`from ${person}`);
  const [download] = await Promise.all([
    lab.waitForEvent('download'),
    labOrder.getByRole('link', { name: 'Download package' }).click(),
  ]);
  const fs = require('fs');
  const entries = unzip(fs.readFileSync(await download.path()));
  const names = Object.keys(entries).sort();
  expect(names.filter((n) => n.endsWith('.jpg'))).toHaveLength(4);
  expect(names).toContain('order.json');
  expect(names).toContain('order.html');
  const expected = { '4x6': [1800, 1200], '5x7': [1500, 2100], '8x10': [3000, 2400] };
  for (const name of names.filter((n) => n.endsWith('.jpg'))) {
    const size = name.split('-')[2];
    const info = jpegInfo(entries[name]);
    expect([info.width, info.height], name).toEqual(expected[size]);
    expect(info.dpi, name).toBe(300);
  }
  expect(names.filter((n) => n.includes('-4x6-')).map((n) => n.replace(/^line-\d\d-/, ''))).toEqual([
    '4x6-glossy-copy-1-of-2.jpg',
    '4x6-glossy-copy-2-of-2.jpg',
  ]);
  const sheet = JSON.parse(entries['order.json'].toString());
  expect(sheet.address.name).toBe('Ann Smith');
  expect(entries['order.html'].toString()).toContain('Grandma&#39;s garden');

  // Move it on; the person sees each change.
  await labOrder.getByRole('button', { name: 'Mark printing' }).click();
  await expect(labOrder.locator('.status')).toHaveText('printing');
  await labOrder.getByLabel('Note (tracking number)').fill('UPS 1Z999AA10123456784');
  await labOrder.getByRole('button', { name: 'Mark shipped' }).click();
  await expect(labOrder.locator('.status')).toHaveText('shipped');

  await page.reload();
  await expect(order.locator('.status')).toHaveText('shipped');
  await expect(order.locator('.tracking')).toHaveText('Tracking: UPS 1Z999AA10123456784');
  await expect(order.getByRole('button', { name: 'Cancel order' })).toHaveCount(0);
});
