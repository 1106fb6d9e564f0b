// The accessibility checks every app's screens pass (issue 17), shared by the capture app's
// tests (a11y.test.mjs) and the office app's (office_a11y.test.mjs): Chromium's own
// accessibility tree (every control named, a named heading) and WCAG AA contrast measured on the
// canvas's real pixels, both read through the ARIA mirror (web/idekort-aria-mirror.js).
import assert from 'node:assert/strict';

// Every control in Chromium's own accessibility tree has a role and a name, every field its
// label; no unnamed buttons. Returns the tree's named headings, for the caller's checks.
export async function checkAccessibilityTree(page, where) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Accessibility.enable');
  const { nodes } = await cdp.send('Accessibility.getFullAXTree');
  await cdp.detach();
  const controls = ['button', 'textbox', 'checkbox', 'radio', 'combobox', 'link', 'slider', 'progressbar'];
  const shown = nodes.filter((n) => !n.ignored);
  const unnamed = shown.filter((n) => controls.includes(n.role?.value) && !(n.name?.value || '').trim());
  assert.deepEqual(unnamed.map((n) => `${n.role.value} (backend node ${n.backendDOMNodeId})`), [], `${where}: controls without a name`);
  const headings = shown.filter((n) => n.role?.value === 'heading').map((n) => n.name?.value);
  assert.ok(headings.length > 0 && headings.every((h) => h), `${where}: a named heading (saw ${JSON.stringify(headings)})`);
  return { headings, roles: new Set(shown.map((n) => n.role?.value)) };
}

