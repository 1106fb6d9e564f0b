// End to end through the real wizard, the real service worker, the real sync engine on fetch()
// and the real idekort-server, with the deployment's submission key in the page as run.sh builds
// it (issue 6's browser test; issue 7's scenarios 2 and 3):
//   the app is loaded once online, then the browser goes offline and the page is reloaded from
//   the service worker; a whole card is made in the wizard and sent with a double click; the
//   thanks screen shows its receipt and says it waits; a new page (still offline) lists it as
//   waiting; online again, it arrives exactly once (the server's own log and status API) and the
//   start screen says "received" with the same receipt code.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { launchBrowser, outputDir, press, scrollTo, startServer, typeInto, waitForFirstFrame, waitForServiceWorker, waitForState, watchErrors }
  from './support.mjs';
import { webDir } from './support.mjs';

const key = 'browser-e2e-submission-key-0001';
let server, browser, deployed;
before(async () => {
  // This deployment's build: the web app with the server's submission key in its page, as
  // scripts/run.sh makes it (web_dist.py --submission-key), served by a server with that key.
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
  deployed = mkdtempSync(path.join(tmpdir(), 'idekort-web-'));
  execFileSync('/usr/bin/python3', [path.join(root, 'scripts/web_dist.py'), '--no-compress', path.join(webDir, '../web-stage'),
    path.join(root, 'web'), deployed, '--submission-key', key]);
  server = await startServer({ root: deployed, args: ['--submission-key', key] });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
  if (deployed) rmSync(deployed, { recursive: true, force: true });
});

async function next(page, step) {
  await press(page, 'Næste ›');
  await waitForState(page, (s, want) => s.step === want, step);
}

test('a card made offline in the wizard waits, survives a new page, and arrives once with its receipt when online', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(server.url);
  await waitForFirstFrame(page);
  await waitForServiceWorker(page);

  await context.setOffline(true);
  await page.reload();
  await waitForFirstFrame(page);
  assert.equal(await page.evaluate(() => !!navigator.serviceWorker.controller), true, 'started offline from the service worker');

  await press(page, 'Ny idé');
  await waitForState(page, (s) => s.step === 'theme');
  await press(page, 'Ved ikke – lad innovationsteamet vælge');
  await next(page, 'challenge');
  await typeInto(page, 'Hvilken udfordring løser idéen?', 'Borgerservice lukker, før folk får fri fra arbejde.');
  await typeInto(page, 'Hvem har udfordringen?', 'Borgere med fuldtidsarbejde');
  await waitForState(page, (s) => s.card.target_group === 'Borgere med fuldtidsarbejde');
  await next(page, 'idea');
  await typeInto(page, 'Giv idéen en kort titel', 'Aftenåbent én dag om ugen');
  await typeInto(page, 'Hvad er idéen?', 'Borgerservice holder åbent til kl. 20 om torsdagen.');
  await waitForState(page, (s) => s.card.idea.endsWith('torsdagen.'));
  await next(page, 'gain');
  await typeInto(page, 'Hvad bliver bedre, hvis idéen lykkes?', 'Færre fridage brugt på ærinder.');
  await waitForState(page, (s) => s.card.gain === 'Færre fridage brugt på ærinder.');
  for (const step of ['involved', 'first_test', 'about_you', 'review']) await next(page, step);

  // A double click on "send": one card, one outbox row, one delivery.
  const send = await scrollTo(page, 'Send idéen');
  await page.mouse.dblclick(send.x, send.y);
  const thanks = await waitForState(page, (s) => s.screen === 'thanks');
  const receipt = thanks.receipt;
  assert.match(receipt, /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
  await page.screenshot({ path: path.join(outputDir, 'web-e2e-thanks-offline.png') });

  // Closed and opened again, still offline: the card waits in the outbox.
  await page.close();
  const reopened = await context.newPage();
  const reopenedErrors = watchErrors(reopened);
  await reopened.goto(server.url);
  await waitForFirstFrame(reopened);
  // The engine tries to send it as soon as it has read the outbox ("sending"); offline, the
  // attempt fails and the card waits. That is the state to see, however long the attempt takes.
  const waiting = await waitForState(reopened, (s, r) => s.sent.length === 1 && s.sent[0].receipt === r && s.sent[0].phase === 'waiting',
    receipt);
  assert.equal(waiting.sent[0].title, 'Aftenåbent én dag om ugen');

  // Online: the browser's online event sends it at once, exactly once.
  await context.setOffline(false);
  const received = await waitForState(reopened, (s) => s.sent[0].phase === 'received');
  assert.equal(received.sent[0].receipt, receipt);
  await reopened.screenshot({ path: path.join(outputDir, 'web-e2e-received.png') });
  const status = await fetch(server.url + 'api/v1/status/' + receipt);
  assert.equal(status.status, 200, 'the server knows the receipt');
  const puts = (await server.settled()).filter((r) => r.method === 'PUT' && String(r.target || r.path || '').startsWith('/api/v1/cards/'));
  assert.equal(puts.filter((r) => r.status === 201).length, 1, `exactly one card stored; requests: ${JSON.stringify(puts)}`);
  // Chromium logs each request that fails while offline; those are the sync engine's probes.
  const unexpected = (list) => list.filter((e) => !e.includes('net::ERR_INTERNET_DISCONNECTED'));
  assert.deepEqual(unexpected(errors), []);
  assert.deepEqual(unexpected(reopenedErrors), []);
  await context.close();
});
