#!/usr/bin/env python3
"""Makes the served web app (build/<preset>/web) from the staged build (build/<preset>/web-stage:
emcc's idekort.js/.wasm, the asset pack, sqlite-wasm) and the hand-written shell in web/.

  - Content-hashed names for everything that can change between versions and is large:
    idekort.<h>.js, idekort.<h>.wasm, idekort-assets.<h>.pack, the loader scripts (and the DOM
    input bridge), the store
    worker, and sqlite.<h>/ (sqlite-wasm's glue finds its .wasm beside itself, so the folder is
    hashed, not the files). idekort-server caches these for a year (immutable); index.html,
    the service worker, the manifest and the icons keep fixed names and are revalidated.
  - index.html gets window.idekortShell: the build's version, each file's hashed URL and size
    (the progress bar needs the uncompressed size) and the shell's strings (web/shell-strings.json).
  - idekort-sw.js gets the precache list: every file with its SHA-256, and the version, which
    names its cache. A new build changes the script's bytes, which is what makes browsers
    install the new version.
  - Files fetched only on need (the extra glyphs, issue 12 point 4): hashed names in
    window.idekortShell.files, but not precached; the service worker gets their hashes as
    `onNeed` and caches each when the page first fetches it.
  - .br (brotli -q 11) and .gz (gzip -9) beside each compressible file, when smaller, for
    idekort-server to send to clients that accept them.

The output folder is replaced as a whole (built beside it, then renamed), so a running server
never serves half of one version and half of another. Prints the version.

Usage: web_dist.py [--no-compress] STAGE_DIR SOURCE_WEB_DIR OUT_DIR [--info FILE] [--submission-key KEY]
                  [--cache-prefix PREFIX]
  --cache-prefix PREFIX
                  the service worker's cache names (default idekort-shell-): the office app under
                  /office/ uses its own, so neither app's worker deletes the other's cache
  --info FILE     also write the version and file list as JSON (for the benchmarks and CMake)
  --no-compress   no .br/.gz (the update test builds a second version and needs it fast)
  --submission-key KEY
                  this deployment's submission key for browsers, written into index.html as
                  <meta name="idekort-submission-key"> (the sync engine reads it; the service
                  worker caches it with the page, so a page opened offline still has it)
"""
import gzip
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys

HASH_CHARS = 12  # idekort-server's immutable rule looks for ".<12 hex>." (server/static_files.cpp)
COMPRESSIBLE = (".html", ".js", ".mjs", ".wasm", ".pack", ".svg", ".webmanifest", ".json", ".ttf")
# Files taken from the source web/ folder as they are (not built by CMake).
SOURCE_FILES = ["idekort.webmanifest", "icon.svg", "icons/icon-192.png", "icons/icon-512.png",
                "icons/icon-maskable-512.png", "icons/apple-touch-icon-180.png"]
# Staged by assets/CMakeLists.txt, fetched by the app only when text needs them.
ON_NEED_FILES = ["glyphs/NotoSans-more.ttf", "glyphs/Symbola-emoji.ttf"]


def fail(message):
    sys.exit(f"web_dist.py: {message}")


def read(path):
    if not os.path.isfile(path):
        fail(f"missing {path}: build the web app first")
    with open(path, "rb") as f:
        return f.read()


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def hashed_name(name, data):
    stem, dot, ext = name.rpartition(".")
    return f"{stem}.{sha256(data)[:HASH_CHARS]}.{ext}"


def replace_once(text, old, new, where):
    if text.count(old) != 1:
        fail(f"expected exactly one {old!r} in {where}, found {text.count(old)}")
    return text.replace(old, new)


