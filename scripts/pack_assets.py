#!/usr/bin/env python3
"""Packs the staged asset folder into one file for the browser build (format: see
app/core/asset_source.h). Usage: pack_assets.py OUTPUT FOLDER"""
import os
import struct
import sys

out, folder = sys.argv[1], sys.argv[2]
entries = []
for base, _dirs, files in os.walk(folder):
    for name in sorted(files):
        path = os.path.join(base, name)
        rel = os.path.relpath(path, folder).replace(os.sep, "/")
        entries.append((rel.encode("utf-8"), open(path, "rb").read()))
entries.sort()
with open(out + ".tmp", "wb") as f:
    f.write(b"IDKA" + struct.pack("<II", 1, len(entries)))
    for name, data in entries:
        f.write(struct.pack("<I", len(name)) + name + struct.pack("<I", len(data)) + data)
os.replace(out + ".tmp", out)
