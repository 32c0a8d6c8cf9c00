# SPDX-License-Identifier: Apache-2.0
"""``ss-backend``: serve, migrate, seed, create-operator, list-operators,
disable-operator, register-kiosk, revoke-kiosk."""

from __future__ import annotations

import argparse
import getpass
import logging
import os
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy.exc import OperationalError

import ssclog
from backend.errors import BackendError

if TYPE_CHECKING:
    from backend.context import AppContext
    from backend.settings import Settings

log = logging.getLogger(__name__)


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--config",
        type=Path,
        default=argparse.SUPPRESS,
        help="backend.toml (default: $SSC_BACKEND_CONFIG, else "
        "/etc/ssc-kiosk/backend.toml, else the built-in default; "
        "docs/configuration.md)",
    )
    common.add_argument(
        "--database-url",
        default=argparse.SUPPRESS,
        help="overrides [database] url of the config",
    )
    common.add_argument(
        "-v", "--verbose", action="store_true", default=argparse.SUPPRESS
    )
    common.add_argument(
        "--log-format",
        choices=ssclog.FORMATS,
        default=argparse.SUPPRESS,
        help="log lines as JSON objects (default) or text for a terminal",
    )
    common.add_argument(
        "--db-wait",
        type=float,
        metavar="SECONDS",
        default=argparse.SUPPRESS,
        help="wait this long for the database at start (default [database] "
        "wait_seconds, 60)",
    )
    parser = argparse.ArgumentParser(
        prog="ss-backend", description=__doc__, parents=[common]
    )
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="run the HTTP service", parents=[common])
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8600)
    serve.add_argument(
        "--demo", action="store_true", help="fresh seeded SQLite in a temporary folder"
    )
    serve.add_argument(
        "--workers",
        type=int,
        default=1,
        help="worker processes (PostgreSQL only: SQLite's writer queue is per process)",
    )
    serve.add_argument(
        "--tls-cert",
        type=Path,
        default=None,
        help="serve HTTPS with this PEM certificate chain (default [server] tls_cert)",
    )
    serve.add_argument(
        "--tls-key",
        type=Path,
        default=None,
        help="the certificate's PEM private key (default [server] tls_key)",
    )
    sub.add_parser(
        "migrate", help="bring the database schema up to date", parents=[common]
    )
    seed = sub.add_parser("seed", help="load demo data", parents=[common])
    seed.add_argument("--demo", action="store_true", required=True)
    seed.add_argument(
        "--cards-out",
        type=Path,
        default=None,
        help="personalise new demo card images into DIR",
    )
    seed.add_argument(
        "--keep-existing",
        action="store_true",
        help="with --cards-out: personalise only the images DIR lacks",
    )
    seed.add_argument(
        "--cards-dir",
        type=Path,
        default=None,
        help="read demo card images from DIR (default card/virtual/demo/cards)",
    )
    op = sub.add_parser(
        "create-operator", help="create or reset a staff operator", parents=[common]
    )
    op.add_argument("username")
    op.add_argument(
        "--role",
        action="append",
        required=True,
        choices=["issuer", "reviewer", "admin"],
    )
    op.add_argument("--password-stdin", action="store_true")
    sub.add_parser(
        "list-operators",
        help="list staff operators, roles, state, open sessions",
        parents=[common],
    )
    disable = sub.add_parser(
        "disable-operator",
        help="disable an operator and end its sessions",
        parents=[common],
    )
    disable.add_argument("username")
    disable.add_argument("--reason", required=True)
    kiosk = sub.add_parser(
        "register-kiosk", help="register a kiosk, print its secret", parents=[common]
    )
    kiosk.add_argument("kiosk_id")
    revoke = sub.add_parser(
        "revoke-kiosk", help="revoke a kiosk's credential", parents=[common]
    )
    revoke.add_argument("kiosk_id")
    revoke.add_argument("--reason", required=True)
    return parser


