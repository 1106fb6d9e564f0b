#!/usr/bin/env bash
# Screenshots of every screen of the capture UI from the real native app under Xvfb, landscape
# 1920x1080 and portrait 1080x1920 (issue 4), each opened with --preview and the example card
# (assets/samples/example-card.json). Each must be the right size and not blank; a person looks
# at them (docs/SCREENSHOTS.md says how). Screens that only a kiosk shows run with --kiosk.
# Usage: wizard_screenshots.sh <idekort binary> <output dir>
set -euo pipefail
app=$1; out=$2/screens
mkdir -p "$out"
screens="start attract theme challenge idea gain involved first_test about_you review thanks keyboard still_there"
failed=0
for size in 1920x1080 1080x1920; do
  displayfile="$out/display-$size"; rm -f "$displayfile"
  Xvfb -displayfd 3 -screen 0 "${size}x24" -nolisten tcp 3>"$displayfile" >/dev/null 2>&1 &
  xvfb=$!
  trap 'kill $xvfb 2>/dev/null || true' EXIT
  for _ in $(seq 300); do [ -s "$displayfile" ] && break; sleep 0.1; done
  [ -s "$displayfile" ] || { echo "FAIL: Xvfb ($size) did not start within 30 s"; exit 1; }
  export DISPLAY=":$(cat "$displayfile")"
  for screen in $screens; do
    shot="$out/$screen-$size.png"
    kiosk=""
    case $screen in attract|keyboard|still_there) kiosk="--kiosk" ;; esac
    rm -f "$shot"
    "$app" $kiosk --preview "$screen" --size "$size" --scale 1 --frames 12 --database ":memory:" --screenshot "$shot" \
      > "$out/$screen-$size.log" 2>&1 || { cat "$out/$screen-$size.log"; echo "FAIL: $screen at $size: the app failed"; failed=1; continue; }
    got=$(identify -format '%wx%h' "$shot")
    sd=$(convert "$shot" -colorspace Gray -format '%[fx:standard_deviation]' info:)
    if [ "$got" != "$size" ]; then echo "FAIL: $screen is $got, expected $size"; failed=1
    elif ! awk -v sd="$sd" 'BEGIN { exit !(sd > 0.05) }'; then echo "FAIL: $screen at $size looks blank (sd=$sd)"; failed=1
    else echo "ok: $screen $size (sd=$sd)"; fi
  done
  kill "$xvfb" 2>/dev/null || true; wait "$xvfb" 2>/dev/null || true
  trap - EXIT
done
[ "$failed" = 0 ] || exit 1
echo "screenshots in $out"
