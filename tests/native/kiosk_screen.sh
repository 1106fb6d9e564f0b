#!/usr/bin/env bash
# The kiosk fills its screen (issue 12, point 13): the real idekort with --kiosk (not --size) on
# an X server with no window manager, as a kiosk often runs (xinit straight into idekort), on a
# landscape 1920x1080 and a portrait 1080x1920 screen, and on a screen that turns from landscape
# to portrait while the kiosk runs (xrandr on Xvfb's RANDR output, as a rotated or replaced
# monitor does). What a person at the kiosk would see is checked on a picture of the whole X
# screen (not the app's own back buffer):
#   - the app's background reaches every corner (no black X root around a smaller window);
#   - the attract screen's button is drawn where the app laid it out (the UI is laid out for the
#     window the person sees, so nothing runs off its edge);
#   - the window's geometry is the screen's.
# Each wait has a deadline and waits for the state it needs, never a fixed time.
# Usage: kiosk_screen.sh <idekort binary> <output dir>
set -euo pipefail
app=$1; out=$2
mkdir -p "$out"
xvfb=""; pid=""
trap 'kill "$xvfb" 2>/dev/null || true; [ -n "${pid:-}" ] && kill -9 "$pid" 2>/dev/null || true' EXIT

# An X server of `geo` (the largest screen it will have), answering on $DISPLAY.
start_x() {
  local geo=$1 displayfile="$out/native-kiosk-$2.display"
  rm -f "$displayfile"
  Xvfb -displayfd 3 -screen 0 "${geo}x24" -nolisten tcp -noreset 3>"$displayfile" >/dev/null 2>&1 &
  xvfb=$!
  for _ in $(seq 300); do [ -s "$displayfile" ] && break; sleep 0.1; done
  [ -s "$displayfile" ] || { echo "FAIL: Xvfb did not start within 30 s"; exit 1; }
  export DISPLAY=":$(cat "$displayfile")" SDL_VIDEODRIVER=x11
  local up=""
  for _ in $(seq 300); do xdpyinfo >/dev/null 2>&1 && { up=1; break; }; sleep 0.1; done
  [ -n "$up" ] || { echo "FAIL: Xvfb on $DISPLAY does not answer after 30 s"; exit 1; }
}

# The kiosk on $DISPLAY, drawn at least once; its window id in $wid. Arguments after the tag
# go to the app (--large-text).
start_kiosk() {
  tag=$1; shift; items="$out/native-kiosk-$tag.json"; log="$out/native-kiosk-$tag.log"
  rm -f "$items"
  "$app" --kiosk --scale 1 --database ":memory:" --items "$items" --print-timing "$@" > "$log" 2>&1 &
  pid=$!
  for _ in $(seq 600); do grep -q first_frame "$log" && break; kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  grep -q first_frame "$log" || fail "no first frame within 60 s"
  wid=$(xdotool search --name '^idekort$' | head -n1)
  [ -n "$wid" ] || fail "no idekort window"
}

fail() { [ -n "${log:-}" ] && cat "$log"; echo "FAIL (${tag:-}): $*"; exit 1; }

# Waits until every corner of the X screen (`geo`) shows the app's light background (the X root
# is black) and the window is the screen, or fails on the deadline with the last picture kept.
wait_fills() {
  local geo=$1 sw=${1%x*} sh=${1#*x}
  shot="$out/native-kiosk-$2.png"
  corners=""; geometry=""   # also reported by stop_and_check_button
  local ok="" until=$((SECONDS + 60))
  while [ "$SECONDS" -lt "$until" ]; do
    import -window root "$shot" 2>/dev/null || true
    corners=$(convert "$shot" \
      \( +clone -crop 16x16+2+2 +repage \) \( -clone 0 -crop 16x16+$((sw - 18))+2 +repage \) \
      \( -clone 0 -crop 16x16+2+$((sh - 18)) +repage \) \( -clone 0 -crop 16x16+$((sw - 18))+$((sh - 18)) +repage \) \
      -delete 0 -colorspace Gray -format '%[fx:mean] ' info: 2>/dev/null || true)
    geometry=$(xdotool getwindowgeometry "$wid" | tr '\n' ' ')
    if [ -n "$corners" ] && awk -v c="$corners" 'BEGIN { n = split(c, v, " "); if (n != 4) exit 1; for (i = 1; i <= n; i++) if (v[i] < 0.9) exit 1 }'; then
      case "$geometry" in *"Position: 0,0"*"Geometry: $geo"*) ok=1; break ;; esac
    fi
    sleep 0.2
  done
  [ -n "$ok" ] || fail "after 60 s the ${geo} screen is not the app's: corners (grey means: $corners); window: $geometry; picture: $shot"
}

