// What the walk-throughs share (scripts/walkthrough.mjs, the office's; scripts/workshop_walkthrough.mjs,
// the live workshop's): the deployment they run against (the server `bash scripts/run.sh` started,
// its data folder and binary), numbered screenshots in a folder of build/, the step's words, the
// API with an account's token, and accounts made with the server's own command as the README
// says. The browser helpers are the tests' (tests/web/support.mjs).
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const url = (process.env.IDEKORT_URL || 'http://127.0.0.1:8080/').replace(/\/?$/, '/');
export const dataDir = process.env.IDEKORT_DATA_DIR || path.join(root, 'var/idekort');
export const serverBin = process.env.IDEKORT_SERVER_BIN || path.join(root, 'build/native-release/bin/idekort-server');
// One password for every walk-through account: they are made for the walk-through only.
export const password = 'walkthrough password 2026';

// A photographer for build/`folder`/: shot(page, name) saves the page (brought to front, so it
// has drawn) as NN-name.png, numbered in the order taken, and returns the file; failed(browser)
// photographs every open page when a step failed.
export function photographer(folder) {
  const out = path.join(root, 'build', folder);
  mkdirSync(out, { recursive: true });
  let step = 0;
  return {
    out,
    async shot(page, name) {
      await page.bringToFront();
      const file = path.join(out, `${String(++step).padStart(2, '0')}-${name}.png`);
      await page.screenshot({ path: file });
      console.log(`  ${path.relative(root, file)}`);
      return file;
    },
    // Where a walk-through stopped, as each open page showed it: failed-C-P.png.
    async failed(browser) {
      for (const [c, context] of browser.contexts().entries())
        for (const [p, page] of context.pages().entries()) await page.screenshot({ path: path.join(out, `failed-${c}-${p}.png`) }).catch(() => {});
    },
  };
}

export function say(words) { console.log(`\n${words}`); }

// The API as the README's curl lines use it; JSON answers parsed, others (CSV, text) as text.
export async function api(method, route, token, body) {
  const res = await fetch(url + route.replace(/^\//, ''), { method, body: body === undefined ? undefined : JSON.stringify(body),
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' } });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${route}: HTTP ${res.status} ${text}`);
  return (res.headers.get('content-type') || '').startsWith('application/json') ? JSON.parse(text) : text;
}

// An account made with `idekort-server create-admin` (the password on stdin), or the one an
// earlier walk-through made; resolves to its session token.
export async function account(name, role) {
  const made = spawnSync(serverBin, ['create-admin', '--data-dir', dataDir, '--username', name, '--role', role], { input: password + '\n' });
  if (made.status !== 0 && !String(made.stderr).includes('exists already')) throw new Error(`create-admin ${name}: ${made.stderr}`);
  return (await api('POST', '/api/v1/admin/login', '', { username: name, password })).token;
}