def build(stage, source, out, compress=True, submission_key="", cache_prefix=""):
    files = {}  # served path -> bytes
    logical = {}  # name the loader asks for -> {"url", "size"}

    def add_hashed(name, data):
        url = hashed_name(name, data)
        files[url] = data
        logical[name] = {"url": url, "size": len(data)}

    # sqlite-wasm: one hashed folder for the glue and its wasm.
    sqlite = {n: read(os.path.join(stage, "sqlite", n)) for n in ("index.mjs", "sqlite3.wasm")}
    sqlite_dir = "sqlite." + sha256(sqlite["index.mjs"] + sqlite["sqlite3.wasm"])[:HASH_CHARS]
    for n, data in sqlite.items():
        files[f"{sqlite_dir}/{n}"] = data
    worker = replace_once(read(os.path.join(source, "idekort-db-worker.js")).decode("utf-8"),
                          "'./sqlite/index.mjs'", f"'./{sqlite_dir}/index.mjs'", "idekort-db-worker.js")
    add_hashed("idekort-db-worker.js", worker.encode("utf-8"))
    for name in ("idekort.js", "idekort.wasm", "idekort-assets.pack"):
        add_hashed(name, read(os.path.join(stage, name)))
    for name in ("idekort-loader.js", "idekort-pwa.js", "idekort-text-bridge.js", "idekort-aria-mirror.js"):
        add_hashed(name, read(os.path.join(source, name)))
    for name in SOURCE_FILES:
        files[name] = read(os.path.join(source, name))
    on_need = {}  # served path -> bytes; not precached
    for name in ON_NEED_FILES:
        data = read(os.path.join(stage, name))
        url = hashed_name(name, data)
        on_need[url] = data
        logical[name] = {"url": url, "size": len(data)}

    strings = json.loads(read(os.path.join(source, "shell-strings.json")))
    strings.pop("_about", None)
    for key, value in strings.items():
        if list(value) != ["da", "en"]:
            fail(f"shell-strings.json: '{key}' needs Danish then English (\"da\", \"en\"), got {list(value)}")

    # index.html is written with a placeholder version; the version is then a hash over every
    # file as served (index.html included) and the service worker's code, so any change to any
    # byte, even one made only by this script, makes a new version with a new cache name.
    placeholder = "@VERSION@"
    shell = {"version": placeholder, "files": logical, "strings": strings}
    index = read(os.path.join(source, "index.html")).decode("utf-8")
    shell_json = json.dumps(shell, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    # The loader is fetched while idekort-pwa.js checks for a waiting version (preload), not after.
    index = replace_once(index, '<link rel="icon"',
                         f'<link rel="preload" href="{logical["idekort-loader.js"]["url"]}" as="script">\n  <link rel="icon"',
                         "index.html")
    index = replace_once(index, '<script src="idekort-text-bridge.js"></script>',
                         f'<script src="{logical["idekort-text-bridge.js"]["url"]}"></script>', "index.html")
    index = replace_once(index, '<script src="idekort-aria-mirror.js"></script>',
                         f'<script src="{logical["idekort-aria-mirror.js"]["url"]}"></script>', "index.html")
    index = replace_once(index, '<script src="idekort-pwa.js"></script>',
                         f'<script>window.idekortShell = {shell_json};</script>\n'
                         f'  <script src="{logical["idekort-pwa.js"]["url"]}"></script>', "index.html")
    if submission_key:
        if not re.fullmatch(r"[A-Za-z0-9._~+/=-]{16,200}", submission_key):
            fail("--submission-key: 16-200 characters of letters, digits and . _ ~ + / = - expected")
        index = replace_once(index, '<meta name="theme-color"',
                             f'<meta name="idekort-submission-key" content="{submission_key}">\n  <meta name="theme-color"',
                             "index.html")
    sw_template = read(os.path.join(source, "idekort-sw.js")).decode("utf-8")
    if cache_prefix:
        # Another app under the same origin (the office under /office/) keeps its own caches: the
        # capture app's worker deletes every "idekort-shell-" cache but its own when it activates.
        if not re.fullmatch(r"[a-z-]{4,40}", cache_prefix):
            fail("--cache-prefix: 4-40 letters a-z and dashes expected")
        sw_template = replace_once(sw_template, "const cachePrefix = 'idekort-shell-';",
                                   f"const cachePrefix = '{cache_prefix}';", "idekort-sw.js")

    def precache_list():
        return [{"url": n, "sha256": sha256(d), "immutable": n not in ("index.html", *SOURCE_FILES)}
                for n, d in sorted(files.items())]

    def on_need_list():
        return [{"url": n, "sha256": sha256(d), "immutable": True} for n, d in sorted(on_need.items())]

    def service_worker(version):
        return replace_once(sw_template, 'const shell = { version: "dev", files: [], onNeed: [] };',
                            "const shell = " + json.dumps({"version": version, "files": precache_list(),
                                                           "onNeed": on_need_list()}, indent=1) + ";",
                            "idekort-sw.js")

    files["index.html"] = index.encode("utf-8")
    # The worker with the placeholder lists every file's hash and contains the worker's code:
    # its hash is the version.
    version = sha256(service_worker(placeholder).encode("utf-8"))[:HASH_CHARS]
    files["index.html"] = replace_once(index, f'"version":"{placeholder}"', f'"version":"{version}"', "index.html").encode("utf-8")
    files["idekort-sw.js"] = service_worker(version).encode("utf-8")
    precache = precache_list()

    tmp, old = out + ".new", out + ".old"
    shutil.rmtree(tmp, ignore_errors=True)
    for name, data in {**files, **on_need}.items():
        path = os.path.join(tmp, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data)
        if compress and name.endswith(COMPRESSIBLE):
            precompress(path, data)
    shutil.rmtree(old, ignore_errors=True)
    if os.path.exists(out):
        os.rename(out, old)
    os.rename(tmp, out)
    shutil.rmtree(old, ignore_errors=True)
    return {"version": version, "files": precache, "on_need": on_need_list(), "logical": logical}


def precompress(path, data):
    gz = gzip.compress(data, 9, mtime=0)
    if len(gz) < len(data):
        with open(path + ".gz", "wb") as f:
            f.write(gz)
    br = subprocess.run(["brotli", "-c", "-q", "11", path], check=True, capture_output=True).stdout
    if len(br) < len(data):
        with open(path + ".br", "wb") as f:
            f.write(br)


def main():
    args = sys.argv[1:]
    info_path = None
    if "--info" in args:
        i = args.index("--info")
        info_path = args[i + 1]
        del args[i:i + 2]
    submission_key = ""
    if "--submission-key" in args:
        i = args.index("--submission-key")
        submission_key = args[i + 1] if i + 1 < len(args) else ""
        del args[i:i + 2]
    cache_prefix = ""
    if "--cache-prefix" in args:
        i = args.index("--cache-prefix")
        cache_prefix = args[i + 1] if i + 1 < len(args) else ""
        del args[i:i + 2]
    compress = "--no-compress" not in args
    args = [a for a in args if a != "--no-compress"]
    if len(args) != 3:
        fail("usage: web_dist.py [--no-compress] STAGE_DIR SOURCE_WEB_DIR OUT_DIR [--info FILE] [--submission-key KEY]")
    if compress and not shutil.which("brotli"):
        fail("brotli is missing: run scripts/bootstrap.sh (it installs Debian's brotli)")
    info = build(*[os.path.abspath(a) for a in args], compress=compress, submission_key=submission_key,
                 cache_prefix=cache_prefix)
    if info_path:
        with open(info_path + ".tmp", "w") as f:
            json.dump(info, f, indent=1)
        os.replace(info_path + ".tmp", info_path)
    print(f"web app version {info['version']}: {len(info['files'])} files in {args[2]}")


if __name__ == "__main__":
    main()
