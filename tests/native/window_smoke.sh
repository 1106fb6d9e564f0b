#!/usr/bin/env bash
# Native window smoke test: the real idekort binary in a real X server (Xvfb, Mesa llvmpipe).
# It draws 20 frames, writes a screenshot of the back buffer and its widgets as JSON, and the
# checks below assert what a person would see: a window that is not blank, a blue button where
# the registry says "Ny idé" is, and text in the title area.
# Usage: window_smoke.sh <idekort binary> <output dir>
set -euo pipefail
app=$1; out=$2
mkdir -p "$out"
shot="$out/native-first-screen.png"; items="$out/native-first-screen.json"
rm -f "$shot" "$items"

rm -f "$out"/native-smoke.db*
xvfb-run -a -s "-screen 0 1280x800x24" "$app" --frames 20 --size 1280x800 --scale 1 --database "$out/native-smoke.db" \
  --screenshot "$shot" --items "$items" > "$out/native-smoke.log" 2>&1 \
  || { cat "$out/native-smoke.log"; echo "FAIL: idekort exited with an error"; exit 1; }

[ -s "$shot" ] || { echo "FAIL: no screenshot written"; exit 1; }
size=$(identify -format '%wx%h' "$shot")
[ "$size" = "1280x800" ] || { echo "FAIL: screenshot is $size, expected 1280x800"; exit 1; }

# Not blank: a flat image has a standard deviation of 0.
sd=$(convert "$shot" -colorspace Gray -format '%[fx:standard_deviation]' info:)
awk -v sd="$sd" 'BEGIN { exit !(sd > 0.05) }' || { echo "FAIL: screenshot looks blank (sd=$sd)"; exit 1; }

# The button: find its rect in the registry dump and check that its centre is the primary blue.
read -r bx by bw bh < <(python3 - "$items" <<'PY'
import json, sys
items = json.load(open(sys.argv[1]))
button = next(i for i in items if i["label"] == "Ny idé" and i["visible"])
print(int(button["x"]), int(button["y"]), int(button["width"]), int(button["height"]))
PY
)
# Sample a strip at the button's left edge area (inside, away from the label text).
crop="$((bw / 10))x$((bh / 3))+$((bx + 4))+$((by + bh / 3))"
mean=$(convert "$shot" -crop "$crop" +repage -format '%[fx:int(255*mean.r)],%[fx:int(255*mean.g)],%[fx:int(255*mean.b)]' info:)
IFS=, read -r r g b <<< "$mean"
[ "$b" -gt 100 ] && [ "$r" -lt 40 ] || { echo "FAIL: button area at $crop is rgb($mean), expected the primary blue"; exit 1; }

# The title: the strip above the first widget must contain dark text pixels.
title_min=$(convert "$shot" -crop 600x60+32+70 +repage -colorspace Gray -format '%[fx:minima]' info:)
awk -v m="$title_min" 'BEGIN { exit !(m < 0.3) }' || { echo "FAIL: no dark title text found (min=$title_min)"; exit 1; }

echo "ok: window $size, not blank (sd=$sd), button rgb($mean) at $crop, title text present"
