"""Every benchmark of issue 6 in one run, against production mode on loopback
(docs/performance.md has the method, the machine and the figures).

    make bench                                   # or:
    .venv/bin/python bench/run_all.py [--base-url URL] [--database-url URL] [--duration S]

Without --base-url it starts the web server itself exactly as `make serve` does (gunicorn with
deploy/gunicorn.conf.py and the production settings, 3 processes of 4 threads) on
127.0.0.1:8098, with the baseline view switched on (MOTCUA_BENCH_ENDPOINTS=1), against the
database of --database-url (default: DATABASE_URL, then var/serve.env) and the Redis of
REDIS_URL (default: var/serve.env); it stops it at the end. With --base-url it measures a
server you started yourself with MOTCUA_BENCH_ENDPOINTS=1 and the same SECRET_KEY and
database as this command (the signed-in sessions are written here).

The database must hold the demo province and a loaded history (`make bench-data`). The
command prepares what the requests need: a session for an officer of a unit holding
50,000 dossiers (the smallest unit above that; the busiest when none reaches it), one for a
citizen, dossier codes with their phone numbers, search words, the online-submission body
(a 1 MB PDF), and for each read path the SQL its request sends (captured by running the
same request in this process).

For each path it prints requests per second, p50, p95 and max latency, errors, and the
ratios to baselines measured in the same run: the minimal Django JSON view on the same
server (`÷ping`), and for the paths that read the database, the bare SQL of one request
replayed by pgbench with the same 16 clients (`÷SQL`). The load comes from wrk (16
connections, 2 threads, Lua for the per-request variation and the percentiles); the CPU
the client itself used is printed as `client CPU`. The resident memory of every gunicorn
worker is sampled through the run. The deadline engine runs bench/worktime_deadlines.py.
Figures go to var/bench/results-<time>.json too.
"""

import argparse
import datetime
import json
import os
import random
import re
import resource
import shlex
import shutil
import signal
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
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
VAR = ROOT / "var" / "bench"
LUA = ROOT / "bench" / "wrk_paths.lua"
OWN_BIND = "127.0.0.1:8098"
PDF_SIZE = 1024 * 1024
# Issue 6: "an officer's inbox ... for a unit with 50,000 dossiers".
INBOX_UNIT_DOSSIERS = 50_000
SEARCH_WORDS = [
    "khai sinh",
    "đăng ký kết hôn",
    "chứng thực",
    "giấy phép xây dựng",
    "hộ kinh doanh",
    "cư trú",
    "đất đai",
    "lý lịch tư pháp",
    "trợ cấp",
    "khai tử",
]
NAME_WORDS = ["nguyen van", "tran thi", "le minh", "pham", "hoang anh", "thi lan", "van hung"]


def read_env_file(path: Path) -> dict[str, str]:
    """The KEY=value lines of var/serve.env (values written with printf %q)."""
    values: dict[str, str] = {}
    if not path.exists():
        return values
    for line in path.read_text().splitlines():
        if "=" in line:
            key, raw = line.split("=", 1)
            parsed = shlex.split(raw)
            values[key] = parsed[0] if parsed else ""
    return values


# --- Results ------------------------------------------------------------------------------


@dataclass
class Figures:
    """One measured load: what was sent, how fast, how many went wrong."""

    requests: int = 0
    seconds: float = 0.0
    p50_ms: float = 0.0
    p95_ms: float = 0.0
    max_ms: float = 0.0
    errors: int = 0
    client_cpu: float = 0.0  # CPU seconds of the load client per second of run (1.0 = a core)

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


@dataclass
class Row:
    name: str
    http: Figures | None = None
    sql: Figures | None = None
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


# --- Load clients -------------------------------------------------------------------------


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_wrk(
    base_url: str, config: list[str], *, clients: int, duration: float, work: Path
) -> Figures:
    """Load one path with wrk; config lines as bench/wrk_paths.lua reads them."""
    config_file = work / f"wrk-{time.monotonic_ns()}.conf"
    config_file.write_text("\n".join(config) + "\n")
    threads = min(2, clients)
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{clients}",
        f"-d{max(1, round(duration))}s",
        "--timeout",
        "10s",
        "-s",
        str(LUA),
        base_url,
    ]
    before = children_cpu()
    done = subprocess.run(  # noqa: S603 (fixed program, no shell)
        command,
        env={**os.environ, "BENCH_WRK_CONFIG": str(config_file)},
        capture_output=True,
        text=True,
        check=False,
    )
    cpu = children_cpu() - before
    found = re.search(r"BENCH-JSON (\{.*\})", done.stdout)
    if not found:
        raise RuntimeError(f"wrk failed: {done.stdout}\n{done.stderr}")
    data = json.loads(found.group(1))
    seconds = data["duration_us"] / 1e6
    errors = sum(data[key] for key in ("connect", "read", "write", "status", "timeout"))
    return Figures(
        requests=data["requests"],
        seconds=seconds,
        p50_ms=data["p50_us"] / 1000,
        p95_ms=data["p95_us"] / 1000,
        max_ms=data["max_us"] / 1000,
        errors=errors + data["wrong"],
        client_cpu=cpu / seconds if seconds else 0.0,
    )


