const { test, expect } = require('@playwright/test');
const { uniqueName, signUp } = require('./helpers');

// A real video, recorded in the browser from a canvas (no video file is needed in the repo), dropped
// like any file: it gets a poster frame made in the browser and plays back from the server.
test('a dropped video gets a poster and plays in the viewer', async ({ page }) => {
  await signUp(page, uniqueName('vid'));
  await page.evaluate(async () => {
    const canvas = document.createElement('canvas');
    canvas.width = 320;
    canvas.height = 240;
    const ctx = canvas.getContext('2d');
    const recorder = new MediaRecorder(canvas.captureStream(25), { mimeType: 'video/webm' });
    const chunks = [];
    recorder.ondataavailable = (e) => chunks.push(e.data);
    const stopped = new Promise((resolve) => (recorder.onstop = resolve));
    recorder.start(100);
    const start = performance.now();
    while (performance.now() - start < 1500) {
      const t = (performance.now() - start) / 1500;
      ctx.fillStyle = '#2a6';
      ctx.fillRect(0, 0, 320, 240);
      ctx.fillStyle = '#fc3';
      ctx.fillRect(20 + t * 200, 80, 80, 80);
      await new Promise((r) => requestAnimationFrame(r));
    }
    recorder.stop();
    await stopped;
    const file = new File(chunks, 'clip.webm', { type: 'video/webm' });
    const transfer = new DataTransfer();
    transfer.items.add(file);
    const main = document.querySelector('main');
    main.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: transfer }));
  });

  const panel = page.getByRole('region', { name: 'Uploads' });
  await expect(panel.getByText('1 of 1 done')).toBeVisible({ timeout: 60_000 });
  await expect(panel.getByRole('listitem')).toContainText('Uploaded');

  const cell = page.locator('.timeline .cell');
  await expect(cell).toHaveCount(1);
  await expect(cell.locator('.badge')).toContainText('▶');
  const poster = cell.locator('img');
  await expect.poll(() => poster.evaluate((i) => i.complete && i.naturalWidth)).toBe(320);

  await cell.click();
  const video = page.getByRole('dialog').locator('video');
  await expect(video).toHaveCount(1);
  // Enough data arrived from the server (by HTTP range requests) to show the current frame.
  await expect.poll(() => video.evaluate((v) => v.readyState), { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
  await expect(page.getByRole('dialog').getByLabel('Info')).toContainText('320 × 240');
});
