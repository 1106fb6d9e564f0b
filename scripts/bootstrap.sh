#!/usr/bin/env bash
# Bootstrap: installs and fetches everything idekort needs to build and test, into ignored
# folders. Idempotent: every step checks a stamp or the installed state first, so a re-run on a
# ready machine takes seconds.
#
# What it does (docs/ARCHITECTURE.md, "Dependencies"):
#   1. Debian binary packages for the build and the tests (apt-get, as root).
#   2. The Debian *source* package of imgui 1.90.1 (trixie), fetched through a private apt
#      configuration in .deps/apt: the machine's own apt setup is untouched.
#   3. For the browser build: the source of qr-code-generator 1.8.0 (bookworm;
#      libqrcodegencpp-dev's), whose C++ file the wall's wasm compiles (Debian ships the library
#      for the host only). The browser build needs no SDL2: its input comes from the page's
#      events (platform/web/web_session.cpp); the kiosk's SDL2 is Debian's libsdl2-dev.
#   4. npm ci against the committed package-lock.json (exact versions).
#
# Environment:
#   IDEKORT_IMGUI_DIR   use this ImGui checkout instead of the Debian source package.
#   IDEKORT_SKIP_APT=1  skip step 1 (machines where someone else manages packages).
#   IDEKORT_NO_WEB=1    skip the browser build's parts (step 3) for a native-only machine.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
deps="$root/.deps"
mkdir -p "$deps"

# Pinned versions, shared with CMake. Every cache below is keyed by them.
# shellcheck source=../deps.versions
source "$root/deps.versions"

log() { printf '[bootstrap] %s\n' "$*"; }
die() { printf '[bootstrap] error: %s\n' "$*" >&2; exit 1; }

# [SECTION] 1. Debian binary packages -------------------------------------------------------
# Build: compilers, CMake/Ninja, and the -dev packages docs/ARCHITECTURE.md lists under "Dependencies".
# Web: emscripten, brotli (precompressed files, size benchmark), node-terser (the glue's minifier). Tests: chromium, xvfb, imagemagick, xdotool;
# xrandr (x11-xserver-utils) to change the kiosk's X screen while it runs; cage and the Xwayland it starts, for the kiosk under Wayland;
# iproute2 and curl for the server's slow-link test (a 10 kB/s loopback in its own network namespace).
# Kiosk cross build: g++-aarch64-linux-gnu (the kiosk-arm64 preset is configured in tests).
# Fuzzing: clang-14 with its libFuzzer and sanitizer runtimes.
# Assets: fonts-noto-core plus fonttools to subset the font for the web build; fonts-symbola
# (emoji, monochrome) and unicode-data (Unicode's emoji list) for the glyphs loaded on need.
# Speech on the kiosk (issue 17): libespeak-ng with its voices (Danish: espeak-ng-data).
# Deployment: systemd for `systemd-analyze verify` on deploy/systemd/ (tests/deploy/verify_units.sh).
# The workshop wall (issue 16): libqrcodegencpp-dev draws the join link's QR code; zbar-tools
# (zbarimg) decodes it from a screenshot in the tests.
packages=(
  build-essential cmake ninja-build pkg-config dpkg-dev git ca-certificates
  libsdl2-dev libgl-dev libsqlite3-dev libcurl4-openssl-dev libboost-dev libcereal-dev
  rapidjson-dev doctest-dev libsodium-dev libstb-dev
  clang libclang-rt-dev
  emscripten nodejs node-terser brotli python3 python3-fonttools fonts-noto-core g++-aarch64-linux-gnu
  fonts-symbola unicode-data
  chromium xvfb xauth x11-utils x11-xserver-utils imagemagick xdotool mesa-utils libgl1-mesa-dri cage xwayland
  systemd iproute2 curl
  libespeak-ng-dev espeak-ng-data espeak-ng
  libqrcodegencpp-dev zbar-tools
)

missing_packages() {
  local p
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' || echo "$p"
  done
}

if [ "${IDEKORT_SKIP_APT:-0}" != 1 ]; then
  mapfile -t need < <(missing_packages)
  # nodejs may come from elsewhere (nodesource, nvm): a working node and npm are enough.
  # Debian packages npm apart from nodejs.
  if command -v node >/dev/null 2>&1; then
    need=("${need[@]/nodejs/}")
  fi
  command -v npm >/dev/null 2>&1 || need+=(npm)
  need=($(printf '%s\n' "${need[@]}" | sed '/^$/d'))
  if [ "${#need[@]}" -gt 0 ]; then
    [ "$(id -u)" = 0 ] || die "these Debian packages are missing and installing them needs root: ${need[*]}"
    log "installing Debian packages: ${need[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  else
    log "Debian packages: all present"
  fi
fi

# [SECTION] 2. Debian source packages through a private apt configuration ----------------------
# The private configuration reads only .deps/apt/sources.list and keeps its lists in
# .deps/apt/lists, so it needs no change to /etc/apt and leaves the machine's state alone.
apt_dir="$deps/apt"
debian_mirror() {
  # Reuse the mirror the machine already uses (snapshot or local mirrors included).
  local uri
  uri=$(grep -hE '^\s*URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}' \
        | grep -v security | head -n1 || true)
  [ -n "$uri" ] || uri=$(grep -hE '^\s*deb\s' /etc/apt/sources.list 2>/dev/null \
        | grep -v security | awk '{for(i=2;i<=NF;i++) if ($i ~ /^(https?|file):/) {print $i; exit}}' | head -n1 || true)
  echo "${uri:-http://deb.debian.org/debian}"
}

