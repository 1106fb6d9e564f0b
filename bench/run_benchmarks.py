#!/usr/bin/env python3
"""idekort benchmarks: prints the figures that docs/BENCHMARKS.md records.

  web    sizes of the browser build, raw / gzip -9 / brotli -q 11 (target: wasm + js <= 200 KB br),
         and every file of the served app as idekort-server sends it to a brotli client
  load   the web app in Chromium: first-visit transfer, time to first frame cold and warm
         (service worker) - bench/web_load_bench.mjs, which needs node and idekort-server
  start  native: process start to the first presented frame under Xvfb (target <= 150 ms)
  idle   native: CPU use over 10 s with the window open and no input (target <= 0.5 % of a core),
         side by side with the same app drawing continuously, which is what a 60 fps loop costs

Usage: bench/run_benchmarks.py [web] [load] [start] [idle] [sync]   (default: all)
Needs: the web-release and native-release builds (bash scripts/run.sh or the presets), brotli,
Xvfb. Run on an otherwise idle machine; the figures are wall-clock and CPU-time based.
"""
import gzip
import json
import os
import platform
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WEB = os.path.join(ROOT, "build/web-release/web")
WEB_INFO = os.path.join(ROOT, "build/web-release/web-dist.json")  # written by scripts/web_dist.py
SERVER = os.path.join(ROOT, "build/native-release/bin/idekort-server")
APP = os.path.join(ROOT, "build/native-release/bin/idekort")
BARE = os.path.join(ROOT, "build/native-release/bin/bench_bare_window")
KB = 1000.0  # sizes in kB (1000 bytes), as browsers' network panels show them


def brotli_size(path):
    return len(subprocess.run(["brotli", "-c", "-q", "11", path], check=True, capture_output=True).stdout)


def bench_web():
    print("== web build sizes (kB; gzip -9, brotli -q 11)")
    print(f"{'file':24}{'raw':>10}{'gzip':>10}{'brotli':>10}")
    total = {"raw": 0, "gz": 0, "br": 0}
    budget = 0
    if not os.path.exists(WEB_INFO):
        sys.exit(f"missing {WEB_INFO}: build the web-release preset first")
    info = json.load(open(WEB_INFO))
    hashed = {name: f["url"] for name, f in info["logical"].items()}
    sqlite_dir = next(f["url"].split("/")[0] for f in info["files"] if f["url"].startswith("sqlite."))
    hashed.update({"sqlite/index.mjs": sqlite_dir + "/index.mjs", "sqlite/sqlite3.wasm": sqlite_dir + "/sqlite3.wasm"})
    for name in ["idekort.wasm", "idekort.js", "idekort-assets.pack", "index.html", "idekort-pwa.js", "idekort-loader.js",
                 "icon.svg", "idekort-db-worker.js", "sqlite/index.mjs", "sqlite/sqlite3.wasm"]:
        path = os.path.join(WEB, hashed.get(name, name))
        if not os.path.exists(path):
            sys.exit(f"missing {path}: build the web-release preset first")
        raw = os.path.getsize(path)
        gz = len(gzip.compress(open(path, "rb").read(), 9))
        br = brotli_size(path)
        total["raw"] += raw; total["gz"] += gz; total["br"] += br
        if name in ("idekort.wasm", "idekort.js"):
            budget += br
        print(f"{name:24}{raw / KB:10.1f}{gz / KB:10.1f}{br / KB:10.1f}")
    print(f"{'everything':24}{total['raw'] / KB:10.1f}{total['gz'] / KB:10.1f}{total['br'] / KB:10.1f}")
    print(f"wasm + js brotli: {budget / KB:.1f} kB (target <= 200 kB): {'OK' if budget <= 200 * KB else 'OVER'}")
    # Everything the service worker precaches, as the server sends it to a client accepting brotli:
    # the .br made at build time where there is one, else the file.
    served = 0
    for f in info["files"]:
        path = os.path.join(WEB, f["url"])
        served += os.path.getsize(path + ".br" if os.path.exists(path + ".br") else path)
    print(f"the whole app shell as served with brotli ({len(info['files'])} files, version {info['version']}): "
          f"{served / KB:.1f} kB (issue 7 target for a first load: <= 1200 kB)")


def bench_load():
    print("== web: first visit and start-up in Chromium (bench/web_load_bench.mjs)")
    env = dict(os.environ, NODE_PATH="/usr/share/nodejs", IDEKORT_SERVER_BIN=os.environ.get("IDEKORT_SERVER_BIN", SERVER))
    subprocess.run(["node", os.path.join(ROOT, "bench/web_load_bench.mjs"), "7"], check=True, env=env)


