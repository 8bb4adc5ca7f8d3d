#!/usr/bin/env python3
"""Writes a synthetic capture in the HOWTO's layout (date, free, ps -eo pid,ppid,rss,vsize,pcpu,pmem,cmd)
for the import benchmark: PROCS processes per sample, some churn (pids end, new ones start), a few
leakers and zombies, until the file reaches SIZE megabytes. Deterministic (seeded)."""
import random, sys, time

def main():
    out = sys.argv[1]
    size = int(sys.argv[2]) * 1_000_000 if len(sys.argv) > 2 else 100_000_000
    procs = int(sys.argv[3]) if len(sys.argv) > 3 else 1000
    rnd = random.Random(42)
    words = ["/usr/sbin/httpd", "/usr/bin/python3", "/usr/lib/jvm/java-17/bin/java", "/usr/sbin/sshd",
             "/usr/bin/perl", "/opt/app/bin/worker", "/usr/sbin/cimservera", "/usr/libexec/postfix/qmgr"]
    args = ["-D", "FOREGROUND", "--config", "/etc/app/app.conf", "-Xmx512m", "-jar", "/opt/app/app.jar", "-l", "-n", "-t"]
    next_pid = 1000
    live = []
    for i in range(procs):
        cmd = rnd.choice(words) + " " + " ".join(rnd.choice(args) for _ in range(rnd.randint(0, 6)))
        live.append([next_pid, rnd.randint(1, 999), rnd.randint(500, 400_000), 0, cmd, rnd.random() < 0.02])
        next_pid += 1
    t = 1_700_000_000
    total_kib = 16_303_412
    written = 0
    with open(out, "w") as f:
        while written < size:
            lines = [time.strftime("%a %b %d %H:%M:%S UTC %Y", time.gmtime(t))]
            free = 1_000_000 + rnd.randint(0, 100_000)
            lines.append("               total        used        free      shared  buff/cache   available")
            lines.append("Mem:      %10d  %10d  %10d  %10d  %10d  %10d" % (total_kib, total_kib - free - 3_000_000, free, 8924, 3_000_000, free + 2_500_000))
            lines.append("Swap:      %10d  %10d  %10d" % (2_097_148, 0, 2_097_148))
            lines.append("  PID  PPID   RSS    VSZ %CPU %MEM CMD")
            for p in live:
                if p[5]:
                    p[2] += rnd.randint(0, 200)  # leaker
                rss = p[2] + rnd.randint(-50, 50)
                lines.append("%5d %5d %5d %6d %4.1f %4.1f %s" % (p[0], p[1], rss, rss * 3 + 10_000, rnd.random() * 3,
                                                            100.0 * rss / total_kib, p[4]))
            for _ in range(3):  # churn: a few processes end, new ones start
                k = rnd.randrange(len(live))
                live[k][0] = next_pid
                next_pid += 1
            live.sort(key=lambda p: p[0])
            text = "\n".join(lines) + "\n"
            f.write(text)
            written += len(text)
            t += 10

if __name__ == "__main__":
    main()
