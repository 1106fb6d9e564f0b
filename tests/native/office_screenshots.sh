#!/usr/bin/env bash
# Screenshots of the office app (issue 15) from the real native idekort-office under Xvfb, on a
# desk (1920x1080) and a tablet's size (1024x768), against the real idekort-server with a triage
# account and cards sent as a kiosk sends them: the sign-in screen, and the inbox with the first
# card beside the table (signed in through the session kept in the device store, as after a
# reload). Then a card's pipeline page (--open-card) as an administrator: the pitch of a card
# invited to pitch, the test card editor after the directors' go (a draft kept in the device
# store, half written) and the learning of a funded step. Each must be the right size and not blank; a person looks at them (docs/SCREENSHOTS.md).
# Usage: office_screenshots.sh <idekort-office> <idekort-server> <source dir> <output dir>
set -euo pipefail
app=$1; server_bin=$2; src=$3; out=$4/office
rm -rf "$out"; mkdir -p "$out"
key="office-screens-submission-key-01"
password="a password long enough"
"$server_bin" --data-dir "$out/data" --web-root "$out" --submission-key "$key" --port 0 --bind 127.0.0.1 \
  --programme "$src/assets/programme/programme.json" --rate-login 0 > "$out/server.log" 2>&1 &
server=$!
xvfb=""
trap 'kill $server 2>/dev/null || true; [ -n "$xvfb" ] && kill $xvfb 2>/dev/null || true' EXIT
port=""
for _ in $(seq 300); do
  port=$(sed -n 's/.*"listening".*"port":\([0-9]*\).*/\1/p' "$out/server.log" | head -n1)
  [ -n "$port" ] && break; sleep 0.1
done
[ -n "$port" ] || { cat "$out/server.log"; echo "FAIL: the server did not start"; exit 1; }
url="http://127.0.0.1:$port"
printf '%s\n' "$password" | "$server_bin" create-admin --data-dir "$out/data" --username tove --role triage > /dev/null
n=0
ids=()
for title in "Fælles cykelværksted for skoler og plejehjem" "Grøn transport til dagtilbud" "Læsehjælp i biblioteket" \
             "Digital tavle på plejecentret" "Mentorordning for nye kolleger"; do
  id=$(python3 -c 'import uuid; print(uuid.uuid4())')
  sed -e "s/3f0c8a2e-5b1d-4c7e-9a44-0d6e2b7f1c93/$id/" -e "s/Fælles cykelværksted for skoler og plejehjem/$title/" \
    "$src/tests/fixtures/card-v1.json" > "$out/card.json"
  code=$(curl -s -o /dev/null -w '%{http_code}' -X PUT "$url/api/v1/cards/$id" -H "Authorization: Bearer $key" \
           -H 'Content-Type: application/json' --data-binary @"$out/card.json")
  [ "$code" = 201 ] || { echo "FAIL: card $title: HTTP $code"; exit 1; }
  ids+=("$id")
  n=$((n + 1))