// Contrast from the real pixels: for each piece of text the mirror knows (headings, text,
// labels, buttons, the progress), the canvas's screenshot is read inside its rect; the most
// common colour there is the background, the pixel furthest from it in luminance is the text.
// WCAG 1.4.3: 4.5:1, or 3:1 for large text (the headings: ≥ 24 px); a disabled button's words are exempt.
// Only the drawn part of an item is read: the mirror places each element over the item's whole
// box, but a scrolling region, child window or table column may cut it (the registry's clip,
// the element's data-shown), and the cut part shows whatever lies there (a heading scrolled out
// of a child read as blank, 1.00:1, before the mirror knew). An item with nothing drawn is
// skipped. A table row (data-row) is words on the row's own fill, so the row's most common
// colour is its background, as for any other item; it has no border to measure (below).
export async function checkContrast(page, where) {
  const png = await page.screenshot();
  const low = await page.evaluate(async (b64) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
    // Read in CSS pixels, where the mirror's rects are. On a phone (device pixel ratio 3) the
    // screenshot has three device pixels to each: nearest-neighbour sampling keeps each colour
    // as drawn (smoothing would average text into its background and report low contrast).
    const scale = window.devicePixelRatio || 1;
    const canvas = new OffscreenCanvas(Math.round(bitmap.width / scale), Math.round(bitmap.height / scale));
    const g = canvas.getContext('2d');
    g.imageSmoothingEnabled = false;
    g.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    const lum = (r, gr, b) => {
      const f = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
      return 0.2126 * f(r) + 0.7152 * f(gr) + 0.0722 * f(b);
    };
    const found = [];
    // The page rect of the part of `el`'s item that is drawn, or null when nothing of it is.
    const drawn = (el) => {
      const r = el.getBoundingClientRect();
      if (!el.dataset.shown) return { left: r.left, top: r.top, right: r.right, bottom: r.bottom, cut: false };
      const [dx, dy, w, h] = el.dataset.shown.split(' ').map(Number);
      if (!(w > 0 && h > 0)) return null;
      return { left: r.left + dx, top: r.top + dy, right: r.left + dx + w, bottom: r.top + dy + h, cut: true };
    };
    const texts = document.querySelectorAll('#a11y-mirror h1, #a11y-mirror h2, #a11y-mirror p, #a11y-mirror button, #a11y-mirror [role=progressbar], #a11y-mirror label');
    for (const el of texts) {
      const words = el.textContent.trim();
      // A check box's or field's <label> sits over its control, not over words: the control's
      // own text is checked through the label of check boxes only (words drawn beside the box).
      // Behind an open dialog (the mirror makes it inert): dimmed and out of use, no minimum
      // either (WCAG 1.4.3, an inactive component); the dialog's own words are measured.
      if (!words || el.closest('[hidden]') || el.closest('[inert]')) continue;
      // An inactive control's words have no contrast minimum (WCAG 1.4.3, "Incidental"): the
      // kit greys a button out until what it needs is there ("Åbn mødet" before an id is typed).
      if (el.tagName === 'BUTTON' && el.disabled) continue;
      const r = drawn(el.tagName === 'LABEL' ? el.parentElement : el);
      if (!r) continue;   // all of it clipped: nothing drawn to measure
      const x0 = Math.max(0, Math.floor(r.left)), y0 = Math.max(0, Math.floor(r.top));
      const x1 = Math.min(canvas.width, Math.ceil(r.right)), y1 = Math.min(canvas.height, Math.ceil(r.bottom));
      if (x1 - x0 < 4 || y1 - y0 < 4) continue;   // scrolled out of view
      const data = g.getImageData(x0, y0, x1 - x0, y1 - y0).data;
      const counts = new Map();
      for (let i = 0; i < data.length; i += 4) {
        const key = (data[i] << 16) | (data[i + 1] << 8) | data[i + 2];
        counts.set(key, (counts.get(key) || 0) + 1);
      }
      let bg = 0, most = 0;
      for (const [key, n] of counts) if (n > most) { most = n; bg = key; }
      const lb = lum(bg >> 16, (bg >> 8) & 255, bg & 255);
      let best = 1;
      for (const key of counts.keys()) {
        const l = lum(key >> 16, (key >> 8) & 255, key & 255);
        best = Math.max(best, (Math.max(l, lb) + 0.05) / (Math.min(l, lb) + 0.05));
      }
      // A cut item whose drawn part is one colour shows none of its words there (a sliver of a
      // row's padding at a scrolling edge): nothing to measure. An item drawn whole in one
      // colour is still a finding: its words are invisible.
      if (r.cut && counts.size === 1) continue;
      const large = el.tagName === 'H1';
      const need = large ? 3 : 4.5;
      // Where it was read, so a finding can be found on the screenshot.
      if (best < need) found.push(`"${words.slice(0, 40)}" ${best.toFixed(2)}:1 (needs ${need}:1) in ${x0},${y0} to ${x1},${y1}`);
    }
    // WCAG 1.4.11: a control's boundary (its border, or its fill where it has no border) against
    // the background beside it, 3:1. Read across the control's left edge, in the middle half of
    // its height (clear of the rounded corners): the background is the most common colour 5–9 px
    // outside (clear of the focus ring), the boundary the pixel 1 px outside to 3 px inside that
    // differs most from it; each row gives a ratio, the control its median row. Disabled controls
    // are exempt (WCAG), and so is a button that draws no boundary at all (words alone).
    const ratio = (a, b) => {
      const la = lum(a >> 16, (a >> 8) & 255, a & 255), lb2 = lum(b >> 16, (b >> 8) & 255, b & 255);
      return (Math.max(la, lb2) + 0.05) / (Math.min(la, lb2) + 0.05);
    };
    const px = (x, y) => { const d = g.getImageData(x, y, 1, 1).data; return (d[0] << 16) | (d[1] << 8) | d[2]; };
    //
    // A table row (data-row) is exempt: it is told by its words, on a fill that stripes the rows,
    // not by a boundary (reading across its edge measured one stripe against the next). A control
    // whose box is cut is read only if its left edge is drawn. The background is read only off
    // other controls: with a neighbour closer than 9 px (buttons side by side), the columns that
    // fall on it are left out, and if none remain the control's right edge is read instead.
    const controls = [...document.querySelectorAll('#a11y-mirror button, #a11y-mirror input, #a11y-mirror textarea')]
      .filter((el) => !el.closest('[hidden]') && !el.closest('[inert]'));
    const boxOf = (el) => (el.tagName === 'BUTTON' ? el : el.parentElement);
    const boxes = controls.map((el) => drawn(boxOf(el)));
    for (const [index, el] of controls.entries()) {
      if (el.disabled || boxOf(el).dataset.row) continue;
      const box = boxes[index];
      if (!box) continue;
      if (box.cut && Math.abs(box.left - boxOf(el).getBoundingClientRect().left) > 0.5) continue;
      box.height = box.bottom - box.top;
      const name = ((el.labels && el.labels[0]?.textContent) || el.textContent || el.tagName).trim().slice(0, 40);
      const rows = [];
      for (let y = Math.ceil(box.top + box.height * 0.25); y <= Math.floor(box.top + box.height * 0.75); y++) rows.push(y);
      if (rows.length === 0 || rows[0] < 0 || rows[rows.length - 1] >= canvas.height) continue;
      // `dir` -1 reads across the left edge outwards, +1 across the right edge.
      const onOther = (x, y) => boxes.some((b, i) => i !== index && b && x >= b.left && x < b.right && y >= b.top && y < b.bottom);
      const across = (dir) => {
        const edge = dir < 0 ? Math.round(box.left) : Math.round(box.right) - 1;
        if (edge - 9 < 0 || edge + 9 >= canvas.width) return null;
        const outside = new Map();
        for (const y of rows) for (let k = 5; k <= 9; k++) {
          const x = edge + dir * k;
          if (onOther(x, y)) continue;
          const c = px(x, y);
          outside.set(c, (outside.get(c) || 0) + 1);
        }
        if (outside.size === 0) return null;
        let bg = 0, most = 0;
        for (const [c, n] of outside) if (n > most) { most = n; bg = c; }
        let marked = false;
        const perRow = rows.map((y) => {
          let best = 1;
          for (let k = -3; k <= 1; k++) {
            const c = px(edge + dir * k, y);
            if (c !== bg) marked = true;
            best = Math.max(best, ratio(c, bg));
          }
          return best;
        }).sort((a, b) => a - b);
        return { marked, median: perRow[Math.floor(perRow.length / 2)], side: dir < 0 ? 'left' : 'right', edge };
      };
      const read = across(-1) || across(1);
      if (!read) continue;
      if (!read.marked && el.tagName === 'BUTTON') continue;
      const median = read.median;
      if (median < 3) {
        found.push(`border of ${el.type === 'checkbox' || el.type === 'radio' ? el.type : el.tagName.toLowerCase()} "${name}" ` +
          `${median.toFixed(2)}:1 (needs 3:1) at the ${read.side} edge x ${read.edge}, y ${rows[0]} to ${rows[rows.length - 1]}`);
      }
    }
    return found;
  }, png.toString('base64'));
  assert.deepEqual(low, [], `${where}: text or control borders below their contrast minimum`);
}
