# SPDX-License-Identifier: Apache-2.0
"""``ss-backend``: serve, migrate, seed, import, create-operator,
list-operators, disable-operator, register-kiosk, list-kiosks, revoke-kiosk,
issuer init|renew|transport-key, import-batch."""

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

import ssclog.cli
from backend import __version__
from backend.ceremony import DEFAULT_CA_NAME, DEFAULT_CA_YEARS
from backend.errors import BackendError
from ssclog.cli import (
    EXIT_FAILED,
    EXIT_INTERRUPTED,
    EXIT_NOT_READY,
    EXIT_OK,
    EXIT_USAGE,
)

if TYPE_CHECKING:
    from backend.context import AppContext
    from backend.importing.report import RejectReport
    from backend.importing.run import FileResult
    from backend.settings import Settings

log = logging.getLogger(__name__)

# the one default port: the kiosk's config/kiosk.toml and ss-issue use it too
DEFAULT_PORT = 8600
PASSWORD_ENV = "SSC_OPERATOR_PASSWORD"  # noqa: S105 - a variable name


def build_parser() -> argparse.ArgumentParser:
    """Every command and option of ``ss-backend``."""
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
    ssclog.cli.add_standard_options(common, version=None, shared=True)
    common.add_argument(
        "--db-wait",
        type=float,
        metavar="SECONDS",
        default=argparse.SUPPRESS,
        help="wait this long for the database at start (default [database] "
        "wait_seconds, 60)",
    )
    parser = argparse.ArgumentParser(
        prog="ss-backend",
        description="The reference back end: serve the API, migrate, import, "
        "operators, kiosks, issuer keys and blank batches (docs/backend.md).",
        parents=[common],
    )
    ssclog.cli.add_version_option(parser, __version__)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    serve = sub.add_parser("serve", help="run the HTTP service", parents=[common])
    serve.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default %(default)s)"
    )
    serve.add_argument(
        "--port",
        type=int,
        default=DEFAULT_PORT,
        help="port to listen on (default %(default)s)",
    )
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
    seed.add_argument(
        "--demo",
        action="store_true",
        required=True,
        help="the demo data set (required: the only one there is)",
    )
    seed.add_argument(
        "--force",
        action="store_true",
        help="seed even though the configuration does not say demo = true",
    )
    seed.add_argument(
        "--cards-out",
        type=Path,
        default=None,
        help="personalize new demo card images into DIR",
    )
    seed.add_argument(
        "--keep-existing",
        action="store_true",
        help="with --cards-out: personalize only the images DIR lacks",
    )
    seed.add_argument(
        "--cards-dir",
        type=Path,
        default=None,
        help="read demo card images from DIR (default card/virtual/demo/cards)",
    )
    imp = sub.add_parser(
        "import",
        help="load residents' insurance data from CSV files (docs/import.md)",
        parents=[common],
    )
    imp.add_argument(
        "paths", nargs="+", type=Path, help="import files or folders holding them"
    )
    imp.add_argument(
        "--report",
        type=Path,
        default=Path("import-rejects.csv"),
        help="where rejected rows are listed (default ./import-rejects.csv)",
    )
    op = sub.add_parser(
        "create-operator", help="create or reset a staff operator", parents=[common]
    )
    op.add_argument("username", help="the operator's sign-in name")
    op.add_argument(
        "--role",
        action="append",
        required=True,
        choices=["issuer", "reviewer", "admin"],
        help="a role of the operator (repeat for several)",
    )
    op.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from the first line of stdin",
    )
    op.add_argument(
        "--password-file",
        type=Path,
        help=f"read the password from FILE (or set ${PASSWORD_ENV})",
    )
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
    disable.add_argument("username", help="the operator's sign-in name")
    disable.add_argument("--reason", required=True, help="why (kept in the audit log)")
    kiosk = sub.add_parser(
        "register-kiosk", help="register a kiosk, print its secret", parents=[common]
    )
    kiosk.add_argument("kiosk_id", help="the kiosk's id (1-64 ASCII characters)")
    kiosk.add_argument(
        "--rotate-secret",
        action="store_true",
        help="give an already registered kiosk a new secret (the old one stops)",
    )
    kiosk.add_argument(
        "--secret-file",
        type=Path,
        help="write the secret to FILE (mode 0600) instead of printing it",
    )
    sub.add_parser("list-kiosks", help="registered kiosks", parents=[common])
    revoke = sub.add_parser(
        "revoke-kiosk", help="revoke a kiosk's credential", parents=[common]
    )
    revoke.add_argument("kiosk_id", help="the registered kiosk's id")
    revoke.add_argument("--reason", required=True, help="why (kept in the audit log)")
    batch = sub.add_parser(
        "import-batch",
        help="load a manufacturer's blank card batch file",
        parents=[common],
    )
    batch.add_argument(
        "file", type=Path, metavar="FILE", help="the manufacturer's batch file"
    )
    _issuer_parsers(sub, common)
    return parser


