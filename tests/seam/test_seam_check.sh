#!/usr/bin/env bash
# Proves the seam check can fail: it must reject SDL, emscripten and GL code outside platform/
# and ImGui outside app/ui/ and platform/, and accept them where they belong.
set -u
check="$1/scripts/check_seam.sh"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp"/{app/core,app/ui,platform/web,common}
expect() { # expected-exit description
  bash "$check" "$tmp" >/dev/null 2>&1; local rc=$?
  if [ "$rc" != "$1" ]; then echo "FAIL: $2 (exit $rc, expected $1)"; exit 1; fi
  echo "ok: $2"
}
echo '#include <SDL.h>' > "$tmp/platform/web/a.cpp"
echo '#include "imgui.h"' > "$tmp/app/ui/b.cpp"
expect 0 "SDL in platform/ and ImGui in app/ui/ are allowed"
echo '#ifdef __EMSCRIPTEN__' > "$tmp/app/core/leak.cpp"; expect 1 "__EMSCRIPTEN__ in app/core is refused"
echo '#include <emscripten/html5.h>' > "$tmp/app/core/leak.cpp"; expect 1 "emscripten include in app/core is refused"
echo '#include <GLES3/gl3.h>' > "$tmp/common/leak.h"; rm "$tmp/app/core/leak.cpp"; expect 1 "GL include in common/ is refused"
rm "$tmp/common/leak.h"; echo '#include "imgui_internal.h"' > "$tmp/app/core/leak.cpp"; expect 1 "ImGui in app/core is refused"
echo "3 passed, 0 failed" >/dev/null