# Stops the kiosk (it must exit cleanly) and checks that the attract screen's button, where the
# app says it is, lies inside the screen `geo` and is drawn on the picture of the screen.
stop_and_check_button() {
  local geo=$1 sw=${1%x*} sh=${1#*x}
  kill -TERM "$pid"; wait "$pid" || fail "idekort did not exit cleanly on SIGTERM"
  pid=""
  read -r bx by bw bh < <(python3 - "$items" <<'PY'
import json, sys
b = next(i for i in json.load(open(sys.argv[1])) if i["label"] == "Tryk her for at begynde" and i["visible"])
print(int(b["x"]), int(b["y"]), int(b["width"]), int(b["height"]))
PY
)
  [ $((bx + bw)) -le "$sw" ] && [ $((by + bh)) -le "$sh" ] || fail "the button at ${bw}x${bh}+$bx+$by runs off the ${geo} screen"
  local sd; sd=$(convert "$shot" -crop "${bw}x${bh}+$bx+$by" +repage -colorspace Gray -format '%[fx:standard_deviation]' info:)
  awk -v sd="$sd" 'BEGIN { exit !(sd > 0.05) }' || fail "nothing is drawn where the app put its button (${bw}x${bh}+$bx+$by, sd=$sd)"
  echo "ok ($tag): corners $corners; button ${bw}x${bh}+$bx+$by drawn (sd=$sd); window $geometry"
}

stop_x() { kill "$xvfb" 2>/dev/null || true; wait "$xvfb" 2>/dev/null || true; xvfb=""; }

# `check_screen GEO [TAG ARGS...]`: the kiosk started with ARGS on a GEO screen.
check_screen() {
  local geo=$1 tag=${2:-$1}
  start_x "$geo" "$tag"
  start_kiosk "$tag" "${@:3}"
  wait_fills "$geo" "$tag"
  stop_and_check_button "$geo"
  stop_x
}

# Xvfb's one RANDR output ("screen") takes any mode up to the size it started with: the modes of
# a landscape and a portrait monitor, and `xrandr --fb` for the screen around them.
set_screen() {
  local geo=$1 w=${1%x*} h=${1#*x}
  xrandr --newmode "kiosk$geo" 0 "$w" "$w" "$w" "$w" "$h" "$h" "$h" "$h" 2>/dev/null || true
  xrandr --addmode screen "kiosk$geo" 2>/dev/null || true
  xrandr --output screen --mode "kiosk$geo" --fb "$geo" || fail "xrandr could not set the screen to $geo"
}

check_display_change() {
  command -v xrandr >/dev/null || { echo "FAIL: xrandr is missing (x11-xserver-utils; scripts/bootstrap.sh installs it)"; exit 1; }
  start_x 1920x1920 changing
  set_screen 1920x1080
  start_kiosk changing
  wait_fills 1920x1080 changing-1920x1080
  # The monitor is turned to portrait while the kiosk runs.
  set_screen 1080x1920
  wait_fills 1080x1920 changing-1080x1920
  stop_and_check_button 1080x1920
  stop_x
}

check_screen 1920x1080
check_screen 1080x1920
# Large text (issue 17, point 4): the whole UI 1.4 times larger still fits either screen.
check_screen 1920x1080 1920x1080-large --large-text
check_screen 1080x1920 1080x1920-large --large-text
check_display_change
