#!/usr/bin/env python3
"""pty_time.py - how long casework takes to answer, as a person sees it.

Runs the program in a pseudo-terminal (80x24 by default) and times, from
the moment before it is started or a key is sent to the last byte of the
screen it writes in answer:

  start          start-up to the first full caseload screen
  search_key     one character typed into the search ('/' then SEARCH,
                 one key at a time; the median key)
  search_worst   the slowest of those keys
  open           Enter on the first line to the case screen drawn
  peak_rss       the process's peak memory over the whole run (KiB)

Each figure is the median of --runs runs. Prints "name value unit" lines.

  pty_time.py [--runs 5] [--search smith] [--term T] -- COMMAND [ARG...]
"""
import argparse, fcntl, os, pty, select, signal, struct, sys, termios, time


def drain(fd, quiet_s, limit_s=10.0):
    """Reads until the program has been quiet for quiet_s; returns the
    time of the last byte read (or None) and how many bytes came."""
    last, got, start = None, 0, time.monotonic()
    mark = start
    while True:
        now = time.monotonic()
        if now - mark >= quiet_s or now - start >= limit_s:
            return last, got
        r, _, _ = select.select([fd], [], [], quiet_s - (now - mark))
        if not r:
            continue
        try:
            data = os.read(fd, 65536)
        except OSError:
            return last, got
        if not data:
            return last, got
        last = mark = time.monotonic()
        got += len(data)


def one_run(cmd, a):
    t0 = time.monotonic()
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["TERM"] = a.term
        os.environ["COLUMNS"], os.environ["LINES"] = str(a.cols), str(a.rows)
        os.execvp(cmd[0], cmd)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", a.rows, a.cols, 0, 0))
    quiet = a.quiet_ms / 1000.0
    out = {}
    last, got = drain(fd, max(quiet, 0.5))
    if last is None:
        sys.exit("pty_time: the program wrote nothing")
    out["start"] = last - t0

    def key(data):
        t = time.monotonic()
        os.write(fd, data)
        last, got = drain(fd, quiet)
        return (last - t) if last is not None else 0.0

    key(b"/")
    keys = [key(bytes([ch])) for ch in a.search.encode()]
    keys.sort()
    out["search_key"] = keys[len(keys) // 2]
    out["search_worst"] = keys[-1]
    key(b"\x1b")  # clear the search: back to the whole caseload
    out["open"] = key(b"\r")
    os.kill(pid, signal.SIGTERM)
    drain(fd, 0.2)
    _, status, ru = os.wait4(pid, 0)
    os.close(fd)
    out["peak_rss"] = ru.ru_maxrss
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cols", type=int, default=80)
    ap.add_argument("--rows", type=int, default=24)
    ap.add_argument("--term", default="xterm-256color")
    ap.add_argument("--quiet-ms", type=int, default=150)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--search", default="smith")
    ap.add_argument("command", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    cmd = a.command[1:] if a.command[:1] == ["--"] else a.command
    if not cmd:
        ap.error("no command given")
    runs = [one_run(cmd, a) for _ in range(a.runs)]

    def median(k):
        v = sorted(r[k] for r in runs)
        return v[len(v) // 2]

    for k in ("start", "search_key", "search_worst", "open"):
        print("%s %.1f ms" % (k, median(k) * 1000.0))
    print("peak_rss %d KiB" % max(r["peak_rss"] for r in runs))


if __name__ == "__main__":
    main()
