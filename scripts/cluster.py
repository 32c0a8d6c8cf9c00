# SPDX-License-Identifier: Apache-2.0
"""A province layout on one machine: ``cluster.py up|down|status|kill``.

Started as root, on loopback addresses only, each role on an address of its
own (127.0.0.x stands for a host, docs/scale.md):

    etcd             127.0.0.11   the failover manager's store (one member here)
    db1, db2         127.0.0.21/22  Patroni + PostgreSQL 15, one primary and
                                  one synchronous hot standby
    pgbouncer        127.0.0.31   transaction pooling, to the primary through
                                  HAProxy's PostgreSQL front
    haproxy          127.0.0.41   HTTPS front (TLS terminated with a test CA)
                                  for the backend replicas; TCP front to the
                                  current primary (Patroni's REST /primary)
    backend1..N      127.0.0.51.. ``ss-backend serve``, one process each

Ports are ``--base`` plus a fixed offset (:data:`OFFSETS`), so that a test's
cluster and a developer's do not meet; the PostgreSQL that other tests use
(127.0.0.1:5432) is never touched. Everything lives under ``--dir`` (default
``$SSC_CLUSTER_DIR``, else ``/tmp/ssc-cluster``): configuration, data
directories, logs, the test CA, and ``cluster.json`` (addresses, ports, pids,
passwords; mode 600), which ``status``, ``down``, the tests and the bench read.

``up`` is idempotent: what runs is left alone, what is missing is started
(a killed database node comes back as a standby of the new primary), and
HAProxy is reloaded when the number of replicas changed. ``down`` stops every
process it started and waits for them; ``--purge`` also removes the folder.
PostgreSQL, PgBouncer, Patroni and etcd run as the ``postgres`` account.
"""

from __future__ import annotations

import argparse
import json
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# a folder every account can pass through (pytest's tmp_path is mode 700)
DEFAULT_DIR = Path(os.environ.get("SSC_CLUSTER_DIR", "/tmp/ssc-cluster"))  # noqa: S108
PG_BIN = Path("/usr/lib/postgresql/15/bin")
ACCOUNT = "postgres"
SCOPE = "ssc"
DATABASE, APP_USER = "ssc", "ssc"
ADDRESS = {
    "etcd": "127.0.0.11",
    "db1": "127.0.0.21",
    "db2": "127.0.0.22",
    "pgbouncer": "127.0.0.31",
    "haproxy": "127.0.0.41",
}
NODES = ("db1", "db2")
OFFSETS = {
    "etcd": 1,
    "etcd_peer": 2,
    "postgres": 10,
    "patroni": 11,
    "pgbouncer": 20,
    "haproxy_postgres": 30,
    "https": 43,
    "backend": 100,  # + replica number
}
MAX_REPLICAS = 9
BASE = 17000
REPLICAS = 3
# HAProxy's readiness check of a replica: 200 only when it reaches the
# database (a /readyz that also checks the schema would take its place)
READINESS = "/readyz"  # database reachable and schema current
COMMANDS = {
    "etcd": "etcd",
    "patroni": "patroni",
    "pgbouncer": "pgbouncer",
    "haproxy": "haproxy",
    "initdb": str(PG_BIN / "initdb"),
}
# Debian 12 packages that provide them (./dev DEBIAN_PACKAGES)
PACKAGES = ("etcd-server", "patroni", "pgbouncer", "haproxy", "postgresql-15")
START_S, STOP_S = 90.0, 30.0


class ClusterError(Exception):
    """The cluster could not be brought up, or is not as expected."""


@dataclass(frozen=True, kw_only=True)
class Layout:
    """Where everything is: the state folder, the port base, replica count."""

    dir: Path
    base: int
    replicas: int

    def port(self, what: str, n: int = 0) -> int:
        return self.base + OFFSETS[what] + n

    def backend_address(self, n: int) -> str:
        return f"127.0.0.{50 + n}"

    @property
    def state_file(self) -> Path:
        return self.dir / "cluster.json"

    def log(self, name: str) -> Path:
        return self.dir / "log" / f"{name}.log"


# --- processes -------------------------------------------------------------


def missing_commands() -> list[str]:
    """The commands the cluster needs that are not installed."""
    return [name for name, cmd in COMMANDS.items() if shutil.which(cmd) is None]


