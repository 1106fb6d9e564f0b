#!/usr/bin/env python3
"""Fills a live workshop (issue 16) with a room's work, for screenshots, demos and the wall's tests.

Creates a workshop as a facilitator (or fills the one given), has participants join with its
code and write cards, makes named, coloured clusters, puts the cards in them, and runs a dot
vote. Everything goes through the public API (docs/API.md, "Workshops"), exactly as the wall
and the phones use it, so what the wall shows afterwards is what a room would have made.

Usage:
  seed_workshop.py --server http://127.0.0.1:8080 --token SESSION [--code CODE]
                   [--clusters 6] [--cards 60] [--participants 10] [--votes]
                   [--themes climate,digital_smart_city]
With --themes the workshop is about those programme themes, and the clusters take them in turn.
Prints the workshop's code on the last line.
"""
import argparse
import json
import sys
import urllib.error
import urllib.request
import uuid

CLUSTERS = [("Cykler", "#1f5fbf"), ("Busser og tog", "#a04a00"), ("Grønne byrum", "#1a7f37"),
            ("Deling", "#7a3fc6"), ("Sikre skoleveje", "#c0262f"), ("Parkering", "#0a6b75"),
            ("Ladestandere", "#5a5a00"), ("Gangstier", "#7a2a55")]
WORDS = ["Cykelstativer ved Dokk1", "Flere natbusser", "Delebiler i boligområder", "Grønne tage på stoppesteder",
         "Sikker krydsning ved skolen", "Ladestander ved biblioteket", "Bænke langs åen", "Letbane til Lisbjerg",
         "Cykelpumpe ved stationen", "Pendlerparkering med cykel", "Skilte på engelsk", "Tryg belysning på stien"]


def call(server, method, path, body=None, token=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(server.rstrip("/") + path, data=data, method=method)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return json.loads(answer.read() or b"{}")
    except urllib.error.HTTPError as e:
        sys.exit(f"seed_workshop: {method} {path} answered {e.code}: {e.read().decode(errors='replace')}")
    except urllib.error.URLError as e:
        sys.exit(f"seed_workshop: {server} does not answer: {e.reason}")


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--server", required=True)
    p.add_argument("--token", required=True, help="a facilitator's session token (POST /api/v1/admin/login)")
    p.add_argument("--code", help="fill this workshop instead of creating one")
    p.add_argument("--clusters", type=int, default=6)
    p.add_argument("--cards", type=int, default=60)
    p.add_argument("--participants", type=int, default=10)
    p.add_argument("--votes", action="store_true", help="open voting and give every participant's dots")
    p.add_argument("--themes", default="", help="programme theme ids, comma-separated, for a new workshop and its clusters")
    a = p.parse_args()
    themes = [t for t in a.themes.split(",") if t]
    if not 0 <= a.clusters <= len(CLUSTERS):
        sys.exit(f"seed_workshop: --clusters must be 0 to {len(CLUSTERS)}")
    if a.participants < 1:
        sys.exit("seed_workshop: --participants must be at least 1")

    base = "/api/v1/workshops"
    code = a.code or call(a.server, "POST", base, {"title": "Mobilitet i Aarhus", "themes": themes, "time_box_minutes": 45,
                                                   "moderation": "open", "dots_per_participant": 3}, a.token)["code"]
    w = f"{base}/{code}"
    people = [call(a.server, "POST", w + "/participants")["token"] for _ in range(a.participants)]
    clusters = [call(a.server, "POST", w + "/clusters",
                     {"name": n, "colour": c, "theme": themes[i % len(themes)] if themes and not a.code else ""}, a.token)["cluster_id"]
                for i, (n, c) in enumerate(CLUSTERS[:a.clusters])]
    cards = []
    for i in range(a.cards):
        card_id = str(uuid.uuid4())
        title = f"{WORDS[i % len(WORDS)]} {i + 1}"
        call(a.server, "PUT", f"{w}/cards/{card_id}",
             {"title": title, "challenge": "Det er svært at komme rundt", "idea": title}, people[i % len(people)])
        if clusters:
            call(a.server, "POST", f"{w}/cards/{card_id}/move", {"cluster_id": clusters[i % len(clusters)]}, a.token)
        cards.append(card_id)
    if a.votes and cards:
        call(a.server, "POST", w + "/voting", {"open": True}, a.token)
        for n, person in enumerate(people):   # a few favourites: the ranking has a clear top
            call(a.server, "PUT", w + "/votes", {"card_id": cards[(n * 7) % min(len(cards), 9)], "dots": 3}, person)
    print(code)


if __name__ == "__main__":
    main()
