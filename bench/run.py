#!/usr/bin/env python3
"""sexton benchmarks, peers measured side by side in the same run (see BENCHMARKS.md).

  python3 bench/run.py snapshot [--procs 1000,5000] [--rounds 60]
      CPU per snapshot: sexton (./sexton bench) vs the C reader (../shared/bench/floor.c)
      vs `ps -eo pid,ppid,rss,vsize,pcpu,pmem,cmd -ww --sort=pid` + `free`, with N extra idle
      processes made by ../shared/bench/spawner.c.
  python3 bench/run.py footprint [--procs 1000] [--minutes 10]
      ./sexton record --interval 10s for the given time: peak RSS, RssAnon, CPU % of one core.
  python3 bench/run.py store [--procs 1000] [--snapshots 8640]
      bytes on disk per process-sample for a simulated day (./sexton bench --store-sim).
  python3 bench/run.py import [--mb 100] [--rounds 3]
      ./sexton import of a generated capture (bench/gen_capture.py: the HOWTO's date + free + ps loop,
      1,000 processes), fresh store each round: wall time and MB/s of the whole command, the import's
      own MB/s, peak RSS; peers in the same run: `wc -l` (reading the text) and an awk script that
      parses every ps row into per-pid sums (what people do with these files today).
  python3 bench/run.py leaks [--rounds 3]
      ./sexton leaks over a simulated day of 1,000 processes at 10 s (8.64 M process-samples; the store
      is built once into bench/out/sim-day.db by ./sexton bench --store-sim --keep): wall time and
      peak RSS of the whole command, read from its own /usr/bin/time.
  python3 bench/run.py report [--rounds 3]
      ./sexton report over the same simulated day (bench/out/sim-day.db): file size, time to write it, and
      the time headless Chromium takes to open it and run its scripts (--dump-dom), against the same
      for an empty page in the same rounds (the browser's own start).
  python3 bench/run.py dirs [--files 1000000] [--rounds 3]
      `./sexton dirs TREE --json` against `du -s TREE` on a generated tree of N small files (10 x 100
      directories, 0-4 KiB each, one in 100,000 of 1-8 MiB; made once into bench/out/tree-N, not timed),
      warm cache (one untimed walk of each first), the two alternating: median wall, CPU (user+sys) and
      peak RSS of each from its own wait4 rusage; checks sexton's files and bytes against the generator's.
Every process this script starts is ended by its PID.
"""
import argparse, json, os, random, resource, signal, statistics, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(os.path.dirname(ROOT), "shared", "bench")
OUT = os.path.join(ROOT, "bench", "out")


def build():
    os.makedirs(OUT, exist_ok=True)
    for name in ("floor", "spawner"):
        src, exe = os.path.join(SHARED, name + ".c"), os.path.join(OUT, name)
        if not os.path.exists(exe) or os.path.getmtime(exe) < os.path.getmtime(src):
            subprocess.run(["gcc", "-O2", "-o", exe, src], check=True)
    subprocess.run([os.path.join(ROOT, "sexton"), "--version"], check=True, stdout=subprocess.DEVNULL)


