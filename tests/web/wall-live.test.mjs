// The wall's live updates in the browser (issue 16): the browser's own WebSocket through the
// platform seam, polling as the fallback. Against the real idekort-server on loopback, in Chromium:
// - live: the wall opens ws://<the page's origin>/api/v1/workshops/CODE/live; a card sent from a
//   phone appears on the wall while the wall asks for no changes by HTTP. The socket is then closed
//   under the app (an init-script wrapper keeps every socket the page opens) while polling is
//   blocked, and a card sent meanwhile arrives once through the reopened socket, which subscribes
//   from the revision the wall had seen: no duplicates, no gaps.
// - offline: the wall's browser goes offline (its socket would look open for minutes): the wall
//   leaves the socket at once, and once the network is back it opens it again and shows the card
//   sent meanwhile, once.
// - fallback: WebSocket fails as behind a proxy that refuses the upgrade (an init script stands in
//   for the browser's); the wall polls changes?since=R and shows the card, once.
// Screenshots web-wall-live-*.png.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { launchBrowser, outputDir, startServer, waitForState } from './support.mjs';
import { facilitator, joined, onWallOnce, openJoinLink, phone, projector, signedInWall, writeCard } from './workshop_support.mjs';

let server, browser;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); await server?.stop(); });

// The wall's requests for changes by HTTP (polls), as the browser sent them.
function countPolls(page) {
  const polls = [];
  page.on('request', (r) => {
    const m = /\/api\/v1\/workshops\/[A-Z0-9]+\/changes\?since=(\d+)$/.exec(r.url());
    if (m) polls.push(Number(m[1]));
  });
  return polls;
}

// A phone that joined by the workshop's link and sent a card titled `title`, on the server.
async function phoneSends(context, link, workshopTitle, title) {
  const p = await openJoinLink(context, link);
  await joined(p.page, workshopTitle);
  await writeCard(p.page, title);
  await waitForState(p.page, (s) => s.workshop.outbox.every((c) => c.state === 'sent'));
  return p;
}

test('live: the wall follows a WebSocket without polling, and a reopened socket resumes from the revision it saw', async () => {
  const anne = await facilitator(server, { username: 'live-anne', title: 'Grønne tage' });
  const link = new URL(anne.info.join_path, server.url).href;
  const wallContext = await browser.newContext(projector);
  const sockets = [];   // Playwright's view: each socket's URL and the frames the page sent
  let polls;
  const { page: wall, errors } = await signedInWall(wallContext, server, anne, async (page) => {
    polls = countPolls(page);
    page.on('websocket', (ws) => {
      const socket = { url: ws.url(), sent: [] };
      ws.on('framesent', (f) => socket.sent.push(JSON.parse(f.payload)));
      sockets.push(socket);
    });
    // Keeps each socket the app opens, so the test can close it under the app, as a dropped
    // connection would.
    await page.addInitScript(() => {
      const Browser = window.WebSocket;
      window.wallSockets = [];
      window.WebSocket = class extends Browser {
        constructor(...args) { super(...args); window.wallSockets.push(this); }
      };
    });
  });

  await waitForState(wall, (s) => s.live === true, undefined, { timeout: 30000 });
  assert.equal(sockets.length, 1, 'one WebSocket');
  assert.equal(sockets[0].url, `${server.url.replace(/^http/, 'ws')}api/v1/workshops/${anne.info.code}/live`);
  assert.equal(sockets[0].sent[0].type, 'subscribe');

  // A card from a phone appears, and the wall asks for no changes by HTTP meanwhile.
  const pollsBefore = polls.length;
  const phoneContext = await browser.newContext(phone);
  const a = await phoneSends(phoneContext, link, 'Grønne tage', 'Sedum på busstoppesteder');
  await onWallOnce(wall, 'Sedum på busstoppesteder');
  await waitForState(wall, (s) => s.cards === 1 && s.live === true);
  assert.equal(polls.length - pollsBefore, 0, `polls while live: ${JSON.stringify(polls.slice(pollsBefore))}`);
  await wall.screenshot({ path: path.join(outputDir, 'web-wall-live-card.png') });

  // The connection drops while polling is blocked too: the card sent meanwhile can only come
  // through the reopened socket, which must ask from the revision the wall had.
  const seen = (await waitForState(wall, (s) => s.live === true)).revision;
  await wall.route(/\/changes\?since=\d+$/, (route) => route.abort('connectionrefused'));
  await wall.evaluate(() => window.wallSockets.at(-1).close());
  await waitForState(wall, (s) => s.live === false);
  await writeCard(a.page, 'Regnbede i Mølleparken');
  await waitForState(a.page, (s) => s.workshop.outbox.every((c) => c.state === 'sent'));
  await onWallOnce(wall, 'Regnbede i Mølleparken');
  await waitForState(wall, (s) => s.cards === 2 && s.live === true, undefined, { timeout: 30000 });
  await onWallOnce(wall, 'Sedum på busstoppesteder');
  assert.equal(sockets.length, 2, 'the socket was opened again');
  assert.equal(sockets[1].sent[0].since, seen, 'the reopened socket subscribes from the revision the wall had seen');
  await wall.unroute(/\/changes\?since=\d+$/);
  await wall.screenshot({ path: path.join(outputDir, 'web-wall-live-reconnected.png') });
  console.log(`live wall: ${sockets.length} sockets, ${polls.length} polls in all (${pollsBefore} before the first card)`);

  assert.deepEqual(errors.filter((e) => !/changes\?since|ERR_CONNECTION_REFUSED/.test(e)), []);
  assert.deepEqual(a.errors, []);
  await phoneContext.close();
  await wallContext.close();
});

