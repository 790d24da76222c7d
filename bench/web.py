"""Benchmark: the web app under 20 concurrent people, as ``make run`` serves it.

    .venv/bin/python bench/web.py [--users 20] [--seconds 60] [--think 0] [--port 0]

1. Makes a throw-away data directory (SQLite in WAL mode, the embedded default), migrates
   it and seeds ``--users`` people in pairs: each pair a relationship, both past the private
   safety check, each with a finished Checkup.
2. Starts ``scripts/run`` (gunicorn + the task worker, exactly as ``make run``) on a free
   port in its own process group and waits until it answers.
3. Each simulated person (one thread, one keep-alive connection with its own cookie jar) logs in
   through the real allauth form (CSRF token from the page), then loops for ``--seconds``:
   open their report, open the Pulse page, submit a Pulse (a write: the same ISO week, so
   every submission after the first updates the row, concurrently with everyone else).
   ``--think`` adds a human pause before each click; the default 0 is the harshest case.
4. Prints requests/s, p50/p95/p99 per page, the error count (any unexpected status or
   exception) and the load average, then stops the server.

It prints and never asserts. Target (PRODUCT.md): p95 ≤ 150 ms for the report and Pulse
pages and zero errors with 20 concurrent users on SQLite. The machine may be shared, so the
load average before and after is printed too.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "bench passphrase for closeknit 2026"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# --- seeding (runs in a subprocess with Django configured) ---------------------------------


def seed(users: int, out: Path) -> None:
    """Creates ``users`` people in pairs and writes their logins and URLs to ``out``."""
    import django

    django.setup()
    from allauth.account.models import EmailAddress

    from closeknit.instruments import load_instrument
    from closeknit.web.accounts.models import User
    from closeknit.web.checkups.demo import answers_for_levels, create_finished_take
    from closeknit.web.relationships.actions import do_create_relationship
    from closeknit.web.relationships.models import Membership
    from closeknit.web.safety.actions import check_record_screen

    safety = load_instrument("safety")
    never = {item.id: item.scale.minimum for item in safety.items}
    people = []
    first = None
    for n in range(users):
        email = f"bench{n}@example.com"
        user = User.objects.create_user(email, PASSWORD, display_name=f"Person {n}")
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        if n % 2 == 0:
            membership = do_create_relationship(user, "partner")
            first = membership
        else:
            assert first is not None
            membership = Membership.objects.create(user=user, relationship=first.relationship)
        check_record_screen(membership, never)
        levels = {"communication": 2 + n % 3, "stress_and_busyness": 2 + n % 2}
        take = create_finished_take(membership, answers_for_levels(levels, n), days_ago=1)
        people.append(
            {
                "email": email,
                "report": f"/r/{membership.relationship_id}/checkup/{take.id}/report/",
                "pulse": f"/r/{membership.relationship_id}/pulse/",
            }
        )
    out.write_text(json.dumps(people))


# --- the load ----------------------------------------------------------------------------


class Recorder:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.times: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, int] = defaultdict(int)
        self.examples: list[str] = []

    def record(self, page: str, seconds: float, ok: bool, why: str = "") -> None:
        with self.lock:
            self.times[page].append(seconds)
            if not ok:
                self.errors[page] += 1
                if len(self.examples) < 5:
                    self.examples.append(f"{page}: {why}")


class Browser:
    """One person's browser, kept lean so the client spends little of the shared CPU: one
    keep-alive HTTP/1.1 connection (``http.client``) and its own cookie jar (session,
    CSRF and message cookies, set and deleted as the server says)."""

    def __init__(self, host: str, port: int, timeout: float = 30.0) -> None:
        self.host, self.port, self.timeout = host, port, timeout
        self.conn: http.client.HTTPConnection | None = None
        self.cookies: dict[str, str] = {}

    def _connect(self) -> http.client.HTTPConnection:
        self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        return self.conn

    def _remember(self, response: http.client.HTTPResponse) -> None:
        for header in response.headers.get_all("Set-Cookie") or ():
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or "1970" in morsel["expires"]:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.coded_value

    def request(
        self,
        method: str,
        url: str,
        data: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, str]:
        body = urlencode(data) if data is not None else None
        sent = {**(headers or {})}
        if body is not None:
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        reused = self.conn is not None
        conn = self.conn or self._connect()
        try:
            conn.request(method, url, body, sent)
            response = conn.getresponse()
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            if not reused:
                raise
            # The server closed an idle keep-alive connection before reading this request
            # (as browsers do, send it again once on a fresh connection).
            conn.close()
            conn = self._connect()
            conn.request(method, url, body, sent)
            response = conn.getresponse()
        text = response.read().decode()
        self._remember(response)
        if response.will_close:
            conn.close()
            self.conn = None
        return response.status, text

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()


def simulate(
    base: str,
    person: dict[str, str],
    until: float,
    rec: Recorder,
    pulse_form: dict[str, str],
    think: float,
    seed: int,
) -> None:
    import random

    rng = random.Random(seed)

    def pause() -> None:
        # A person reads before the next click: uniform 0.5x..1.5x of ``think`` seconds.
        if think > 0:
            time.sleep(think * rng.uniform(0.5, 1.5))

    address = urlsplit(base)
    browser = Browser(address.hostname or "127.0.0.1", address.port or 80)

    def timed(page: str, method: str, url: str, expect: int, **kw: Any) -> str | None:
        start = time.perf_counter()
        try:
            status, text = browser.request(method, url, **kw)
        except (OSError, http.client.HTTPException) as exc:
            browser.close()
            browser.conn = None
            rec.record(page, time.perf_counter() - start, False, type(exc).__name__)
            return None
        elapsed = time.perf_counter() - start
        ok = status == expect
        rec.record(page, elapsed, ok, f"status {status}")
        return text if ok else None

    try:
        login_page = timed("login form (GET)", "GET", "/accounts/login/", 200)
        if login_page is None:
            return
        token = CSRF.search(login_page)
        logged_in = timed(
            "log in (POST)",
            "POST",
            "/accounts/login/",
            302,
            data={
                "login": person["email"],
                "password": PASSWORD,
                "csrfmiddlewaretoken": token.group(1) if token else "",
            },
            headers={"Referer": f"{base}/accounts/login/"},
        )
        if logged_in is None:
            return
        while time.monotonic() < until:
            pause()
            timed("report (GET)", "GET", person["report"], 200)
            pause()
            page = timed("pulse page (GET)", "GET", person["pulse"], 200)
            if page is None:
                continue
            pause()
            token = CSRF.search(page)
            timed(
                "pulse submit (POST)",
                "POST",
                person["pulse"],
                302,
                data={**pulse_form, "csrfmiddlewaretoken": token.group(1) if token else ""},
                headers={"Referer": f"{base}{person['pulse']}"},
            )
    finally:
        browser.close()


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def group_cpu_seconds(pgid: int) -> float:
    """CPU time (user + system) used so far by the live processes of process group ``pgid``
    (the server: gunicorn master and workers, the task worker); 0 where /proc is absent."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for entry in Path("/proc").iterdir() if Path("/proc/self/stat").exists() else ():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        # After the command name: state ppid pgrp ... utime (12th) stime (13th).
        if int(fields[2]) == pgid:
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