private_apt() {
  apt-get -o Dir::Etc::SourceList="$apt_dir/sources.list" \
          -o Dir::Etc::SourceParts=/dev/null \
          -o Dir::State::Lists="$apt_dir/lists" \
          -o Dir::Cache="$apt_dir/cache" \
          -o APT::Sandbox::User=root \
          -o Debug::NoLocking=1 "$@"
}

# Whether every file the .dsc lists (Checksums-Sha256) was downloaded beside it.
all_parts_fetched() { # dsc
  local dir; dir=$(dirname "$1")
  local f
  for f in $(sed -n '/^Checksums-Sha256:/,/^[A-Z]/{/^ /p}' "$1" | awk '{print $3}'); do
    [ -f "$dir/$f" ] || return 1
  done
}

unpack_orig() { # dsc destination
  local dir; dir=$(dirname "$1")
  local line sum file
  line=$(sed -n '/^Checksums-Sha256:/,/^[A-Z]/{/^ /p}' "$1" | grep -E '\.orig\.tar\.[a-z0-9]+$' | head -n1)
  sum=$(awk '{print $1}' <<<"$line"); file=$(awk '{print $3}' <<<"$line")
  [ -n "$file" ] && [ -f "$dir/$file" ] || die "$(basename "$1"): neither the whole source package nor its .orig tarball could be fetched"
  [ "$(sha256sum "$dir/$file" | cut -d' ' -f1)" = "$sum" ] || die "$file: SHA-256 differs from the one in $(basename "$1")"
  log "$(basename "$1"): the mirror lacks its debian/ part; unpacking the checked upstream tarball $file"
  mkdir -p "$2"
  tar -xf "$dir/$file" -C "$2" --strip-components=1 --no-same-owner
}

fetch_source() { # name version destination
  local name=$1 version=$2 dest=$3
  [ -f "$dest/.idekort-stamp" ] && return 0
  if [ ! -f "$apt_dir/lists/.updated" ]; then
    mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial"
    local mirror; mirror=$(debian_mirror)
    cat > "$apt_dir/sources.list" <<EOF
deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror bookworm main
deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror trixie main
EOF
    log "updating the private apt lists from $mirror (bookworm + trixie sources)"
    private_apt update -qq || die "private apt update failed (see above)"
    touch "$apt_dir/lists/.updated"
  fi
  local work="$deps/src-download/$name"
  rm -rf "$work" "$dest"; mkdir -p "$work"
  log "fetching Debian source $name=$version"
  (cd "$work" && private_apt source --download-only -qq "$name=$version" 2>&1 \
      | grep -v 'unsandboxed' || true)
  local dsc; dsc=$(ls "$work"/*.dsc 2>/dev/null | head -n1)
  [ -n "$dsc" ] || die "apt-get source $name=$version fetched nothing: is the version still in the archive?"
  if ! all_parts_fetched "$dsc"; then
    # Some mirrors (this project's machines' among them) hold a package's upstream tarball but not
    # its debian/ part. What we build from is the upstream source, so take the .orig tarball once
    # its SHA-256 matches the one the .dsc lists; the packaging is not needed.
    unpack_orig "$dsc" "$dest"
  else
    (cd "$work" && dpkg-source --no-check -x "$dsc" "$dest" >/dev/null)
  fi
  echo "$name $version" > "$dest/.idekort-stamp"
  rm -rf "$work"
}

imgui_dir="${IDEKORT_IMGUI_DIR:-$deps/imgui-$IMGUI_DEBIAN_VERSION}"
if [ -n "${IDEKORT_IMGUI_DIR:-}" ]; then
  [ -f "$IDEKORT_IMGUI_DIR/imgui.h" ] || die "IDEKORT_IMGUI_DIR=$IDEKORT_IMGUI_DIR has no imgui.h"
  log "ImGui: using the override $IDEKORT_IMGUI_DIR"
else
  fetch_source imgui "$IMGUI_DEBIAN_VERSION" "$imgui_dir"
  log "ImGui: $imgui_dir"
fi

# [SECTION] 3. Sources for the browser build ------------------------------------------------------
if [ "${IDEKORT_NO_WEB:-0}" != 1 ]; then
  # The wall in the browser (issue 16) draws the join link's QR code with the same library as the
  # native wall; app/wall/CMakeLists.txt compiles its one C++ file into the wall's wasm only. The
  # stamp makes this a no-op once fetched.
  fetch_source qr-code-generator "$QRCODEGEN_DEBIAN_VERSION" "$deps/qr-code-generator-$QRCODEGEN_DEBIAN_VERSION"
  log "qr-code-generator source: $deps/qr-code-generator-$QRCODEGEN_DEBIAN_VERSION"
fi

# [SECTION] 4. npm packages ----------------------------------------------------------------------
# playwright-core 1.65 needs Node.js 20 or newer (Debian 13 ships 20; this project's machines
# have 20; Debian 12's own nodejs is 18).
node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
[ "$node_major" -ge 20 ] || die "Node.js $node_major found; the browser tests need Node.js 20 or newer"
# Exact versions from the committed lockfile. The stamp is keyed by the lockfile's hash.
lock_hash=$(sha256sum "$root/package-lock.json" | cut -c1-16)
if [ ! -f "$root/node_modules/.idekort-$lock_hash" ]; then
  log "npm ci (lockfile $lock_hash)"
  (cd "$root" && npm ci --no-audit --no-fund --loglevel=error)
  touch "$root/node_modules/.idekort-$lock_hash"
else
  log "npm packages: up to date"
fi

log "ready"