def preflight(base_url: str, config: list[str]) -> None:
    """Send the first request of a path once and refuse to measure a wrong answer (a
    redirect to the sign-in page, a refusal, an error) as if it were the page."""
    import http.client

    lines = [line.split("\t") for line in config]
    method = next((f[1] for f in lines if f[0] == "method"), "GET")
    headers = {f[1]: f[2] for f in lines if f[0] == "header"}
    path, body = next((f[1], f[2].encode()) for f in lines if f[0] == "request")
    expect = next((f[1] for f in lines if f[0] == "expect_location"), None)
    files = next((f for f in lines if f[0] == "body_files"), None)
    if files is not None:
        body = Path(files[1]).read_bytes() + f"bench-preflight-{time.time_ns()}".encode()
        body += Path(files[2]).read_bytes()
    if any(f[0] == "forwarded" for f in lines):
        headers["X-Forwarded-For"] = f"10.255.{random.randrange(256)}.{random.randrange(1, 255)}"
    parts = urllib.parse.urlsplit(base_url)
    connection = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port or 80)
    connection.request(method, path, body=body or None, headers=headers)
    answer = connection.getresponse()
    answer.read()
    connection.close()
    location = answer.getheader("Location", "")
    good = answer.status == 302 and expect in location if expect else answer.status == 200
    if not good:
        raise SystemExit(
            f"{method} {path} answers {answer.status} {location}: not measured (same database "
            "and SECRET_KEY as the server? --database-url)"
        )


def percentile(ordered: list[float], fraction: float) -> float:
    if not ordered:
        return 0.0
    index = min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))
    return ordered[index]


def run_pgbench(
    database_url: str, scripts: list[str], *, clients: int, duration: float, work: Path
) -> Figures:
    """Replay the SQL of one request (each script: the statements of one request, one
    variant per script) with pgbench, simple protocol as Django sends it."""
    parts = urllib.parse.urlsplit(database_url)
    folder = Path(tempfile.mkdtemp(prefix="pgbench-", dir=work))
    arguments = []
    for number, script in enumerate(scripts):
        path = folder / f"request-{number}.sql"
        path.write_text(script)
        arguments += ["-f", f"{path}@1"]
    command = [
        "pgbench",
        "-n",
        "-M",
        "simple",
        f"-c{clients}",
        f"-j{min(2, clients)}",
        f"-T{max(1, round(duration))}",
        "-l",
        f"--log-prefix={folder}/log",
        "-h",
        parts.hostname or "127.0.0.1",
        "-p",
        str(parts.port or 5432),
        "-U",
        urllib.parse.unquote(parts.username or ""),
        *arguments,
        parts.path.lstrip("/"),
    ]
    from django.db import connection

    # The session settings Django's connections carry (jit=off), so that the SQL runs as it
    # does under the web server.
    options = connection.settings_dict.get("OPTIONS", {}).get("options", "")
    env = {
        **os.environ,
        "PGPASSWORD": urllib.parse.unquote(parts.password or ""),
        "PGOPTIONS": options,
    }
    before = children_cpu()
    done = subprocess.run(  # noqa: S603 (fixed program, no shell)
        command, env=env, capture_output=True, text=True, check=False
    )
    cpu = children_cpu() - before
    if done.returncode != 0:
        raise RuntimeError(f"pgbench failed: {done.stdout}\n{done.stderr}")
    latencies: list[float] = []
    first = last = None
    for log in folder.glob("log*"):
        for line in log.read_text().splitlines():
            fields = line.split()
            latencies.append(int(fields[2]) / 1000)
            end = int(fields[4]) + int(fields[5]) / 1e6
            first = end if first is None else min(first, end)
            last = end if last is None else max(last, end)
    latencies.sort()
    failed = re.search(r"number of failed transactions: (\d+)", done.stdout)
    seconds = max(1e-9, float(re.search(r"duration: (\d+) s", done.stdout).group(1)))  # type: ignore[union-attr]
    shutil.rmtree(folder, ignore_errors=True)
    return Figures(
        requests=len(latencies),
        seconds=seconds,
        p50_ms=percentile(latencies, 0.50),
        p95_ms=percentile(latencies, 0.95),
        max_ms=latencies[-1] if latencies else 0.0,
        errors=int(failed.group(1)) if failed else 0,
        client_cpu=cpu / seconds,
    )


# --- The web server and its memory --------------------------------------------------------


