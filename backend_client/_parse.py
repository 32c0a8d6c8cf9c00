# SPDX-License-Identifier: Apache-2.0
"""Typed field readers for JSON answers (docs/api.md: money, dates, times).

:class:`Fields` wraps one JSON object; each getter checks the type and raises
:class:`~backend_client.errors.MalformedResponseError` naming the field path,
so no ``KeyError``/``TypeError``/``ValueError`` escapes from response parsing.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from backend_client.errors import MalformedResponseError

T = TypeVar("T")
_MISSING = object()


def load_json(body: bytes, where: str) -> Any:
    """Decode a UTF-8 JSON body; malformed bytes raise MalformedResponseError."""
    try:
        return json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        reason = exc.__class__.__name__
        raise MalformedResponseError(f"{where}: body is not JSON ({reason})") from None


class Fields:
    """Typed access to the members of one JSON object at path ``where``."""

    def __init__(self, data: Any, where: str) -> None:
        if not isinstance(data, dict):
            got = _kind(data)
            raise MalformedResponseError(f"{where}: expected an object, got {got}")
        self._data: dict[str, Any] = data
        self.where = where

    def _fail(self, key: str, expected: str, value: Any) -> MalformedResponseError:
        return MalformedResponseError(
            f"{self.where}.{key}: expected {expected}, got {_kind(value)}"
        )

    def _get(self, key: str, optional: bool) -> Any:
        value = self._data.get(key, _MISSING)
        if value is _MISSING:
            if optional:
                return None
            raise MalformedResponseError(f"{self.where}.{key}: missing")
        return value

    def _req(self, key: str, check: Callable[[Any], T], expected: str) -> T:
        value = self._get(key, False)
        try:
            return check(value)
        except (TypeError, ValueError, InvalidOperation, OverflowError):
            raise self._fail(key, expected, value) from None

    def _opt(self, key: str, check: Callable[[Any], T], expected: str) -> T | None:
        if self._get(key, True) is None:
            return None
        return self._req(key, check, expected)

    def raw(self) -> dict[str, Any]:
        """A shallow copy of the JSON object (for free-form members)."""
        return dict(self._data)

    def has(self, key: str) -> bool:
        """True when ``key`` is present and not null."""
        return self._data.get(key) is not None

    def text(self, key: str) -> str:
        """A required string."""
        return self._req(key, _as_str, "a string")

    def opt_text(self, key: str) -> str | None:
        """A string, null or absent."""
        return self._opt(key, _as_str, "a string")

    def integer(self, key: str) -> int:
        """A required integer (not a bool, not a float)."""
        return self._req(key, _as_int, "an integer")

    def opt_integer(self, key: str) -> int | None:
        """An integer, null or absent."""
        return self._opt(key, _as_int, "an integer")

    def flag(self, key: str) -> bool:
        """A required boolean."""
        return self._req(key, _as_bool, "a boolean")

    def money(self, key: str) -> Decimal:
        """A required decimal string ("12345.67"); floats are refused."""
        return self._req(key, _as_money, "a decimal string")

    def opt_money(self, key: str) -> Decimal | None:
        """A decimal string, null or absent."""
        return self._opt(key, _as_money, "a decimal string")

    def number(self, key: str) -> Decimal:
        """A count that may be fractional (years): integer, or decimal string."""
        return self._req(key, _as_number, "a number")

    def day(self, key: str) -> dt.date:
        """A required ``YYYY-MM-DD`` date."""
        return self._req(key, _as_date, "a date")

    def opt_day(self, key: str) -> dt.date | None:
        """A date, null or absent."""
        return self._opt(key, _as_date, "a date")

    def moment(self, key: str) -> dt.datetime:
        """A required ISO 8601 time; a time without offset is taken as UTC."""
        return self._req(key, _as_datetime, "an ISO 8601 time")

    def opt_moment(self, key: str) -> dt.datetime | None:
        """A time, null or absent."""
        return self._opt(key, _as_datetime, "an ISO 8601 time")

    def hexbytes(self, key: str, length: int | None = None) -> bytes:
        """Required hex bytes, of ``length`` bytes when given."""
        value = self._req(key, _as_hex, "hex bytes")
        if length is not None and len(value) != length:
            raise MalformedResponseError(
                f"{self.where}.{key}: expected {length} bytes, got {len(value)}"
            )
        return value

    def obj(self, key: str) -> Fields:
        """A required nested object."""
        return Fields(self._get(key, False), f"{self.where}.{key}")

    def opt_obj(self, key: str) -> Fields | None:
        """A nested object, null or absent."""
        value = self._get(key, True)
        return None if value is None else Fields(value, f"{self.where}.{key}")

    def objs(self, key: str) -> list[Fields]:
        """A required list of objects."""
        value = self._get(key, False)
        if not isinstance(value, list):
            raise self._fail(key, "a list", value)
        where = f"{self.where}.{key}"
        return [Fields(item, f"{where}[{i}]") for i, item in enumerate(value)]

    def texts(self, key: str) -> tuple[str, ...]:
        """A required list of strings."""
        value = self._get(key, False)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self._fail(key, "a list of strings", value)
        return tuple(value)

    def each(self, key: str, parse: Callable[[Fields], T]) -> tuple[T, ...]:
        """Parse every object of a required list with ``parse``."""
        return tuple(parse(item) for item in self.objs(key))


def _kind(value: Any) -> str:
    return "null" if value is None else type(value).__name__


def _as_str(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError
    return value


def _as_int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError
    return value


def _as_bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise TypeError
    return value


def _as_money(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise TypeError
    amount = Decimal(value)
    if not amount.is_finite():
        raise ValueError
    return amount


def _as_number(value: Any) -> Decimal:
    if isinstance(value, float):
        return Decimal(repr(value))
    return _as_money(value)


def _as_date(value: Any) -> dt.date:
    return dt.date.fromisoformat(_as_str(value))


def _as_datetime(value: Any) -> dt.datetime:
    text = _as_str(value)
    if "T" not in text and " " not in text:
        raise ValueError
    when = dt.datetime.fromisoformat(text)
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)


def _as_hex(value: Any) -> bytes:
    return bytes.fromhex(_as_str(value))
