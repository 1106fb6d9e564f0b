#!/usr/bin/env bash
# Screenshots of the office app (issue 15) from the real native idekort-office under Xvfb, on a
# desk (1920x1080) and a tablet's size (1024x768), against the real idekort-server with a triage
# account and cards sent as a kiosk sends them: the sign-in screen, and the inbox with the first
# card beside the table (signed in through the session kept in the device store, as after a
# reload); the screening meeting with two directors' scores in, as the room view (1920x1080) and
# as a director's tablet (1024x768), the meeting reopened from the device store. Each must be the
# right size and not blank; a person looks at them (docs/SCREENSHOTS.md).
# The dashboard: an administrator's, over cards moved through the pipeline by the API (one funded
# under a theme with a budget, one closed, one in screening), reached by pressing "Overblik" in the
# real window; and its PNG export pressed there too, which must be a PNG of the window's size.
# The list of meetings as the central office sees it, and a director's "Mine kort" (issue 15).
# A card's pipeline page (--open-card) as an administrator: the pitch of a card invited to
# pitch, the test card editor after the directors' go (a draft kept in the device store, half
# written) and the learning of a funded step.
# Usage: office_screenshots.sh <idekort-office> <idekort-server> <source dir> <output dir>
set -euo pipefail
app=$1; server_bin=$2; src=$3; out=$4/office
rm -rf "$out"; mkdir -p "$out"
key="office-screens-submission-key-01"
password="a password long enough"
# The shipped programme with a yearly budget for climate, so the money chart has its budget line.
sed 's/"id": "climate",/"id": "climate", "yearly_budget_dkk": 100000,/' "$src/assets/programme/programme.json" > "$out/programme.json"
"$server_bin" --data-dir "$out/data" --web-root "$out" --submission-key "$key" --port 0 --bind 127.0.0.1 \
  --programme "$out/programme.json" --rate-login 0 > "$out/server.log" 2>&1 &
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
printf '%s\n' "$password" | "$server_bin" create-admin --data-dir "$out/data" --username ada --role admin > /dev/null
n=0
cards=()
for title in "Fælles cykelværksted for skoler og plejehjem" "Grøn transport til dagtilbud" "Læsehjælp i biblioteket" \
             "Digital tavle på plejecentret" "Mentorordning for nye kolleger" \
             "Madspild i kantinen" "Fælles bilpulje for hjemmeplejen" "Sprogcafé for nye medarbejdere" \
             "Værksted for cykler på Solbakken" "Fælles kalender for frivillige" "Digital tavle i dagligstuen"; do
  id=$(python3 -c 'import uuid; print(uuid.uuid4())')
  sed -e "s/3f0c8a2e-5b1d-4c7e-9a44-0d6e2b7f1c93/$id/" -e "s/Fælles cykelværksted for skoler og plejehjem/$title/" \
    "$src/tests/fixtures/card-v1.json" > "$out/card.json"
  code=$(curl -s -o /dev/null -w '%{http_code}' -X PUT "$url/api/v1/cards/$id" -H "Authorization: Bearer $key" \
           -H 'Content-Type: application/json' --data-binary @"$out/card.json")
  [ "$code" = 201 ] || { echo "FAIL: card $title: HTTP $code"; exit 1; }
  cards+=("$id")
  n=$((n + 1))
