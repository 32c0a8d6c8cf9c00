# SPDX-License-Identifier: Apache-2.0
"""The command-line convention every tool shares (CONTRIBUTING.md "Command lines").

``ss-card``, ``ss-backend``, ``ss-kiosk`` and ``ss-issue`` take the same
``-v/--verbose``, ``-q/--quiet``, ``--log-format`` and ``--version`` options
(:func:`add_standard_options`), configure logging from them with
:func:`setup_logging`, and end with one of the exit codes below.
"""

from __future__ import annotations

import argparse
import logging
from collections.abc import Mapping

from ssclog import FORMATS, setup

__all__ = [
    "EXIT_FAILED",
    "EXIT_INTERRUPTED",
    "EXIT_NOT_READY",
    "EXIT_OK",
    "EXIT_USAGE",
    "add_standard_options",
    "add_version_option",
    "log_level",
    "setup_logging",
]

EXIT_OK = 0
EXIT_FAILED = 1  # the command ran and did not succeed (a check, a step, not found)
EXIT_USAGE = 2  # bad arguments, configuration or input: nothing done (as argparse)
EXIT_NOT_READY = 3  # something the tool needs is not there (pcscd, card, database)
EXIT_INTERRUPTED = 130  # Ctrl-C (128 + SIGINT, as the shell reports it)


def add_standard_options(
    parser: argparse.ArgumentParser,
    *,
    version: str | None,
    log_format: str = "json",
    shared: bool = False,
) -> None:
    """``-v``/``-q`` (one step more or less log detail each, repeatable),
    ``--log-format`` and (given a ``version``) ``--version``.

    ``shared``: a parent parser of the top parser and every subcommand, so an
    option may come before or after the command; what the command line does
    not give stays unset there (:func:`log_level` reads it as 0, the caller
    fills in ``log_format``).
    """
    unset = argparse.SUPPRESS if shared else None
    detail = parser.add_mutually_exclusive_group()
    detail.add_argument(
        "-v",
        "--verbose",
        action="count",
        default=unset or 0,
        help="more log detail, one level per -v (down to debug)",
    )
    detail.add_argument(
        "-q",
        "--quiet",
        action="count",
        default=unset or 0,
        help="less log detail, one level per -q (up to errors only)",
    )
    parser.add_argument(
        "--log-format",
        choices=FORMATS,
        default=unset or log_format,
        help=f"log lines as JSON objects or text for a terminal (default {log_format})",
    )
    if version is not None:
        add_version_option(parser, version)


def add_version_option(parser: argparse.ArgumentParser, version: str) -> None:
    """``--version``: ``<prog> <version>`` on stdout, exit 0."""
    parser.add_argument(
        "--version",
        action="version",
        version=f"%(prog)s {version}",
        help="print the version and exit",
    )


def log_level(args: argparse.Namespace, *, default: int) -> int:
    """The root log level: ``default`` one level lower per ``-v``, one higher
    per ``-q``, between DEBUG and ERROR."""
    steps = int(getattr(args, "verbose", 0) or 0) - int(getattr(args, "quiet", 0) or 0)
    return min(logging.ERROR, max(logging.DEBUG, default - 10 * steps))


def setup_logging(
    args: argparse.Namespace,
    *,
    default: int = logging.INFO,
    levels: Mapping[str, int] | None = None,
) -> int:
    """Configure this process's logging from the standard options; the root
    level chosen (``levels`` sets named loggers' own)."""
    level = log_level(args, default=default)
    setup(level=level, fmt=getattr(args, "log_format", "json"), levels=levels)
    return level
