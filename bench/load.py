"""Requests per second against a running server: wrk when installed, else a Python client."""

import dataclasses
import http.client
import re
import shutil
import statistics
import subprocess
import threading
import time


@dataclasses.dataclass
class Throughput:
    requests_per_second: float
    requests: int
    latency_p50_ms: float | None
    latency_p99_ms: float | None
    errors: int  # socket errors and responses with an unexpected status


def wrk_path():
    return shutil.which("wrk")


def _ms(value, unit):
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}[unit]


def run_wrk(url, *, duration, connections, threads, headers=()):
    # A long timeout: a slow page queues behind 32 connections, and a timed-out request would
    # count as an error instead of as the latency it really had.
    command = [
        wrk_path(),
        f"-t{threads}",
        f"-c{connections}",
        f"-d{duration}s",
        "--timeout",
        "30s",
        "--latency",
    ]
    for name, value in headers:
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run(command + [url], check=True, capture_output=True, text=True).stdout
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    total = re.search(r"(\d+) requests in", output)
    if not rate or not total:
        raise RuntimeError(f"Could not read wrk output:\n{output}")
    percentiles = {
        p: _ms(v, u)
        for p, v, u in re.findall(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s|m)\s*$", output, re.M)
    }
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output))
    non_2xx_3xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors += int(non_2xx_3xx.group(1)) if non_2xx_3xx else 0
    return Throughput(
        float(rate.group(1)),
        int(total.group(1)),
        percentiles.get("50"),
        percentiles.get("99"),
        errors,
    )


def run_python(host, port, path, *, duration, connections, expected_status, headers=()):
    """A thread per connection, keeping the connection alive when the server allows it.

    Slower than wrk (the client shares the GIL and the two cores with the server), so the absolute
    numbers are lower; the ratios between pages measured the same way still mean something.
    """
    stop_at = time.perf_counter() + duration
    latencies, errors, lock = [], [0], threading.Lock()

    def worker():
        mine, failed, connection = [], 0, None
        while time.perf_counter() < stop_at:
            if connection is None:
                connection = http.client.HTTPConnection(host, port, timeout=10)
            started = time.perf_counter()
            try:
                connection.request("GET", path, headers=dict(headers))
                response = connection.getresponse()
                response.read()
            except (OSError, http.client.HTTPException):
                failed += 1
                connection.close()
                connection = None
                continue
            mine.append(time.perf_counter() - started)
            if response.status != expected_status:
                failed += 1
            if response.will_close:
                connection.close()
                connection = None
        if connection is not None:
            connection.close()
        with lock:
            latencies.extend(mine)
            errors[0] += failed

    started = time.perf_counter()
    threads = [threading.Thread(target=worker, daemon=True) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    if not latencies:
        return Throughput(0.0, 0, None, None, errors[0])
    cuts = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else latencies * 99
    return Throughput(
        len(latencies) / elapsed, len(latencies), cuts[49] * 1000, cuts[98] * 1000, errors[0]
    )


def _concurrently(host, port, path, *, connections, repeats, headers=()):
    """Send `repeats` requests on each of `connections` threads and wait for every answer."""
    statuses, lock = [], threading.Lock()

    def worker():
        for _ in range(repeats):
            connection = http.client.HTTPConnection(host, port, timeout=60)
            try:
                connection.request("GET", path, headers=dict(headers))
                response = connection.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                status = None  # counted by the caller; the benchmark run itself reports errors
            finally:
                connection.close()
            with lock:
                statuses.append(status)

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


def warm(host, port, path, *, workers, headers=()):
    """Make every worker render the page before timing it (the first render compiles templates)."""
    statuses = _concurrently(host, port, path, connections=workers * 2, repeats=2, headers=headers)
    if None in statuses:
        raise RuntimeError(f"Warming up {path} failed: the server did not answer")


def drain(host, port, *, workers, path="/health/"):
    """Wait until requests a load generator left queued in the server have been worked off.

    Sync workers still handle requests whose client has gone; without this the next page measured
    would queue behind them.
    """
    _concurrently(host, port, path, connections=workers, repeats=1)


def measure(
    host,
    port,
    path,
    *,
    client,
    duration,
    warmup,
    connections,
    threads,
    workers,
    expected_status,
    headers=(),
):
    """Warm every worker up, optionally load it for `warmup` seconds, then measure for `duration`."""
    warm(host, port, path, workers=workers, headers=headers)
    if client == "wrk":
        url = f"http://{host}:{port}{path}"
        if warmup:
            run_wrk(url, duration=warmup, connections=connections, threads=threads, headers=headers)
            drain(host, port, workers=workers)
        result = run_wrk(
            url, duration=duration, connections=connections, threads=threads, headers=headers
        )
        drain(host, port, workers=workers)
        return result
    python_connections = min(connections, 16)
    if warmup:
        run_python(
            host,
            port,
            path,
            duration=warmup,
            connections=python_connections,
            expected_status=expected_status,
            headers=headers,
        )
    return run_python(
        host,
        port,
        path,
        duration=duration,
        connections=python_connections,
        expected_status=expected_status,
        headers=headers,
    )
