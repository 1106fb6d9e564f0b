#!/usr/bin/env node
// Minifies Emscripten's JS glue in place with Debian's terser (node-terser): compress, and mangle
// every name, top-level ones too, except `Module`, which the loader hands in (web/idekort-loader.js).
// Everything the page calls (Module._idekort_*, ccall, HEAPU8) is reached by property name, which
// mangling leaves alone. Debian's Emscripten has no Closure Compiler, which would do this itself.
// About 7 kB of the brotli'd download (docs/BENCHMARKS.md).
// Usage: NODE_PATH=/usr/share/nodejs node scripts/minify_js.cjs FILE.js
'use strict';
const fs = require('fs');
let terser;
try {
  terser = require('terser');
} catch (e) {
  console.error('minify_js: terser not found (Debian package node-terser; run scripts/bootstrap.sh, NODE_PATH=/usr/share/nodejs)');
  process.exit(1);
}
(async () => {
  const file = process.argv[2];
  const source = fs.readFileSync(file, 'utf8');
  const result = await terser.minify(source, {
    compress: { passes: 2 },
    mangle: { toplevel: true, reserved: ['Module'] },
    toplevel: true,
  });
  if (!result.code) throw new Error('terser produced nothing');
  fs.writeFileSync(file, result.code);
  console.log(`minify_js: ${file}: ${source.length} -> ${result.code.length} bytes`);
})().catch((e) => { console.error(`minify_js: ${process.argv[2]}: ${e.message}`); process.exit(1); });
