"""How fast the busiest pages render, as each kind of visitor, on the demo content.

    .venv/bin/python bench/pages.py [--rounds 7]

Loads the demo into a throw-away SQLite database (embedded engine) and prints, per page and
account, the median and slowest render time, the number of SQL queries and the size of the
page: the overlap pages compute the matrix, the graph and the themes on every request.
"""

import argparse
import statistics
import time

from _setup import django_setup, table

PAGES = [
    ("/ascn/", None), ("/ascn/overlaps/", None), ("/ascn/overlaps/", "wego-staff"),
    ("/ascn/overlaps/", "ascn-coordinator"), ("/neascn/overlaps/", "seoul-editor"),
    ("/ascn/overlaps/export/csv/", None), ("/ascn/overlaps/export/report/", None),
    ("/cities/bangkok/overlaps/", "bangkok-editor"), ("/cities/bangkok/", None),
    ("/events/", None), ("/ascn/ascn-annual-meeting-2019/", None),
    ("/calendar/ascn.ics", None), ("/api/v1/networks/ascn/events/", None),
]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    django_setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, reset_queries
    from django.test import Client

    call_command("load_demo", stdout=open("/dev/null", "w"))
    settings.DEBUG = True  # to count queries
    rows = []
    for url, user in PAGES:
        client = Client()
        if user:
            client.login(username=user, password=settings.DEMO_PASSWORD)
        client.get(url)  # warm caches
        times, queries = [], 0
        for _ in range(args.rounds):
            reset_queries()
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
            queries = len(connection.queries)
        size = len(response.content) if not response.streaming else 0
        rows.append([url, user or "anonymous", response.status_code,
                     f"{statistics.median(times):.0f} ms", f"{max(times):.0f} ms", queries,
                     f"{size / 1024:.0f} KB"])  # fmt: skip
        print(table(["page", "as", "status", "median", "slowest", "queries", "size"], rows[-1:]),
              flush=True)  # fmt: skip
    print()
    print(table(["page", "as", "status", "median", "slowest", "queries", "size"], rows))


if __name__ == "__main__":
    main()
