#!/usr/bin/env bash
# The kiosk fills its screen (issue 12, point 13): the real idekort with --kiosk (not --size) on
# an X server with no window manager, as a kiosk often runs (xinit straight into idekort), on a
# landscape 1920x1080 and a portrait 1080x1920 screen. What a person at the kiosk would see is
# checked on a picture of the whole X screen (not the app's own back buffer):
#   - the app's background reaches every corner (no black X root around a smaller window);
#   - the attract screen's button is drawn where the app laid it out (the UI is laid out for the
#     window the person sees, so nothing runs off its edge);
#   - the window's geometry is the screen's.
# Each wait has a deadline and waits for the state it needs, never a fixed time.
# Usage: kiosk_screen.sh <idekort binary> <output dir>
set -euo pipefail
app=$1; out=$2
mkdir -p "$out"

check_screen() {
  local geo=$1 sw=${1%x*} sh=${1#*x}
  local tag="native-kiosk-$geo" shot="$out/native-kiosk-$geo.png" items="$out/native-kiosk-$geo.json" log="$out/native-kiosk-$geo.log"
  local displayfile="$out/$tag.display" xvfb pid
  rm -f "$shot" "$items" "$displayfile"
  Xvfb -displayfd 3 -screen 0 "${geo}x24" -nolisten tcp -noreset 3>"$displayfile" >/dev/null 2>&1 &
  xvfb=$!
  trap 'kill "$xvfb" 2>/dev/null || true; [ -n "${pid:-}" ] && kill -9 "$pid" 2>/dev/null || true' EXIT
  for _ in $(seq 300); do [ -s "$displayfile" ] && break; sleep 0.1; done
  [ -s "$displayfile" ] || { echo "FAIL: Xvfb did not start within 30 s"; exit 1; }
  export DISPLAY=":$(cat "$displayfile")" SDL_VIDEODRIVER=x11
  local up=""
  for _ in $(seq 300); do xdpyinfo >/dev/null 2>&1 && { up=1; break; }; sleep 0.1; done
  [ -n "$up" ] || { echo "FAIL: Xvfb on $DISPLAY does not answer after 30 s"; exit 1; }

  "$app" --kiosk --scale 1 --database ":memory:" --items "$items" --print-timing > "$log" 2>&1 &
  pid=$!
  fail() { cat "$log"; echo "FAIL ($geo): $*"; exit 1; }
  for _ in $(seq 600); do grep -q first_frame "$log" && break; kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  grep -q first_frame "$log" || fail "no first frame within 60 s"
  local wid; wid=$(xdotool search --name '^idekort$' | head -n1)
  [ -n "$wid" ] || fail "no idekort window"

  # Wait until every corner of the X screen shows the app's light background (the X root is
  # black), or fail on the deadline with the last picture kept.
  local corners="" ok=""
  for _ in $(seq 150); do
    import -window root "$shot" 2>/dev/null || true
    corners=$(convert "$shot" \
      \( +clone -crop 16x16+2+2 +repage \) \( -clone 0 -crop 16x16+$((sw - 18))+2 +repage \) \
      \( -clone 0 -crop 16x16+2+$((sh - 18)) +repage \) \( -clone 0 -crop 16x16+$((sw - 18))+$((sh - 18)) +repage \) \
      -delete 0 -colorspace Gray -format '%[fx:mean] ' info: 2>/dev/null || true)
    if [ -n "$corners" ] && awk -v c="$corners" 'BEGIN { n = split(c, v, " "); if (n != 4) exit 1; for (i = 1; i <= n; i++) if (v[i] < 0.9) exit 1 }'; then ok=1; break; fi
    sleep 0.2
  done
  local geometry; geometry=$(xdotool getwindowgeometry "$wid" | tr '\n' ' ')
  [ -n "$ok" ] || fail "the screen's corners are not the app's background (grey means: $corners); window: $geometry; picture: $shot"

  kill -TERM "$pid"; wait "$pid" || fail "idekort did not exit cleanly on SIGTERM"
  pid=""
  # The attract screen's button: where the app says it is, the picture of the screen shows it
  # (its pixels differ from the background), and it lies inside the screen.
  read -r bx by bw bh < <(python3 - "$items" <<'PY'
import json, sys
b = next(i for i in json.load(open(sys.argv[1])) if i["label"] == "Tryk her for at begynde" and i["visible"])
print(int(b["x"]), int(b["y"]), int(b["width"]), int(b["height"]))
PY
)
  [ $((bx + bw)) -le "$sw" ] && [ $((by + bh)) -le "$sh" ] || fail "the button at ${bw}x${bh}+$bx+$by runs off the ${geo} screen"
  local sd; sd=$(convert "$shot" -crop "${bw}x${bh}+$bx+$by" +repage -colorspace Gray -format '%[fx:standard_deviation]' info:)
  awk -v sd="$sd" 'BEGIN { exit !(sd > 0.05) }' || fail "nothing is drawn where the app put its button (${bw}x${bh}+$bx+$by, sd=$sd)"
  case "$geometry" in *"Position: 0,0"*"Geometry: $geo"*) ;; *) fail "the window is not the screen: $geometry" ;; esac
  echo "ok ($geo): corners $corners; button ${bw}x${bh}+$bx+$by drawn (sd=$sd); window $geometry"
  kill "$xvfb" 2>/dev/null || true
  trap - EXIT
}

check_screen 1920x1080
check_screen 1080x1920
