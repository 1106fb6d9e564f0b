#!/usr/bin/env bash
# The workshop's wall on a projector (issue 16, point 2): the real idekort-wall on a 1920x1080 X
# screen against the real idekort-server, with a room's work seeded through the public API
# (scripts/seed_workshop.py: 60 cards in 6 clusters for two themes, a dot vote). What the room sees is checked
# on a picture of the X screen (wall-1920x1080.png in the output folder, to be looked at):
#   - the QR code decodes (zbarimg, Debian's zbar-tools) to the workshop's join link;
#   - every one of the 60 cards and the 6 clusters is on screen, none cut off (the wall's
#     widget list at exit), the ranking is shown, and the facilitator's tools (voting, a new
#     cluster) are in view without scrolling.
# Each wait has a deadline and waits for the state it needs, never a fixed time.
# Usage: wall_screen.sh <idekort-wall> <idekort-server> <output dir>
set -euo pipefail
wall=$1; server=$2; out=$3
mkdir -p "$out"
here=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d /tmp/idekort-wall-screen.XXXXXX)
shot="$out/wall-1920x1080.png"; items="$out/wall-1920x1080.json"; log="$work/wall.log"
xvfb=""; srv=""; pid=""
cleanup() {
  [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null || true
  [ -n "$srv" ] && kill "$srv" 2>/dev/null || true
  [ -n "$xvfb" ] && kill "$xvfb" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() { [ -f "$log" ] && tail -20 "$log"; echo "FAIL: $*"; exit 1; }

# The server on a free port, with a facilitator.
mkdir -p "$work/web" && echo '<!doctype html><title>idekort</title>' > "$work/web/index.html"
printf 'a password long enough\n' | "$server" create-admin --data-dir "$work/data" --username anne --role facilitator >/dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$server" --data-dir "$work/data" --web-root "$work/web" --port "$port" --submission-key wall-screen-key-0001 > "$work/server.log" 2>&1 &
srv=$!
url="http://127.0.0.1:$port"
for _ in $(seq 300); do curl -fs "$url/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
curl -fs "$url/healthz" >/dev/null || { cat "$work/server.log"; fail "the server did not answer within 30 s"; }
token=$(curl -fs -XPOST "$url/api/v1/admin/login" -H 'Content-Type: application/json' \
          -d '{"username":"anne","password":"a password long enough"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
code=$(python3 "$here/scripts/seed_workshop.py" --server "$url" --token "$token" --clusters 6 --cards 60 --votes \
         --themes climate,digital_smart_city | tail -n1)
[ ${#code} = 8 ] || fail "the seeding gave no workshop code: $code"
link="$url/workshop/?workshop=$code"

# A 1920x1080 X screen with no window manager, as a projector's PC often runs.
Xvfb -displayfd 3 -screen 0 1920x1080x24 -nolisten tcp -noreset 3>"$work/display" >/dev/null 2>&1 &
xvfb=$!
for _ in $(seq 300); do [ -s "$work/display" ] && break; sleep 0.1; done
[ -s "$work/display" ] || fail "Xvfb did not start within 30 s"
export DISPLAY=":$(cat "$work/display")" SDL_VIDEODRIVER=x11
for _ in $(seq 300); do xdpyinfo >/dev/null 2>&1 && break; sleep 0.1; done

IDEKORT_WALL_SESSION="$token" "$wall" --server "$url" --workshop "$code" --kiosk --scale 1 --database ":memory:" \
  --items "$items" > "$log" 2>&1 &
pid=$!
# Until the QR code on the screen reads as the join link: the wall then shows the workshop.
decoded=""
for _ in $(seq 300); do
  kill -0 "$pid" 2>/dev/null || fail "idekort-wall ended early"
  import -window root "$shot" 2>/dev/null || true
  decoded=$(zbarimg --quiet --raw "$shot" 2>/dev/null || true)
  [ "$decoded" = "$link" ] && break
  sleep 0.2
done
[ "$decoded" = "$link" ] || fail "the QR code on the wall reads '$decoded', not the join link $link (picture: $shot)"
kill -TERM "$pid"; wait "$pid" || fail "idekort-wall did not exit cleanly on SIGTERM"
pid=""
python3 - "$items" <<'PY' || fail "the wall's widgets (see $items)"
import json, sys
items = [i for i in json.load(open(sys.argv[1])) if i["visible"]]
labels = [i["label"] for i in items]
cards = [l for l in labels if l.rsplit(" ", 1)[-1].isdigit() and not l[0].isdigit()]
clusters = ["Cykler", "Busser og tog", "Grønne byrum", "Deling", "Sikre skoleveje", "Parkering"]
missing = [c for c in clusters if c not in labels]
assert not missing, f"clusters not on screen: {missing}"
assert len(set(cards)) == 60, f"{len(set(cards))} of 60 cards on screen"
for i in items:   # nothing cut off at the screen's edges
    assert i["x"] >= 0 and i["y"] >= 0 and i["x"] + i["width"] <= 1920.5 and i["y"] + i["height"] <= 1080.5, f"off screen: {i}"
assert any(l.startswith("1. ") for l in labels), "no ranking on the wall"
# The facilitator's tools are on screen too, not scrolled away below the ranking.
assert labels.count("Tema: Klima") == 3 and labels.count("Tema: Digitalisering & Smart City") == 3, "each cluster's theme under its name"
for tool in ["Stop afstemning", "Navn på ny klynge", "Ny klynge"]:
    assert tool in labels, f"'{tool}' is not on screen"
    t = next(i for i in items if i["label"] == tool)
    assert t["y"] + t["height"] <= 1080 - 8, f"'{tool}' is cut off at the bottom: {t}"
print(f"wall: 60 cards in 6 clusters on screen, QR decoded")
PY
echo "PASS: $shot"