test('offline: a wall that loses the network leaves its socket at once, and catches up by itself once it is back', async () => {
  const anne = await facilitator(server, { username: 'offline-anne', title: 'Uden net' });
  const link = new URL(anne.info.join_path, server.url).href;
  const wallContext = await browser.newContext(projector);
  const { page: wall, errors } = await signedInWall(wallContext, server, anne);
  await waitForState(wall, (s) => s.live === true, undefined, { timeout: 30000 });

  // The projector's laptop loses the network: the browser's socket would look open for minutes;
  // the wall leaves it within seconds, not TCP's minutes, and polls (which fail: it says so).
  await wallContext.setOffline(true);
  await waitForState(wall, (s) => s.live === false, undefined, { timeout: 5000 });
  const phoneContext = await browser.newContext(phone);
  const a = await phoneSends(phoneContext, link, 'Uden net', 'Vandposter i byrummet');

  // The network is back: the wall opens its socket again from its revision, and the card is
  // there once, with no one touching the wall.
  await wallContext.setOffline(false);
  await waitForState(wall, (s) => s.live === true && s.cards === 1, undefined, { timeout: 30000 });
  await onWallOnce(wall, 'Vandposter i byrummet');
  await wall.screenshot({ path: path.join(outputDir, 'web-wall-live-back-online.png') });

  assert.deepEqual(errors.filter((e) => !/changes\?since|ERR_INTERNET_DISCONNECTED|ERR_CONNECTION|WebSocket connection/.test(e)), []);
  assert.deepEqual(a.errors, []);
  await phoneContext.close();
  await wallContext.close();
});

test('fallback: where WebSocket is refused (a proxy), the wall polls and shows the card once', async () => {
  const anne = await facilitator(server, { username: 'proxy-anne', title: 'Bag en proxy' });
  const link = new URL(anne.info.join_path, server.url).href;
  const wallContext = await browser.newContext(projector);
  let polls;
  const { page: wall, errors } = await signedInWall(wallContext, server, anne, async (page) => {
    polls = countPolls(page);
    // The browser's WebSocket as behind a proxy that refuses the upgrade: it fails and closes
    // (1006) without ever opening. The count says the app tried.
    await page.addInitScript(() => {
      window.refusedSockets = 0;
      window.WebSocket = class {
        constructor(url) {
          this.url = url;
          this.readyState = 0;
          window.refusedSockets++;
          setTimeout(() => {
            this.readyState = 3;
            if (this.onerror) this.onerror(new Event('error'));
            if (this.onclose) this.onclose({ code: 1006, reason: '', wasClean: false });
          }, 20);
        }
        send() { throw new Error('not open'); }
        close() {}
      };
    });
  });

  await waitForState(wall, () => window.refusedSockets > 0);
  const phoneContext = await browser.newContext(phone);
  const a = await phoneSends(phoneContext, link, 'Bag en proxy', 'Cykelparkering under tag');
  await onWallOnce(wall, 'Cykelparkering under tag');
  const state = await waitForState(wall, (s) => s.cards === 1);
  assert.equal(state.live, false);
  // It polled, each time from a revision no older than the one before (no card twice, none skipped).
  assert.ok(polls.length >= 2, `polls: ${JSON.stringify(polls)}`);
  for (let i = 1; i < polls.length; i++) assert.ok(polls[i] >= polls[i - 1], `poll ${i} went back: ${JSON.stringify(polls)}`);
  await wall.screenshot({ path: path.join(outputDir, 'web-wall-live-polling.png') });
  console.log(`polling wall: ${polls.length} polls, ${await wall.evaluate(() => window.refusedSockets)} refused sockets`);

  assert.deepEqual(errors, []);
  assert.deepEqual(a.errors, []);
  await phoneContext.close();
  await wallContext.close();
});