def alive(pid: int | None) -> bool:
    """Whether ``pid`` runs (a zombie counts as gone)."""
    if not pid:
        return False
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def spawn(layout: Layout, name: str, cmd: list[str], *, account: bool) -> int:
    """Start ``cmd`` detached (own session), its output in ``log/name.log``."""
    layout.log(name).parent.mkdir(parents=True, exist_ok=True)
    extra: dict[str, Any] = {}
    if account:
        extra = {"user": ACCOUNT, "group": ACCOUNT, "extra_groups": []}
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    if account:
        env["HOME"] = pwd.getpwnam(ACCOUNT).pw_dir
    with layout.log(name).open("ab") as sink:
        proc = subprocess.Popen(  # noqa: S603 - fixed commands, our own files
            cmd,
            stdin=subprocess.DEVNULL,
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            cwd=layout.dir,
            env=env,
            **extra,
        )
    return proc.pid


def stop(pid: int | None, sig: int = signal.SIGTERM, wait_s: float = STOP_S) -> None:
    """Signal ``pid`` and wait for it to end; SIGKILL once ``wait_s`` passed."""
    if not alive(pid):
        return
    assert pid is not None
    try:
        os.kill(pid, sig)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + wait_s
    while alive(pid) and time.monotonic() < deadline:
        _reap(pid)
        time.sleep(0.1)
    if alive(pid):
        os.kill(pid, signal.SIGKILL)
        while alive(pid):
            _reap(pid)
            time.sleep(0.05)
    _reap(pid)


def _reap(pid: int) -> None:
    """Collect ``pid``'s exit status when it is our child (no zombie left)."""
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        pass


