# SPDX-License-Identifier: Apache-2.0
"""Mutating TOML configuration documents for the config fuzz tests.

``dump`` writes any JSON-like value as TOML (every table inline, every key
quoted), enough to round-trip through :mod:`tomllib`; the strategies replace
or delete one node of a real configuration.
"""

from __future__ import annotations

import json
import math
from typing import Any

from hypothesis import strategies as st

TEXT = st.text(st.characters(exclude_categories=["Cs", "Cc"]), max_size=12)
LEAF = st.one_of(
    st.booleans(),
    st.integers(-(2**63), 2**63 - 1),
    st.floats(allow_nan=False),
    TEXT,
    st.sampled_from(
        [
            "",
            "0",
            "-1",
            "abc",
            "1e999",
            "NaN",
            "2026-13-40",
            "../x",
            "/nonexistent",
            "zh_CN",
            "en",
        ]
    ),
)
VALUE = st.recursive(
    LEAF,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3)
    ),
    max_leaves=6,
)


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return (
            "inf"
            if value == math.inf
            else "-inf"
            if value == -math.inf
            else repr(value)
        )
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, list):
        return "[" + ", ".join(_scalar(v) for v in value) + "]"
    if isinstance(value, dict):
        return (
            "{"
            + ", ".join(f"{json.dumps(k)} = {_scalar(v)}" for k, v in value.items())
            + "}"
        )
    raise TypeError(type(value).__name__)


def dump(doc: dict[str, Any]) -> str:
    """TOML text for ``doc`` (one ``key = value`` line per top-level key)."""
    return "".join(f"{json.dumps(k)} = {_scalar(v)}\n" for k, v in doc.items())


def paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every key/index path into ``node``."""
    out: list[tuple[Any, ...]] = []
    items = (
        node.items()
        if isinstance(node, dict)
        else enumerate(node)
        if isinstance(node, list)
        else ()
    )
    for key, child in items:
        out.append((*prefix, key))
        out.extend(paths(child, (*prefix, key)))
    return out


@st.composite
def mutated(draw: st.DrawFn, doc: dict[str, Any]) -> dict[str, Any]:
    """``doc`` with one node replaced by a random value, or deleted."""
    copy = json.loads(json.dumps(doc))
    path = draw(st.sampled_from(paths(copy)))
    target = copy
    for key in path[:-1]:
        target = target[key]
    if isinstance(target, dict) and draw(st.booleans()):
        del target[path[-1]]
    else:
        target[path[-1]] = draw(VALUE)
    return copy


def text_mutations(text: str) -> st.SearchStrategy[str]:
    """Character-level edits of ``text`` (still valid UTF-8)."""
    n = len(text)
    chars = st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=4)
    return st.one_of(
        st.tuples(st.integers(0, n), chars).map(
            lambda p: text[: p[0]] + p[1] + text[p[0] :]
        ),
        st.tuples(st.integers(0, n - 1), st.integers(1, 20)).map(
            lambda p: text[: p[0]] + text[p[0] + p[1] :]
        ),
        st.tuples(st.integers(0, n - 1), chars).map(
            lambda p: text[: p[0]] + p[1] + text[p[0] + len(p[1]) :]
        ),
    )
