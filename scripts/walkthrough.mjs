// The office's walk-through (issue 15, "Done means"), as a new user would take it, against the
// server that `bash scripts/run.sh` started (the README's first command): accounts made with the
// server's own command, a card written on a kiosk (the browser app with ?kiosk, by touch and a
// keyboard), triage in the inbox, a screening meeting planned by the central office and scored
// by two directors on two tablets while the room's screen shows it, the pitch, a test card with
// step 1's money, the learning and a closure with feedback, the author reading that feedback
// under "Følg din idé", and the programme's dashboard. Every step leaves a screenshot in
// build/walkthrough/ (listed in docs/SCREENSHOTS.md) and waits for the state it needs, never for
// time. Not a test: CI does not run it, because it needs the deployment run.sh makes.
//
//   IDEKORT_NO_KIOSK=1 bash scripts/run.sh &     # or with a display: the native kiosk too
//   node scripts/walkthrough.mjs                  # IDEKORT_URL, IDEKORT_DATA_DIR to change
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { launchBrowser, press, typeInto, waitForFirstFrame, waitForItem, waitForState, wheelTo } from '../tests/web/support.mjs';
import { reveal, sees } from '../tests/web/office_support.mjs';
import { account, api, password, photographer, root, say, url } from './walkthrough_support.mjs';

const { shot, failed } = photographer('walkthrough');
const programme = JSON.parse(readFileSync(path.join(root, 'assets/programme/programme.json'), 'utf8'));
const theme = programme.themes[0];
const criterion = (i) => programme.criteria[i].text.da;
const touch = { touch: true };
const title = `Cykelværksted i skolegården ${new Date().toISOString().slice(11, 19)}`;

// A desk's editor scrolled with the wheel until `label` is inside the window, whole.
const reach = wheelTo;

// 1. Accounts, with the command the README gives (the password on stdin); an account that a
// previous walk-through made is used again.
say('1. Accounts: an administrator, the central office (triage) and two directors');
const tokens = {};
for (const [name, role] of [['ada', 'admin'], ['tove', 'triage'], ['dorte', 'director'], ['dagmar', 'director']]) tokens[name] = await account(name, role);
for (const d of ['dorte', 'dagmar']) await api('PUT', `/api/v1/admin/users/${d}/themes`, tokens.ada, { themes: [theme.id] });