def postmaster_pid(data: Path) -> int | None:
    """The pid in ``data/postmaster.pid``, if the file is there."""
    try:
        return int((data / "postmaster.pid").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def wait_for(what: str, check: Any, timeout: float = START_S) -> Any:
    """Poll ``check()`` until it returns something true; ClusterError on timeout."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            found = check()
        except (OSError, ValueError):
            found = None
        if found:
            return found
        time.sleep(0.25)
    raise ClusterError(f"timed out waiting for {what}")


def listening(address: str, port: int) -> bool:
    """Whether something accepts TCP connections on ``address:port``."""
    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex((address, port)) == 0


def http_json(url: str, timeout: float = 2.0) -> Any:
    """GET ``url`` and parse its JSON body (any status)."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as answer:  # noqa: S310
            return json.loads(answer.read())
    except urllib.error.HTTPError as error:
        return json.loads(error.read() or b"null")


# --- state ---------------------------------------------------------------


def load_state(layout_dir: Path) -> dict[str, Any]:
    """``cluster.json`` of the folder, or an empty state."""
    path = layout_dir / "cluster.json"
    return json.loads(path.read_text()) if path.is_file() else {}


def save_state(layout: Layout, state: dict[str, Any]) -> None:
    tmp = layout.state_file.with_suffix(".tmp")
    tmp.write_text(json.dumps(state, indent=2))
    tmp.chmod(0o600)
    tmp.replace(layout.state_file)


def new_state(layout: Layout, old: dict[str, Any]) -> dict[str, Any]:
    """Addresses and ports of ``layout``; passwords and pids kept from ``old``."""
    passwords = old.get("passwords") or {
        who: secrets.token_hex(16) for who in ("postgres", "replicator", APP_USER)
    }
    haproxy = ADDRESS["haproxy"]
    app = f"{APP_USER}:{passwords[APP_USER]}"
    return {
        "dir": str(layout.dir),
        "base": layout.base,
        "replicas": layout.replicas,
        "passwords": passwords,
        "pids": old.get("pids", {}),
        "etcd": f"{ADDRESS['etcd']}:{layout.port('etcd')}",
        "nodes": {
            node: {
                "postgres": f"{ADDRESS[node]}:{layout.port('postgres')}",
                "rest": f"http://{ADDRESS[node]}:{layout.port('patroni')}",
                "data": str(layout.dir / node / "data"),
            }
            for node in NODES
        },
        "https": f"https://{haproxy}:{layout.port('https')}",
        "ca": str(layout.dir / "tls" / "ca.pem"),
        "backends": {
            f"backend{n}": f"http://{layout.backend_address(n)}:"
            f"{layout.port('backend', n)}"
            for n in range(1, layout.replicas + 1)
        },
        # the backends' URL (PgBouncer) and the direct one to the primary
        # through HAProxy (migrations, seeding, counting rows)
        "pooled_url": f"postgresql+psycopg2://{app}@{ADDRESS['pgbouncer']}:"
        f"{layout.port('pgbouncer')}/{DATABASE}",
        "primary_url": f"postgresql+psycopg2://{app}@{haproxy}:"
        f"{layout.port('haproxy_postgres')}/{DATABASE}",
        "haproxy_socket": str(layout.dir / "haproxy" / "admin.sock"),
    }


# --- configuration files ---------------------------------------------------


def owned_dir(path: Path) -> Path:
    """``path`` made and owned by the service account (mode 700)."""
    path.mkdir(parents=True, exist_ok=True)
    entry = pwd.getpwnam(ACCOUNT)
    os.chown(path, entry.pw_uid, entry.pw_gid)
    path.chmod(0o700)
    return path


def write(path: Path, text: str, *, account: bool = False, mode: int = 0o600) -> bool:
    """Write ``text`` to ``path`` if it differs; whether it changed."""
    if path.is_file() and path.read_text() == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    path.chmod(mode)
    if account:
        entry = pwd.getpwnam(ACCOUNT)
        os.chown(path, entry.pw_uid, entry.pw_gid)
    return True


def patroni_config(layout: Layout, state: dict[str, Any], node: str) -> str:
    """Patroni's configuration of ``node`` (JSON is YAML)."""
    pw = state["passwords"]
    where = owned_dir(layout.dir / node)
    address, rest = ADDRESS[node], layout.port("patroni")
    hba = [
        "local all all trust",
        "host replication replicator 127.0.0.0/8 scram-sha-256",
        "host all all 127.0.0.0/8 scram-sha-256",
    ]
    config = {
        "scope": SCOPE,
        "namespace": "/service/",
        "name": node,
        "log": {"level": "INFO"},
        "restapi": {
            "listen": f"{address}:{rest}",
            "connect_address": f"{address}:{rest}",
        },
        "etcd3": {"hosts": [state["etcd"]]},
        "bootstrap": {
            "dcs": {
                # a lost primary's leader key expires after ttl seconds
                "ttl": 10,
                "loop_wait": 2,
                "retry_timeout": 4,
                "maximum_lag_on_failover": 1048576,
                # a commit waits for the standby's flush: a failover loses none
                "synchronous_mode": True,
                "postgresql": {
                    "use_pg_rewind": True,
                    "use_slots": True,
                    "parameters": {
                        "max_connections": 100,
                        "wal_level": "replica",
                        "hot_standby": "on",
                        "wal_log_hints": "on",
                        "max_wal_senders": 5,
                        "max_replication_slots": 5,
                        "password_encryption": "scram-sha-256",
                    },
                },
            },
            "initdb": [{"encoding": "UTF8"}, {"locale": "C.UTF-8"}, "data-checksums"],
        },
        "postgresql": {
            "listen": f"{address}:{layout.port('postgres')}",
            "connect_address": f"{address}:{layout.port('postgres')}",
            "data_dir": str(where / "data"),
            "bin_dir": str(PG_BIN),
            "pgpass": str(where / "pgpass"),
            "pg_hba": hba,
            "authentication": {
                "superuser": {"username": "postgres", "password": pw["postgres"]},
                "replication": {
                    "username": "replicator",
                    "password": pw["replicator"],
                },
                "rewind": {"username": "postgres", "password": pw["postgres"]},
            },
            "parameters": {"unix_socket_directories": str(where)},
        },
        "watchdog": {"mode": "off"},
        "tags": {"nofailover": False, "noloadbalance": False},
    }
    return json.dumps(config, indent=2)


def pgbouncer_config(layout: Layout, state: dict[str, Any]) -> str:
    where = layout.dir / "pgbouncer"
    target = f"host={ADDRESS['haproxy']} port={layout.port('haproxy_postgres')}"
    return f"""[databases]
{DATABASE} = {target} dbname={DATABASE}

[pgbouncer]
listen_addr = {ADDRESS["pgbouncer"]}
listen_port = {layout.port("pgbouncer")}
unix_socket_dir = {where}
pidfile = {where}/pgbouncer.pid
auth_type = scram-sha-256
auth_file = {where}/userlist.txt
admin_users = {APP_USER}
pool_mode = transaction
max_client_conn = 2000
default_pool_size = 20
reserve_pool_size = 5
server_connect_timeout = 3
server_login_retry = 1
query_wait_timeout = 60
server_check_delay = 5
"""


def haproxy_config(layout: Layout, state: dict[str, Any]) -> str:
    where = layout.dir / "haproxy"
    address = ADDRESS["haproxy"]
    servers = "\n".join(
        f"    server {name} {url.removeprefix('http://')} check"
        for name, url in state["backends"].items()
    )
    databases = "\n".join(
        f"    server {node} {state['nodes'][node]['postgres']} check port "
        f"{layout.port('patroni')} addr {ADDRESS[node]}"
        for node in NODES
    )
    return f"""global
    log stderr format raw local0 notice
    stats socket {where}/admin.sock mode 600 level admin
    maxconn 4000
    ssl-default-bind-options ssl-min-ver TLSv1.2

defaults
    log global
    timeout connect 2s
    timeout client 60s
    timeout server 30s
    timeout check 2s
    retries 2
    option redispatch

frontend kiosk_https
    mode http
    bind {address}:{layout.port("https")} ssl crt {layout.dir}/tls/haproxy.pem
    http-request set-header X-Forwarded-Proto https
    default_backend kiosk_api

backend kiosk_api
    mode http
    balance leastconn
    option httpchk GET {READINESS}
    http-check expect status 200
    default-server inter 1s fall 2 rise 2
{servers}

listen postgres_primary
    mode tcp
    bind {address}:{layout.port("haproxy_postgres")}
    timeout client 30m
    timeout server 30m
    # Patroni's REST API answers 200 on /primary only on the leader
    option httpchk GET /primary
    http-check expect status 200
    default-server inter 1s fall 2 rise 1 on-marked-down shutdown-sessions
{databases}
"""


def backend_config(state: dict[str, Any]) -> str:
    """backend/default.toml with the cluster's database and absolute key paths."""
    text = (ROOT / "backend" / "default.toml").read_text(encoding="utf-8")
    head, rest = text.split("[database]", 1)
    rest = "[issuer]" + rest.split("[issuer]", 1)[1]
    database = (
        f'[database]\nurl = "{state["pooled_url"]}"\n'
        "# PgBouncer in transaction pooling: no per-connection PREPARE\n"
        "prepared_statements = false\n\n"
    )
    return (head + database + rest).replace('"../card/', f'"{ROOT}/card/')


def make_tls(layout: Layout) -> None:
    """A test CA and HAProxy's server certificate for its address (once)."""
    folder = layout.dir / "tls"
    if (folder / "haproxy.pem").is_file():
        return
    import datetime as dt
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name(
        [x509.NameAttribute(NameOID.COMMON_NAME, "ssc cluster test CA")]
    )
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    host = ADDRESS["haproxy"]
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, host)]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address(host)), x509.DNSName("localhost")]
            ),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    pem = serialization.Encoding.PEM
    write(folder / "ca.pem", ca.public_bytes(pem).decode(), mode=0o644)
    private = key.private_bytes(
        pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    write(folder / "haproxy.pem", cert.public_bytes(pem).decode() + private.decode())


# --- up --------------------------------------------------------------------


def up(layout: Layout) -> dict[str, Any]:
    """Bring every part up (idempotent); the state with its pids."""
    if missing := missing_commands():
        raise ClusterError(
            f"not installed: {', '.join(missing)}"
            f" (apt-get install {' '.join(PACKAGES)})"
        )
    if os.geteuid() != 0:
        raise ClusterError("run as root (PostgreSQL runs as the postgres account)")
    if not 1 <= layout.replicas <= MAX_REPLICAS:
        raise ClusterError(f"--replicas must be 1..{MAX_REPLICAS}")
    layout.dir.mkdir(parents=True, exist_ok=True)
    layout.dir.chmod(0o755)
    state = new_state(layout, load_state(layout.dir))
    save_state(layout, state)
    pids = state["pids"]
    _up_etcd(layout, pids)
    for node in NODES:
        _up_node(layout, state, node)
    save_state(layout, state)
    leader = wait_for("a Patroni leader", lambda: leader_of(state))
    _create_app_role(state, leader)
    make_tls(layout)
    _up_haproxy(layout, state)
    _up_pgbouncer(layout, state)
    save_state(layout, state)
    _migrate(layout, state)
    _up_backends(layout, state)
    save_state(layout, state)
    wait_for("a streaming standby", lambda: standby_streaming(state))
    wait_for("HAProxy to see every replica up", lambda: replicas_up(state))
    return state


def replicas_up(state: dict[str, Any]) -> bool:
    """Whether HAProxy sends requests to every backend replica."""
    seen = server_states(state)
    return all(seen.get(f"kiosk_api/{name}") == "UP" for name in state["backends"])


def _up_etcd(layout: Layout, pids: dict[str, int]) -> None:
    if alive(pids.get("etcd")):
        return
    data = owned_dir(layout.dir / "etcd")
    client = f"http://{ADDRESS['etcd']}:{layout.port('etcd')}"
    peer = f"http://{ADDRESS['etcd']}:{layout.port('etcd_peer')}"
    cmd = [
        "etcd",
        "--name=etcd1",
        f"--data-dir={data}",
        f"--listen-client-urls={client}",
        f"--advertise-client-urls={client}",
        f"--listen-peer-urls={peer}",
        f"--initial-advertise-peer-urls={peer}",
        f"--initial-cluster=etcd1={peer}",
        "--initial-cluster-state=new",
        f"--initial-cluster-token=ssc-{layout.base}",
        "--heartbeat-interval=100",
        "--election-timeout=1000",
    ]
    pids["etcd"] = spawn(layout, "etcd", cmd, account=True)
    wait_for(
        "etcd",
        lambda: http_json(f"{client}/health").get("health") == "true",
        timeout=30,
    )


def _up_node(layout: Layout, state: dict[str, Any], node: str) -> None:
    pids = state["pids"]
    config = layout.dir / node / "patroni.yml"
    write(config, patroni_config(layout, state, node), account=True)
    if alive(pids.get(node)):
        return
    data = Path(state["nodes"][node]["data"])
    stop(postmaster_pid(data), signal.SIGQUIT, 10)  # an orphan of a killed Patroni
    pids[node] = spawn(layout, node, ["patroni", str(config)], account=True)


def cluster_members(state: dict[str, Any]) -> list[dict[str, Any]]:
    """Patroni's view of the members (asked of the first node that answers)."""
    for node in NODES:
        try:
            found = http_json(state["nodes"][node]["rest"] + "/cluster", timeout=1.0)
        except (OSError, ValueError):
            continue
        if isinstance(found, dict):
            return list(found.get("members", []))
    return []


def leader_of(state: dict[str, Any]) -> str | None:
    """The node that runs as primary, if any."""
    for member in cluster_members(state):
        if member.get("role") == "leader" and member.get("state") == "running":
            return str(member["name"])
    return None


def standby_streaming(state: dict[str, Any]) -> str | None:
    """A node streaming from the primary, if any."""
    for member in cluster_members(state):
        if member.get("role") in ("replica", "sync_standby") and member.get(
            "state"
        ) in ("streaming", "running"):
            return str(member["name"])
    return None


def _superuser(state: dict[str, Any], node: str) -> Any:
    import psycopg2

    host, port = state["nodes"][node]["postgres"].rsplit(":", 1)
    return psycopg2.connect(
        host=host,
        port=int(port),
        user="postgres",
        password=state["passwords"]["postgres"],
        dbname="postgres",
        connect_timeout=3,
    )


def _create_app_role(state: dict[str, Any], leader: str) -> None:
    """The application's login role and database on the primary (once)."""
    password = state["passwords"][APP_USER]
    conn = wait_for("the primary to accept writes", lambda: _writable(state, leader))
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (APP_USER,))
            if cur.fetchone() is None:
                cur.execute(f"CREATE ROLE {APP_USER} LOGIN PASSWORD %s", (password,))
            cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", (DATABASE,))
            if cur.fetchone() is None:
                cur.execute(f"CREATE DATABASE {DATABASE} OWNER {APP_USER}")
    finally:
        conn.close()


