#!/usr/bin/env bash
# Proves the seam check can fail: it must reject SDL, emscripten and GL code outside platform/
# and ImGui outside the kit, the product folders and platform/, and accept them where they belong.
set -u
check="$1/scripts/check_seam.sh"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp"/{app/core,app/ui,app/capture,platform/web,common,server/api}
expect() { # expected-exit description
  bash "$check" "$tmp" >/dev/null 2>&1; local rc=$?
  if [ "$rc" != "$1" ]; then echo "FAIL: $2 (exit $rc, expected $1)"; exit 1; fi
  echo "ok: $2"
}
echo '#include <SDL.h>' > "$tmp/platform/web/a.cpp"
echo '#include "imgui.h"' > "$tmp/app/ui/b.cpp"
echo '#include "imgui.h"' > "$tmp/app/capture/c.cpp"
expect 0 "SDL in platform/, ImGui in the kit (app/ui/) and a product (app/capture/) are allowed"
echo '#ifdef __EMSCRIPTEN__' > "$tmp/app/core/leak.cpp"; expect 1 "__EMSCRIPTEN__ in app/core is refused"
echo '#include <emscripten/html5.h>' > "$tmp/app/core/leak.cpp"; expect 1 "emscripten include in app/core is refused"
echo '#include <GLES3/gl3.h>' > "$tmp/common/leak.h"; rm "$tmp/app/core/leak.cpp"; expect 1 "GL include in common/ is refused"
rm "$tmp/common/leak.h"; echo '#include "imgui_internal.h"' > "$tmp/app/core/leak.cpp"; expect 1 "ImGui in app/core is refused"
rm "$tmp/app/core/leak.cpp"; echo '#include "imgui.h"' > "$tmp/common/leak.cpp"; expect 1 "ImGui in common/ is refused"
rm "$tmp/common/leak.cpp"; echo '#include "imgui.h"' > "$tmp/server/api/leak.cpp"; expect 1 "ImGui in server/ is refused"
rm "$tmp/server/api/leak.cpp"; echo '#include "imgui.h"' > "$tmp/app/main.cpp"; expect 1 "ImGui in a file directly under app/ is refused"
echo "3 passed, 0 failed" >/dev/null
