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

/// A face photo from the packages `cargo xtask test` fetched (face_recognition's and insightface's
/// test images, from PyPI).
function faceFile(name) {
  if (!process.env.KEEPSAKE_FACES) {
    throw new Error('KEEPSAKE_FACES is not set: run the end-to-end tests through `cargo xtask test`');
  }
  const file = path.join(process.env.KEEPSAKE_FACES, name);
  if (!fs.existsSync(file)) throw new Error(`the face photos are missing ${file}`);
  return file;
}

/// The admin account the global setup creates first.
const ADMIN = { username: 'admin', password: 'correct horse battery admin' };

let counter = 0;
function uniqueName(prefix) {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}-${counter}`;
}

async function signIn(page, { username, password }) {
  await page.goto('/');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
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
async function dropFiles(page, names, find = corpusFile) {
  const files = names.map((name) => ({
    name: path.basename(name),
    bytes: fs.readFileSync(find(name)).toString('base64'),
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

/// The entries of a ZIP as {name: Buffer}, read from its central directory. Keepsake stores entries
/// uncompressed, which is all this reader handles (it fails loudly on anything else).
function unzip(buffer) {
  let end = buffer.length - 22;
  while (end >= 0 && buffer.readUInt32LE(end) !== 0x06054b50) end -= 1;
  if (end < 0) throw new Error('not a ZIP: no end of central directory');
  const count = buffer.readUInt16LE(end + 10);
  let at = buffer.readUInt32LE(end + 16);
  const entries = {};
  for (let i = 0; i < count; i += 1) {
    if (buffer.readUInt32LE(at) !== 0x02014b50) throw new Error('bad central directory entry');
    const method = buffer.readUInt16LE(at + 10);
    const size = buffer.readUInt32LE(at + 20);
    const nameLength = buffer.readUInt16LE(at + 28);
    const extraLength = buffer.readUInt16LE(at + 30);
    const commentLength = buffer.readUInt16LE(at + 32);
    const local = buffer.readUInt32LE(at + 42);
    const name = buffer.toString('utf8', at + 46, at + 46 + nameLength);
    if (method !== 0) throw new Error(`${name} is compressed (method ${method})`);
    const data = local + 30 + buffer.readUInt16LE(local + 26) + buffer.readUInt16LE(local + 28);
    entries[name] = buffer.subarray(data, data + size);
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/// A JPEG's pixel size (from its frame header) and its JFIF density in dots per inch.
function jpegInfo(bytes) {
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) throw new Error('not a JPEG');
  let at = 2;
  let dpi = null;
  while (at + 4 <= bytes.length) {
    const marker = bytes[at + 1];
    const length = bytes.readUInt16BE(at + 2);
    if (marker === 0xe0 && bytes.toString('latin1', at + 4, at + 9) === 'JFIF\0') {
      const unit = bytes[at + 11];
      dpi = unit === 1 ? bytes.readUInt16BE(at + 12) : null;
    }
    if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) {
      return { height: bytes.readUInt16BE(at + 5), width: bytes.readUInt16BE(at + 7), dpi };
    }
    at += 2 + length;
  }
  throw new Error('no frame header');
}

module.exports = { ADMIN, corpusFile, faceFile, uniqueName, signIn, signUp, dropFiles, unzip, jpegInfo };