def _writable(state: dict[str, Any], node: str) -> Any:
    import psycopg2

    try:
        conn = _superuser(state, node)
    except psycopg2.OperationalError:
        return None
    with conn.cursor() as cur:
        cur.execute("SELECT pg_is_in_recovery()")
        standby = cur.fetchone()[0]
    conn.rollback()
    if standby:
        conn.close()
        return None
    return conn


def _up_haproxy(layout: Layout, state: dict[str, Any]) -> None:
    pids = state["pids"]
    config = layout.dir / "haproxy" / "haproxy.cfg"
    changed = write(config, haproxy_config(layout, state))
    if alive(pids.get("haproxy")):
        if changed:  # master-worker: SIGUSR2 reloads the configuration
            os.kill(pids["haproxy"], signal.SIGUSR2)
        return
    cmd = ["haproxy", "-W", "-db", "-f", str(config)]
    pids["haproxy"] = spawn(layout, "haproxy", cmd, account=False)
    port = layout.port("https")
    wait_for("HAProxy", lambda: listening(ADDRESS["haproxy"], port), timeout=30)


def _up_pgbouncer(layout: Layout, state: dict[str, Any]) -> None:
    pids = state["pids"]
    where = owned_dir(layout.dir / "pgbouncer")
    users = f'"{APP_USER}" "{state["passwords"][APP_USER]}"\n'
    write(where / "userlist.txt", users, account=True)
    config = where / "pgbouncer.ini"
    write(config, pgbouncer_config(layout, state), account=True)
    if alive(pids.get("pgbouncer")):
        return
    pids["pgbouncer"] = spawn(
        layout, "pgbouncer", ["pgbouncer", str(config)], account=True
    )
    port = layout.port("pgbouncer")
    wait_for("PgBouncer", lambda: listening(ADDRESS["pgbouncer"], port), timeout=30)


