"""PDF render times, run in its own process so that "first" really is a fresh worker.

Prints one JSON object. Requests go through Django's test client with the full middleware stack
and the bench settings; the cache is the production default (local memory), cleared for cold runs.
"""

import argparse
import json
import os
import statistics
import sys
import time


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("paths", nargs="+")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    from django.core.cache import cache
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")

    def fetch(path):
        started = time.perf_counter()
        response = client.get(path)
        elapsed = time.perf_counter() - started
        if response.status_code != 200 or response["Content-Type"] != "application/pdf":
            sys.exit(f"GET {path} answered {response.status_code} {response['Content-Type']}")
        return elapsed, len(response.content)

    # A fresh worker that has already served a page (so Django's own start-up is not counted)
    # pays for importing WeasyPrint and loading fonts with its first PDF.
    html_path = args.paths[0].removesuffix("print.pdf")
    if client.get(html_path).status_code != 200:
        sys.exit(f"GET {html_path} did not answer 200")
    started = time.perf_counter()
    import weasyprint  # noqa: F401

    import_seconds = time.perf_counter() - started
    first, _ = fetch(args.paths[0])
    results = {
        "first_path": args.paths[0],
        "import_seconds": import_seconds,
        "first_seconds": import_seconds + first,
        "pages": {},
    }
    for path in args.paths:
        cold = []
        for _ in range(args.runs):
            cache.clear()
            elapsed, size = fetch(path)
            cold.append(elapsed)
        cached = [fetch(path)[0] for _ in range(max(args.runs, 5))]
        results["pages"][path] = {
            "cold_seconds": statistics.median(cold),
            "cold_all": cold,
            "cached_seconds": statistics.median(cached),
            "bytes": size,
        }
    print(json.dumps(results))


if __name__ == "__main__":
    main()
