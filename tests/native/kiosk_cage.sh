#!/usr/bin/env bash
# The kiosk under cage (issue 12, point 13), the Wayland kiosk compositor deploy/ runs it in: the
# real idekort with --kiosk (not --size) in cage on wlroots' headless backend, whose one output is
# 1280x720, in landscape and turned to portrait (cage -r: 720x1280). The picture is the app's
# own screenshot path (--screenshot: the back buffer of its last frame), so it shows what the
# compositor was given:
#   - it is the output's size (the window is the whole output, in both orientations);
#   - the app's background reaches every corner;
#   - the attract screen's button lies inside the output and is drawn where the app put it.
# cage refuses to run as root (it could not drop root), so as root it runs as nobody; Xwayland
# must be installed (Debian's cage starts it). Each wait has a deadline.
# Usage: kiosk_cage.sh <idekort binary> <output dir>
set -euo pipefail
app=$1; out=$2
mkdir -p "$out"
command -v cage >/dev/null || { echo "FAIL: cage is missing (Debian package cage; scripts/bootstrap.sh installs it)"; exit 1; }
work=$(mktemp -d /tmp/idekort-cage-XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -m 700 "$work/run"
as_user=()
if [ "$(id -u)" = 0 ]; then
  chown -R nobody:nogroup "$work"
  as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
fi

check_output() {
  local tag=$1 geo=$2 sw=${2%x*} sh=${2#*x}; shift 2
  local shot="$work/$tag.png" items="$work/$tag.json" log="$out/native-kiosk-$tag.log"
  # 30 frames, then the app exits and cage with it; 120 s is the deadline for all of it.
  "${as_user[@]}" env HOME="$work" XDG_RUNTIME_DIR="$work/run" WLR_BACKENDS=headless WLR_LIBINPUT_NO_DEVICES=1 \
    WLR_RENDERER=pixman SDL_VIDEODRIVER=wayland \
    timeout 120 cage "$@" -- "$app" --kiosk --scale 1 --database ":memory:" --frames 30 --screenshot "$shot" --items "$items" \
    > "$log" 2>&1 || { cat "$log"; echo "FAIL ($tag): cage or idekort did not end cleanly"; exit 1; }
  fail() { cat "$log"; echo "FAIL ($tag): $*"; exit 1; }
  [ -s "$shot" ] || fail "no screenshot"
  cp "$shot" "$out/native-kiosk-$tag.png"
  local size; size=$(identify -format '%wx%h' "$shot")
  [ "$size" = "$geo" ] || fail "the app drew ${size}, the output is ${geo}"
  local corners; corners=$(convert "$shot" \
    \( +clone -crop 16x16+2+2 +repage \) \( -clone 0 -crop 16x16+$((sw - 18))+2 +repage \) \
    \( -clone 0 -crop 16x16+2+$((sh - 18)) +repage \) \( -clone 0 -crop 16x16+$((sw - 18))+$((sh - 18)) +repage \) \
    -delete 0 -colorspace Gray -format '%[fx:mean] ' info:)
  awk -v c="$corners" 'BEGIN { n = split(c, v, " "); if (n != 4) exit 1; for (i = 1; i <= n; i++) if (v[i] < 0.9) exit 1 }' ||
    fail "the corners are not the app's background (grey means: $corners)"
  read -r bx by bw bh < <(python3 - "$items" <<'PY'
import json, sys
b = next(i for i in json.load(open(sys.argv[1])) if i["label"] == "Tryk her for at begynde" and i["visible"])
print(int(b["x"]), int(b["y"]), int(b["width"]), int(b["height"]))
PY
)
  [ $((bx + bw)) -le "$sw" ] && [ $((by + bh)) -le "$sh" ] || fail "the button at ${bw}x${bh}+$bx+$by runs off the ${geo} output"
  local sd; sd=$(convert "$shot" -crop "${bw}x${bh}+$bx+$by" +repage -colorspace Gray -format '%[fx:standard_deviation]' info:)
  awk -v sd="$sd" 'BEGIN { exit !(sd > 0.05) }' || fail "nothing is drawn where the app put its button (${bw}x${bh}+$bx+$by, sd=$sd)"
  echo "ok ($tag): ${size}, corners $corners; button ${bw}x${bh}+$bx+$by drawn (sd=$sd)"
}

check_output cage-1280x720 1280x720
check_output cage-720x1280 720x1280 -r