class MemorySampler(threading.Thread):
    """The resident memory of the gunicorn workers (children of the master), every 0.5 s."""

    def __init__(self, master_pid: int) -> None:
        super().__init__(daemon=True)
        self.master_pid = master_pid
        self.peak_kb: dict[int, int] = {}
        self.samples: list[int] = []
        self.stopped = threading.Event()

    def workers(self) -> dict[int, int]:
        found: dict[int, int] = {}
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                status = (entry / "status").read_text()
            except OSError:
                continue
            ppid = re.search(r"PPid:\s+(\d+)", status)
            rss = re.search(r"VmRSS:\s+(\d+) kB", status)
            if ppid and rss and int(ppid.group(1)) == self.master_pid:
                found[int(entry.name)] = int(rss.group(1))
        return found

    def run(self) -> None:
        while not self.stopped.wait(0.5):
            for pid, rss in self.workers().items():
                self.peak_kb[pid] = max(rss, self.peak_kb.get(pid, 0))
                self.samples.append(rss)


def find_gunicorn_master() -> int | None:
    """The one gunicorn master running deploy/gunicorn.conf.py, if exactly one runs."""
    masters = []
    pids = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
                status = (entry / "status").read_text()
            except OSError:
                continue
            if "gunicorn" in command and "gunicorn.conf.py" in command:
                found = re.search(r"PPid:\s+(\d+)", status)
                pids[int(entry.name)] = int(found.group(1)) if found else 0
    for pid, parent in pids.items():
        if parent not in pids:
            masters.append(pid)
    return masters[0] if len(masters) == 1 else None


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:  # noqa: S310 (http only)
                if answer.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.5)
    raise RuntimeError(f"{url} does not answer")


def ensure_redis(url: str) -> subprocess.Popen[bytes] | None:
    """Start a Redis on loopback (no persistence) when the configured one does not answer,
    as `make serve` does; the caller stops it."""
    parts = urllib.parse.urlsplit(url or "redis://127.0.0.1:6379/0")
    host, port = parts.hostname or "127.0.0.1", parts.port or 6379
    try:
        socket.create_connection((host, port), timeout=1).close()
        return None
    except OSError:
        pass
    if host not in ("127.0.0.1", "localhost") or shutil.which("redis-server") is None:
        raise SystemExit(f"Redis does not answer at {host}:{port}.")
    command = [
        "redis-server",
        "--bind",
        host,
        "--port",
        str(port),
        "--save",
        "",
        "--appendonly",
        "no",
    ]
    server = subprocess.Popen(  # noqa: S603 (Debian's redis-server, no shell)
        command,
        stdout=subprocess.DEVNULL,
        start_new_session=True,
    )
    for _ in range(50):
        try:
            socket.create_connection((host, port), timeout=1).close()
            return server
        except OSError:
            time.sleep(0.1)
    raise SystemExit("Redis did not start.")


