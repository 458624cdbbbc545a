"""Scale of `vks process`, side by side in one run, on synthetic portals (the sample articles' own sentences
recombined; no real text), written straight into a raw WARC + ledger so that only `process` is measured.

1. throughput: articles per second, serial vs 2 Dask workers (goal: >= 1.7x on 2 cores);
2. the time to add 10 articles to a 1,000-article and to a 10,000-article dataset (goal: within 1.5x);
3. peak RSS of the process stage while building the 10,000-article dataset (goal: < 1.5 GB).

The 2-worker runs use a LocalCluster started before the clock starts (as `--scheduler` does with a running
cluster): worker start-up is a constant, not a rate. Datasets are built by child processes so that each
one's peak RSS is its own.

    .venv/bin/python benchmarks/scale.py [--throughput 1000] [--small 1000] [--large 10000] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pipeline import __version__
from pipeline.config import load_settings
from pipeline.process import process
from pipeline.sample_portal.synthetic import synthetic_crawl

ADDED_FIRST_ID = 5_000_000


def settings(data_dir: Path, **kw):
    return load_settings(config_file=None, data_dir=data_dir, delay=0.0, **kw)


def timed_process(data_dir: Path, **kw) -> tuple[float, int]:
    start = time.perf_counter()
    summary = process(settings(data_dir, **kw))
    return time.perf_counter() - start, summary.parsed


def child_build(data_dir: Path, n: int, scheduler: str) -> dict:
    """Build a dataset of ``n`` articles in a child process; its wall time and peak RSS."""
    synthetic_crawl(data_dir / "raw", n, seed=1)
    env = {k: v for k, v in os.environ.items() if not k.startswith("VKS_")}
    if scheduler:
        env["VKS_SCHEDULER"] = scheduler
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "process", "--data-dir", str(data_dir), "--quiet"],
                            env=env, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)  # this child's own peak resident set
    proc.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - start
    if proc.returncode:
        raise SystemExit(f"vks process failed on {data_dir} (exit {proc.returncode})")
    peak_kb = usage.ru_maxrss
    return {"articles": n, "seconds": round(seconds, 1), "peak_rss_mb": round(peak_kb / 1024)}


def add_ten(data_dir: Path) -> float:
    synthetic_crawl(data_dir / "raw", 10, seed=7, first_id=ADDED_FIRST_ID)
    seconds, parsed = timed_process(data_dir)
    assert parsed == 10, parsed
    return seconds


def worker_rss_mb(client) -> list[int]:
    def rss() -> int:
        import psutil

        return psutil.Process().memory_info().rss

    return sorted(round(v / 2**20) for v in client.run(rss).values())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--throughput", type=int, default=1000,
                    help="articles for the serial vs 2-worker rate (a steady rate: more than a per-run constant)")
    ap.add_argument("--small", type=int, default=1000)
    ap.add_argument("--large", type=int, default=10000)
    ap.add_argument("--large-serial", action="store_true", help="build the large dataset serially (slow)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    import logging

    from distributed import Client, LocalCluster

    from pipeline.classify import default_model

    root = Path(tempfile.mkdtemp(prefix="vks-scale-"))
    default_model(root / "warm")  # the default model, trained once or copied from the user cache
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                           silence_logs=logging.ERROR)
    client = Client(cluster)
    address = cluster.scheduler_address
    result: dict = {"pipeline_version": __version__, "python": platform.python_version(),
                    "cpus": os.cpu_count()}
    try:
        # 0. the cluster's workers load underthesea and the model once, before any clock runs
        synthetic_crawl(root / "warmup" / "raw", 4, seed=2)
        timed_process(root / "warmup", scheduler=address)

        # 1. the datasets
        large = child_build(root / "large", args.large, "" if args.large_serial else address)
        large["how"] = "serial" if args.large_serial else "2 workers (driver's RSS)"
        large["worker_rss_mb"] = None if args.large_serial else worker_rss_mb(client)
        small = child_build(root / "small", args.small, address)

        # 2. adding 10 articles, serial as a nightly run would, to both datasets
        add_small, add_large = add_ten(root / "small"), add_ten(root / "large")

        # 3. throughput on the same synthetic articles, serial then on the 2 workers
        synthetic_crawl(root / "serial" / "raw", args.throughput, seed=3)
        synthetic_crawl(root / "parallel" / "raw", args.throughput, seed=3)
        t_serial, n1 = timed_process(root / "serial")
        t_parallel, n2 = timed_process(root / "parallel", scheduler=address)
        assert n1 == n2 == args.throughput
    finally:
        client.close()
        cluster.close()
    result.update({
        "throughput": {"articles": args.throughput, "serial_per_s": round(n1 / t_serial, 1),
                       "workers2_per_s": round(n2 / t_parallel, 1), "speedup": round(t_serial / t_parallel, 2)},
        "add_10": {f"to_{args.small}": round(add_small, 2), f"to_{args.large}": round(add_large, 2),
                   "ratio": round(add_large / add_small, 2)},
        "build": {"large": large, "small": small},
    })
    if args.json:
        print(json.dumps(result, indent=2))
        return
    t, a, b = result["throughput"], result["add_10"], result["build"]
    print(f"vks-pipeline {__version__}, Python {result['python']}, {result['cpus']} CPUs; data in {root}")
    print(f"{'':34} {'serial':>12} {'2 workers':>12} {'ratio':>8}  goal")
    print(f"{'articles/s (' + str(t['articles']) + ' articles)':34} {t['serial_per_s']:>12} {t['workers2_per_s']:>12} "
          f"{t['speedup']:>7}x  >= 1.7x")
    print(f"{'':34} {str(args.small) + ' arts':>12} {str(args.large) + ' arts':>12}")
    print(f"{'add 10 articles, seconds':34} {a[f'to_{args.small}']:>12} {a[f'to_{args.large}']:>12} "
          f"{a['ratio']:>7}x  <= 1.5x")
    print(f"{'build the dataset, seconds':34} {b['small']['seconds']:>12} {b['large']['seconds']:>12}")
    print(f"{'peak RSS of process, MB':34} {b['small']['peak_rss_mb']:>12} {b['large']['peak_rss_mb']:>12}"
          f"           < 1536 MB at {args.large} ({b['large']['how']})")
    if b["large"]["worker_rss_mb"]:
        print(f"{'workers RSS after the build, MB':34} {'':>12} {str(b['large']['worker_rss_mb']):>12}")


if __name__ == "__main__":
    main()