def _migrate(layout: Layout, state: dict[str, Any]) -> None:
    """The schema, on the primary directly (DDL and Alembic's own session)."""
    config = layout.dir / "backend.toml"
    write(config, backend_config(state))
    cmd = [sys.executable, "-m", "backend.cli", "--config", str(config)]
    cmd += ["--database-url", state["primary_url"], "migrate"]
    with layout.log("migrate").open("ab") as sink:
        done = subprocess.run(  # noqa: S603 - our own CLI
            cmd, cwd=ROOT, stdout=sink, stderr=subprocess.STDOUT, timeout=120
        )
    if done.returncode != 0:
        raise ClusterError(f"migration failed (see {layout.log('migrate')})")


def _up_backends(layout: Layout, state: dict[str, Any]) -> None:
    pids = state["pids"]
    config = layout.dir / "backend.toml"
    for name, url in state["backends"].items():
        if alive(pids.get(name)):
            continue
        host, port = url.removeprefix("http://").rsplit(":", 1)
        cmd = [sys.executable, "-m", "backend.cli", "--config", str(config)]
        cmd += ["serve", "--host", host, "--port", port]
        pids[name] = spawn(layout, name, cmd, account=False)
    for name in [n for n in pids if n.startswith("backend")]:
        if name not in state["backends"]:  # fewer replicas than before
            stop(pids.pop(name))
    for name, url in state["backends"].items():
        wait_for(f"{name} {READINESS}", lambda u=url: http_json(u + READINESS))


