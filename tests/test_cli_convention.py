# SPDX-License-Identifier: Apache-2.0
"""The command-line convention of CONTRIBUTING.md "Command lines", for all
four tools: every option and subcommand has help, the help is plain text,
``-v``/``-q``/``--log-format``/``--version`` exist and mean the same."""

from __future__ import annotations

import argparse
import logging
from collections.abc import Callable, Iterator

import pytest

import card
from backend.cli import build_parser as backend_parser
from card.cli import build_parser as card_parser
from kiosk.app import build_parser as kiosk_parser
from ssclog.cli import log_level
from staff.app import build_parser as issue_parser

TOOLS: dict[str, Callable[[], argparse.ArgumentParser]] = {
    "ss-card": card_parser,
    "ss-backend": backend_parser,
    "ss-kiosk": kiosk_parser,
    "ss-issue": issue_parser,
}
# options hidden on purpose: ss-kiosk forwards --staff, ss-issue accepts it
HIDDEN = {("ss-issue", "--staff")}
MARKUP = ("``", ":func:", ":class:", ":mod:", ":data:", "**")


def walk(
    name: str, parser: argparse.ArgumentParser
) -> Iterator[tuple[str, argparse.ArgumentParser]]:
    """The parser and every subcommand's, each with its command path."""
    yield name, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for command, sub in action.choices.items():
                yield from walk(f"{name} {command}", sub)


def every_parser() -> Iterator[tuple[str, str, argparse.ArgumentParser]]:
    for tool, build in TOOLS.items():
        for path, parser in walk(tool, build()):
            yield tool, path, parser


def missing_help(tool: str, parser: argparse.ArgumentParser) -> list[str]:
    """Options, arguments and subcommands of ``parser`` without a help text."""
    missing = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            missing += [
                f"command {a.dest}" for a in action._choices_actions if not a.help
            ]
            continue
        name = max(action.option_strings, key=len, default=action.dest)
        hidden = action.help == argparse.SUPPRESS and (tool, name) in HIDDEN
        if not action.help or (action.help == argparse.SUPPRESS and not hidden):
            missing.append(name)
    return missing


@pytest.mark.parametrize("tool", sorted(TOOLS))
def test_every_option_and_argument_of_every_command_has_help(tool: str) -> None:
    missing = {
        path: names
        for owner, path, parser in every_parser()
        if owner == tool and (names := missing_help(tool, parser))
    }
    assert not missing, missing


def test_the_walk_sees_an_option_without_help() -> None:
    parser = argparse.ArgumentParser(prog="x")
    sub = parser.add_subparsers().add_parser("cmd", help="a command")
    sub.add_argument("--quiet-flag", action="store_true")
    sub.add_argument("name")
    found = {path: missing_help("x", p) for path, p in walk("x", parser)}
    assert found == {"x": [], "x cmd": ["--quiet-flag", "name"]}


@pytest.mark.parametrize("tool", sorted(TOOLS))
def test_help_is_plain_text(tool: str) -> None:
    for owner, path, parser in every_parser():
        if owner == tool:
            text = parser.format_help()
            assert not [m for m in MARKUP if m in text], (path, text)


@pytest.mark.parametrize("tool", sorted(TOOLS))
def test_standard_options_everywhere(tool: str) -> None:
    parser = TOOLS[tool]()
    options = set(parser._option_string_actions)
    assert {"-v", "--verbose", "-q", "--quiet", "--log-format", "--version"} <= options


@pytest.mark.parametrize("tool", sorted(TOOLS))
def test_version_names_the_tool_and_the_one_version(
    tool: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as done:
        TOOLS[tool]().parse_args(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out == f"{tool} {card.__version__}\n"


@pytest.mark.parametrize("tool", sorted(TOOLS))
def test_verbose_and_quiet_together_are_a_usage_error(tool: str) -> None:
    with pytest.raises(SystemExit) as done:
        TOOLS[tool]().parse_args(["-v", "-q"])
    assert done.value.code == 2


@pytest.mark.parametrize(
    ("argv", "level"),
    [
        ([], logging.WARNING),
        (["-v"], logging.INFO),
        (["-vv"], logging.DEBUG),
        (["-vvv"], logging.DEBUG),
        (["-q"], logging.ERROR),
        (["-qq"], logging.ERROR),
    ],
)
def test_ss_card_levels(argv: list[str], level: int) -> None:
    args = card_parser().parse_args([*argv, "readers"])
    assert log_level(args, default=logging.WARNING) == level


@pytest.mark.parametrize(
    ("argv", "level"),
    [
        (["migrate"], logging.INFO),
        (["-v", "migrate"], logging.DEBUG),
        (["migrate", "-v"], logging.DEBUG),
        (["migrate", "-q"], logging.WARNING),
        (["-qq", "migrate"], logging.ERROR),
    ],
)
def test_ss_backend_levels_before_or_after_the_command(
    argv: list[str], level: int
) -> None:
    args = backend_parser().parse_args(argv)
    assert log_level(args, default=logging.INFO) == level


@pytest.mark.parametrize("tool", ["ss-kiosk", "ss-issue"])
def test_gui_tools_default_to_info_and_json(tool: str) -> None:
    args = TOOLS[tool]().parse_args([])
    assert log_level(args, default=logging.INFO) == logging.INFO
    assert args.log_format == "json"
    assert log_level(TOOLS[tool]().parse_args(["-q"]), default=logging.INFO) == (
        logging.WARNING
    )


@pytest.mark.parametrize(
    ("argv", "access", "alembic"),
    [
        (["serve"], "INFO", "WARNING"),
        (["serve", "-v"], "INFO", "DEBUG"),
        (["-q", "serve"], "WARNING", "WARNING"),
    ],
)
def test_ss_backend_levels_reach_the_access_log_and_alembic(
    argv: list[str], access: str, alembic: str
) -> None:
    from backend.logconfig import DEFAULT_LEVEL, uvicorn_log_config

    level = log_level(backend_parser().parse_args(argv), default=DEFAULT_LEVEL)
    loggers = uvicorn_log_config(level=level)["loggers"]
    assert loggers["backend.access"]["level"] == access
    assert loggers["alembic"]["level"] == alembic
