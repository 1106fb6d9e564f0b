#!/usr/bin/env bash
# Native interaction test: the real idekort in its normal, event-driven mode under Xvfb, driven
# by real X input (xdotool), as a kiosk user: tap the attract screen, choose a theme and "Next", tap
# the challenge field, type on the physical keyboard and press "æ" on the on-screen keyboard,
# type a long idea on (a picture of the field in edit, its words wrapped, is saved as
# native-wrap-editing.png for a person to look at, docs/SCREENSHOTS.md), then SIGTERM. Asserts
# what a kiosk user and its administrator would notice:
#   - the text is in the card (state written at exit) and autosaved in the kiosk's store;
#   - it draws only around input: a 60 fps loop would draw 60 frames a second (and thousands
#     under Xvfb, which has no vsync), also in the 3 s the test stays still at the end; the
#     event-driven loop draws about 3 per input event, so the total stays far below 250 plus
#     10 for each letter of the long idea;
#   - SIGTERM ends it cleanly with exit code 0.
# Each input is given only once the app shows what it needs (the screen, the text in the store),
# each wait with a deadline: on a busy machine the app may take longer, never a fixed time.
# Usage: window_interaction.sh <idekort binary> <output dir>
set -euo pipefail
app=$1; out=$2
mkdir -p "$out"
state="$out/native-interaction-state.json"; items="$out/native-interaction-items.json"
rm -f "$state" "$items"

# Xvfb picks a free display number itself and writes it to fd 3. -noreset: without it the server
# resets each time its last client leaves (the --preview probes below), and a client connecting
# during the reset is refused ("SDL_Init: x11 not available", seen once under load).
displayfile="$out/native-interaction.display"; rm -f "$displayfile"
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp -noreset 3>"$displayfile" >/dev/null 2>&1 &
xvfb=$!
cleanup() { kill "$xvfb" 2>/dev/null || true; [ -n "${pid:-}" ] && kill -9 "$pid" 2>/dev/null || true; }
trap cleanup EXIT
# A first Xvfb start on a fresh machine compiles its keymap and can take seconds.
for _ in $(seq 300); do [ -s "$displayfile" ] && break; sleep 0.1; done
[ -s "$displayfile" ] || { echo "FAIL: Xvfb did not start within 30 s"; exit 1; }
export DISPLAY=":$(cat "$displayfile")" SDL_VIDEODRIVER=x11
up=""
for _ in $(seq 300); do xdpyinfo >/dev/null 2>&1 && { up=1; break; }; sleep 0.1; done
[ -n "$up" ] || { echo "FAIL: Xvfb on $DISPLAY does not answer after 30 s"; exit 1; }

# Widget rects come from the app's registry; the layout is fixed for each screen at this size
# and scale, so --preview runs of the same screens give them, and a picture of each screen,
# before the app under test starts (so nothing else opens a window while it runs).
probe() {
  "$app" --kiosk --scale 1 --frames 5 --database ":memory:" --preview "$1" --items "$out/native-interaction-$1.json" \
    --screenshot "$out/native-interaction-$1.png" >/dev/null 2>&1 || { echo "FAIL: the --preview $1 run failed"; exit 1; }
}
for screen in attract theme challenge keyboard; do probe "$screen"; done
centre() { python3 -c "import json,sys; i=next(i for i in json.load(open(sys.argv[1])) if i['label']==sys.argv[2] and i['visible']); print(int(i['x']+i['width']/2), int(i['y']+i['height']/2))" "$out/native-interaction-$1.json" "$2"; }
read -r sx sy < <(centre attract "Tryk her for at begynde")
read -r tx ty < <(centre theme "Integration")
read -r nx ny < <(centre theme "Næste ›")
read -r fx fy < <(centre challenge "Hvilken udfordring løser idéen?")
read -r kx ky < <(centre keyboard "æ")