const browser = await launchBrowser();
try {
  // 2. A card from a kiosk: a tablet on a stand in portrait, touch, and a keyboard for typing.
  say('2. A card written on a kiosk');
  const kioskContext = await browser.newContext({ viewport: { width: 1080, height: 1920 }, hasTouch: true });
  const kiosk = await kioskContext.newPage();
  await kiosk.goto(url + '?kiosk');
  await waitForFirstFrame(kiosk);
  await waitForState(kiosk, (s) => s.screen === 'attract');
  await shot(kiosk, 'kiosk-attract');
  await press(kiosk, 'Tryk her for at begynde', touch);
  await waitForState(kiosk, (s) => s.step === 'theme');
  await press(kiosk, theme.name.da, touch);
  const next = async (want) => {
    await press(kiosk, 'Næste ›', touch);
    await waitForState(kiosk, (s, w) => s.step === w, want);
  };
  // A person taps the field, sees it take the caret, then types: the field in edit is the one
  // tapped before the first key (the state's `editing` may still be the field before).
  const write = async (label, text, field) => {
    await press(kiosk, label, touch);
    await waitForItem(kiosk, label, (i) => i.active || i.focused);
    await kiosk.keyboard.type(text, { delay: 2 });
    await waitForState(kiosk, (s, [f, t]) => s.card[f] === t, [field, text]);
  };
  await next('challenge');
  await write('Hvilken udfordring løser idéen?', 'Mange cykler på skolerne står i stykker, og ingen har tid til at lave dem.', 'challenge');
  await write('Hvem har udfordringen?', 'Elever i 4.–6. klasse og deres forældre', 'target_group');
  await next('idea');
  await write('Giv idéen en kort titel', title, 'title');
  await write('Hvad er idéen?', 'Et værksted i skolegården, hvor ældre fra plejehjemmet lærer eleverne at lave deres cykler.', 'idea');
  await shot(kiosk, 'kiosk-idea');
  await next('gain');
  await write('Hvad bliver bedre, hvis idéen lykkes?', 'Flere cykler til skole, og unge og ældre mødes.', 'gain');
  for (const s of ['involved', 'first_test', 'about_you', 'review']) await next(s);
  await shot(kiosk, 'kiosk-review');
  await press(kiosk, 'Send idéen', touch);
  const thanks = await waitForState(kiosk, (s) => s.screen === 'thanks');
  const receipt = thanks.receipt;
  await shot(kiosk, 'kiosk-thanks');
  const entry = await (async () => {
    for (const deadline = Date.now() + 30000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 200))) {
      const res = await fetch(`${url}api/v1/status/${receipt}`);
      if (res.ok) return res.json();
    }
    throw new Error(`the card ${receipt} did not reach the server within 30 s`);
  })();
  console.log(`  receipt ${receipt} on the server: ${JSON.stringify(entry)}`);

  // 3. The central office: signs in, finds the card, gives it the theme and passes it on.
  say('3. Triage in the inbox');
  const deskContext = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  const desk = await deskContext.newPage();
  const signIn = async (page, user, options = {}) => {
    await page.bringToFront();
    await page.goto(url + 'office/');
    await waitForFirstFrame(page);
    await waitForState(page, (s) => s.screen === 'sign_in');
    await typeInto(page, 'Brugernavn', user, options);
    await typeInto(page, 'Adgangskode', password, options);
    await press(page, 'Log ind', options);
  };
  await signIn(desk, 'tove');
  await waitForState(desk, (s) => s.screen === 'inbox' && s.cards > 0);
  await press(desk, receipt);
  await waitForState(desk, (s) => s.selected !== '');
  await shot(desk, 'office-inbox');
  await press(desk, `1 ${theme.name.da}`);
  await sees(desk, 'Giv videre til screening (P)');
  await press(desk, 'Giv videre til screening (P)');
  const cardId = await (async () => {
    for (const deadline = Date.now() + 30000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 200))) {
      const list = await api('GET', '/api/v1/cards?state=in_screening&limit=1000', tokens.tove);
      const found = list.cards.find((c) => c.receipt === receipt);
      if (found) return found.card_id;
    }
    throw new Error('the card did not reach "in screening"');
  })();
  await shot(desk, 'office-passed-on');

  // 4. The central office plans the meeting; the room's screen shows it.
  say('4. A screening meeting: planned, the room view, two directors on tablets');
  await press(desk, 'Møder');
  await press(desk, 'Planlæg et møde …');
  await press(desk, theme.name.da);
  await typeInto(desk, 'Direktører (brugernavne, adskilt med komma)', 'dorte, dagmar');
  const agendaLabel = `${receipt} · ${title} (${theme.name.da})`;
  await reveal(desk, agendaLabel);
  await press(desk, agendaLabel);
  await shot(desk, 'office-meeting-plan');
  await reveal(desk, 'Planlæg mødet');
  await press(desk, 'Planlæg mødet');
  const planned = await waitForState(desk, (s, c) => s.meeting_view === 'room' && s.meeting_current === c, cardId, { timeout: 30000 });
  const meetingId = planned.meeting_id;
  await shot(desk, 'office-meeting-room');

  const tablet = { viewport: { width: 1024, height: 768 }, hasTouch: true };
  const tablets = {};
  for (const who of ['dorte', 'dagmar']) {
    const context = await browser.newContext(tablet);
    tablets[who] = await context.newPage();
    await signIn(tablets[who], who, touch);
    await waitForState(tablets[who], (s) => s.screen === 'meeting' && s.meeting_view === 'open');
    await typeInto(tablets[who], 'Mødets id', meetingId, touch);
    await press(tablets[who], 'Åbn mødet', touch);
    await waitForState(tablets[who], (s, c) => s.meeting_current === c, cardId);
  }
  const tap = async (page, label) => { await page.bringToFront(); await reveal(page, label); await press(page, label, touch); };
  await tap(tablets.dorte, `${criterion(0)}: Ja`);
  await tap(tablets.dorte, `${criterion(1)}: Ja`);
  await tap(tablets.dorte, `${criterion(2)}: Delvis`);
  await shot(tablets.dorte, 'tablet-dorte-scoring');
  await tap(tablets.dorte, 'Send min vurdering');
  await waitForState(tablets.dorte, (s) => s.meeting_message === 'Din vurdering er modtaget.');
  await tap(tablets.dagmar, `${criterion(0)}: Ja`);
  await tap(tablets.dagmar, `${criterion(1)}: Delvis`);
  await tap(tablets.dagmar, 'Send min vurdering');
  await waitForState(tablets.dagmar, (s) => s.meeting_message === 'Din vurdering er modtaget.');
  await sees(desk, 'dorte: 2 ja · 1 delvis · 0 nej');
  await sees(desk, 'dagmar: 1 ja · 1 delvis · 0 nej');
  await shot(desk, 'office-meeting-room-scored');
  await shot(tablets.dagmar, 'tablet-dagmar-scored');

  // The chair (dorte) invites to pitch with a date.
  await tap(tablets.dorte, 'Inviter til pitch …');
  await reveal(tablets.dorte, 'Dato for pitch (ÅÅÅÅ-MM-DD)');
  await typeInto(tablets.dorte, 'Dato for pitch (ÅÅÅÅ-MM-DD)', '2027-01-15', touch);
  await tap(tablets.dorte, 'Send beslutningen');
  await waitForState(tablets.dorte, (s) => s.meeting_decisions >= 1);
  await sees(desk, 'Inviteret til pitch (dorte)');
  await shot(desk, 'office-meeting-decided');

  // 5. The pitch, the directors' go, and step 1's test card (the administrator, at a desk).
  say('5. The pitch, step 1 with its test card, the learning and the closure');
  // The desk changes hands: the central office signs out, the administrator signs in.
  await press(desk, 'Log ud');
  await waitForState(desk, (s) => s.screen === 'sign_in');
  await signIn(desk, 'ada');
  await waitForState(desk, (s) => s.screen === 'inbox' && s.cards > 0);
  await press(desk, receipt);
  await press(desk, 'Kortets forløb: pitch, testkort og læring');
  await waitForState(desk, (s) => s.screen === 'journey');
  await shot(desk, 'office-journey-invited');
  await typeInto(desk, 'Dato for pitchen (ÅÅÅÅ-MM-DD)', '2027-01-15');
  await typeInto(desk, 'Note til forløbet (valgfri)', 'Direktørerne var positive; start på én skole.');
  await press(desk, 'Pitchen er holdt');
  await sees(desk, 'Go: bevilg trin 1 og skriv testkortet');
  await press(desk, 'Go: bevilg trin 1 og skriv testkortet');
  await waitForState(desk, (s) => s.journey_editing === 'fund_step');
  for (const [label, text] of [['Vi tror, at …', 'elever og ældre vil mødes om at lave cykler'],
    ['For at afprøve det vil vi …', 'holde tre værkstedseftermiddage på Skovvangskolen'],
    ['… og måle …', 'hvor mange cykler der bliver lavet, og hvor mange der kommer igen'],
    ['Vi har ret, hvis …', 'halvdelen kommer igen'], ['Periode fra (ÅÅÅÅ-MM-DD)', '2027-02-01'],
    ['Periode til (ÅÅÅÅ-MM-DD)', '2027-04-30'], ['Budget i kr. (højst 25.000)', '20000'], ['Ejer af testen', 'Skovvangskolen']]) {
    await reach(desk, label);
    await typeInto(desk, label, text);
  }
  await shot(desk, 'office-test-card');
  await reach(desk, 'Bevilg trin 1 med dette testkort');
  await press(desk, 'Bevilg trin 1 med dette testkort');
  await waitForState(desk, (s) => s.journey_message === 'Gemt: Trin bevilget', undefined, { timeout: 30000 });
  await shot(desk, 'office-step-1-funded');

  // The test ran; the learning says stop, and the author is told why.
  await sees(desk, 'Det troede vi');
  for (const [label, text] of [['Det troede vi', 'at eleverne ville komme hver uge'], ['Det så vi', 'at kun få kom igen efter første gang'],
    ['Det lærte vi', 'at værkstedet skal ligge i skoletiden']]) {
    await reach(desk, label);
    await typeInto(desk, label, text);
  }
  await reach(desk, 'Stop');
  await press(desk, 'Stop');
  await reach(desk, 'Gem læringen og beslutningen');
  await press(desk, 'Gem læringen og beslutningen');
  await sees(desk, 'Stop: luk med svar …');
  await press(desk, 'Stop: luk med svar …');
  const feedback = 'Tak for idéen! Testen viste, at værkstedet skal ligge i skoletiden. Vi lukker den her, men tag gerne fat i skolen.';
  await reach(desk, 'Svar til den, der skrev idéen');
  await typeInto(desk, 'Svar til den, der skrev idéen', feedback);
  await shot(desk, 'office-closing');
  await reach(desk, 'Luk idéen og send svaret');
  await press(desk, 'Luk idéen og send svaret');
  await waitForState(desk, (s) => /Lukket/.test(s.journey_message || ''), undefined, { timeout: 30000 });
  await shot(desk, 'office-closed');
  const closed = await api('GET', `/api/v1/cards/${cardId}/pipeline`, tokens.ada);
  assert.equal(closed.state, 'closed');

  // 6. The author follows the idea from the kiosk with the receipt's code.
  say('6. "Følg din idé" on the kiosk, and the dashboard');
  await kiosk.bringToFront();
  await kiosk.goto(url + '?kiosk');
  await waitForFirstFrame(kiosk);
  await waitForState(kiosk, (s) => s.screen === 'attract');
  await press(kiosk, 'Følg din idé', touch);
  await waitForState(kiosk, (s) => s.screen === 'follow');
  await press(kiosk, 'Koden fra kvitteringen', touch);
  await waitForState(kiosk, (s) => s.editing);
  await kiosk.keyboard.type(receipt.toLowerCase(), { delay: 5 });
  await press(kiosk, 'Vis hvor idéen er', touch);
  await waitForState(kiosk, (s) => s.follow.outcome === 'found', undefined, { timeout: 30000 });
  await sees(kiosk, feedback);
  await shot(kiosk, 'kiosk-follow-closed');

  await press(desk, 'Tilbage til indbakken');
  await waitForState(desk, (s) => s.screen === 'inbox');
  await press(desk, 'Overblik');
  await waitForState(desk, (s) => s.screen === 'dashboard');
  await sees(desk, 'Overblik');
  await shot(desk, 'office-dashboard');
  say(`Done: card ${receipt} went from the kiosk through triage, a meeting, a pitch, step 1 and a closure.`);
} catch (e) {
  await failed(browser);
  throw e;
} finally {
  await browser.close();
}
