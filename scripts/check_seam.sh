#!/usr/bin/env bash
# The seam check (docs/ARCHITECTURE.md, "Dependency direction"), run by every build (target seam_check) and as a ctest test.
# Fails when platform code (__EMSCRIPTEN__, emscripten, SDL or GL headers) appears outside
# platform/, or ImGui outside the kit (app/ui/), the product folders (app/capture/, later
# app/office/ ...: every app/ folder but app/core/) and platform/. ImGui never appears in
# app/core/, common/ or server/. tests/ and bench/ may drive either.
# Usage: check_seam.sh [source dir]
set -u
root=${1:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$root" || exit 2
platform_re='__EMSCRIPTEN__|emscripten_|#[[:space:]]*include[[:space:]]*[<"](emscripten|SDL|GL/|GLES|EGL/)'
imgui_re='#[[:space:]]*include[[:space:]]*[<"](imgui[a-z_]*|backends/imgui_impl_[a-z0-9_]*)\.h'
files=$(find . -type f \( -name '*.c' -o -name '*.cc' -o -name '*.cpp' -o -name '*.h' -o -name '*.hpp' \) \
          -not -path './build*' -not -path './.deps/*' -not -path './node_modules/*' \
          -not -path './tests/*' -not -path './bench/*' -not -path './.git/*' | sed 's|^\./||' | sort)
fail=0
for f in $files; do
  case "$f" in platform/*) ;; *)
    hits=$(grep -nE "$platform_re" "$f") && { echo "$hits" | sed "s|^|$f:|; s|\$|   <- platform code outside platform/|"; fail=1; } ;;
  esac
  # Allowed: platform/... and app/<folder>/... for every folder but core.
  if [[ ! "$f" =~ ^(platform/|app/[^/]+/) || "$f" == app/core/* ]]; then
    hits=$(grep -nE "$imgui_re" "$f") && { echo "$hits" | sed "s|^|$f:|; s|\$|   <- ImGui outside the kit, the product folders and platform/|"; fail=1; }
  fi
done
if [ "$fail" != 0 ]; then
  echo "seam check failed: platform code lives in platform/; ImGui in app/ui/, the product folders (app/capture/ ...) and platform/ (docs/ARCHITECTURE.md)" >&2
  exit 1
fi
echo "seam check: clean ($(echo "$files" | wc -l) files)"