# --- down, status, kill ------------------------------------------------------


def down(layout_dir: Path, purge: bool = False) -> None:
    """Stop everything ``cluster.json`` names, backends first, etcd last."""
    state = load_state(layout_dir)
    pids: dict[str, int] = state.get("pids", {})
    order = sorted(n for n in pids if n.startswith("backend"))
    order += ["haproxy", "pgbouncer", *NODES, "etcd"]
    for name in order:
        stop(pids.get(name))
        if name in NODES:  # Patroni stops PostgreSQL; an orphan is stopped here
            stop(postmaster_pid(Path(state["nodes"][name]["data"])), signal.SIGQUIT)
    if state:
        state["pids"] = {}
        save_state(Layout(dir=layout_dir, base=state["base"], replicas=1), state)
    if purge and layout_dir.is_dir():
        shutil.rmtree(layout_dir)


def kill_node(state: dict[str, Any], node: str) -> None:
    """Lose database node ``node`` at once: Patroni and PostgreSQL SIGKILLed."""
    postmaster = postmaster_pid(Path(state["nodes"][node]["data"]))
    for pid in (state["pids"].get(node), postmaster):
        if alive(pid):
            os.kill(pid, signal.SIGKILL)  # type: ignore[arg-type]
    for pid in (state["pids"].get(node), postmaster):
        wait_for(f"{node} to die", lambda p=pid: _gone(p), 10)


