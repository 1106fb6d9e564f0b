// Helpers for the office app's pages in Chromium (the meeting, the journey, the walk-through):
// its pages are taller than a tablet's screen and scroll whole under a finger, and the
// widget a step needs may be below the fold or clipped by a scrolling region.
import { press } from './support.mjs';

// Drags the page (inside it, past the window's margin) until `label` is in sight, toward the
// widget where the app laid it out but clipped it, further down first when it is not laid out
// at all. Both ways within the lower part: the page begins below the top bar, the tabs and the
// meeting's own header (about a third of a tablet's height).
export async function reveal(page, label) {
  const box = await page.locator('#canvas').boundingBox();
  for (let i = 0; i < 16; i++) {
    const shown = await page.evaluate((l) => window.idekort.items().some((it) => it.label === l && it.visible), label);
    if (shown) return;
    const at = await page.evaluate((l) => window.idekort.items().find((it) => it.label === l)?.y, label);
    const down = at === undefined ? i < 8 : at > box.height / 2;
    const x = box.x + 48, from = box.y + box.height * (down ? 0.9 : 0.45), to = box.y + box.height * (down ? 0.45 : 0.9);
    await page.mouse.move(x, from);
    await page.mouse.down();
    for (let s = 1; s <= 6; s++) await page.mouse.move(x, from + (to - from) * s / 6);
    await page.mouse.up();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

// A finger's tap on `label`, revealed first.
export async function tap(page, label) {
  await reveal(page, label);
  return press(page, label, { touch: true });
}

// Waits, with a deadline, until `label` shows somewhere on the page (scrolling to look).
export async function sees(page, label, timeout = 30000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    await reveal(page, label);
    const shown = await page.evaluate((l) => window.idekort.items().some((it) => it.label === l && it.visible), label);
    if (shown) return;
    if (Date.now() > deadline) {
      const seen = await page.evaluate(() => window.idekort.items().map((it) => it.label).join(' | '));
      throw new Error(`waited ${timeout} ms for "${label}"; seen: ${seen}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
