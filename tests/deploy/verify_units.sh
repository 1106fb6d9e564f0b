#!/usr/bin/env bash
# The systemd units of deploy/systemd/ as systemd itself reads them: `systemd-analyze verify`
# must accept every unit with no warning at all (an unknown or misspelt key is only a warning to
# systemd, and a misspelt ProtectSystem= would silently leave the server unprotected).
#
# The units name their binaries where a deployment installs them (/opt/idekort/bin). Here they
# point at this build's binaries instead, so the check that each ExecStart is an executable is
# real; cage (the kiosk's compositor) is not a build or test dependency, so when it is not
# installed a stand-in executable takes its place, and the script says so.
#
# Usage: verify_units.sh SOURCE_DIR BIN_DIR. Exit 77 (ctest: skipped) only when systemd-analyze
# cannot run here at all.
set -euo pipefail
source_dir=$1
bin_dir=$2

if ! command -v systemd-analyze >/dev/null 2>&1; then
  echo "SKIPPED: systemd-analyze is not installed (Debian package systemd; scripts/bootstrap.sh installs it)"
  exit 77
fi
work=$(mktemp -d /tmp/idekort-units-XXXXXX)
trap 'rm -rf "$work"' EXIT

cage=/usr/bin/cage
if [ ! -x "$cage" ]; then
  printf '#!/bin/sh\nexit 0\n' > "$work/cage"
  chmod +x "$work/cage"
  cage="$work/cage"
  echo "note: cage is not installed here; the kiosk unit is verified with a stand-in for /usr/bin/cage"
fi

units=()
for unit in "$source_dir"/deploy/systemd/*.service "$source_dir"/deploy/systemd/*.timer; do
  name=$(basename "$unit")
  sed -e "s#/opt/idekort/bin/#$bin_dir/#g" -e "s#/usr/bin/cage#$cage#g" "$unit" > "$work/$name"
  units+=("$work/$name")
done
[ "${#units[@]}" -ge 4 ] || { echo "FAIL: expected the server, backup (service and timer) and kiosk units, found ${#units[@]}"; exit 1; }

# A container without systemd as PID 1 still verifies unit files; if this systemd cannot, that
# is the one reason to skip.
if ! output=$(cd "$work" && systemd-analyze verify --man=no "${units[@]}" 2>&1); then
  if grep -q "Failed to initialize manager\|Failed to connect to bus\|System has not been booted with systemd" <<<"$output"; then
    echo "SKIPPED: systemd-analyze cannot run in this container: $output"
    exit 77
  fi
  echo "FAIL: systemd-analyze verify refused the units:"
  echo "$output"
  exit 1
fi
if [ -n "$output" ]; then
  echo "FAIL: systemd-analyze verify warned about the units:"
  echo "$output"
  exit 1
fi

# What the issue asks of the server's unit, checked by name so that it cannot quietly go.
server="$work/idekort-server.service"
for want in '^User=idekort$' '^ProtectSystem=strict$' '^NoNewPrivileges=yes$' '^Restart=on-failure$'; do
  grep -q "$want" "$server" || { echo "FAIL: idekort-server.service lacks $want"; exit 1; }
done
kiosk="$work/idekort-kiosk.service"
for want in '^Restart=always$' '^WantedBy=graphical.target$' '^ExecStart=.*cage .* --kiosk'; do
  grep -q "$want" "$kiosk" || { echo "FAIL: idekort-kiosk.service lacks $want"; exit 1; }
done
echo "ok: ${#units[@]} units verified by $(systemd-analyze --version | head -1)"
