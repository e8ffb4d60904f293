"""Throughput and latency of the busiest pages under concurrent users, over loopback.

    .venv/bin/python bench/load.py [--users 20,50] [--seconds 10] [--workers 3]
    .venv/bin/python bench/load.py --url http://127.0.0.1:8000   # a portal already running

Without ``--url`` it builds the demo into ``BENCH_DATABASE_URL`` (PostgreSQL, say; a throw-away
SQLite file otherwise; ``load_demo`` is skipped when the demo is already there), collects the
static files and serves it with gunicorn under the production settings (``--workers`` sync
workers, loopback only). Each page is then requested by N threads at once, each thread starting
its next request as soon as the last ends, for ``--seconds`` (bounded: at most N requests in
flight, nothing retried). Pages that need an account share one session signed in once.
Also times a fresh worker: a one-worker gunicorn started from nothing until its first answer.
"""

import argparse
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import table  # noqa: E402

# (label, path, account); ``{explorer}`` is the ASCN page's id, for the admin explorer.
PAGES = [
    ("network", "/ascn/", None),
    ("network overlaps", "/ascn/overlaps/", "ascn-coordinator"),
    ("city", "/cities/bangkok/", None),
    ("city overlaps", "/cities/bangkok/overlaps/", "bangkok-editor"),
    ("plan", "/ascn/bangkok-smart-city-action-plan-2018/", None),
    ("API overlap list", "/api/v1/networks/ascn/overlaps/", "ascn-coordinator"),
    ("admin explorer", "/admin/pages/{explorer}/", "ascn-coordinator"),
]
PASSWORD = os.environ.get("DEMO_PASSWORD", "wego-demo-2026")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirect)


def fetch(url: str, *, cookie: str = "", data: bytes | None = None, timeout: float = 60):
    """(status, headers, body) of one request; errors are answers too."""
    request = urllib.request.Request(url, data=data, headers={"Cookie": cookie} if cookie else {})
    try:
        with OPENER.open(request, timeout=timeout) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read()


def cookies(headers) -> dict[str, str]:
    found = {}
    for raw in headers.get_all("Set-Cookie") or []:
        name, _, rest = raw.partition("=")
        found[name.strip()] = rest.split(";", 1)[0]
    return found


def sign_in(base: str, username: str) -> str:
    """A Cookie header for a session of ``username`` (the demo password)."""
    status, headers, body = fetch(f"{base}/accounts/login/")
    jar = cookies(headers)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
    form = urllib.parse.urlencode({"username": username, "password": PASSWORD,
                                   "csrfmiddlewaretoken": token}).encode()  # fmt: skip
    cookie = "; ".join(f"{k}={v}" for k, v in jar.items())
    status, headers, _ = fetch(f"{base}/accounts/login/", cookie=cookie, data=form)
    jar.update(cookies(headers))
    if status != 302 or "sessionid" not in jar:
        raise SystemExit(f"Could not sign in as {username} (status {status}).")
    return "; ".join(f"{k}={v}" for k, v in jar.items())


