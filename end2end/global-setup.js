// The server `cargo xtask test` starts is empty; its first account is the admin. Making that account
// here, before any test, gives the tests that need the admin (the print lab) a known one, whatever
// order the specs run in. Sign-up closes once the admin exists; the admin opens it, as the tests make
// their own accounts through the sign-up page.
const { ADMIN } = require('./tests/helpers');

module.exports = async () => {
  const api = (path) => new URL(`/api/v1${path}`, process.env.KEEPSAKE_URL);
  const json = { 'content-type': 'application/json' };
  const signup = await fetch(api('/auth/signup'), { method: 'POST', headers: json, body: JSON.stringify(ADMIN) });
  // 403: a server reused between runs has its admin already (and sign-up closed).
  if (!signup.ok && signup.status !== 403 && signup.status !== 409) {
    throw new Error(`cannot create the admin account: ${signup.status} ${await signup.text()}`);
  }
  const login = await fetch(api('/auth/login'), { method: 'POST', headers: json, body: JSON.stringify(ADMIN) });
  if (!login.ok) {
    throw new Error(`cannot sign in as the admin: ${login.status} ${await login.text()}`);
  }
  const cookie = login.headers.get('set-cookie').split(';')[0];
  const opened = await fetch(api('/settings'), {
    method: 'PUT',
    headers: { ...json, cookie },
    body: JSON.stringify({ open_signup: true, email: false }),
  });
  if (!opened.ok) {
    throw new Error(`cannot open sign-up: ${opened.status} ${await opened.text()}`);
  }
};
