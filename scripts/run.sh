#!/usr/bin/env bash
# Runs idekort (README, quick start command 1): sets everything up, builds release builds, then
# starts the central server on http://127.0.0.1:8080 serving the web app, and the kiosk app in
# a window where a display exists. Ctrl-C stops both.
#   IDEKORT_PORT=8080        the server's port
#   IDEKORT_NO_KIOSK=1       do not start the native app even if a display exists
#   extra arguments go to the kiosk app (e.g. --kiosk for fullscreen, --lang en)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
export NODE_PATH=/usr/share/nodejs EMSDK_PYTHON=/usr/bin/python3

bash scripts/bootstrap.sh

# The server's data (its SQLite database) and its config live in var/ (ignored by git). The
# first run writes a config with a random deployment submission key for browsers; edit it to
# change any setting (idekort-server --help lists them). The web app is built with that key in
# its page, so browsers (online, or later after an offline start) can send their cards.
mkdir -p var
if [ ! -f var/idekort-server.conf ]; then
  printf '# idekort-server settings (name = value; see idekort-server --help)\nsubmission-key = %s\n' \
    "$(head -c 24 /dev/urandom | base64 | tr '+/' '-_')" > var/idekort-server.conf
fi
key=$(sed -n 's/^submission-key *= *//p' var/idekort-server.conf | head -n1)

cmake --preset native-release >/dev/null && cmake --build --preset native-release
cmake --preset web-release -DIDEKORT_WEB_SUBMISSION_KEY="$key" >/dev/null && cmake --build --preset web-release

port=${IDEKORT_PORT:-8080}
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM
build/native-release/bin/idekort-server --config var/idekort-server.conf --bind 127.0.0.1 --port "$port" \
  --web-root "$root/build/web-release/web" --data-dir "$root/var/idekort" &
pids+=($!)
echo "idekort-server: http://127.0.0.1:$port/ (logs above are JSON lines; data in var/idekort)"
echo "first administrator: build/native-release/bin/idekort-server create-admin --data-dir var/idekort --username NAME"

if [ -z "${IDEKORT_NO_KIOSK:-}" ] && { [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; }; then
  # The local kiosk sends its cards to this server with the deployment key (a real kiosk enrolls
  # instead, from its administrator screen: five taps top left, then the PIN).
  build/native-release/bin/idekort --server "http://127.0.0.1:$port" --submission-key "$key" "$@" &
  pids+=($!)
  echo "idekort kiosk app started on ${DISPLAY:-$WAYLAND_DISPLAY}"
else
  echo "no display (or IDEKORT_NO_KIOSK set): only the server and the web app run"
fi
# Stop when the server stops (the kiosk window closing leaves the server running).
wait "${pids[0]}"
