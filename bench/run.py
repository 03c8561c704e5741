"""`make bench`: grid page throughput, PDF render times, page weight, directory search latency,
feed import time and a record page with many care plans, each against a baseline measured in the
same run (see bench/README.md). Not part of CI: numbers depend on the machine.

Pages run against a throwaway SQLite database and static folder in a temporary directory, with
production settings (DEBUG off, manifest + compressed static files) served by gunicorn. The
directory search (bench/directory_search.py) runs on throwaway SQLite and PostgreSQL databases.
"""

import argparse
import http.client
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # allow `python bench/run.py` without PYTHONPATH
    sys.path.insert(0, str(REPO))

from bench import directory_search, feed_import, load, record_page, server, sizes  # noqa: E402

BASELINE = "/bench/bare/"
LAYOUT = "/bench/layout/"
GRID = "/grids/low-mood/nhs/"
GRID_AR = "/ar/grids/low-mood/nhs/"
PDF = GRID + "print.pdf"
PDF_AR = GRID_AR + "print.pdf"
PAGE_GOAL_RATIO = 0.8
PDF_GOAL_SECONDS = 1.0


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=4, help="seconds per throughput run")
    parser.add_argument(
        "--warmup",
        type=int,
        default=0,
        help="seconds of load before each run, after every worker has rendered the page",
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=2,
        help="throughput rounds, interleaved; the median of each page is used",
    )
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=1, help="wrk threads")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--client", choices=["auto", "wrk", "python"], default="auto")
    parser.add_argument("--pdf-runs", type=int, default=3, help="cold renders per PDF (median)")
    parser.add_argument(
        "--suite",
        choices=["all", "pages", "directory", "feeds", "records"],
        default="all",
        help="pages: throughput, weight, PDFs; directory: search latency; feeds: import time; "
        "records: a record page with many care plans",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="a smoke test: one 1 s round, one PDF run, a directory of 2,000 services",
    )
    args = parser.parse_args()
    if args.quick:
        args.duration, args.rounds, args.pdf_runs = 1, 1, 1
    return args


def bench_environment(tmp: Path):
    env = dict(os.environ)
    for name in [name for name in env if name.startswith(("DJANGO_", "THRIVEGRIDS_"))]:
        del env[name]  # nothing from the caller's shell changes what is measured
    env.update(
        PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
        DJANGO_SETTINGS_MODULE="bench.settings",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="bench-only-key-not-secret-" + "x" * 40,
        DJANGO_SECURE="false",
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=f"sqlite:///{tmp / 'bench.sqlite3'}",
        CACHE_URL="",
        LOG_LEVEL="WARNING",
        BENCH_STATIC_ROOT=str(tmp / "static"),
    )
    env.pop("DATABASE_CONN_MAX_AGE", None)
    return env


