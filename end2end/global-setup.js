// The server `cargo xtask test` starts is empty; its first account is the admin. Making that account
// here, before any test, gives the tests that need the admin (the print lab) a known one, whatever
// order the specs run in.
const { ADMIN } = require('./tests/helpers');

module.exports = async () => {
  const response = await fetch(new URL('/api/v1/auth/signup', process.env.KEEPSAKE_URL), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ADMIN),
  });
  // 409: a server reused between runs has it already.
  if (!response.ok && response.status !== 409) {
    throw new Error(`cannot create the admin account: ${response.status} ${await response.text()}`);
  }
};
