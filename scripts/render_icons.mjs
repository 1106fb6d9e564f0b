// Renders web/icon.svg into the PNG icons the web app manifest and iOS need (web/icons/), with
// Debian's Chromium through playwright-core: this machine's ImageMagick has no SVG reader and
// rsvg-convert is not installed, and Chromium draws SVG exactly as browsers will.
// The PNGs are committed; run this again after changing icon.svg:
//   NODE_PATH=/usr/share/nodejs node scripts/render_icons.mjs
// "maskable" icons put the card on a full-bleed background inside the 80 % safe zone, so a
// launcher's circle or squircle mask never cuts into it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const svg = readFileSync(path.join(root, 'web/icon.svg'), 'utf8');
const background = '#00457e'; // the icon's own background, also the manifest's theme colour
const icons = [
  { name: 'icon-192.png', size: 192, maskable: false },
  { name: 'icon-512.png', size: 512, maskable: false },
  { name: 'icon-maskable-512.png', size: 512, maskable: true },
  { name: 'apple-touch-icon-180.png', size: 180, maskable: true }, // iOS masks it itself
];

const browser = await chromium.launch({ executablePath: process.env.IDEKORT_CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox'] });
const page = await browser.newPage({ deviceScaleFactor: 1 });
for (const icon of icons) {
  const inner = icon.maskable ? Math.round(icon.size * 0.8) : icon.size;
  await page.setViewportSize({ width: icon.size, height: icon.size });
  await page.setContent(`<body style="margin:0;width:${icon.size}px;height:${icon.size}px;display:grid;place-items:center;
    background:${icon.maskable ? background : 'transparent'}">
    <img src="data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}" width="${inner}" height="${inner}"></body>`);
  await page.waitForFunction(() => document.images[0].complete);
  await page.screenshot({ path: path.join(root, 'web/icons', icon.name), omitBackground: !icon.maskable });
  console.log(`web/icons/${icon.name}: ${icon.size}x${icon.size}${icon.maskable ? ' (maskable)' : ''}`);
}
await browser.close();