def wait_until_up(base: str, proc: subprocess.Popen[bytes], timeout: float = 120) -> None:
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the server exited early (status {proc.returncode})")
        try:
            if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise SystemExit("the server did not answer within two minutes")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument(
        "--think",
        type=float,
        default=0.0,
        help="mean pause in seconds before each click (0: every user clicks non-stop, the "
        "harshest closed loop)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the data directory")
    parser.add_argument("--seed-only", metavar="FILE", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.seed_only:
        seed(args.users, Path(args.seed_only))
        return 0

    data_dir = Path(tempfile.mkdtemp(prefix="closeknit-bench-web-"))
    port = args.port or free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "closeknit.web.settings",
        "CLOSEKNIT_DATA_DIR": str(data_dir),
        "PORT": str(port),
    }
    env.pop("DATABASE_URL", None)  # the embedded default: SQLite
    python = str(ROOT / ".venv" / "bin" / "python")
    closeknit = str(ROOT / ".venv" / "bin" / "closeknit")
    people_file = data_dir / "people.json"
    proc = None
    try:
        print(f"seeding {args.users} people in {data_dir} …", flush=True)
        subprocess.run(
            [closeknit, "manage", "migrate", "--no-input", "-v", "0"], env=env, check=True
        )
        subprocess.run(
            [python, __file__, "--users", str(args.users), "--seed-only", str(people_file)],
            env=env,
            check=True,
        )
        people = json.loads(people_file.read_text())
        log = open(data_dir / "server.log", "wb")  # noqa: SIM115 - closed with the server
        proc = subprocess.Popen(
            [str(ROOT / "scripts" / "run")],
            env=env,
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_until_up(base, proc)
        print(f"server up at {base} (scripts/run: gunicorn + task worker)", flush=True)

        from closeknit.instruments import load_instrument

        pulse = load_instrument("pulse")
        pulse_form = {item.id: str(3 + i % 2) for i, item in enumerate(pulse.items)}
        rec = Recorder()
        load_before = os.getloadavg()
        server_cpu_before = group_cpu_seconds(proc.pid)
        client_cpu_before = time.process_time()
        started = time.monotonic()
        until = started + args.seconds
        threads = [
            threading.Thread(target=simulate, args=(base, p, until, rec, pulse_form, args.think, n))
            for n, p in enumerate(people)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.monotonic() - started
        load_after = os.getloadavg()
        client_cpu = time.process_time() - client_cpu_before
        server_cpu = group_cpu_seconds(proc.pid) - server_cpu_before
    finally:
        if proc is not None and proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
        if not args.keep:
            shutil.rmtree(data_dir, ignore_errors=True)

    total = sum(len(v) for v in rec.times.values())
    errors = sum(rec.errors.values())
    print()
    print(
        f"closeknit web benchmark: {args.users} users, {elapsed:.1f} s, SQLite (WAL), "
        f"think time {args.think:g} s"
    )
    print(f"cores: {os.cpu_count()}  load average before {load_before}  after {load_after}")
    print(f"requests: {total}  ({total / elapsed:.1f} requests/s)  errors: {errors}")
    if total:
        # CPU per request barely depends on what else the machine runs, unlike latencies.
        print(
            f"CPU per request: server {1000 * server_cpu / total:.1f} ms, "
            f"benchmark client {1000 * client_cpu / total:.1f} ms"
        )
    print()
    print(
        f"{'page':<22}{'count':>7}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}{'errors':>8}"
    )
    for page, values in rec.times.items():
        ms = [v * 1000 for v in values]
        print(
            f"{page:<22}{len(ms):>7}{statistics.median(ms):>9.1f}{percentile(ms, 95):>9.1f}"
            f"{percentile(ms, 99):>9.1f}{max(ms):>9.1f}{rec.errors.get(page, 0):>8}"
        )
    everything = [v * 1000 for values in rec.times.values() for v in values]
    if everything:
        print(
            f"{'all':<22}{len(everything):>7}{statistics.median(everything):>9.1f}"
            f"{percentile(everything, 95):>9.1f}{percentile(everything, 99):>9.1f}"
            f"{max(everything):>9.1f}{errors:>8}"
        )
    if rec.examples:
        print("\nfirst errors:", *rec.examples, sep="\n  ")
    print("\ntarget: p95 ≤ 150 ms for report and Pulse pages, zero errors")
    return 0


if __name__ == "__main__":
    sys.exit(main())