done
token=$(curl -s -X POST "$url/api/v1/admin/login" -H 'Content-Type: application/json' \
          -d "{\"username\":\"tove\",\"password\":\"$password\"}" | sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
[ -n "$token" ] || { echo "FAIL: no login"; exit 1; }

# The pipeline page: the administrator moves three cards on through the API, as the inbox and
# the screening meeting would have.
printf '%s\n' "$password" | "$server_bin" create-admin --data-dir "$out/data" --username ada --role admin > /dev/null
admin=$(curl -s -X POST "$url/api/v1/admin/login" -H 'Content-Type: application/json' \
          -d "{\"username\":\"ada\",\"password\":\"$password\"}" | sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
[ -n "$admin" ] || { echo "FAIL: no admin login"; exit 1; }
move() {   # card action [more JSON members]
  local v code
  v=$(curl -s "$url/api/v1/cards/$1/pipeline" -H "Authorization: Bearer $admin" | sed -n 's/.*"version":\([0-9]*\).*/\1/p')
  code=$(curl -s -o "$out/move.json" -w '%{http_code}' -X POST "$url/api/v1/cards/$1/transitions" -H "Authorization: Bearer $admin" \
           -H 'Content-Type: application/json' -d "{\"action\":\"$2\",\"version\":$v${3:+,$3}}")
  [ "$code" = 200 ] || { cat "$out/move.json"; echo "FAIL: $2 on $1: HTTP $code"; exit 1; }
}
pitch_card=${ids[0]}; test_card=${ids[1]}; learning_card=${ids[2]}
for id in "$pitch_card" "$test_card" "$learning_card"; do
  move "$id" triage '"theme":"co_creation"'; move "$id" plan_screening; move "$id" invite_to_pitch
done
for id in "$test_card" "$learning_card"; do move "$id" record_pitch '"why":"pitch 2027-01-15"'; done
move "$learning_card" fund_step '"test_card":{"hypothesis":"ældre og elever vil mødes om at reparere cykler","test":"holde tre værkstedseftermiddage på Solbakken","measure":"hvor mange der kommer igen","success_criterion":"halvdelen af eleverne kommer igen","period_from":"2027-02-01","period_to":"2027-04-30","budget_dkk":25000,"owner":"Plejehjemmet Solbakken"}'
draft='{"budget_text":"20.000","pitch_date":"","request":{"action":"fund_step","version":0,"theme":"","merged_into":"","reason":"","feedback":"","why":"","test_card":{"step":0,"hypothesis":"beboerne vil bruge en digital tavle hver uge","test":"sætte én tavle op i dagligstuen i otte uger","measure":"hvor ofte den bruges, og af hvem","success_criterion":"","period_from":"2027-03-01","period_to":"","budget_dkk":0,"owner":"","believed":"","observed":"","learned":"","learning_decision":""}}}'

failed=0
shoot() {   # name size database [more options]
  local name=$1 size=$2 db=$3 shot="$out/office-$1-$2.png"
  shift 3
  "$app" --server "$url" --database "$db" --size "$size" --scale 1 --frames 240 --screenshot "$shot" "$@" \
    > "$out/$name-$size.log" 2>&1 || { cat "$out/$name-$size.log"; echo "FAIL: $name at $size: the app failed"; failed=1; return; }
  local got sd
  got=$(identify -format '%wx%h' "$shot")
  sd=$(convert "$shot" -colorspace Gray -format '%[fx:standard_deviation]' info:)
  if [ "$got" != "$size" ]; then echo "FAIL: $name is $got, expected $size"; failed=1
  elif ! awk -v sd="$sd" 'BEGIN { exit !(sd > 0.05) }'; then echo "FAIL: $name at $size looks blank (sd=$sd)"; failed=1
  else echo "ok: $name $size (sd=$sd)"; fi
}
for size in 1920x1080 1024x768; do
  displayfile="$out/display-$size"; rm -f "$displayfile"
  Xvfb -displayfd 3 -screen 0 "${size}x24" -nolisten tcp -noreset 3>"$displayfile" >/dev/null 2>&1 &
  xvfb=$!
  for _ in $(seq 300); do [ -s "$displayfile" ] && break; sleep 0.1; done
  [ -s "$displayfile" ] || { echo "FAIL: Xvfb ($size) did not start within 30 s"; exit 1; }
  export DISPLAY=":$(cat "$displayfile")"
  shoot signin "$size" "$out/signed-out-$size.db"
  # Signed in: the session kept in the device store, as the app keeps it after signing in.
  db="$out/signed-in-$size.db"
  sqlite3 "$db" "CREATE TABLE office_settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                 INSERT INTO office_settings VALUES ('session.token', '$token'), ('session.username', 'tove'), ('session.role', 'triage');"
  shoot inbox "$size" "$db"
  # The pipeline page as the administrator, with a half-written test card kept in the store.
  db="$out/admin-$size.db"
  sqlite3 "$db" "CREATE TABLE office_settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                 INSERT INTO office_settings VALUES ('session.token', '$admin'), ('session.username', 'ada'), ('session.role', 'admin');
                 CREATE TABLE office_pending (key TEXT PRIMARY KEY, request TEXT NOT NULL, saved_at TEXT NOT NULL);
                 INSERT INTO office_pending VALUES ('journey:$test_card', '$draft', '2027-01-16T10:00:00Z');"
  shoot journey-pitch "$size" "$db" --open-card "$pitch_card"
  shoot journey-testcard "$size" "$db" --open-card "$test_card"
  shoot journey-learning "$size" "$db" --open-card "$learning_card"
  kill "$xvfb" 2>/dev/null || true; wait "$xvfb" 2>/dev/null || true
  xvfb=""
done
[ "$failed" = 0 ] || exit 1
echo "screenshots in $out"