def _issuer_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    """``issuer init|renew|transport-key``: the key ceremony."""
    issuer = sub.add_parser("issuer", help="issuer CA and master key ceremony")
    isub = issuer.add_subparsers(dest="issuer_command", required=True)
    init = isub.add_parser(
        "init",
        help="create the issuer CA and card master key (encrypted) in the files "
        "the configuration names",
        parents=[common],
    )
    init.add_argument(
        "--common-name",
        default=DEFAULT_CA_NAME,
        help="the CA certificate's common name (default %(default)s)",
    )
    init.add_argument(
        "--organization", default="", help="the CA certificate's organization"
    )
    init.add_argument(
        "--country",
        default="CN",
        help="the CA certificate's country code (default %(default)s)",
    )
    _add_days(init)
    renew = isub.add_parser(
        "renew",
        help="re-issue the CA certificate on the same key (cards stay valid)",
        parents=[common],
    )
    _add_days(renew)
    export = isub.add_parser(
        "transport-key",
        help="write a batch's transport key for the card manufacturer",
        parents=[common],
    )
    export.add_argument("batch_id", metavar="BATCH", help="the batch's id")
    export.add_argument("--out", type=Path, required=True, help="key file (0600)")


def _add_days(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--days",
        type=int,
        default=DEFAULT_CA_YEARS * 365,
        help="CA certificate validity (default %(default)s days)",
    )


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
        "log_config": uvicorn_log_config(level=args.log_level, fmt=args.log_format),
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
    ctx.keys  # noqa: B018 - open the issuer keys now, not at the first request
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
LEVEL_ENV, FORMAT_ENV = "SSC_BACKEND_LOG_LEVEL", "SSC_BACKEND_LOG_FORMAT"


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
    os.environ[LEVEL_ENV] = str(args.log_level)
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
    from backend.logconfig import DEFAULT_LEVEL, configure
    from backend.settings import load_settings

    configure(
        level=int(os.environ.get(LEVEL_ENV, DEFAULT_LEVEL)),
        fmt=os.environ.get(FORMAT_ENV, "json"),
    )
    config = os.environ.get(CONFIG_ENV)
    settings = load_settings(
        Path(config) if config else None, database_url=os.environ[DATABASE_ENV]
    )
    app = create_app(settings)
    app.state.ctx.keys  # noqa: B018 - fail at start, not at the first request
    settle_heap()
    return app


def cmd_migrate(args: argparse.Namespace) -> int:
    """Run the Alembic migrations."""
    _context(args)
    print("database schema up to date")
    return 0


