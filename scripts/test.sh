#!/usr/bin/env bash
# Runs every test of idekort from nothing (README, quick start command 2; .ci/run calls it):
#   1. bootstrap (packages, Debian sources, npm) - fast when already done
#   2. native-debug: build, then ctest (doctest suites, headless UI, seam check, Xvfb window)
#   3. web-release: build, then ctest (the same pure-logic suites compiled to wasm, under node)
#   4. kiosk-arm64: configure only (the cross toolchain file works)
#   5. fuzz: the card JSON reader and the server's request path under libFuzzer, each for a
#      fixed time (IDEKORT_FUZZ_SECONDS, 30; IDEKORT_API_FUZZ_SECONDS, 20)
#   6. browser tests: the web build served by idekort-server, in Debian's Chromium
# Any failure stops the run with a non-zero exit.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
export NODE_PATH=/usr/share/nodejs EMSDK_PYTHON=/usr/bin/python3
step() { printf '\n==== %s\n' "$*"; }
started=$(date +%s)

step "bootstrap"
bash scripts/bootstrap.sh

step "native-debug: build and test"
cmake --preset native-debug >/dev/null
cmake --build --preset native-debug
ctest --preset native-debug

step "web-release: build and test under node"
cmake --preset web-release >/dev/null
cmake --build --preset web-release
ctest --preset web-release

step "kiosk-arm64: configure only"
if command -v aarch64-linux-gnu-g++ >/dev/null; then
  rm -rf build/kiosk-arm64   # from scratch: a cached configure could hide a missing arm64 dependency
  cmake --preset kiosk-arm64 >build/kiosk-arm64-configure.log 2>&1 \
    || { cat build/kiosk-arm64-configure.log; echo "kiosk-arm64 configure failed"; exit 1; }
  echo "kiosk-arm64 configured (build/kiosk-arm64)"
else
  echo "aarch64-linux-gnu-g++ missing: run scripts/bootstrap.sh" >&2; exit 1
fi

step "fuzz: the card JSON reader (${IDEKORT_FUZZ_SECONDS:-30} s) and the server's request path (${IDEKORT_API_FUZZ_SECONDS:-20} s), clang, ASan + UBSan"
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz --target card_json_fuzzer api_request_fuzzer
mkdir -p build/fuzz/artifacts
# One fuzzer for a fixed time with a fixed seed (CI stays repeatable; longer runs by hand
# explore further, docs/TESTING.md): fuzz NAME SECONDS MAX_LEN SEED_CORPUS
fuzz() {
  mkdir -p "build/fuzz/corpus-$1"
  "build/fuzz/tests/fuzz/$1" -seed=1 -max_total_time="$2" -max_len="$3" -print_final_stats=1 \
    -artifact_prefix="build/fuzz/artifacts/$1-" "build/fuzz/corpus-$1" "$4" 2>&1 \
    | grep -E '^(stat::(number_of_executed_units|new_units_added)|Done|==|SUMMARY)' || true
}
fuzz card_json_fuzzer "${IDEKORT_FUZZ_SECONDS:-30}" 4096 tests/fuzz/corpus
fuzz api_request_fuzzer "${IDEKORT_API_FUZZ_SECONDS:-20}" 8192 tests/fuzz/requests
if ls build/fuzz/artifacts/*crash-* >/dev/null 2>&1; then echo "a fuzzer found a crash: build/fuzz/artifacts/" >&2; exit 1; fi

step "browser tests (Chromium via playwright-core)"
IDEKORT_SERVER_BIN="$root/build/native-debug/bin/idekort-server" \
IDEKORT_WEB_DIR="$root/build/web-release/web" \
IDEKORT_TEST_OUTPUT="$root/build/test-output" \
  node --test --test-reporter=spec tests/web/

step "all tests passed in $(( $(date +%s) - started )) s; screenshots in build/test-output/"
