const fs = require('fs');
const path = require('path');
const { expect } = require('@playwright/test');

const corpusDir = process.env.KEEPSAKE_CORPUS || path.resolve(__dirname, '../../../shared/corpus');

function corpusFile(name) {
  const file = path.join(corpusDir, name);
  if (!fs.existsSync(file)) {
    throw new Error(`the test corpus is missing ${file}; set KEEPSAKE_CORPUS to its folder`);
  }
  return file;
}

let counter = 0;
function uniqueName(prefix) {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}-${counter}`;
}

async function signUp(page, username, password = 'correct horse battery') {
  await page.goto('/');
  await page.getByRole('button', { name: 'New here? Create an account' }).click();
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
}

/// Drops files onto the page the way a person dragging from their file manager does: a real
/// DataTransfer carrying File objects, dispatched as dragover then drop.
async function dropFiles(page, names) {
  const files = names.map((name) => ({
    name,
    bytes: fs.readFileSync(corpusFile(name)).toString('base64'),
  }));
  await page.evaluate((files) => {
    const transfer = new DataTransfer();
    for (const { name, bytes } of files) {
      const raw = Uint8Array.from(atob(bytes), (c) => c.charCodeAt(0));
      transfer.items.add(new File([raw], name, { type: name.endsWith('.png') ? 'image/png' : 'image/jpeg' }));
    }
    const target = document.querySelector('main');
    target.dispatchEvent(new DragEvent('dragover', { bubbles: true, cancelable: true, dataTransfer: transfer }));
    target.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: transfer }));
  }, files);
}

module.exports = { corpusFile, uniqueName, signUp, dropFiles };
