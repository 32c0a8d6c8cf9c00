# SPDX-License-Identifier: Apache-2.0
"""Check that the lock files in requirements/ agree with pyproject.toml.

Two checks, both offline:

* every requirement of pyproject.toml (runtime, the ``dev`` extra) and of
  ``requirements/build.in`` is pinned in its lock at a version its specifier
  allows;
* the stamp at the top of ``requirements/runtime.txt`` (a digest of those
  requirement lists, written by ``./dev lock``) matches, so a requirement that
  was removed, renamed or re-marked also shows as a disagreement.

``--stamp`` rewrites the stamp (``./dev lock`` calls it after resolving).
Exit status 1 with one line per disagreement; 0 when all agree.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
LOCKS = ROOT / "requirements"
STAMP = "# requirements digest: "
PIN = re.compile(r"^([A-Za-z0-9._-]+)==([^\s;\\]+)")


def inputs() -> dict[str, list[str]]:
    """Requirement lists by the lock that must satisfy them."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    build = [
        line.split("#", 1)[0].strip()
        for line in (LOCKS / "build.in").read_text().splitlines()
    ]
    return {
        "build.txt": [r for r in build if r],
        "runtime.txt": list(project["dependencies"]),
        "dev.txt": [
            *project["dependencies"],
            *project["optional-dependencies"]["dev"],
        ],
    }


def digest(lists: dict[str, list[str]]) -> str:
    text = "\n".join(f"{k}:{r}" for k, v in sorted(lists.items()) for r in v)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def pins(lock: Path) -> dict[str, str]:
    """``{canonical name: version}`` pinned in a lock file."""
    found = {}
    for line in lock.read_text().splitlines():
        if match := PIN.match(line):
            found[canonicalize_name(match[1])] = match[2]
    return found


def disagreements(lists: dict[str, list[str]]) -> list[str]:
    problems = []
    for lock_name, requirements in lists.items():
        lock = LOCKS / lock_name
        if not lock.exists():
            problems.append(f"{lock_name}: missing")
            continue
        pinned = pins(lock)
        for text in requirements:
            req = Requirement(text)
            version = pinned.get(canonicalize_name(req.name))
            if version is None:
                problems.append(f"{lock_name}: {req.name} is not pinned")
            elif not req.specifier.contains(version, prereleases=True):
                problems.append(f"{lock_name}: {req.name}=={version} breaks '{text}'")
    stamp = read_stamp()
    if stamp != digest(lists):
        problems.append("runtime.txt: its requirements digest is not pyproject.toml's")
    return problems


def read_stamp() -> str | None:
    for line in (LOCKS / "runtime.txt").read_text().splitlines():
        if line.startswith(STAMP):
            return line.removeprefix(STAMP).strip()
    return None


def write_stamp(value: str) -> None:
    lock = LOCKS / "runtime.txt"
    lines = [
        line for line in lock.read_text().splitlines() if not line.startswith(STAMP)
    ]
    lock.write_text("\n".join([f"{STAMP}{value}", *lines]) + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--stamp", action="store_true", help="write the digest after ./dev lock"
    )
    args = parser.parse_args(argv)
    lists = inputs()
    if args.stamp:
        write_stamp(digest(lists))
    problems = disagreements(lists)
    for problem in problems:
        print(f"lock: {problem}; run ./dev lock", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