def start_server(env: dict[str, str]) -> subprocess.Popen[bytes]:
    VAR.mkdir(parents=True, exist_ok=True)
    manifest = Path(env["MOTCUA_VAR_DIR"]) / "static" / "staticfiles.json"
    if not manifest.exists():
        subprocess.run(  # noqa: S603 (fixed program, no shell)
            [str(BIN / "python"), "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
            cwd=ROOT,
            env=env,
            check=True,
        )
    log = open(VAR / "gunicorn.log", "ab")  # noqa: SIM115 - kept open for the server's life
    return subprocess.Popen(  # noqa: S603 (fixed program, no shell)
        [str(BIN / "gunicorn"), "--config", "deploy/gunicorn.conf.py"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


# --- What the requests need (Django, in this process) -------------------------------------


def prepare(base_url: str, work: Path, *, rng: random.Random) -> dict[str, Any]:
    """Sessions, request lists and the captured SQL of each read path."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.db import connection
    from django.db.models import Case, Count, Q, When
    from django.middleware.csrf import _get_new_csrf_string
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils.module_loading import import_string

    from motcua.accounts.models import Role, StaffMembership, User, UserKind
    from motcua.catalog import queries as catalog_queries
    from motcua.catalog.models import ProcedureVersion, VersionStatus
    from motcua.dossiers import citizen as citizen_reads
    from motcua.dossiers.inbox import InboxFilters, filtered
    from motcua.dossiers.models import Dossier

    host = urllib.parse.urlsplit(base_url).netloc
    store = import_string(settings.SESSION_ENGINE + ".SessionStore")

    def session_for(user: Any) -> str:
        session = store()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.save()
        return str(session.session_key)

    def capture(method: str, path: str, cookies: dict[str, str], data: Any = None) -> str:
        """The SQL one request sends, as a pgbench script."""
        client = Client(HTTP_HOST=host.split(":")[0])
        for name, value in cookies.items():
            client.cookies[name] = value
        # Another address each time, as in the load (the lookup throttle counts per address).
        octets = (rng.randrange(256), rng.randrange(256), rng.randrange(1, 255))
        address = {"X-Forwarded-For": "10.{}.{}.{}".format(*octets)}
        with CaptureQueriesContext(connection) as captured:
            if method == "GET":
                answer = client.get(path, headers=address)
            else:
                answer = client.post(path, data, headers=address)
        if answer.status_code >= 400:
            raise RuntimeError(f"{method} {path} answers {answer.status_code} in process")
        # A server-side cursor (QuerySet.iterator()) is replayed as its SELECT: its rows are
        # fetched by FETCH statements Django does not log.
        statements = [
            re.sub(r'^DECLARE "[^"]+" NO SCROLL CURSOR (?:WITH(?:OUT)? HOLD )?FOR ', "", q["sql"])
            for q in captured.captured_queries
        ]
        return "".join(statement.rstrip(";") + ";\n" for statement in statements)

    facts: dict[str, Any] = {}

    # The unit of issue 6's inbox (the one holding the fewest dossiers among those holding
    # at least INBOX_UNIT_DOSSIERS; the busiest when none does) and an officer of it.
    held = Dossier.objects.exclude(code=None).values("holding_unit").annotate(n=Count("pk"))
    busiest = (
        held.filter(n__gte=INBOX_UNIT_DOSSIERS).order_by("n").first() or held.order_by("-n").first()
    )
    if busiest is None:
        raise SystemExit("No received dossier: load a history first (make bench-data).")
    # A specialist: their first page is the "process" tab, the unit's work in progress. (The
    # desk's first page, "receive", holds what was submitted and not yet checked: nothing in
    # a loaded history, whose receptions all lie before the moment it was loaded.)
    membership = (
        StaffMembership.objects.filter(unit_id=busiest["holding_unit"], user__is_active=True)
        .select_related("user", "unit")
        .order_by(Case(When(role=Role.SPECIALIST, then=0), default=1), "pk")
        .first()
    )
    if membership is None:
        raise SystemExit(f"Unit {busiest['holding_unit']} has no member of staff.")
    officer = membership.user
    officer_session = session_for(officer)
    reachable = filtered(officer, InboxFilters()).count()
    facts["inbox_unit"] = {
        "unit": membership.unit.name,
        "role": membership.role,
        "officer": officer.username,
        "held_dossiers": busiest["n"],
        "reachable_dossiers": reachable,
    }
    facts["dossiers_total"] = Dossier.objects.count()

    # Dossiers to look up (their code and the phone number on them) and to open.
    lookups = [
        (str(code), phone)
        for code, phone in Dossier.objects.exclude(code=None)
        .exclude(applicant_phone="")
        .order_by("?")
        .values_list("code", "applicant_phone")[:400]
    ]
    pages = list(
        filtered(officer, InboxFilters())
        .exclude(code=None)
        .order_by("?")
        .values_list("code", flat=True)[:400]
    )
    years = Dossier.objects.exclude(received_at=None).dates("received_at", "year")
    full_years = [day.year for day in years if day.year < datetime.date.today().year]
    year = full_years[-1] if full_years else datetime.date.today().year
    facts["statistics_year"] = year
    statistics_received = Dossier.objects.filter(
        Q(received_at__year=year) | Q(finished_at__year=year)
    ).count()
    facts["statistics_dossiers_touched"] = statistics_received

    csrf = _get_new_csrf_string()
    session_name = settings.SESSION_COOKIE_NAME
    csrf_name = settings.CSRF_COOKIE_NAME

    def encode(values: dict[str, str]) -> str:
        return urllib.parse.urlencode(values)

    paths: dict[str, dict[str, Any]] = {}
    paths["lookup API"] = {
        "config": ["method\tGET", "forwarded\t1"]
        + [
            "request\t/api/v1/dossiers/lookup?" + encode({"code": code, "secret": phone}) + "\t"
            for code, phone in lookups
        ],
        "sql": [
            capture("GET", "/api/v1/dossiers/lookup?" + encode({"code": c, "secret": p}), {})
            for c, p in lookups[:50]
        ],
    }
    paths["lookup page"] = {
        "config": [
            "method\tPOST",
            "forwarded\t1",
            f"header\tCookie\t{csrf_name}={csrf}",
            "header\tContent-Type\tapplication/x-www-form-urlencoded",
        ]
        + [
            "request\t/tra-cuu-ho-so/\t"
            + encode({"csrfmiddlewaretoken": csrf, "code": code, "secret": phone})
            for code, phone in lookups
        ],
        "sql": [
            capture("POST", "/tra-cuu-ho-so/", {}, {"code": c, "secret": p})
            for c, p in lookups[:50]
        ],
    }
    paths["catalogue search API"] = {
        "config": [
            "method\tGET",
            *("request\t/api/v1/procedures/?" + encode({"search": w}) + "\t" for w in SEARCH_WORDS),
        ],
        "sql": [
            capture("GET", "/api/v1/procedures/?" + encode({"search": w}), {}) for w in SEARCH_WORDS
        ],
    }
    officer_cookie = {session_name: officer_session}
    paths["inbox first page"] = {
        "config": [
            "method\tGET",
            f"header\tCookie\t{session_name}={officer_session}",
            "request\t/can-bo/ho-so/\t",
        ],
        "sql": [capture("GET", "/can-bo/ho-so/", officer_cookie)],
    }
    filtered_urls = [
        "/can-bo/ho-so/?"
        + encode(
            {
                "tab": "done",
                "q": words,
                "channel": "online",
                "submitted_from": f"{year}-01-01",
                "submitted_to": f"{year}-12-31",
            }
        )
        for words in NAME_WORDS
    ]
    paths["inbox filtered, searched"] = {
        "config": ["method\tGET", f"header\tCookie\t{session_name}={officer_session}"]
        + [f"request\t{url}\t" for url in filtered_urls],
        "sql": [capture("GET", url, officer_cookie) for url in filtered_urls],
    }
    paths["dossier page"] = {
        "config": ["method\tGET", f"header\tCookie\t{session_name}={officer_session}"]
        + [f"request\t/can-bo/ho-so/{code}/\t" for code in pages],
        "sql": [capture("GET", f"/can-bo/ho-so/{code}/", officer_cookie) for code in pages[:50]],
    }
    statistics_url = "/api/v1/statistics/dossiers?" + encode(
        {"from": f"{year}-01-01", "to": f"{year}-12-31"}
    )
    paths["statistics, province, year"] = {
        "config": ["method\tGET", "forwarded\t1", f"request\t{statistics_url}\t"],
        "sql": [capture("GET", statistics_url, {})],
    }

    # The online submission: a citizen, a procedure with a plain e-form and one paper.
    citizen = User.objects.filter(kind=UserKind.CITIZEN, is_active=True).order_by("pk").first()
    if citizen is None:
        raise SystemExit("No citizen account: build the demo province first.")
    citizen_session = session_for(citizen)
    submission = submission_body(
        citizen, catalog_queries, citizen_reads, ProcedureVersion, VersionStatus, rng
    )
    if submission is None:
        raise SystemExit("No procedure with a plain e-form and one paper accepts online dossiers.")
    code, fields, file_field = submission
    checked = Client(HTTP_HOST=host.split(":")[0])
    checked.cookies[session_name] = citizen_session
    from django.core.files.uploadedfile import SimpleUploadedFile

    answer = checked.post(
        f"/thu-tuc/{code}/nop-truc-tuyen/",
        {
            **fields,
            "idempotency_key": f"bench-check-{time.time_ns()}",
            "action": "submit",
            file_field: SimpleUploadedFile("to-khai.pdf", one_megabyte_pdf(), "application/pdf"),
        },
    )
    if answer.status_code != 302 or "/ho-so-cua-toi/" not in answer["Location"]:
        raise SystemExit(f"The prepared submission is refused ({answer.status_code}).")
    boundary = "----motcua-bench-" + "".join(rng.choice("0123456789abcdef") for _ in range(24))
    head = "".join(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        for name, value in {**fields, "csrfmiddlewaretoken": csrf, "action": "submit"}.items()
    ).encode()
    head += (
        f'--{boundary}\r\nContent-Disposition: form-data; name="{file_field}"; '
        'filename="to-khai.pdf"\r\nContent-Type: application/pdf\r\n\r\n'
    ).encode()
    head += one_megabyte_pdf() + b"\r\n"
    head += (
        f'--{boundary}\r\nContent-Disposition: form-data; name="idempotency_key"\r\n\r\n'
    ).encode()
    tail = f"\r\n--{boundary}--\r\n".encode()
    (work / "submit.prefix").write_bytes(head)
    (work / "submit.suffix").write_bytes(tail)
    paths["online submission, 1 MB PDF"] = {
        "config": [
            "method\tPOST",
            f"header\tCookie\t{session_name}={citizen_session}; {csrf_name}={csrf}",
            f"header\tContent-Type\tmultipart/form-data; boundary={boundary}",
            f"request\t/thu-tuc/{code}/nop-truc-tuyen/\t",
            f"body_files\t{work / 'submit.prefix'}\t{work / 'submit.suffix'}",
            "expect_location\t/ho-so-cua-toi/",
        ],
        "sql": [],
    }
    facts["submission_procedure"] = code
    facts["submission_body_bytes"] = len(head) + len(tail) + 40
    return {"paths": paths, "facts": facts}


def one_megabyte_pdf() -> bytes:
    """A valid one-page PDF padded with a comment to exactly 1 MiB."""
    body = (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
        b"trailer<</Root 1 0 R>>\n"
    )
    end = b"\n%%EOF\n"
    padding = PDF_SIZE - len(body) - len(end)
    filler = random.Random(1).randbytes(padding // 2).hex().encode()[:padding]
    return body + b"%" + filler[1:] + end


def fill_eform(fields: list[dict[str, Any]], prefix: str, values: dict[str, str]) -> None:
    """Plausible answers to every input of an e-form (the names `dossiers.eform` gives)."""
    from motcua.dossiers.eform import AddressUnits

    for spec in fields:
        name, kind = f"{prefix}-{spec['key']}", spec["type"]
        if kind == "group" and spec.get("repeated"):
            values[f"{name}-rows"] = "1"
            fill_eform(spec["fields"], f"{name}-0", values)
        elif kind == "group":
            fill_eform(spec["fields"], name, values)
        elif kind == "address":
            places = AddressUnits.load()
            province = next(p for p in places.provinces if places.communes.get(p.code))
            values[f"{name}-province"] = province.code
            values[f"{name}-commune"] = places.communes[province.code][0].code
            values[f"{name}-detail"] = "Số 1 Lê Lợi"
        elif kind == "cccd":
            values[name] = "040090001234"  # Nghệ An, a man born in 1990
        elif kind == "number":
            values[name] = "1"
        elif kind == "date":
            values[name] = "1990-01-01"
        elif kind == "choice":
            values[name] = spec["choices"][0]
        else:
            values[name] = "Nguyễn Văn An"


def submission_body(
    citizen: Any,
    catalog_queries: Any,
    citizen_reads: Any,
    version_model: Any,
    status: Any,
    rng: random.Random,
) -> tuple[str, dict[str, str], str] | None:
    """A procedure accepting online dossiers that asks for exactly one paper, with a complete
    form for it (the file field apart)."""
    versions = version_model.objects.filter(status=status.IN_FORCE).select_related("procedure")
    for version in versions.order_by("procedure__code"):
        found = catalog_queries.procedure_detail(version.procedure.code)
        if found is None or found.pk != version.pk or not found.accepts_online_submission:
            continue
        papers = [c for c in found.components.order_by("order") if not c.replaced_by_eform]
        required = [c for c in papers if c.required]
        if len(required) != 1:
            continue
        units = citizen_reads.receiving_units(found)
        if not units:
            continue
        values = {
            "on_behalf": "self",
            "name": citizen.full_name or "Nguyễn Văn An",
            "phone": "0912345678",
            "email": "",
            "cccd": "",
            "address": "Số 1 Lê Lợi",
            "receiving_unit": str(units[0].pk),
            "return_channel": "online",
        }
        fill_eform(found.form_schema or [], "f", values)
        return found.procedure.code, values, f"file-{required[0].pk}"
    return None


# --- The runs -----------------------------------------------------------------------------


def deadline_engine() -> Row:
    done = subprocess.run(  # noqa: S603 (fixed program, no shell)
        [str(BIN / "python"), str(ROOT / "bench" / "worktime_deadlines.py"), "200000"],
        capture_output=True,
        text=True,
        check=True,
        env={key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"},
    )
    mixed = re.search(r"mixed limits:\s+([\d,]+)/s", done.stdout)
    plain = re.search(r"plain datetime \+ timedelta:\s+([\d,]+)/s", done.stdout)
    far = re.search(r"2000 working days:\s+([\d,]+)/s", done.stdout)
    engine_rate = float(mixed.group(1).replace(",", "")) if mixed else 0.0
    plain_rate = float(plain.group(1).replace(",", "")) if plain else 0.0
    return Row(
        "deadline engine (one process)",
        note=done.stdout.strip(),
        extra={
            "deadlines_per_second": engine_rate,
            "far_ahead_per_second": float(far.group(1).replace(",", "")) if far else 0.0,
            "plain_loop_per_second": plain_rate,
            "ratio_to_plain": engine_rate / plain_rate if plain_rate else 0.0,
        },
    )


def statistics_computed(year: int) -> Row:
    """The province's yearly figures computed three times in this process with a chosen
    moment, which the shared figures (MOTCUA_STATISTICS_FRESH_SECONDS) never answer: what
    the one request that refreshes them costs."""
    from django.utils import timezone

    from motcua.dossiers import stats

    province = stats.province_root()
    if province is None:
        return Row("statistics computed", note="no province unit")
    period = stats.Period(datetime.date(year, 1, 1), datetime.date(year, 12, 31))
    seconds = []
    for _ in range(3):
        started = time.perf_counter()
        stats.dossier_counts(province, period, now=timezone.now())
        seconds.append(time.perf_counter() - started)
    return Row(f"statistics, province, {year}, computed", extra={"computed_seconds": seconds})


def ms(value: float) -> str:
    return f"{value:,.1f}" if value < 100 else f"{value:,.0f}"


def print_table(rows: list[Row], ping: Figures, ping_end: Figures | None) -> None:
    header = (
        f"{'path':32} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'errors':>6} "
        f"{'÷ping':>6} {'SQL q/s':>8} {'SQL p95':>8} {'÷SQL':>6} {'client CPU':>10}"
    )
    print(header)
    print("-" * len(header))
    for row in rows:
        if row.http is None:
            extra = row.extra
            if "computed_seconds" in extra:
                times = ", ".join(f"{t:.2f}" for t in extra["computed_seconds"])
                print(f"{row.name:32} {times} s (each call, in this process, no sharing)")
            if "deadlines_per_second" in extra:
                print(
                    f"{row.name:32} {extra['deadlines_per_second']:>8,.0f} deadlines/s; "
                    f"plain datetime loop {extra['plain_loop_per_second']:,.0f}/s "
                    f"(÷plain {extra['ratio_to_plain']:.3f}); 2000 working days ahead "
                    f"{extra['far_ahead_per_second']:,.0f}/s"
                )
            continue
        h, s = row.http, row.sql
        ratio = f"{h.rate / ping.rate:.2f}" if ping.rate and row.name != "ping" else "1"
        sql_rate = f"{s.rate:,.0f}" if s else "-"
        sql_p95 = ms(s.p95_ms) if s else "-"
        sql_ratio = f"{h.rate / s.rate:.2f}" if s and s.rate else "-"
        cpu = f"{h.client_cpu * 100:.0f}%" + (f"/{s.client_cpu * 100:.0f}%" if s else "")
        print(
            f"{row.name:32} {h.rate:>8,.0f} {ms(h.p50_ms):>8} {ms(h.p95_ms):>8} "
            f"{ms(h.max_ms):>8} {h.errors:>6} {ratio:>6} {sql_rate:>8} {sql_p95:>8} "
            f"{sql_ratio:>6} {cpu:>10}"
        )
    if ping_end is not None:
        print(
            f"(baseline again at the end: {ping_end.rate:,.0f} req/s, "
            f"{(ping_end.rate / ping.rate - 1) * 100:+.0f}% against the start)"
        )


def markdown_table(rows: list[Row], ping: Figures) -> str:
    """The figures as the Markdown table of docs/performance.md."""
    none = "-"
    lines = [
        "| Path | req/s | p50 ms | p95 ms | max ms | errors | ÷ping | SQL q/s | SQL p95 ms "
        "| ÷SQL |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        h, q = row.http, row.sql
        if h is None:
            continue
        cells = [
            row.name,
            f"{h.rate:,.1f}" if h.rate < 10 else f"{h.rate:,.0f}",
            ms(h.p50_ms),
            ms(h.p95_ms),
            ms(h.max_ms),
            str(h.errors),
            f"{h.rate / ping.rate:.3f}" if ping.rate else none,
            f"{q.rate:,.1f}" if q else none,
            ms(q.p95_ms) if q else none,
            f"{h.rate / q.rate:.2f}" if q and q.rate else none,
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", help="A running server (default: start one on :8098).")
    parser.add_argument("--database-url", help="Default: DATABASE_URL, then var/serve.env.")
    parser.add_argument("--duration", type=float, default=15.0, help="Seconds per path.")
    parser.add_argument("--warmup", type=float, default=3.0, help="Seconds before each path.")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--only", help="Comma-separated words: run the paths whose name has one.")
    parser.add_argument("--gunicorn-pid", type=int, help="Master of --base-url's workers.")
    parser.add_argument("--no-sql", action="store_true", help="Skip the SQL baselines.")
    args = parser.parse_args()

    if shutil.which("pgbench") is None and not args.no_sql:
        print("pgbench is missing (Debian's postgresql package): no SQL baselines.")
        args.no_sql = True
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: `make bench` installs Debian's wrk (apt-get).")
    serve_env = read_env_file(ROOT / "var" / "serve.env")
    # A server of one's own measures the benchmark database; `make serve`'s, its own.
    bench_env = read_env_file(VAR / "bench.env")
    files = [serve_env, bench_env] if args.base_url else [bench_env, serve_env]
    database_url = (
        args.database_url
        or os.environ.get("DATABASE_URL")
        or files[0].get("DATABASE_URL")
        or files[1].get("DATABASE_URL", "")
    )
    if not database_url.startswith("postgres"):
        raise SystemExit("The benchmarks run on PostgreSQL: give --database-url or DATABASE_URL.")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "motcua.settings.production",
        "DATABASE_URL": database_url,
        "REDIS_URL": os.environ.get("REDIS_URL") or serve_env.get("REDIS_URL", ""),
        "SECRET_KEY": os.environ.get("SECRET_KEY") or serve_env.get("SECRET_KEY", ""),
        "SECURE_COOKIES": "0",
        "MOTCUA_VAR_DIR": str(VAR),
        "MOTCUA_BENCH_ENDPOINTS": "1",
        # As behind the province's load balancer: the forwarded address of each request
        # (a new one per anonymous request, see wrk_paths.lua) is the client's.
        "TRUSTED_PROXIES": "1",
        "WEB_BIND": OWN_BIND,
        "WEB_ACCESS_LOG": str(VAR / "access.log"),
    }
    if len(env["SECRET_KEY"]) < 32:
        env["SECRET_KEY"] = "bench-" + "".join(
            random.choice("abcdefghjkmnpqrstuvwxyz") for _ in range(48)
        )
    env.pop("DEBUG", None)
    redis_given = env["REDIS_URL"]
    env["REDIS_URL"] = env["REDIS_URL"] or "redis://127.0.0.1:6379/0"
    os.environ.update(env)
    VAR.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="run-", dir=VAR))
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()

    # Ctrl+C or a TERM signal stops the web server and Redis started here too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        raise SystemExit("The database lacks migrations: run `make bench-data` (it migrates).")
    server = redis = sampler = None
    base_url = args.base_url
    master = args.gunicorn_pid
    try:
        if base_url is None:
            redis = ensure_redis(redis_given)
            server = start_server(env)
            base_url = f"http://{OWN_BIND}"
            master = server.pid
        elif master is None:
            master = find_gunicorn_master()
        base_url = base_url.rstrip("/")
        wait_for(base_url + "/bench/ping/")
        started = datetime.datetime.now(datetime.UTC)
        where = urllib.parse.urlsplit(database_url)
        print(
            f"== Một Cửa benchmarks, {started:%Y-%m-%d %H:%M} UTC, against {base_url} "
            f"(database {where.path.lstrip('/')} on {where.hostname}:{where.port or 5432})"
        )
        print(
            f"   {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} before the run; "
            f"{args.clients} clients, {args.duration:.0f} s per path after {args.warmup:.0f} s "
            "of warm-up"
        )
        rng = random.Random(2026)
        prepared = prepare(base_url, work, rng=rng)
        facts = prepared["facts"]
        print(
            f"   {facts['dossiers_total']:,} dossiers; inbox of {facts['inbox_unit']['officer']} "
            f"({facts['inbox_unit']['role']}, {facts['inbox_unit']['unit']}): "
            f"{facts['inbox_unit']['reachable_dossiers']:,} dossiers reachable; statistics "
            f"for {facts['statistics_year']}; submissions to {facts['submission_procedure']}"
        )
        if master:
            sampler = MemorySampler(master)
            sampler.start()

        def load(config: list[str], clients: int | None = None) -> Figures:
            preflight(base_url, config)
            n = clients or args.clients
            if args.warmup:
                run_wrk(base_url, config, clients=n, duration=args.warmup, work=work)
            return run_wrk(base_url, config, clients=n, duration=args.duration, work=work)

        ping_config = ["method\tGET", "request\t/bench/ping/\t"]
        ping = load(ping_config)
        rows = [Row("ping", http=ping)]
        wanted = [word.strip() for word in (args.only or "").split(",") if word.strip()]
        for name, spec in prepared["paths"].items():
            if wanted and not any(word in name for word in wanted):
                continue
            print(f"   … {name}", flush=True)
            row = Row(name, http=load(spec["config"]))
            # Requests answered from the shared cache send no SQL: nothing to replay for them.
            scripts = [script for script in spec["sql"] if script.strip()]
            if spec["sql"] and not scripts:
                print("     no SQL baseline: its requests send no SQL (answered from the cache)")
            if scripts and not args.no_sql:
                try:
                    run_pgbench(
                        database_url,
                        scripts,
                        clients=args.clients,
                        duration=args.warmup,
                        work=work,
                    )
                    row.sql = run_pgbench(
                        database_url,
                        scripts,
                        clients=args.clients,
                        duration=args.duration,
                        work=work,
                    )
                except RuntimeError as failure:
                    print(f"     no SQL baseline: {str(failure)[-300:]}")
            rows.append(row)
            if name.startswith("statistics"):
                alone = Row(name + ", 1 client", http=load(spec["config"], clients=1))
                rows.append(alone)
                rows.append(statistics_computed(facts["statistics_year"]))
        ping_end = run_wrk(
            base_url, ping_config, clients=args.clients, duration=args.duration, work=work
        )
        if not wanted or any(word in "deadline engine" for word in wanted):
            rows.append(deadline_engine())
        print()
        print_table(rows, ping, ping_end)
        memory: dict[str, Any] = {}
        if sampler is not None:
            sampler.stopped.set()
            sampler.join()
            peaks = sorted(sampler.peak_kb.values())
            memory = {
                "workers_seen": len(peaks),
                "peak_rss_mb": peaks[-1] / 1024 if peaks else 0,
                "median_rss_mb": statistics.median(sampler.samples) / 1024
                if sampler.samples
                else 0,
            }
            print(
                f"web workers' resident memory under load: peak {memory['peak_rss_mb']:.0f} MB, "
                f"median {memory['median_rss_mb']:.0f} MB ({len(peaks)} worker processes seen)"
            )
        else:
            print("web workers' resident memory: not measured (give --gunicorn-pid)")
        load_end = os.getloadavg()
        print(f"load average at the end: {load_end[0]:.2f} (1 min), {load_end[2]:.2f} (15 min)")
        results = {
            "load_average_end": load_end,
            "started": started.isoformat(),
            "base_url": base_url,
            "cores": os.cpu_count(),
            "clients": args.clients,
            "duration": args.duration,
            "facts": facts,
            "memory": memory,
            "ping_end": asdict(ping_end),
            "rows": [
                {
                    "name": row.name,
                    "http": asdict(row.http) | {"rate": row.http.rate} if row.http else None,
                    "sql": asdict(row.sql) | {"rate": row.sql.rate} if row.sql else None,
                    "extra": row.extra,
                }
                for row in rows
            ],
        }
        out = VAR / f"results-{started:%Y%m%dT%H%M%S}.json"
        out.write_text(json.dumps(results, indent=2, ensure_ascii=False))
        out.with_suffix(".md").write_text(markdown_table(rows, ping))
        print(f"figures written to {out.relative_to(ROOT)}")
    finally:
        if sampler is not None:
            sampler.stopped.set()
        if redis is not None:
            redis.terminate()
            redis.wait(timeout=10)
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