done
token=$(curl -s -X POST "$url/api/v1/admin/login" -H 'Content-Type: application/json' \
          -d "{\"username\":\"tove\",\"password\":\"$password\"}" | sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
[ -n "$token" ] || { echo "FAIL: no login"; exit 1; }
admin=$(curl -s -X POST "$url/api/v1/admin/login" -H 'Content-Type: application/json' \
          -d "{\"username\":\"ada\",\"password\":\"$password\"}" | sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
[ -n "$admin" ] || { echo "FAIL: no admin login"; exit 1; }
# Moves card $1 through the transitions that follow (JSON without the version), as the admin.
move() {
  local card=$1 version=0 code; shift
  for body in "$@"; do
    code=$(curl -s -o "$out/move.json" -w '%{http_code}' -X POST "$url/api/v1/cards/$card/transitions" \
             -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' -d "{\"version\":$version,$body}")
    [ "$code" = 200 ] || { cat "$out/move.json"; echo "FAIL: transition $body: HTTP $code"; exit 1; }
    version=$((version + 1))
  done
}
test_card='"test_card":{"step":0,"hypothesis":"Vi tror, at elever og ældre vil reparere cykler sammen","test":"For at afprøve det vil vi holde tre eftermiddage","measure":"og måle, hvor mange der kommer igen","success_criterion":"Vi har ret, hvis halvdelen kommer igen","period_from":"2027-01-01","period_to":"2027-03-31","budget_dkk":20000,"owner":"Åse Ørum"}'
move "${cards[0]}" '"action":"triage","theme":"climate"' '"action":"plan_screening"' '"action":"invite_to_pitch"' \
  '"action":"record_pitch"' "\"action\":\"fund_step\",$test_card"
move "${cards[1]}" '"action":"triage","theme":"integration"' '"action":"plan_screening"' \
  '"action":"close","reason":"no_strategic_fit","feedback":"Tak for idéen; den passer ikke til temaerne nu."'
move "${cards[2]}" '"action":"triage","theme":"climate"' '"action":"plan_screening"'
move "${cards[3]}" '"action":"triage","theme":"digital_smart_city"'

# The screening meeting: two directors, three cards of the first theme in screening (the last
# three sent; the dashboard's moves above use the first four), planned by the triage account, and
# the first card scored by both directors.
for who in dorte:director dagmar:director; do
  printf '%s\n' "$password" | "$server_bin" create-admin --data-dir "$out/data" --username "${who%%:*}" --role "${who##*:}" > /dev/null
done
meeting=$(python3 - "$url" "$password" "$src/assets/programme/programme.json" "$out/meeting.json" "${cards[@]:5:3}" <<'PY'
import json, sys, urllib.request
url, password, programme, saved, cards = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:]
theme = json.load(open(programme))["themes"][0]["id"]
criteria = [c["id"] for c in json.load(open(programme))["criteria"]]
def call(method, path, token, body=None):
    req = urllib.request.Request(url + path, method=method, data=None if body is None else json.dumps(body).encode(),
                                 headers={"Content-Type": "application/json", "Authorization": "Bearer " + token})
    with urllib.request.urlopen(req) as r:
        return json.load(r)
tokens = {n: call("POST", "/api/v1/admin/login", "", {"username": n, "password": password})["token"] for n in ("tove", "dorte", "dagmar", "ada")}
for d in ("dorte", "dagmar"):
    call("PUT", "/api/v1/admin/users/%s/themes" % d, tokens["ada"], {"themes": [theme]})
for card in cards:
    v = call("GET", "/api/v1/cards/%s/pipeline" % card, tokens["tove"])["version"]
    v = call("POST", "/api/v1/cards/%s/transitions" % card, tokens["tove"], {"action": "triage", "version": v, "theme": theme})["version"]
    call("POST", "/api/v1/cards/%s/transitions" % card, tokens["tove"], {"action": "plan_screening", "version": v})
m = call("POST", "/api/v1/meetings", tokens["tove"], {"held_on": "2026-12-03", "themes": [theme], "participants": ["dorte", "dagmar"],
                                                      "agenda": [{"card_id": c, "minutes": 15} for c in cards]})
base = "/api/v1/meetings/%s/cards/%s/scores" % (m["meeting_id"], cards[0])
call("PUT", base, tokens["dorte"], {"scores": [{"criterion": criteria[0], "score": "yes", "note": "Klar målgruppe"},
                                               {"criterion": criteria[1], "score": "partly", "note": ""}]})
call("PUT", base, tokens["dagmar"], {"scores": [{"criterion": c, "score": "yes", "note": ""} for c in criteria]})
# An earlier meeting, so the list of meetings has more than one line (issue 15).
call("POST", "/api/v1/meetings", tokens["tove"], {"held_on": "2026-11-19", "themes": [theme], "participants": ["dorte"], "agenda": []})
json.dump(tokens, open(saved, "w"))
print(m["meeting_id"])
PY
)
[ -n "$meeting" ] || { echo "FAIL: no meeting"; exit 1; }
dorte_token=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["dorte"])' "$out/meeting.json")

# The pipeline page: the administrator moves the last three cards on through the API, as the
# inbox and the screening meeting would have.
step_card() {   # card action [more JSON members]: one transition at the card's version now
  local v code
  v=$(curl -s "$url/api/v1/cards/$1/pipeline" -H "Authorization: Bearer $admin" | sed -n 's/.*"version":\([0-9]*\).*/\1/p')
  code=$(curl -s -o "$out/move.json" -w '%{http_code}' -X POST "$url/api/v1/cards/$1/transitions" -H "Authorization: Bearer $admin" \
           -H 'Content-Type: application/json' -d "{\"action\":\"$2\",\"version\":$v${3:+,$3}}")
  [ "$code" = 200 ] || { cat "$out/move.json"; echo "FAIL: $2 on $1: HTTP $code"; exit 1; }
}
pitch_card=${cards[8]}; draft_card=${cards[9]}; learning_card=${cards[10]}
for id in "$pitch_card" "$draft_card" "$learning_card"; do
  step_card "$id" triage '"theme":"co_creation"'; step_card "$id" plan_screening; step_card "$id" invite_to_pitch
done
for id in "$draft_card" "$learning_card"; do step_card "$id" record_pitch '"why":"pitch 2027-01-15"'; done
step_card "$learning_card" fund_step '"test_card":{"hypothesis":"ældre og elever vil mødes om at reparere cykler","test":"holde tre værkstedseftermiddage på Solbakken","measure":"hvor mange der kommer igen","success_criterion":"halvdelen af eleverne kommer igen","period_from":"2027-02-01","period_to":"2027-04-30","budget_dkk":25000,"owner":"Plejehjemmet Solbakken"}'
# Dorte answers for co-creation too, so her "Mine kort" has cards invited, pitched and funded.
curl -s -o /dev/null -X PUT "$url/api/v1/admin/users/dorte/themes" -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' \
  -d '{"themes":["internationalisation","co_creation"]}'
draft='{"budget_text":"20.000","pitch_date":"","request":{"action":"fund_step","version":0,"theme":"","merged_into":"","reason":"","feedback":"","why":"","test_card":{"step":0,"hypothesis":"beboerne vil bruge en digital tavle hver uge","test":"sætte én tavle op i dagligstuen i otte uger","measure":"hvor ofte den bruges, og af hvem","success_criterion":"","period_from":"2027-03-01","period_to":"","budget_dkk":0,"owner":"","believed":"","observed":"","learned":"","learning_decision":""}}}'


failed=0
shoot() {   # name size database [app options...]
  local name=$1 size=$2 db=$3 shot="$out/office-$1-$2.png"; shift 3
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
  # The meeting this device had open comes back: the room view for the office, the tablet for a director.
  if [ "$size" = 1920x1080 ]; then who=tove; role=triage; token_now=$token; name=meeting-room
  else who=dorte; role=director; token_now=$dorte_token; name=meeting-tablet; fi
  db="$out/meeting-$size.db"
  sqlite3 "$db" "CREATE TABLE office_settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                 INSERT INTO office_settings VALUES ('session.token', '$token_now'), ('session.username', '$who'),
                   ('session.role', '$role'), ('meeting.last', '$meeting');"
  shoot "$name" "$size" "$db"
  # The list of meetings (issue 15): the central office's, pressed open from the inbox.
  shoot meetings "$size" "$out/signed-in-$size.db" --press "Møder"
  # A director's "Mine kort", pressed open from the meetings they land on.
  db="$out/director-$size.db"
  sqlite3 "$db" "CREATE TABLE office_settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                 INSERT INTO office_settings VALUES ('session.token', '$dorte_token'), ('session.username', 'dorte'), ('session.role', 'director');"
  shoot mine "$size" "$db" --press "Mine kort"
  # The dashboard, as the administrator: pressed open from the inbox.
  db="$out/admin-$size.db"
  sqlite3 "$db" "CREATE TABLE office_settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                 INSERT INTO office_settings VALUES ('session.token', '$admin'), ('session.username', 'ada'), ('session.role', 'admin');"
  shoot dashboard "$size" "$db" --press Overblik
  # Its PNG export, pressed in the window: a PNG of the window's size in the export folder.
  export_dir="$out/export-$size"
  "$app" --server "$url" --database "$db" --size "$size" --scale 1 --frames 300 --export-dir "$export_dir" \
    --press Overblik --press "Eksportér PNG" --state "$out/export-$size.json" > "$out/export-$size.log" 2>&1 \
    || { cat "$out/export-$size.log"; echo "FAIL: the PNG export at $size: the app failed"; failed=1; }
  png=$(ls "$export_dir"/idekort-dashboard-*.png 2>/dev/null | head -n1 || true)   # none: said below, not a silent exit
  if [ -z "$png" ]; then cat "$out/export-$size.json" 2>/dev/null; echo "FAIL: no PNG exported at $size"; failed=1
  elif [ "$(identify -format '%wx%h' "$png")" != "$size" ]; then echo "FAIL: the exported PNG is $(identify -format '%wx%h' "$png"), expected $size"; failed=1
  else echo "ok: exported $png ($size)"; cp "$png" "$out/office-dashboard-export-$size.png"; fi
  # The pipeline page as the administrator, with a half-written test card kept in the store.
  db="$out/journey-$size.db"
  sqlite3 "$db" "CREATE TABLE office_settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                 INSERT INTO office_settings VALUES ('session.token', '$admin'), ('session.username', 'ada'), ('session.role', 'admin');
                 CREATE TABLE office_pending (key TEXT PRIMARY KEY, request TEXT NOT NULL, saved_at TEXT NOT NULL);
                 INSERT INTO office_pending VALUES ('journey:$draft_card', '$draft', '2027-01-16T10:00:00Z');"
  shoot journey-pitch "$size" "$db" --open-card "$pitch_card"
  shoot journey-testcard "$size" "$db" --open-card "$draft_card"
  shoot journey-learning "$size" "$db" --open-card "$learning_card"
  kill "$xvfb" 2>/dev/null || true; wait "$xvfb" 2>/dev/null || true
  xvfb=""
done
[ "$failed" = 0 ] || exit 1
echo "screenshots in $out"