# --kiosk: fullscreen, and the app takes keyboard focus itself (there is no window manager).
rm -f "$out"/native-interaction.db*
"$app" --kiosk --scale 1 --database "$out/native-interaction.db" --state "$state" --items "$items" > "$out/native-interaction.log" 2>&1 &
pid=$!
wid=""
for _ in $(seq 300); do
  wid=$(xdotool search --name '^idekort$' 2>/dev/null | head -n1 || true); [ -n "$wid" ] && break
  kill -0 "$pid" 2>/dev/null || break   # the app exited: no point waiting
  sleep 0.1
done
[ -n "$wid" ] || { cat "$out/native-interaction.log"; kill -0 "$pid" 2>/dev/null && echo "(the app is still running)"; import -window root "$out/native-interaction-nowindow.png" 2>/dev/null; echo "FAIL: no idekort window appeared within 30 s"; exit 1; }

fail() { cat "$out/native-interaction.log"; import -window root "$out/native-interaction-failed.png" 2>/dev/null || true; echo "FAIL: $*"; exit 1; }

# Which screen the window shows: a picture of the window is compared with the --preview pictures
# (RMSE). The previews hold the example card, so for a screen the nearest of the three is taken,
# and it must be near; the on-screen keyboard is compared where it is drawn (the keys' rows), the
# same on every screen. Sets `seen` (the nearest screen, "none" when none is near), `keyboard`
# (the RMSE of the keyboard's rows) and `distances`.
live="$out/native-interaction-live.png"
full_screens="attract theme challenge"
for screen in $full_screens; do convert "$out/native-interaction-$screen.png" -resize 320x200! "$out/native-interaction-$screen-small.png"; done
keys=$(python3 -c "import json,sys
items = [i for i in json.load(open(sys.argv[1])) if i['visible']]
top = next(i for i in items if i['label'] == 'q')['y']
rows = [i for i in items if i['y'] >= top - 1]
x0, y0 = min(i['x'] for i in rows), min(i['y'] for i in rows)
x1, y1 = max(i['x'] + i['width'] for i in rows), max(i['y'] + i['height'] for i in rows)
print(f'{int(x1 - x0)}x{int(y1 - y0)}+{int(x0)}+{int(y0)}')" "$out/native-interaction-keyboard.json")
convert "$out/native-interaction-keyboard.png" -crop "$keys" +repage "$out/native-interaction-keys.png"
rmse() { (compare -metric RMSE "$1" "$2" null: 2>&1 || true) | sed -n 's/.*(\(.*\)).*/\1/p'; } # compare exits 1 when they differ at all
less_than() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a != "" && a < b) }'; }
which_screen() {
  seen="none"; keyboard=1; distances=""
  import -window "$wid" "$live" 2>/dev/null || { distances="(no picture of the window)"; return 0; }
  convert "$live" -resize 320x200! "$live.small.png"
  convert "$live" -crop "$keys" +repage "$live.keys.png"
  local best=1 d
  for screen in $full_screens; do
    d=$(rmse "$live.small.png" "$out/native-interaction-$screen-small.png")
    distances="$distances $screen=$d"
    if less_than "$d" "$best"; then best=$d; seen=$screen; fi
  done
  less_than "$best" 0.12 || seen="none"
  keyboard=$(rmse "$live.keys.png" "$out/native-interaction-keys.png")
  distances="$distances keyboard=$keyboard"
}
# Waits (at most 30 s) until the window shows screen $1, or with "keyboard" the on-screen keyboard.
wait_for_screen() {
  local deadline=$((SECONDS + 30))
  while :; do
    kill -0 "$pid" 2>/dev/null || fail "the app exited while the test waited for the $1 screen"
    which_screen
    if [ "$1" = keyboard ]; then less_than "$keyboard" 0.05 && return 0
    elif [ "$seen" = "$1" ]; then return 0; fi
    [ "$SECONDS" -lt "$deadline" ] || fail "expected the $1 screen within 30 s; last seen: $seen (RMSE:$distances)"
    sleep 0.2
  done
}
# The challenge text the kiosk's store holds for its draft ("" when there is none yet).
stored_challenge() {
  python3 - "$out/native-interaction.db" <<'PY'
import json, sqlite3, sys
try:
    db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True, timeout=1)
    rows = [json.loads(r[0]).get("challenge", "") for r in db.execute("select card_json from drafts")]
