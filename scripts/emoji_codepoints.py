#!/usr/bin/env python3
"""Writes the code points that fontTools.subset keeps of Symbola for the extra emoji glyphs
(issue 12, point 4): every character with the Unicode property Emoji or Emoji_Component from
U+2000 on (digits, '#' and '*' are in the first download already), from Debian's unicode-data
(/usr/share/unicode/emoji/emoji-data.txt), plus the invisible joiners and selectors that emoji
sequences use, which must take no room rather than be drawn as '?'.

Usage: emoji_codepoints.py EMOJI_DATA_TXT OUTPUT   (one U+XXXX per line, --unicodes-file format)"""
import os
import sys

KEEP = {"Emoji", "Emoji_Component"}
INVISIBLE = [0x200D, 0x20E3, 0xFE0E, 0xFE0F]


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: emoji_codepoints.py EMOJI_DATA_TXT OUTPUT")
    source, output = sys.argv[1], sys.argv[2]
    try:
        lines = open(source, encoding="utf-8").read().splitlines()
    except OSError as e:
        sys.exit(f"emoji_codepoints.py: {source}: {e.strerror}: install Debian's unicode-data (scripts/bootstrap.sh)")
    code_points = set(INVISIBLE)
    for line in lines:
        data = line.split("#", 1)[0].strip()
        if not data:
            continue
        span, prop = (part.strip() for part in data.split(";")[:2])
        if prop not in KEEP:
            continue
        first, _, last = span.partition("..")
        code_points.update(range(int(first, 16), int(last or first, 16) + 1))
    kept = sorted(c for c in code_points if c >= 0x2000)
    if len(kept) < 1000:
        sys.exit(f"emoji_codepoints.py: only {len(kept)} emoji in {source}: not Unicode's emoji-data.txt?")
    with open(output + ".tmp", "w") as f:
        f.write("".join(f"U+{c:04X}\n" for c in kept))
    os.replace(output + ".tmp", output)


if __name__ == "__main__":
    main()