def _settings(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from backend.settings import load_settings

    return load_settings(args.config, database_url=args.database_url)


def _connected(args: argparse.Namespace, settings: Settings) -> AppContext:
    """The app context once its database answers (``--db-wait``)."""
    from backend.context import AppContext
    from backend.startup import wait_for_database

    ctx = AppContext.create(settings)
    limit = args.db_wait if args.db_wait is not None else settings.database_wait_seconds
    wait_for_database(ctx.engine, limit_s=limit)
    return ctx


def _context(args: argparse.Namespace, settings: Settings | None = None) -> AppContext:
    """Settings, database waited for, schema migrated (every command but serve)."""
    from backend.db import migrate

    ctx = _connected(args, settings or _settings(args))
    migrate(ctx.settings.database_url)
    return ctx


def _tls_files(args: argparse.Namespace, settings: Settings) -> dict[str, str]:
    """uvicorn's ``ssl_certfile``/``ssl_keyfile``, checked to load (or none)."""
    import ssl

    cert = args.tls_cert or settings.tls_cert
    key = args.tls_key or settings.tls_key
    if not cert and not key:
        return {}
    if not (cert and key):
        raise BackendError(
            "TLS needs both a certificate and its key (--tls-cert, --tls-key)"
        )
    try:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(cert, key, password=lambda: b"")
    except (OSError, ssl.SSLError) as exc:
        raise BackendError(
            f"TLS certificate {cert} or key {key} unusable: {exc.strerror or exc}"
        ) from None
    return {"ssl_certfile": str(cert), "ssl_keyfile": str(key)}


def _serve_options(args: argparse.Namespace, settings: Settings) -> dict[str, Any]:
    """uvicorn options shared by one process and ``--workers``."""
    from backend.logconfig import uvicorn_log_config

    return {
        "host": args.host,
        "port": args.port,
        "access_log": False,
        # X-Forwarded-For is read by backend.requestlog from trusted proxies only
        "proxy_headers": False,
        "server_header": False,
        "log_config": uvicorn_log_config(verbose=args.verbose, fmt=args.log_format),
        **_tls_files(args, settings),
    }


def cmd_serve(args: argparse.Namespace) -> int:
    """Serve the API with uvicorn (``--demo``: fresh seeded SQLite)."""
    import uvicorn

    from backend.app import create_app, settle_heap
    from backend.startup import require_current_schema

    if args.demo:
        folder = Path(tempfile.mkdtemp(prefix="ssc-backend-demo-"))
        args.database_url = f"sqlite:///{folder / 'demo.sqlite3'}"
    settings = _settings(args)
    options = _serve_options(args, settings)  # TLS files checked before waiting
    if args.demo:
        ctx = _context(args, settings)
        from backend.demo import DEMO_KIOSK, seed

        secret = seed(ctx)
        print(f"demo kiosk: {DEMO_KIOSK}\ndemo kiosk secret: {secret}", flush=True)
    else:
        ctx = _connected(args, settings)
        require_current_schema(ctx.engine)  # migrations are the operator's step
    if not ctx.settings.public_base_url:
        log.warning(
            "[public] base_url is not set: insurance certificates carry their "
            "verification code only, no verify_url"
        )
    if args.workers > 1:
        ctx.engine.dispose()
        return _serve_workers(args, ctx.settings, options)
    app = create_app(ctx.settings, ctx=ctx)
    settle_heap()
    uvicorn.run(app, **options)
    return 0


CONFIG_ENV, DATABASE_ENV = "SSC_BACKEND_CONFIG", "SSC_BACKEND_DATABASE_URL"
VERBOSE_ENV, FORMAT_ENV = "SSC_BACKEND_VERBOSE", "SSC_BACKEND_LOG_FORMAT"


def _serve_workers(
    args: argparse.Namespace, settings: Settings, options: dict[str, Any]
) -> int:
    """``--workers N``: N uvicorn processes, each with its own engine and pool;
    their metrics meet in one multi-process folder (backend/metrics.py)."""
    import shutil

    import uvicorn

    from backend.metrics import MULTIPROC_ENV
    from backend.serving import NoDelayH11Protocol

    if settings.database_url.startswith("sqlite") or args.workers > 16:
        raise BackendError("--workers 2..16 needs PostgreSQL (SQLite: one process)")
    if args.config is not None:
        os.environ[CONFIG_ENV] = str(Path(args.config).resolve())
    os.environ[DATABASE_ENV] = settings.database_url  # to the workers only
    os.environ[VERBOSE_ENV] = "1" if args.verbose else "0"
    os.environ[FORMAT_ENV] = args.log_format
    own_folder = not os.environ.get(MULTIPROC_ENV)
    if own_folder:
        os.environ[MULTIPROC_ENV] = tempfile.mkdtemp(prefix="ssc-metrics-")
    try:
        uvicorn.run(
            "backend.cli:worker_app",
            factory=True,
            workers=args.workers,
            http=NoDelayH11Protocol,
            **options,
        )
    finally:
        if own_folder:
            shutil.rmtree(os.environ.pop(MULTIPROC_ENV), ignore_errors=True)
    return 0


def worker_app():  # type: ignore[no-untyped-def]
    """The app of one ``serve --workers`` process (schema migrated by the parent)."""
    from backend.app import create_app, settle_heap
    from backend.logconfig import configure
    from backend.settings import load_settings

    configure(
        verbose=os.environ.get(VERBOSE_ENV) == "1",
        fmt=os.environ.get(FORMAT_ENV, "json"),
    )
    config = os.environ.get(CONFIG_ENV)
    settings = load_settings(
        Path(config) if config else None, database_url=os.environ[DATABASE_ENV]
    )
    app = create_app(settings)
    settle_heap()
    return app


def cmd_migrate(args: argparse.Namespace) -> int:
    """Run the Alembic migrations."""
    _context(args)
    print("database schema up to date")
    return 0


def cmd_seed(args: argparse.Namespace) -> int:
    """Seed demo data (and optionally personalise demo card images)."""
    from backend.demo import DEMO_CARDS, DEMO_KIOSK, seed

    ctx = _context(args)
    secret = seed(
        ctx,
        cards_dir=args.cards_dir or DEMO_CARDS,
        cards_out=args.cards_out,
        keep_existing=args.keep_existing,
    )
    print(f"demo data seeded; kiosk {DEMO_KIOSK} secret: {secret}")
    return 0


def cmd_create_operator(args: argparse.Namespace) -> int:
    """Create or reset an operator; the password comes from stdin or a prompt."""
    from backend.services.operators import upsert_operator

    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass(f"password for {args.username}: ")
    ctx = _context(args)
    with ctx.sessions() as db:
        upsert_operator(db, args.username, password, set(args.role), now=ctx.now())
        db.commit()
    print(f"operator {args.username} ready with roles {', '.join(sorted(args.role))}")
    return 0


def cmd_list_operators(args: argparse.Namespace) -> int:
    """One line per operator: username, roles, state, open sessions."""
    from backend.services.operators import list_operators

    ctx = _context(args)
    with ctx.sessions() as db:
        found = list_operators(db, now=ctx.now())
    print(f"{'username':<24} {'roles':<24} {'state':<9} sessions")
    for o in found:
        state = "disabled" if o.disabled else "active"
        print(f"{o.username:<24} {','.join(o.roles):<24} {state:<9} {o.open_sessions}")
    return 0


def cmd_disable_operator(args: argparse.Namespace) -> int:
    """Disable an operator (left, password leaked): no login, sessions end."""
    from backend.errors import NotFoundError
    from backend.services.operators import disable_operator

    ctx = _context(args)
    with ctx.sessions() as db:
        try:
            ended = disable_operator(
                db, args.username, now=ctx.now(), reason=args.reason
            )
        except NotFoundError as exc:
            print(f"ss-backend: {exc}", file=sys.stderr)
            return 1
        db.commit()
    print(f"operator {args.username} disabled; {ended} session(s) ended")
    return 0


def cmd_register_kiosk(args: argparse.Namespace) -> int:
    """Register a kiosk and print its secret once."""
    from backend.services.operators import register_kiosk

    ctx = _context(args)
    with ctx.sessions() as db:
        secret = register_kiosk(db, args.kiosk_id, now=ctx.now())
        db.commit()
    print(f"kiosk {args.kiosk_id} registered; secret (shown once): {secret}")
    return 0


def cmd_revoke_kiosk(args: argparse.Namespace) -> int:
    """Revoke a kiosk (stolen terminal, leaked secret); audited with the reason."""
    from backend.errors import NotFoundError
    from backend.services.operators import revoke_kiosk

    ctx = _context(args)
    with ctx.sessions() as db:
        try:
            revoke_kiosk(db, args.kiosk_id, now=ctx.now(), reason=args.reason)
        except NotFoundError as exc:
            print(f"ss-backend: {exc}", file=sys.stderr)
            return 1
        db.commit()
    print(f"kiosk {args.kiosk_id} revoked")
    return 0


COMMANDS = {
    "serve": cmd_serve,
    "migrate": cmd_migrate,
    "seed": cmd_seed,
    "create-operator": cmd_create_operator,
    "list-operators": cmd_list_operators,
    "disable-operator": cmd_disable_operator,
    "register-kiosk": cmd_register_kiosk,
    "revoke-kiosk": cmd_revoke_kiosk,
}


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``ss-backend``."""
    args = _parser().parse_args(argv)
    for name, default in GLOBAL_DEFAULTS:
        if not hasattr(args, name):  # options may come before or after the command
            setattr(args, name, default)
    from backend.logconfig import configure

    configure(verbose=args.verbose, fmt=args.log_format)
    try:
        return COMMANDS[args.command](args)
    except BackendError as exc:
        return _fail(args, str(exc))
    except OperationalError as exc:  # the database went away mid-command
        from backend.startup import reason

        return _fail(args, f"database error ({reason(exc)})")


GLOBAL_DEFAULTS = (
    ("config", None),
    ("database_url", ""),
    ("verbose", False),
    ("log_format", "json"),
    ("db_wait", None),
)


def _fail(args: argparse.Namespace, message: str) -> int:
    """The one line that says why the command stopped; exit status 2."""
    if args.log_format == "json":
        log.error("%s", message)
    else:
        print(f"ss-backend: {message}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