def _gone(pid: int | None) -> bool:
    """Whether ``pid`` has ended (reaped when it was our child)."""
    if pid:
        _reap(pid)
    return not alive(pid)


def haproxy_command(state: dict[str, Any], command: str) -> str:
    """One command on HAProxy's admin socket, and its answer."""
    with socket.socket(socket.AF_UNIX) as sock:
        sock.settimeout(5)
        sock.connect(state["haproxy_socket"])
        sock.sendall(command.encode() + b"\n")
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks).decode()


def server_states(state: dict[str, Any]) -> dict[str, str]:
    """HAProxy's view: ``backend/server`` -> UP, DOWN, MAINT..."""
    found = {}
    for line in haproxy_command(state, "show stat").splitlines():
        fields = line.split(",")
        if len(fields) > 17 and not line.startswith("#"):
            if fields[1] not in ("FRONTEND", "BACKEND"):
                found[f"{fields[0]}/{fields[1]}"] = fields[17]
    return found


def status(layout_dir: Path) -> list[str]:
    """One line per process and per member (for ``status``)."""
    state = load_state(layout_dir)
    if not state:
        return [f"no cluster in {layout_dir}"]
    lines = [f"front: {state['https']} (CA {state['ca']})"]
    for name, pid in sorted(state["pids"].items()):
        lines.append(f"{name:10} pid {pid:<8} {'running' if alive(pid) else 'gone'}")
    for member in cluster_members(state):
        lag = member.get("lag", "")
        lines.append(
            f"member {member.get('name')}: {member.get('role')} "
            f"{member.get('state')} {member.get('host')}:{member.get('port')}"
            + (f" lag {lag}" if lag != "" else "")
        )
    if alive(state["pids"].get("haproxy")):
        for server, up_or_down in sorted(server_states(state).items()):
            lines.append(f"haproxy {server}: {up_or_down}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="cluster", description=__doc__.split("\n")[0])
    parser.add_argument("command", choices=["up", "down", "status", "kill"])
    parser.add_argument("target", nargs="?", help="kill: db1, db2, primary, backendN")
    parser.add_argument("--dir", type=Path, default=DEFAULT_DIR)
    parser.add_argument(
        "--base", type=int, help=f"port base (default: the cluster's, else {BASE})"
    )
    parser.add_argument(
        "--replicas",
        type=int,
        help=f"backend replicas (default: the cluster's, else {REPLICAS})",
    )
    parser.add_argument("--purge", action="store_true", help="down: remove --dir")
    args = parser.parse_args(argv)
    folder = args.dir.resolve()
    try:
        if args.command == "up":
            old = load_state(folder)
            base = args.base or old.get("base", BASE)
            replicas = args.replicas or old.get("replicas", REPLICAS)
            up(Layout(dir=folder, base=base, replicas=replicas))
            print("\n".join(status(folder)))
        elif args.command == "down":
            down(folder, args.purge)
        elif args.command == "status":
            print("\n".join(status(folder)))
        else:
            kill(load_state(folder), args.target or "primary")
    except ClusterError as exc:
        print(f"cluster: {exc}", file=sys.stderr)
        return 1
    return 0


def kill(state: dict[str, Any], target: str) -> None:
    """``kill primary|db1|db2|backendN``: lose that part at once (SIGKILL)."""
    if target == "primary":
        target = leader_of(state) or ""
    if target in NODES:
        kill_node(state, target)
    elif target in state.get("backends", {}):
        pid = state["pids"].get(target)
        if alive(pid):
            os.kill(pid, signal.SIGKILL)
    else:
        raise ClusterError(f"nothing to kill called {target!r}")


if __name__ == "__main__":
    sys.exit(main())
