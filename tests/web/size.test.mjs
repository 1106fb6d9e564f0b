// What the web build leaves out of the capture app's wasm stays out (issue 11, "Web size" in
// docs/BENCHMARKS.md). The sizes themselves are measured by bench/, not asserted here; this
// checks the served file for a part that once cost 9.7 kB of every first download.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import test from 'node:test';
import { builtShell, webDir } from './support.mjs';

test("the served wasm carries no copy of ImGui's ProggyClean font, which the app never draws with", () => {
  const wasm = readFileSync(path.join(webDir, builtShell().files['idekort.wasm'].url));
  // The opening of ProggyClean's base85 text in ImGui 1.90.1's imgui_draw.cpp; the web build's
  // copy of that file no longer falls back to AddFontDefault() (cmake/IdekortDependencies.cmake).
  const proggyClean = Buffer.from("7])#######hV0qs'/###[),##/l:$#Q6>##5[n42>c-TH`->>#/e>11NNV=Bv(*:.F?uu#(gRU");
  assert.ok(wasm.length > 100_000, `${wasm.length} bytes is not the app's wasm`);
  assert.equal(wasm.indexOf(proggyClean), -1, 'the wasm holds ProggyClean, 12 kB of font data no screen uses');
});