def hammer(url: str, *, cookie: str, users: int, seconds: float) -> dict:
    """``users`` threads requesting ``url`` back to back for ``seconds``."""
    times: list[float] = []
    failures: list[int] = []
    lock = threading.Lock()
    stop_at = time.perf_counter() + seconds

    def user() -> None:
        while time.perf_counter() < stop_at:
            start = time.perf_counter()
            try:
                status = fetch(url, cookie=cookie)[0]
            except OSError:
                status = 0
            elapsed = time.perf_counter() - start
            with lock:
                (times if status == 200 else failures).append(elapsed if status == 200 else status)

    began = time.perf_counter()
    threads = [threading.Thread(target=user) for _ in range(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - began
    return {"times": sorted(times), "failures": failures, "wall": wall}


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


def environment(database_url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update({
        "DJANGO_SETTINGS_MODULE": "portal.settings.production", "DATABASE_URL": database_url,
        "SECRET_KEY": env.get("SECRET_KEY", "bench-only-secret"), "SECURE_SSL_REDIRECT": "0",
        "EMAIL_URL": env.get("EMAIL_URL", "smtp://127.0.0.1:1025"), "LOG_LEVEL": "ERROR",
    })  # fmt: skip
    return env


def manage(env: dict, *args: str) -> str:
    """The last line a management command printed."""
    python = str(ROOT / ".venv" / "bin" / "python")
    done = subprocess.run([python, "manage.py", *args], cwd=ROOT, env=env, check=True,
                          capture_output=True, text=True)  # fmt: skip
    return done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""


def prepare(env: dict) -> None:
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "createcachetable")
    manage(env, "collectstatic", "--noinput", "-v0")
    has_demo = manage(env, "shell", "-c", "from django.contrib.auth.models import User; print("
                      "User.objects.filter(username='ascn-coordinator').exists())")  # fmt: skip
    if has_demo.strip() != "True":
        print("Loading the demo (minutes: embeddings and indexing)...", flush=True)
        manage(env, "load_demo")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def gunicorn(env: dict, *, port: int, workers: int, extra: list[str]) -> subprocess.Popen:
    command = [str(ROOT / ".venv" / "bin" / "gunicorn"), "portal.wsgi", "-b", f"127.0.0.1:{port}",
               "-w", str(workers), "--timeout", "120", "--no-control-socket", *extra]  # fmt: skip
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)


def first_answer(base: str, *, path: str, cookie: str, limit: float = 180) -> float:
    """Seconds until ``path`` first answers 200 (connection refused counts as waiting)."""
    start = time.perf_counter()
    while time.perf_counter() - start < limit:
        try:
            if fetch(base + path, cookie=cookie, timeout=limit)[0] == 200:
                return time.perf_counter() - start
        except OSError:
            time.sleep(0.05)
    raise SystemExit(f"{path} did not answer within {limit:.0f} s")


def fresh_worker(env: dict, *, cookie: str, path: str, extra: list[str]) -> tuple[float, float]:
    """(seconds from launch to the first answer, milliseconds the worker spent on that first
    request by gunicorn's access log) for a one-worker gunicorn started from nothing."""
    port = free_port()
    log = Path(tempfile.mkdtemp()) / "access.log"
    server = gunicorn(env, port=port, workers=1, extra=[
        *extra, "--access-logfile", str(log), "--access-logformat", "%(M)s"])  # fmt: skip
    try:
        total = first_answer(f"http://127.0.0.1:{port}", path=path, cookie=cookie)
    finally:
        server.terminate()
        server.wait()
    return total, float(log.read_text().split()[0])


def explorer_id(env: dict) -> str:
    return manage(env, "shell", "-c", "from networks.models import NetworkPage;"
                  "print(NetworkPage.objects.get(slug='ascn').pk)").strip()  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", help="a portal already running (skips set-up and fresh worker)")
    parser.add_argument("--users", default="20,50")
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--fresh", type=int, default=3, help="fresh-worker starts to time")
    parser.add_argument("--gunicorn-args", default="", help="extra gunicorn options")
    parser.add_argument("--pages", default="", help="only pages whose label contains this")
    args = parser.parse_args()
    levels = [int(n) for n in args.users.split(",")]
    extra = args.gunicorn_args.split()
    server, env = None, None
    if args.url:
        base, explorer = args.url.rstrip("/"), os.environ.get("EXPLORER_ID", "")
    else:
        database = os.environ.get("BENCH_DATABASE_URL") or (
            f"sqlite:///{Path(tempfile.mkdtemp()) / 'load.sqlite3'}")  # fmt: skip
        env = environment(database)
        prepare(env)
        explorer = explorer_id(env)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = gunicorn(env, port=port, workers=args.workers, extra=extra)
    try:
        sessions = {}
        first_answer(base, path="/ascn/", cookie="")
        for user in {account for _, _, account in PAGES if account}:
            sessions[user] = sign_in(base, user)
        rows = []
        for label, path, account in PAGES:
            if args.pages and args.pages not in label:
                continue
            url = base + path.format(explorer=explorer)
            cookie = sessions.get(account, "")
            for _ in range(args.workers):  # every worker has served the page once
                fetch(url, cookie=cookie)
            for users in levels:
                got = hammer(url, cookie=cookie, users=users, seconds=args.seconds)
                ms = [t * 1000 for t in got["times"]]
                rows.append([label, users, f"{len(ms) / got['wall']:.1f}",
                             f"{percentile(ms, 50):.0f}", f"{percentile(ms, 95):.0f}",
                             f"{percentile(ms, 99):.0f}", len(got["failures"])])  # fmt: skip
                print(table(["page", "users", "req/s", "p50 ms", "p95 ms", "p99 ms", "failed"],
                            rows[-1:]).splitlines()[-1], flush=True)  # fmt: skip
        print()
        print(table(["page", "users", "req/s", "p50 ms", "p95 ms", "p99 ms", "failed"], rows))
        if env is not None and args.fresh:
            cookie = sessions["ascn-coordinator"]
            starts = [fresh_worker(env, cookie=cookie, path="/ascn/overlaps/", extra=extra)
                      for _ in range(args.fresh)]  # fmt: skip
            print(
                f"\nFresh worker, first /ascn/overlaps/ request: median "
                f"{statistics.median(ms for _, ms in starts):.0f} ms "
                f"({', '.join(f'{ms:.0f}' for _, ms in starts)}); from launch to that answer: "
                f"median {statistics.median(t for t, _ in starts):.1f} s "
                f"({', '.join(f'{t:.1f}' for t, _ in starts)})"
            )
    finally:
        if server is not None:
            server.terminate()
            server.wait()


if __name__ == "__main__":
    main()
