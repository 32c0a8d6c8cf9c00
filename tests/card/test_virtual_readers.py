# SPDX-License-Identifier: Apache-2.0
"""The in-process virtual reader provider: readers, insert/remove, monitor events."""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable

import pytest

from card.connection import GetResponseConnection
from card.errors import CardRemovedError, NoCardError, NoReaderError, ReaderError
from card.ssse import SsseSession
from card.virtual import VirtualCard, VirtualReaderProvider

MakeCard = Callable[..., VirtualCard]


class Recorder:
    """ReaderEvents that records calls (and may call back into the provider)."""

    def __init__(self) -> None:
        self.events: queue.Queue[tuple[str, ...]] = queue.Queue()
        self.on_insert: Callable[[str], None] | None = None
        self.threads: set[str] = set()

    def _note(self, *event: str) -> None:
        self.threads.add(threading.current_thread().name)
        self.events.put(event)

    def reader_added(self, name: str) -> None:
        self._note("added", name)

    def reader_removed(self, name: str) -> None:
        self._note("removed", name)

    def card_inserted(self, name: str, atr: bytes) -> None:
        if self.on_insert is not None:
            self.on_insert(name)
        self._note("inserted", name, atr.hex())

    def card_removed(self, name: str) -> None:
        self._note("card_removed", name)

    def next(self) -> tuple[str, ...]:
        return self.events.get(timeout=5)


def test_readers_connect_and_errors(make_card: MakeCard) -> None:
    provider = VirtualReaderProvider(["R0", "R1"])
    card = make_card()
    provider.insert("R0", card)
    infos = {r.name: r for r in provider.readers()}
    assert infos["R0"].card_present and infos["R0"].atr == card.atr
    assert not infos["R1"].card_present
    with pytest.raises(NoCardError):
        provider.connect("R1")
    with pytest.raises(NoReaderError):
        provider.connect("R9")
    with pytest.raises(ReaderError):
        provider.insert("R1", card)  # already in R0
    SsseSession(GetResponseConnection(provider.connect("R0"))).read_issuer()


def test_removal_breaks_open_connections(make_card: MakeCard) -> None:
    provider = VirtualReaderProvider(["R0"])
    card = make_card()
    provider.insert("R0", card)
    session = SsseSession(GetResponseConnection(provider.connect("R0")))
    assert provider.remove("R0") is card
    with pytest.raises(CardRemovedError):
        session.read_holder()
    provider.insert("R0", card)
    with pytest.raises(CardRemovedError):
        session.read_holder()  # a new insertion is a new card session
    SsseSession(GetResponseConnection(provider.connect("R0"))).read_holder()


def test_monitor_reports_state_then_changes(make_card: MakeCard) -> None:
    provider = VirtualReaderProvider(["R0"])
    card = make_card()
    provider.insert("R0", card)
    recorder = Recorder()
    handle = provider.start_monitor(recorder)
    assert recorder.next() == ("added", "R0")
    assert recorder.next() == ("inserted", "R0", card.atr.hex())
    provider.remove("R0")
    assert recorder.next() == ("card_removed", "R0")
    provider.add_reader("R1")
    assert recorder.next() == ("added", "R1")
    provider.remove_reader("R1")
    assert recorder.next() == ("removed", "R1")
    handle.stop()
    provider.insert("R0", card)
    assert recorder.events.empty()
    assert recorder.threads == {"virtual-reader-monitor"}


def test_callbacks_may_call_back_into_the_provider(make_card: MakeCard) -> None:
    provider = VirtualReaderProvider(["R0"])
    recorder = Recorder()
    read: list[str] = []

    def on_insert(name: str) -> None:
        conn = GetResponseConnection(provider.connect(name))
        read.append(SsseSession(conn).read_issuer().card_number)
        provider.remove(name)

    recorder.on_insert = on_insert
    handle = provider.start_monitor(recorder)
    assert recorder.next() == ("added", "R0")
    provider.insert("R0", make_card())
    assert recorder.next()[0] == "inserted"
    assert recorder.next() == ("card_removed", "R0")
    handle.stop()
    assert read == ["A12345678"]