def cmd_seed(args: argparse.Namespace) -> int:
    """Seed demo data (and optionally personalize demo card images); refused
    on a configuration without ``demo = true`` unless ``--force``."""
    from backend.demo import DEMO_CARDS, DEMO_KIOSK, seed

    settings = _settings(args)
    if not settings.demo and not args.force:
        raise BackendError(
            "not a demo configuration (no demo = true): seeding would add "
            "operators whose passwords are published; --force to do it anyway"
        )
    ctx = _context(args)
    secret = seed(
        ctx,
        cards_dir=args.cards_dir or DEMO_CARDS,
        cards_out=args.cards_out,
        keep_existing=args.keep_existing,
    )
    print(f"demo data seeded; kiosk {DEMO_KIOSK} secret: {secret}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    """Import CSV files; a summary on stderr, rejected rows in ``--report``."""
    from backend.importing.report import Progress, RejectReport
    from backend.importing.run import import_files
    from backend.services.requests import local_date
    from backend.validation import Rules

    ctx = _context(args)
    now = ctx.now()
    report = RejectReport(args.report)
    try:
        results = import_files(
            ctx.engine,
            Rules.of(ctx.settings, local_date(now)),
            args.paths,
            report,
            now=now,
            progress=Progress(),
        )
    finally:
        report.close()
    _print_import_summary(results, report)
    return EXIT_FAILED if report.reasons else EXIT_OK  # rejects: listed in --report


def _print_import_summary(results: list[FileResult], report: RejectReport) -> None:
    """Per file: valid, inserted, updated, unchanged, rejected; then the most
    frequent reasons (never a value: no SSN reaches the terminal or a log)."""
    for r in results:
        print(
            f"{r.file}: {r.valid:,} valid, {r.inserted:,} inserted, "
            f"{r.updated:,} updated, {r.unchanged:,} unchanged, "
            f"{r.rejected:,} rejected",
            file=sys.stderr,
        )
    if report.reasons:
        print(
            f"{sum(report.reasons.values()):,} rows rejected, listed in {report.path};"
            " most frequent:",
            file=sys.stderr,
        )
        for (file, column, reason), count in report.reasons.most_common(8):
            print(f"  {count:>8,}  {file} {column}: {reason}", file=sys.stderr)


def _operator_password(args: argparse.Namespace) -> str:
    """From --password-file, --password-stdin, $SSC_OPERATOR_PASSWORD or a prompt."""
    file: Path | None = args.password_file
    if file is not None:
        try:
            return file.read_text(encoding="utf-8").rstrip("\r\n")
        except (OSError, UnicodeDecodeError) as exc:
            raise BackendError(f"cannot read {file}") from exc
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    if os.environ.get(PASSWORD_ENV):
        return os.environ[PASSWORD_ENV]
    return getpass.getpass(f"password for {args.username}: ")


def cmd_create_operator(args: argparse.Namespace) -> int:
    """Create or reset an operator; the password never on the command line."""
    from backend.services.operators import upsert_operator

    password = _operator_password(args)
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
    from backend.services.operators import disable_operator

    ctx = _context(args)
    with ctx.sessions() as db:
        ended = disable_operator(db, args.username, now=ctx.now(), reason=args.reason)
        db.commit()
    print(f"operator {args.username} disabled; {ended} session(s) ended")
    return 0


def cmd_register_kiosk(args: argparse.Namespace) -> int:
    """Register a kiosk (or rotate its secret) and hand the secret out once."""
    from backend.ceremony import write_secret_file
    from backend.services.operators import register_kiosk

    ctx = _context(args)
    with ctx.sessions() as db:
        secret = register_kiosk(
            db, args.kiosk_id, now=ctx.now(), rotate=args.rotate_secret
        )
        if args.secret_file is not None:
            write_secret_file(args.secret_file, secret.encode("ascii") + b"\n")
        db.commit()
    done = "secret rotated" if args.rotate_secret else "registered"
    if args.secret_file is not None:
        print(f"kiosk {args.kiosk_id} {done}; secret written to {args.secret_file}")
    else:
        print(f"kiosk {args.kiosk_id} {done}; secret (shown once): {secret}")
    return 0


def cmd_list_kiosks(args: argparse.Namespace) -> int:
    """One line per registered kiosk: id, state, registration time."""
    from backend.services.operators import list_kiosks

    ctx = _context(args)
    with ctx.sessions() as db:
        rows = list_kiosks(db)
    for row in rows:
        state = "revoked" if row.revoked else "active"
        print(f"{row.kiosk_id}\t{state}\t{row.created_at.isoformat()}")
    return 0


def cmd_revoke_kiosk(args: argparse.Namespace) -> int:
    """Revoke a kiosk (stolen terminal, leaked secret); audited with the reason."""
    from backend.services.operators import revoke_kiosk

    ctx = _context(args)
    with ctx.sessions() as db:
        revoke_kiosk(db, args.kiosk_id, now=ctx.now(), reason=args.reason)
        db.commit()
    print(f"kiosk {args.kiosk_id} revoked")
    return 0


def cmd_import_batch(args: argparse.Namespace) -> int:
    """Load a manufacturer's batch file (recognition codes, transport key check)."""
    from backend.services.batches import DeliveryNote, import_batch

    try:
        note = DeliveryNote.parse(args.file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise BackendError(f"cannot read {args.file}: {exc}") from exc
    ctx = _context(args)
    with ctx.sessions() as db:
        count = import_batch(db, ctx.keys, note, now=ctx.now(), actor="cli")
        db.commit()
    print(f"batch {note.batch_id}: {count} blank cards imported")
    return 0


def cmd_issuer(args: argparse.Namespace) -> int:
    """``issuer init|renew|transport-key``."""
    from backend import ceremony
    from backend.ceremony import describe_ca

    settings = _settings(args)
    files = settings.key_files
    now = ceremony.now()
    if args.issuer_command == "init":
        subject = ceremony.CaSubject(
            common_name=args.common_name,
            organization=args.organization,
            country=args.country,
        )
        cert = ceremony.init_issuer(
            files, files.passphrase.new(), subject, now=now, days=args.days
        )
        print(f"issuer CA and master key written\n{describe_ca(cert)}")
        print(f"trust anchor for the kiosks: {files.ca_certificate}")
        return 0
    if args.issuer_command == "renew":
        passphrase = files.passphrase.read()
        if passphrase is None:
            raise BackendError("no passphrase (see [issuer] passphrase_file)")
        cert, kept = ceremony.renew_ca(files, passphrase, now=now, days=args.days)
        print(f"CA certificate renewed (previous kept as {kept})\n{describe_ca(cert)}")
        return 0
    from backend.context import AppContext

    kcv = ceremony.export_transport_key(
        AppContext.create(settings).keys, args.batch_id, args.out
    )
    print(f"transport key of batch {args.batch_id} written to {args.out}")
    print(f"key check value: {kcv.hex().upper()}")
    return 0


COMMANDS = {
    "serve": cmd_serve,
    "migrate": cmd_migrate,
    "seed": cmd_seed,
    "import": cmd_import,
    "create-operator": cmd_create_operator,
    "list-operators": cmd_list_operators,
    "disable-operator": cmd_disable_operator,
    "register-kiosk": cmd_register_kiosk,
    "list-kiosks": cmd_list_kiosks,
    "revoke-kiosk": cmd_revoke_kiosk,
    "import-batch": cmd_import_batch,
    "issuer": cmd_issuer,
}


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``ss-backend``; exit codes as every tool's
    (CONTRIBUTING.md "Command lines")."""
    args = build_parser().parse_args(argv)
    for name, default in GLOBAL_DEFAULTS:
        if not hasattr(args, name):  # options may come before or after the command
            setattr(args, name, default)
    from backend.logconfig import DEFAULT_LEVEL, configure

    args.log_level = ssclog.cli.log_level(args, default=DEFAULT_LEVEL)
    configure(level=args.log_level, fmt=args.log_format)
    try:
        return COMMANDS[args.command](args)
    except BackendError as exc:
        return _fail(args, str(exc), _exit_code(exc))
    except OperationalError as exc:  # the database went away mid-command
        from backend.startup import reason

        return _fail(args, f"database error ({reason(exc)})", EXIT_NOT_READY)
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED


GLOBAL_DEFAULTS = (
    ("config", None),
    ("database_url", ""),
    ("verbose", 0),
    ("quiet", 0),
    ("log_format", "json"),
    ("db_wait", None),
)


def _exit_code(exc: BackendError) -> int:
    """Not ready: the database or its schema; failed: what the command names
    does not exist; anything else the command refused: usage."""
    from backend.errors import NotFoundError
    from backend.startup import DatabaseUnreachableError, SchemaNotCurrentError

    if isinstance(exc, DatabaseUnreachableError | SchemaNotCurrentError):
        return EXIT_NOT_READY
    if isinstance(exc, NotFoundError):
        return EXIT_FAILED
    return EXIT_USAGE


def _fail(args: argparse.Namespace, message: str, code: int) -> int:
    """The one line that says why the command stopped; the exit code."""
    if args.log_format == "json":
        log.error("%s", message)
    else:
        print(f"ss-backend: {message}", file=sys.stderr)
    return code


if __name__ == "__main__":
    raise SystemExit(main())