class Spawner:
    """N idle children (spawner.c); killed one by one by PID on exit."""

    def __init__(self, n):
        self.n, self.pids, self.proc = n, [], None

    def __enter__(self):
        if self.n <= 0:
            return self
        self.pidfile = tempfile.mktemp(prefix="sexton-spawner-")
        self.proc = subprocess.Popen([os.path.join(OUT, "spawner"), str(self.n), self.pidfile],
                                     stdout=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        if line.strip() != "ready":
            raise RuntimeError("spawner did not start")
        with open(self.pidfile) as f:
            self.pids = [int(x) for x in f.read().split()]
        return self

    def __exit__(self, *exc):
        for pid in self.pids:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        if self.proc:
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
            os.unlink(self.pidfile)


def children_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def ps_free_cpu_ms(rounds):
    out = []
    for _ in range(rounds):
        c0 = children_cpu()
        subprocess.run(["ps", "-eo", "pid,ppid,rss,vsize,pcpu,pmem,cmd", "-ww", "--sort=pid"], stdout=subprocess.DEVNULL, check=True)
        subprocess.run(["free"], stdout=subprocess.DEVNULL, check=True)
        out.append((children_cpu() - c0) * 1000)
    return out


def floor_cpu_ms(rounds):
    res = subprocess.run([os.path.join(OUT, "floor"), str(rounds + 10)], capture_output=True, text=True, check=True)
    rows = [l.split() for l in res.stdout.splitlines()][10:]  # first ones warm the dentry cache
    return [int(r[3]) / 1e6 for r in rows], int(rows[-1][1])


def sexton_bench(rounds):
    res = subprocess.run([os.path.join(ROOT, "sexton"), "bench", "--count", str(rounds), "--warmup", "30", "--json"],
                         capture_output=True, text=True, check=True)
    return json.loads(res.stdout)


def snapshot(args):
    build()
    rows = []
    for n in [int(x) for x in args.procs.split(",")]:
        with Spawner(n):
            time.sleep(1)
            # interleave the three readers to share the machine's noise
            floor, ps, sx = [], [], []
            procs = 0
            for _ in range(3):
                f, procs = floor_cpu_ms(args.rounds)
                floor += f
                ps += ps_free_cpu_ms(args.rounds // 3)
                sx.append(sexton_bench(args.rounds))
            s_med = statistics.median(b["snapshot_cpu_ms_median"] for b in sx)
            s_wall = statistics.median(b["snapshot_wall_ms_median"] for b in sx)
            w_med = statistics.median(b["store_write_ms_median"] for b in sx)
            jvm = statistics.median(b["snapshot_process_cpu_ms_mean"] for b in sx)
            row = dict(extra=n, processes=procs, sexton_cpu_ms=s_med, sexton_jvm_cpu_ms=jvm, sexton_wall_ms=s_wall, store_write_ms=w_med,
                       floor_cpu_ms=statistics.median(floor), ps_free_cpu_ms=statistics.median(ps))
            row["sexton_vs_floor"] = row["sexton_cpu_ms"] / row["floor_cpu_ms"]
            row["sexton_jvm_vs_floor"] = row["sexton_jvm_cpu_ms"] / row["floor_cpu_ms"]
            row["ps_free_vs_sexton"] = row["ps_free_cpu_ms"] / row["sexton_cpu_ms"]
            rows.append(row)
            print(json.dumps(row), flush=True)
    print("\n| processes | sexton CPU ms (median, reading thread) | sexton whole JVM CPU ms (mean) | C reader CPU ms | ps + free CPU ms | sexton / C reader (thread, whole JVM) | ps+free / sexton | sexton wall ms | store write ms |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['processes']} | {r['sexton_cpu_ms']:.2f} | {r['sexton_jvm_cpu_ms']:.2f} | {r['floor_cpu_ms']:.2f} | {r['ps_free_cpu_ms']:.2f} | "
              f"{r['sexton_vs_floor']:.2f}x, {r['sexton_jvm_vs_floor']:.2f}x | {r['ps_free_vs_sexton']:.1f}x | {r['sexton_wall_ms']:.2f} | {r['store_write_ms']:.2f} |")


def status_kib(pid, field):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def footprint(args):
    build()
    with Spawner(args.procs), tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "footprint.db")
        proc = subprocess.Popen([os.path.join(ROOT, "sexton"), "record", "--interval", "10s",
                                 "--duration", f"{args.minutes}m", "--db", db], stdout=subprocess.PIPE, text=True)
        try:
            time.sleep(3)
            # the launcher execs java, so the pid is the JVM's
            tck = os.sysconf("SC_CLK_TCK")
            def ticks():
                with open(f"/proc/{proc.pid}/stat") as f:
                    s = f.read()
                fields = s[s.rindex(")") + 2:].split()
                return int(fields[11]) + int(fields[12])
            t0, c0 = time.time(), ticks()
            peak_rss = peak_anon = 0
            samples = []
            while proc.poll() is None:
                try:
                    rss, anon = status_kib(proc.pid, "VmRSS"), status_kib(proc.pid, "RssAnon")
                    t1, c1 = time.time(), ticks()
                except (FileNotFoundError, ProcessLookupError):
                    break
                peak_rss, peak_anon = max(peak_rss, rss), max(peak_anon, anon)
                samples.append((rss, anon))
                time.sleep(5)
            out = proc.stdout.read()
        finally:
            if proc.poll() is None:
                proc.kill()
        cpu_pct = (c1 - c0) / tck / (t1 - t0) * 100
        print(out)
        print(json.dumps(dict(processes_extra=args.procs, minutes=args.minutes, peak_rss_mib=peak_rss / 1024,
                              peak_rss_anon_mib=peak_anon / 1024, cpu_pct_of_one_core=cpu_pct,
                              end_rss_mib=samples[-1][0] / 1024 if samples else None)))


def store(args):
    build()
    res = subprocess.run([os.path.join(ROOT, "sexton"), "bench", "--store-sim", "--processes", str(args.procs),
                          "--snapshots", str(args.snapshots), "--json"], capture_output=True, text=True, check=True)
    print(res.stdout)


def timed(cmd, **kw):
    """Runs a command; returns (wall seconds, peak RSS KiB of children, stdout)."""
    t0 = time.perf_counter()
    res = subprocess.run(cmd, capture_output=True, text=True, check=True, **kw)
    wall = time.perf_counter() - t0
    return wall, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, res.stdout


AWK_SUMS = r'''
/^ *PID/ { table = 1; next }
/^[A-Za-z]/ || /^ *total/ || /^Mem:/ || /^Swap:/ { table = 0; next }
table && NF >= 7 { rss[$1] += $3; vsz[$1] += $4; n++ }
END { print n, length(rss) }
'''


def import_(args):
    build()
    work = tempfile.mkdtemp(prefix="sexton-import-bench-")
    cap = os.path.join(work, "capture.txt")
    subprocess.run([sys.executable, os.path.join(ROOT, "bench", "gen_capture.py"), cap, str(args.mb), "1000"], check=True)
    size = os.path.getsize(cap)
    rows = {"sexton": [], "wc": [], "awk": []}
    inproc, peak = [], 0
    try:
        for r in range(args.rounds):
            db = os.path.join(work, "s%d.db" % r)
            wall, _, out = timed([os.path.join(ROOT, "sexton"), "import", cap, "--db", db, "--json"])
            j = json.loads(out)
            rows["sexton"].append(wall)
            inproc.append(j["mb_per_s"])
            # peak RSS of that one child, read from its own rusage via /usr/bin/time would be cleaner; the
            # max over children so far is an upper bound and only grows, so it is reported as such
            peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            rows["wc"].append(timed(["wc", "-l", cap])[0])
            rows["awk"].append(timed(["awk", AWK_SUMS, cap])[0])
            for f in os.listdir(work):
                if f.startswith("s%d.db" % r):
                    os.unlink(os.path.join(work, f))
    finally:
        os.unlink(cap)
        os.rmdir(work)
    med = {k: statistics.median(v) for k, v in rows.items()}
    print(json.dumps(dict(capture_mb=size / 1e6, rows=j["rows"], samples=j["samples"], rounds=args.rounds,
                          sexton_wall_s=med["sexton"], sexton_mb_per_s=size / 1e6 / med["sexton"],
                          sexton_import_mb_per_s=statistics.median(inproc),
                          sexton_rows_per_s=j["rows"] / med["sexton"],
                          wc_wall_s=med["wc"], awk_wall_s=med["awk"],
                          ratio_sexton_to_awk=med["sexton"] / med["awk"], ratio_sexton_to_wc=med["sexton"] / med["wc"],
                          peak_rss_mib_upper_bound=peak / 1024), indent=1))


def leaks(args):
    build()
    db = os.path.join(OUT, "sim-day.db")
    if not os.path.exists(db):
        subprocess.run([os.path.join(ROOT, "sexton"), "bench", "--store-sim", "--processes", "1000", "--snapshots", "8640",
                        "--keep", db], check=True, stdout=subprocess.DEVNULL)
    walls, rss = [], []
    for _ in range(args.rounds):
        res = subprocess.run(["/usr/bin/time", "-f", "%e %M", os.path.join(ROOT, "sexton"), "leaks", "--db", db, "--host",
                              "simulated", "--json"], capture_output=True, text=True)
        if res.returncode not in (0, 1):
            raise RuntimeError(res.stderr)
        wall, kib = res.stderr.strip().splitlines()[-1].split()
        walls.append(float(wall))
        rss.append(int(kib))
        found = json.loads(res.stdout)
    print(json.dumps(dict(process_samples=1000 * 8640, rounds=args.rounds, wall_s_median=statistics.median(walls),
                          wall_s_all=walls, peak_rss_mib=max(rss) / 1024, leaks_found=len(found["findings"]),
                          target_s=2.0, ratio_to_target=statistics.median(walls) / 2.0), indent=1))


CHROMIUM = ["/usr/bin/chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--dump-dom"]


def report(args):
    build()
    db = os.path.join(OUT, "sim-day.db")
    if not os.path.exists(db):
        subprocess.run([os.path.join(ROOT, "sexton"), "bench", "--store-sim", "--processes", "1000", "--snapshots", "8640",
                        "--keep", db], check=True, stdout=subprocess.DEVNULL)
    work = tempfile.mkdtemp(prefix="sexton-report-bench-")
    html = os.path.join(work, "report.html")
    empty = os.path.join(work, "empty.html")
    with open(empty, "w") as f:
        f.write("<!DOCTYPE html><html><body><p>empty</p></body></html>")
    write, open_report, open_empty = [], [], []
    try:
        for r in range(args.rounds):
            write.append(timed([os.path.join(ROOT, "sexton"), "report", "--db", db, "--host", "simulated", "-o", html])[0])
            for target, into in ((html, open_report), (empty, open_empty)):
                prof = os.path.join(work, "profile%d" % r)
                into.append(timed(CHROMIUM + ["--user-data-dir=" + prof, "file://" + target])[0])
        size = os.path.getsize(html)
    finally:
        subprocess.run(["rm", "-rf", work])
    print(json.dumps(dict(process_samples=8640000, report_bytes=size, write_s_median=statistics.median(write),
                          open_report_s_median=statistics.median(open_report), open_empty_s_median=statistics.median(open_empty),
                          report_open_minus_browser_start_s=statistics.median(open_report) - statistics.median(open_empty)), indent=1))


def make_tree(n):
    """bench/out/tree-N: 10 x 100 directories of n/1000 files; returns {files, bytes} from the marker written last."""
    tree = os.path.join(OUT, "tree-%d" % n)
    marker = os.path.join(OUT, "tree-%d.done" % n)
    if os.path.exists(marker):
        with open(marker) as f:
            return tree, json.load(f)
    subprocess.run(["rm", "-rf", tree], check=True)  # a half-made tree from an interrupted run
    rnd = random.Random(n)
    zeros = bytes(8 << 20)
    per = max(1, n // 1000)
    files = total = 0
    t0 = time.monotonic()
    for a in range(10):
        for b in range(100):
            d = os.path.join(tree, "a%02d" % a, "b%02d" % b)
            os.makedirs(d)
            for i in range(per):
                if files == n:
                    break
                size = rnd.randint(1 << 20, 8 << 20) if files % 100_000 == 99_999 else rnd.randint(0, 4096)
                fd = os.open(os.path.join(d, "f%04d" % i), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
                if size:
                    os.write(fd, zeros[:size])
                os.close(fd)
                files += 1
                total += size
    info = dict(files=files, bytes=total)
    with open(marker, "w") as f:
        json.dump(info, f)
    print("generated %s: %d files, %d bytes in %.0f s" % (tree, files, total, time.monotonic() - t0), file=sys.stderr)
    return tree, info


def run_rusage(argv):
    """Runs argv with stdout to /dev/null; returns (wall s, user+sys s, peak RSS KiB) of that child alone (wait4)."""
    acts = [(os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0)]
    t0 = time.monotonic()
    pid = os.posix_spawnp(argv[0], argv, os.environ, file_actions=acts)
    _, status, ru = os.wait4(pid, 0)
    wall = time.monotonic() - t0
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError("%s exited with %d" % (argv, os.waitstatus_to_exitcode(status)))
    return wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss


def dirs(args):
    os.makedirs(OUT, exist_ok=True)  # no C peers needed here, only the jar
    subprocess.run([os.path.join(ROOT, "sexton"), "--version"], check=True, stdout=subprocess.DEVNULL)
    tree, info = make_tree(args.files)
    sexton = [os.path.join(ROOT, "sexton"), "dirs", tree, "--json"]
    du = ["du", "-s", tree]
    out = json.loads(subprocess.run(sexton, capture_output=True, text=True, check=True).stdout)["dirs"][0]  # warm-up
    run_rusage(du)  # warm-up
    found = int(subprocess.run("find %s -type f | wc -l" % tree, shell=True, capture_output=True, text=True, check=True).stdout)
    rows = {"du": [], "sexton": []}
    for _ in range(args.rounds):
        for name, argv in (("du", du), ("sexton", sexton)):
            rows[name].append(run_rusage(argv))
    med = {k: [statistics.median(r[i] for r in v) for i in range(3)] for k, v in rows.items()}
    print(json.dumps(dict(files=info["files"], rounds=args.rounds, nproc=os.cpu_count(),
                          walls={k: [round(r[0], 3) for r in v] for k, v in rows.items()}), indent=1))
    print("\n| command | wall s (median) | CPU s user+sys | peak RSS MB |")
    print("|---|---|---|---|")
    for name, label in (("du", "`du -s TREE`"), ("sexton", "`./sexton dirs TREE --json`")):
        w, c, m = med[name]
        print(f"| {label} | {w:.3f} | {c:.3f} | {max(r[2] for r in rows[name]) / 1024:.0f} |")
    print(f"\nratio sexton/du wall: {med['sexton'][0] / med['du'][0]:.2f}x")
    ok_files = out["files"] == found == info["files"]
    ok_bytes = out["bytes"] == info["bytes"]
    print(f"files: sexton {out['files']}, find -type f {found}, generated {info['files']}: {'ok' if ok_files else 'MISMATCH'}")
    print(f"bytes: sexton {out['bytes']}, generated {info['bytes']}: {'ok' if ok_bytes else 'MISMATCH'}")
    if not (ok_files and ok_bytes):
        sys.exit(1)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    a = sub.add_parser("snapshot"); a.add_argument("--procs", default="1000,5000"); a.add_argument("--rounds", type=int, default=60)
    a = sub.add_parser("footprint"); a.add_argument("--procs", type=int, default=1000); a.add_argument("--minutes", type=int, default=10)
    a = sub.add_parser("store"); a.add_argument("--procs", type=int, default=1000); a.add_argument("--snapshots", type=int, default=8640)
    a = sub.add_parser("import"); a.add_argument("--mb", type=int, default=100); a.add_argument("--rounds", type=int, default=3)
    a = sub.add_parser("leaks"); a.add_argument("--rounds", type=int, default=3)
    a = sub.add_parser("report"); a.add_argument("--rounds", type=int, default=3)
    a = sub.add_parser("dirs"); a.add_argument("--files", type=int, default=1_000_000); a.add_argument("--rounds", type=int, default=3)
    args = p.parse_args()
    {"snapshot": snapshot, "footprint": footprint, "store": store, "import": import_, "leaks": leaks, "report": report, "dirs": dirs}[args.cmd](args)


if __name__ == "__main__":
    main()