class Xvfb:
    """An Xvfb server on a display number it picks itself (-displayfd), so runs never collide."""

    def __enter__(self):
        read_fd, write_fd = os.pipe()
        self.proc = subprocess.Popen(["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, pass_fds=(write_fd,))
        os.close(write_fd)
        with os.fdopen(read_fd) as f:
            self.display = ":" + f.readline().strip()
        time.sleep(0.5)
        return self

    def __exit__(self, *exc):
        self.proc.terminate()
        self.proc.wait()


def app_env(display):
    env = dict(os.environ)
    env["DISPLAY"] = display
    return env


def first_frame_times(command, display, runs):
    spawn_ms, main_ms = [], []
    for _ in range(runs):
        t0 = time.time_ns()
        out = subprocess.run(command, env=app_env(display), check=True, capture_output=True, text=True).stdout
        line = next(l for l in out.splitlines() if '"first_frame"' in l)
        fields = dict(kv.split(":", 1) for kv in line.strip("{}").replace('"', "").split(","))
        spawn_ms.append((int(fields["realtime_ns"]) - t0) / 1e6)
        main_ms.append(float(fields["ms_since_main"]))
    return spawn_ms, main_ms


def bench_start(runs=15):
    print(f"== native: process start -> first presented frame, {runs} runs each, interleaved, under Xvfb (Mesa llvmpipe)")
    programs = [("idekort", [APP, "--frames", "1", "--print-timing", "--scale", "1"]),
                ("baseline: bare SDL2+GL window", [BARE])]
    # IDEKORT_BASELINE_APP: another build of idekort (e.g. the commit before a change), measured
    # in the same interleaved runs, side by side.
    if os.environ.get("IDEKORT_BASELINE_APP"):
        programs.insert(1, ("idekort, baseline build", [os.environ["IDEKORT_BASELINE_APP"], "--frames", "1", "--print-timing", "--scale", "1"]))
    rows = {name: ([], []) for name, _ in programs}
    with Xvfb() as x:
        for _ in range(runs):  # interleaved, so all see the same machine state
            for name, command in programs:
                s, m = first_frame_times(command, x.display, 1)
                rows[name][0].extend(s)
                rows[name][1].extend(m)
    for name, (spawn_ms, main_ms) in rows.items():
        print(f"{name:32} from spawn: median {statistics.median(spawn_ms):6.1f} ms (min {min(spawn_ms):6.1f}, max {max(spawn_ms):6.1f});"
              f" from main(): median {statistics.median(main_ms):6.1f} ms")
    bare = statistics.median(rows["baseline: bare SDL2+GL window"][0])
    for name, (spawn_ms, _) in rows.items():
        if name.startswith("idekort"):
            print(f"{name:32} / bare window: {statistics.median(spawn_ms) / bare:.2f}x (target <= 1.25x)")
    print("target for idekort from spawn: <= 150 ms")


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def idle_cpu(display, extra_args, seconds):
    proc = subprocess.Popen([APP, "--scale", "1"] + extra_args, env=app_env(display),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(3.0)  # start-up and the settle frames are not idle time
        if proc.poll() is not None:
            sys.exit(f"idekort exited early (code {proc.returncode}); no idle figure")
        c0, t0 = cpu_seconds(proc.pid), time.monotonic()
        time.sleep(seconds)
        c1, t1 = cpu_seconds(proc.pid), time.monotonic()
        if proc.poll() is not None:
            sys.exit(f"idekort exited during the measurement (code {proc.returncode})")
        return 100.0 * (c1 - c0) / (t1 - t0)
    finally:
        proc.terminate()
        proc.wait()


def bench_idle(seconds=10):
    print(f"== native: CPU over {seconds} s with the window open and no input (% of one core)")
    # The capture UI's idle screens (issue 4), opened with the example card (--preview): the
    # kiosk's attract screen, a half-filled step (the kiosk's idle timer armed), and a field in
    # edit with the on-screen keyboard up (the caret blinks twice a second).
    cases = [("start screen (personal device)", []),
             ("kiosk attract screen", ["--kiosk", "--preview", "attract"]),
             ("half-filled step, kiosk idle timer", ["--kiosk", "--preview", "idea"]),
             ("field in edit + keyboard (steady caret)", ["--kiosk", "--preview", "keyboard"])]
    with Xvfb() as x:
        figures = [(name, idle_cpu(x.display, args, seconds)) for name, args in cases]
        continuous = idle_cpu(x.display, ["--frames", "1000000"], seconds)
    for name, figure in figures:
        print(f"{name:38} {figure:6.2f} %  (target <= 0.5 %)")
    print(f"{'baseline, drawing every frame':38} {continuous:6.2f} %  (no vsync under Xvfb: unthrottled)")


def bench_sync(cards=1000):
    binary = os.path.join(ROOT, "build/native-release/bin/bench_sync")
    if not os.path.exists(binary):
        sys.exit(f"missing {binary}: build the native-release preset first")
    subprocess.run([binary, str(cards)], check=True)


def main():
    which = sys.argv[1:] or ["web", "load", "start", "idle", "sync"]
    print(f"# {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on {platform.node()}: "
          f"{os.cpu_count()} cores, {platform.machine()}, {platform.platform()}")
    for name in which:
        {"web": bench_web, "load": bench_load, "start": bench_start, "idle": bench_idle, "sync": bench_sync}[name]()


if __name__ == "__main__":
    main()
