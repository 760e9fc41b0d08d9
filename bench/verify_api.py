"""Benchmark of the verification API against a trivial endpoint of the same server.

Drives N concurrent clients (Python threads, one keep-alive ``http.client``
connection each) for a fixed time against

* ``GET /api/v1/ping``                          (baseline: routing + ninja, no database)
* ``GET /api/v1/declarations/{random existing ID}`` (the real lookup)

alternating rounds of each so both see the same machine state, and reports
throughput, the lookup/baseline ratio and p50/p99 latency. IDs are sampled
from the database the server uses. Loopback only; see bench/README.md.

    python bench/verify_api.py --url http://127.0.0.1:8003 --clients 16 --seconds 10 --rounds 3
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent


def sample_ids(n: int) -> list[str]:
    """Random existing declaration IDs, straight from the database in DATABASE_URL."""
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "secaction.settings")
    os.environ.setdefault("DEBUG", "1")
    import django

    django.setup()
    from django.db import connection

    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute(
                "SELECT declaration_code FROM registry_registryentry TABLESAMPLE SYSTEM (5) LIMIT %s", [n]
            )
        else:
            cur.execute("SELECT declaration_code FROM registry_registryentry ORDER BY random() LIMIT %s", [n])
        ids = [row[0] for row in cur.fetchall()]
    if not ids:
        raise SystemExit("no declarations in the database: run generate_load_data first")
    return ids


def run_phase(url: str, paths: list[str], clients: int, seconds: float) -> dict[str, float]:
    """Hammer ``paths`` (chosen at random per request) with ``clients`` threads for ``seconds``."""
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit("loopback only")
    latencies: list[list[float]] = [[] for _ in range(clients)]
    errors = [0] * clients
    stop = time.perf_counter() + seconds
    start_gate = threading.Barrier(clients + 1)

    def worker(i: int) -> None:
        rng = random.Random(i)
        conn = http.client.HTTPConnection(host, port, timeout=10)
        mine = latencies[i]
        start_gate.wait()
        while True:
            t0 = time.perf_counter()
            if t0 >= stop:
                break
            try:
                conn.request("GET", rng.choice(paths), headers={"Connection": "keep-alive"})
                resp = conn.getresponse()
                resp.read()
                ok = resp.status == 200
                if resp.getheader("Connection", "").lower() == "close":
                    conn.close()
            except (OSError, http.client.HTTPException):
                ok = False
                conn.close()
                conn = http.client.HTTPConnection(host, port, timeout=10)
            mine.append(time.perf_counter() - t0)
            if not ok:
                errors[i] += 1
        conn.close()

    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(clients)]
    for t in threads:
        t.start()
    began = time.perf_counter()
    start_gate.wait()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - began
    all_lat = sorted(x for lst in latencies for x in lst)
    n = len(all_lat)
    return {
        "requests": n,
        "errors": sum(errors),
        "seconds": elapsed,
        "rps": n / elapsed if elapsed else 0.0,
        "p50_ms": 1000 * all_lat[n // 2] if n else 0.0,
        "p99_ms": 1000 * all_lat[min(n - 1, int(n * 0.99))] if n else 0.0,
        "mean_ms": 1000 * statistics.fmean(all_lat) if n else 0.0,
    }


WRK_SCRIPT = """
local paths = {}
for line in io.lines(os.getenv("BENCH_PATHS")) do paths[#paths + 1] = line end
local n = #paths
local counter = 0
function setup(thread) counter = counter + 1; thread:set("seed", counter) end
function init(args) math.randomseed(seed * 7919 + os.time()) end
function request() return wrk.format("GET", paths[math.random(n)]) end
function response(status, headers, body) if status ~= 200 then errors_seen = (errors_seen or 0) + 1 end end
"""

_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def _wrk_ms(text: str) -> float:
    m = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text.strip())
    if not m:
        raise ValueError(f"unexpected wrk duration {text!r}")
    return float(m.group(1)) * _UNITS[m.group(2)]


def parse_wrk(output: str, seconds: float) -> dict[str, float]:
    """Throughput and percentiles from ``wrk --latency`` output."""
    pct = {int(p): _wrk_ms(v) for p, v in re.findall(r"^\s+(50|99)%\s+(\S+)$", output, re.M)}
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
    total = int(re.search(r"(\d+) requests in", output).group(1))  # type: ignore[union-attr]
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    errors = (int(non2xx.group(1)) if non2xx else 0) + (sum(int(x) for x in sock.groups()) if sock else 0)
    return {
        "requests": total,
        "errors": errors,
        "seconds": total / rps if rps else seconds,
        "rps": rps,
        "p50_ms": pct.get(50, 0.0),
        "p99_ms": pct.get(99, 0.0),
        "mean_ms": 0.0,
    }


def run_phase_wrk(url: str, paths: list[str], clients: int, seconds: float, threads: int) -> dict[str, float]:
    """The same phase driven by wrk (C, event loop): far less client CPU than Python threads."""
    host = urlsplit(url).hostname
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit("loopback only")
    with tempfile.TemporaryDirectory() as tmp:
        paths_file = Path(tmp) / "paths.txt"
        paths_file.write_text("\n".join(paths) + "\n")
        script = Path(tmp) / "bench.lua"
        script.write_text(WRK_SCRIPT)
        out = subprocess.run(
            [
                "wrk",
                f"-t{threads}",
                f"-c{clients}",
                f"-d{max(1, int(seconds))}s",
                "--latency",
                "-s",
                str(script),
                url,
            ],
            capture_output=True,
            text=True,
            check=True,
            timeout=seconds + 30,
            env={**os.environ, "BENCH_PATHS": str(paths_file)},
        ).stdout
    return parse_wrk(out, seconds)


def _proc_cpu_seconds(pid: int) -> float:
    """User + system CPU of one process (all its threads), 0 if it is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0.0
    fields = stat[stat.rindex(")") + 2 :].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _descendants(pid: int) -> list[int]:
    found = [pid]
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        for child in task.read_text().split():
            found.extend(_descendants(int(child)))
    return found


def server_pids(master_pid: int) -> list[int]:
    """The gunicorn master and its workers, plus every PostgreSQL process on this machine."""
    postgres = [
        int(p.parent.name) for p in Path("/proc").glob("[0-9]*/comm") if _read_quietly(p) == "postgres"
    ]
    return _descendants(master_pid) + postgres


def _read_quietly(path: Path) -> str:
    try:
        return path.read_text().strip()
    except OSError:
        return ""


def server_cpu_seconds(master_pid: int | None) -> float:
    """CPU used so far by the server side (gunicorn + PostgreSQL); 0 when no master PID is known.

    Unlike requests per second, CPU per request hardly moves when other jobs on a
    shared machine take the cores away, so it makes the fairer cost comparison.
    """
    if master_pid is None:
        return 0.0
    return sum(_proc_cpu_seconds(pid) for pid in server_pids(master_pid))


def master_pid_read(path: Path) -> int | None:
    try:
        pid = int(path.read_text().strip())
    except (OSError, ValueError):
        return None
    return pid if Path(f"/proc/{pid}").exists() else None


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--url", default="http://127.0.0.1:8003")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=10.0, help="length of each round (bounded run time)")
    parser.add_argument("--rounds", type=int, default=3, help="alternating baseline/lookup rounds")
    parser.add_argument("--ids", type=int, default=20000, help="how many existing IDs to sample")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    parser.add_argument(
        "--driver",
        choices=["python", "wrk"],
        default="python",
        help="load generator: Python threads (default) or Debian's wrk (less client CPU on a small machine)",
    )
    parser.add_argument("--wrk-threads", type=int, default=1, help="wrk threads (with --driver wrk)")
    parser.add_argument(
        "--server-pidfile",
        type=Path,
        default=ROOT / "var" / "bench-gunicorn.pid",
        help="gunicorn master PID file (bench/serve.sh writes this one): adds server CPU per request",
    )
    args = parser.parse_args()
    if args.driver == "wrk" and not shutil.which("wrk"):
        raise SystemExit("wrk not found: apt-get install wrk")

    master = master_pid_read(args.server_pidfile)

    def phase(paths: list[str], seconds: float) -> dict[str, float]:
        cpu_before = server_cpu_seconds(master)
        if args.driver == "wrk":
            res = run_phase_wrk(args.url, paths, args.clients, seconds, args.wrk_threads)
        else:
            res = run_phase(args.url, paths, args.clients, seconds)
        res["server_cpu_s"] = server_cpu_seconds(master) - cpu_before
        return res

    ids = sample_ids(args.ids)
    lookup = [f"/api/v1/declarations/{i}" for i in ids]
    baseline = ["/api/v1/ping"]
    phase(baseline + lookup[:200], 2.0)  # warm up connections and caches

    rounds: dict[str, list[dict[str, float]]] = {"baseline": [], "lookup": []}
    for r in range(args.rounds):
        for name, paths in (("baseline", baseline), ("lookup", lookup)):
            res = phase(paths, args.seconds)
            rounds[name].append(res)
            print(
                f"round {r + 1} {name:8s} {res['rps']:8.1f} req/s  p50 {res['p50_ms']:6.2f} ms  "
                f"p99 {res['p99_ms']:6.2f} ms  errors {res['errors']}"
                + (
                    f"  server CPU {1000 * res['server_cpu_s'] / res['requests']:.3f} ms/req"
                    if master
                    else ""
                ),
                flush=True,
            )

    def total(name: str) -> dict[str, float]:
        rs = rounds[name]
        return {
            "rps": sum(x["requests"] for x in rs) / sum(x["seconds"] for x in rs),
            "p50_ms": statistics.median(x["p50_ms"] for x in rs),
            "p99_ms": max(x["p99_ms"] for x in rs),
            "errors": sum(x["errors"] for x in rs),
            "server_cpu_ms_per_request": 1000
            * sum(x["server_cpu_s"] for x in rs)
            / sum(x["requests"] for x in rs),
        }

    base, look = total("baseline"), total("lookup")
    summary = {
        "driver": args.driver,
        "clients": args.clients,
        "sampled_ids": len(ids),
        "baseline": base,
        "lookup": look,
        "ratio": look["rps"] / base["rps"] if base["rps"] else 0.0,
        # Requests per server-CPU-second, lookup against baseline: the cost ratio, robust to a noisy machine.
        "cpu_ratio": (
            base["server_cpu_ms_per_request"] / look["server_cpu_ms_per_request"]
            if master and look["server_cpu_ms_per_request"]
            else None
        ),
        "target": {"ratio_min": 0.30, "p99_ms_max": 25.0},
    }
    summary["pass"] = summary["ratio"] >= 0.30 and look["p99_ms"] < 25.0 and look["errors"] == 0
    if args.json:
        print(json.dumps(summary, indent=2))
    else:
        print(
            f"\nbaseline {base['rps']:.1f} req/s (p50 {base['p50_ms']:.2f} ms, p99 {base['p99_ms']:.2f} ms)\n"
            f"lookup   {look['rps']:.1f} req/s (p50 {look['p50_ms']:.2f} ms, p99 {look['p99_ms']:.2f} ms)\n"
            f"ratio    {summary['ratio']:.2f} (target >= 0.30; p99 target < 25 ms) -> "
            f"{'PASS' if summary['pass'] else 'FAIL'}"
        )
        if summary["cpu_ratio"] is not None:
            print(
                f"server CPU per request: baseline {base['server_cpu_ms_per_request']:.3f} ms, "
                f"lookup {look['server_cpu_ms_per_request']:.3f} ms (gunicorn + PostgreSQL); "
                f"cost ratio {summary['cpu_ratio']:.2f}"
            )


if __name__ == "__main__":
    main()