except sqlite3.Error:
    rows = []   # not created yet, or busy: read again
print(json.dumps(rows))
PY
}
# Waits (at most 30 s) until the store holds a draft whose challenge is exactly $1.
wait_for_stored() {
  local deadline=$((SECONDS + 30)) want last
  want=$(python3 -c 'import json,sys; print(json.dumps([sys.argv[1]]))' "$1")
  while :; do
    last=$(stored_challenge)
    [ "$last" = "$want" ] && return 0
    kill -0 "$pid" 2>/dev/null || fail "the app exited while the test waited for the store to hold \"$1\""
    [ "$SECONDS" -lt "$deadline" ] || fail "expected the store to hold the challenge \"$1\" within 30 s; last seen: $last"
    sleep 0.2
  done
}

wait_for_screen attract
eval "$(xdotool getwindowgeometry --shell "$wid")"   # X, Y of the window on the screen
xdotool mousemove $((X + sx)) $((Y + sy)) click 1
wait_for_screen theme
xdotool mousemove $((X + tx)) $((Y + ty)) click 1   # the theme is the person's choice: nothing is preselected
xdotool mousemove $((X + nx)) $((Y + ny)) click 1
wait_for_screen challenge
xdotool mousemove $((X + fx)) $((Y + fy)) click 1
wait_for_screen keyboard   # the field is in edit: the on-screen keyboard is up
xdotool type --delay 60 "Hej kiosk "
wait_for_stored "Hej kiosk "
xdotool mousemove $((X + kx)) $((Y + ky)) click 1
wait_for_stored "Hej kiosk æ"
import -window root "$out/native-interaction-typed.png" 2>/dev/null || true
# A long idea, still in edit: the words wrap inside the field (issue 12, point 5).
long=" og en overdaekket cykelparkering ved hovedindgangen, saa flere kolleger cykler til arbejde hele aaret"
xdotool type --delay 30 "$long"
wait_for_stored "Hej kiosk æ$long"
import -window "$wid" "$out/native-wrap-editing.png" 2>/dev/null || fail "no picture of the window in edit"
# Then stay still for 3 s: an event-driven app draws nothing more. (The frame count at exit is
# checked below; the 3 s are the stretch a polling loop would fill with frames.)
sleep 3
kill -TERM "$pid"
set +e; wait "$pid"; rc=$?; set -e
pid=""
[ "$rc" = 0 ] || { cat "$out/native-interaction.log"; echo "FAIL: exit code $rc after SIGTERM, expected 0"; exit 1; }
[ -s "$state" ] || { echo "FAIL: no state written at exit"; exit 1; }

python3 - "$state" "$long" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
assert s["screen"] == "wizard" and s["step"] == "challenge", f"expected the challenge step, state: {s}"
assert s["card"]["challenge"] == "Hej kiosk æ" + sys.argv[2], f"expected the typed text plus the on-screen æ, state: {s['card']}"
# Each typed letter of the long idea brings its key's events (and their frames); a polling loop
# would still draw thousands more.
budget = 250 + 10 * len(sys.argv[2])
assert s["frames"] < budget, f"{s['frames']} frames in all (at most {budget} expected): the loop is not event-driven"
assert s["store"]["durable"] and s["store"]["opened"], f"the kiosk's store did not open: {s['store']}"
print(f"ok: typed {s['card']['challenge']!r}, {s['frames']} frames drawn in total")
PY
# The text is in the kiosk's store, once, after the app has shut down.
count=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(\"select count(*) from drafts where card_json like '%Hej kiosk æ%'\").fetchone()[0])" "$out/native-interaction.db")
[ "$count" = 1 ] || { echo "FAIL: the typed text is not in the store (count=$count)"; exit 1; }
echo "ok: the text is saved in the kiosk's store"