def start(env, *arguments):
    """A Python subprocess in the repository with the bench environment; output kept for errors."""
    return subprocess.Popen(
        [sys.executable, *arguments],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def wait(process):
    output, _ = process.communicate()
    if process.returncode != 0:
        sys.exit(f"{' '.join(process.args[1:])} failed:\n{output}")


def prepare(env):
    if not (REPO / "thrivegrids/core/static/vendor/nhsuk").is_dir():
        sys.exit("The NHS.UK frontend is not vendored yet: run `make static` (or `make bench`).")
    started = time.perf_counter()
    # The slow step (compressing every file), so it runs alongside the others.
    collect = start(env, "-m", "bench.collect_static")
    try:
        wait(start(env, "manage.py", "migrate", "--no-input", "-v0"))
        wait(start(env, "manage.py", "load_grids", "content/grids"))
        wait(collect)
    finally:
        if collect.poll() is None:
            collect.kill()
            collect.wait()
    print(
        f"Prepared a throwaway database and static folder in {time.perf_counter() - started:.1f} s"
    )


def request(port, path, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        response.read()
        return response
    finally:
        connection.close()


def throughput(port, args, client):
    etag = request(port, GRID).getheader("ETag")
    if not etag:
        sys.exit(f"{GRID} sent no ETag, so the 304 benchmark cannot run")
    targets = [
        ("baseline", "bare Django + Jinja2 page", BASELINE, 200, ()),
        ("grid_en", f"grid page {GRID}", GRID, 200, ()),
        ("grid_ar", f"grid page {GRID_AR}", GRID_AR, 200, ()),
        (
            "grid_304",
            f"grid page {GRID} If-None-Match (304)",
            GRID,
            304,
            (("If-None-Match", etag),),
        ),
        ("layout", "layout shell only (for reading)", LAYOUT, 200, ()),
    ]
    for _, _, path, expected, headers in targets:
        status = request(port, path, dict(headers)).status
        if status != expected:
            sys.exit(f"GET {path} answered {status}, expected {expected}")

    runs = {key: [] for key, *_ in targets}
    for round_number in range(1, args.rounds + 1):
        for key, label, path, expected, headers in targets:
            result = load.measure(
                "127.0.0.1",
                port,
                path,
                client=client,
                duration=args.duration,
                warmup=args.warmup,
                connections=args.connections,
                threads=args.threads,
                workers=args.workers,
                expected_status=expected,
                headers=headers,
            )
            runs[key].append(result)
            note = f", {result.errors} errors" if result.errors else ""
            print(
                f"  round {round_number}  {label:<52} {result.requests_per_second:8.0f} req/s"
                f"  p50 {fmt_ms(result.latency_p50_ms)}  p99 {fmt_ms(result.latency_p99_ms)}{note}",
                flush=True,
            )
    return {key: (label, runs[key]) for key, label, *_ in targets}


def fmt_ms(value):
    return "   n/a" if value is None else f"{value:5.1f}ms"


def median_rate(results):
    return statistics.median(r.requests_per_second for r in results)


def page_weights(port):
    weights = {}
    for path in (GRID, GRID_AR):
        assets, html = sizes.page_weight(port, path)
        proxy_gzip, proxy_brotli = sizes.compressed_html(html)
        weights[path] = (assets, proxy_gzip, proxy_brotli)
        print(f"\n  {path}")
        print(f"    {'file':<58} {'raw':>9} {'gzip':>9} {'br':>9}")
        for asset in assets:
            gzip_text = f"{asset.gzip:9,}" if asset.gzip_served else f"{'(none)':>9}"
            brotli_text = f"{asset.brotli:9,}" if asset.brotli_served else f"{'(none)':>9}"
            print(
                f"    {asset.kind + ' ' + asset.path:<58.58} {asset.raw:9,} {gzip_text} {brotli_text}"
            )
        print(
            f"    {'html if a proxy compressed it (gzip -6 / brotli)':<58} {'':>9} "
            f"{proxy_gzip:9,} {proxy_brotli or 0:9,}"
        )
    return weights


def weight_totals(assets, proxy_gzip, proxy_brotli):
    """Raw total; as served by this app alone; and with a compressing proxy in front for the HTML."""
    raw = sum(a.raw for a in assets)
    served = sum(a.brotli if a.brotli_served else a.gzip for a in assets)
    html = assets[0]
    proxied = (
        served - (html.brotli if html.brotli_served else html.gzip) + (proxy_brotli or proxy_gzip)
    )
    return raw, served, proxied


def pdf_times(env, runs):
    result = subprocess.run(
        [sys.executable, "-m", "bench.pdf_times", "--runs", str(runs), PDF, PDF_AR],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        sys.exit(f"PDF benchmark failed:\n{result.stdout}{result.stderr}")
    times = json.loads(result.stdout.strip().splitlines()[-1])
    print(
        f"  first PDF in a fresh worker ({times['first_path']}): {times['first_seconds']:.3f} s, "
        f"of which importing WeasyPrint {times['import_seconds']:.3f} s"
    )
    for path, page in times["pages"].items():
        cold_all = ", ".join(f"{t:.3f}" for t in page["cold_all"])
        print(
            f"  {path:<32} cold {page['cold_seconds']:.3f} s (runs: {cold_all})"
            f"  cached {page['cached_seconds'] * 1000:.1f} ms  {page['bytes']:,} bytes"
        )
    return times


def yes_no(ok):
    return "met" if ok else "MISSED"


def summary_rows(rates, times, weights):
    """(measure, value, baseline, ratio, goal) for every benchmark."""
    base = median_rate(rates["baseline"][1])
    rows = [("bare Django + Jinja2 page (the baseline)", f"{base:.0f} req/s", "", "1.00x", "")]
    for key in ("grid_en", "grid_ar", "grid_304", "layout"):
        label, results = rates[key]
        ratio = median_rate(results) / base
        goal = f">= {PAGE_GOAL_RATIO}x {yes_no(ratio >= PAGE_GOAL_RATIO)}"
        rate = f"{median_rate(results):.0f} req/s"
        rows.append(
            (label, rate, f"{base:.0f} req/s", f"{ratio:.2f}x", "" if key == "layout" else goal)
        )

    for path, page in times["pages"].items():
        cold, cached = page["cold_seconds"], page["cached_seconds"]
        goal = f"cold <= {PDF_GOAL_SECONDS:.0f} s {yes_no(cold <= PDF_GOAL_SECONDS)}"
        rows.append(
            (
                f"PDF {path} cold vs cached",
                f"{cold:.3f} s",
                f"{cached * 1000:.1f} ms",
                f"{cold / cached:.0f}x",
                goal,
            )
        )
    first = times["first_seconds"]
    cold = times["pages"][times["first_path"]]["cold_seconds"]
    goal = f"<= {PDF_GOAL_SECONDS:.0f} s {yes_no(first <= PDF_GOAL_SECONDS)}"
    label = "PDF first in a fresh worker vs cold"
    rows.append((label, f"{first:.3f} s", f"{cold:.3f} s", f"{first / cold:.1f}x", goal))

    for path, (assets, proxy_gzip, proxy_brotli) in weights.items():
        raw, served, proxied = weight_totals(assets, proxy_gzip, proxy_brotli)
        rows.append(
            (
                f"page weight {path} as served",
                f"{served:,} B",
                f"{raw:,} B",
                f"{served / raw:.2f}x",
                "baseline: uncompressed",
            )
        )
        rows.append(
            (
                f"page weight {path} HTML compressed too",
                f"{proxied:,} B",
                f"{raw:,} B",
                f"{proxied / raw:.2f}x",
                "by a proxy (nginx gzip on)",
            )
        )
    return rows


def summary(rows, args, client, load_before):
    client_text = (
        f"wrk -t{args.threads} -c{args.connections}"
        if client == "wrk"
        else f"Python client x{min(args.connections, 16)}"
    )
    print(
        f"\n== Summary: {os.cpu_count()} CPUs (load average {load_before:.1f} at start), "
        f"gunicorn {args.workers} sync workers, {client_text}, "
        f"median of {args.rounds} x {args.duration} s =="
    )
    line = "{:<52} {:>12} {:>12} {:>8}  {}"
    print(line.format("measure", "value", "baseline", "ratio", "goal"))
    for row in rows:
        print(line.format(*row).rstrip())


def pages(args, env, tmp, client, load_before):
    prepare(env)
    with server.gunicorn(
        env=env, cwd=REPO, log_path=tmp / "gunicorn.log", workers=args.workers
    ) as port:
        print(f"\n-- Throughput (requests per second) on 127.0.0.1:{port} --")
        rates = throughput(port, args, client)
        print(
            "\n-- Transferred size (bytes; gzip/br as served by WhiteNoise; "
            "Django pages are not compressed by the app) --"
        )
        weights = page_weights(port)
    print("\n-- PDF render times (in-process test client, local-memory cache) --")
    times = pdf_times(env, args.pdf_runs)
    summary(summary_rows(rates, times, weights), args, client, load_before)


def main():
    args = parse_args()
    # A SIGTERM (e.g. from a CI timeout) becomes SystemExit so the server is still stopped.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    client = args.client
    if client == "auto":
        client = "wrk" if load.wrk_path() else "python"
    if client == "wrk" and not load.wrk_path():
        sys.exit("wrk is not installed (apt-get install wrk), or use --client python")
    if client == "python" and args.suite in ("all", "pages"):
        print("wrk not found: using the Python client (lower absolute numbers; ratios still hold)")

    started = time.perf_counter()
    load_before = os.getloadavg()[0]
    if load_before > (os.cpu_count() or 1) / 2:
        print(
            f"Note: load average {load_before:.1f} on {os.cpu_count()} CPUs before starting; "
            "other work on this machine makes the numbers noisy (the ratios less so)."
        )
    tmp = Path(tempfile.mkdtemp(prefix="thrivegrids-bench-"))
    try:
        env = bench_environment(tmp)
        if args.suite in ("all", "pages"):
            pages(args, env, tmp, client, load_before)
        if args.suite in ("all", "directory"):
            directory = directory_search.parse_args(["--quick"] if args.quick else [])
            print(f"\n-- Directory search over {directory.services:,} synthetic services --")
            results = directory_search.run(directory, env, tmp)
            directory_search.print_summary(
                directory_search.summary_rows(results), directory, load_before
            )
        for name, module in (("feeds", feed_import), ("records", record_page)):
            if args.suite in ("all", name):
                module.suite(env, tmp, quick=args.quick, load_before=load_before)
    except BaseException:
        log = tmp / "gunicorn.log"
        if log.exists() and log.stat().st_size:
            print(f"\ngunicorn log:\n{log.read_text()[-3000:]}", file=sys.stderr)
        raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"\nFinished in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
