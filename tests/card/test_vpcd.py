# SPDX-License-Identifier: Apache-2.0
"""The vpcd bridge's framing and controls, against a loopback vpcd peer.

The peer plays pcscd's side of the vsmartcard protocol (2-byte length +
payload; 1-byte controls), so these run without pcscd; the same bridge is
tested through the real pcscd in test_pcsc.py.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from card.errors import ReaderError
from card.virtual.card import Knobs, VirtualCard
from card.virtual.vpcd import Control, VpcdBridge, reader_for_port
from tests.card.pcsc_support import make_image, wait_for


class VpcdPeer:
    """pcscd's end: listens on 127.0.0.1, accepts one card at a time."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.server.settimeout(5)
        self.port = self.server.getsockname()[1]
        self.conn: socket.socket | None = None

    def accept(self) -> None:
        self.conn, _ = self.server.accept()
        self.conn.settimeout(5)

    def send(self, payload: bytes) -> None:
        assert self.conn is not None
        self.conn.sendall(len(payload).to_bytes(2, "big") + payload)

    def recv(self) -> bytes | None:
        assert self.conn is not None
        header = self._exact(2)
        if header is None:
            return None
        return self._exact(int.from_bytes(header, "big"))

    def _exact(self, n: int) -> bytes | None:
        assert self.conn is not None
        data = b""
        while len(data) < n:
            chunk = self.conn.recv(n - len(data))
            if not chunk:
                return None
            data += chunk
        return data

    def exchange(self, payload: bytes) -> bytes | None:
        self.send(payload)
        return self.recv()

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
        self.server.close()


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_image(tmp_path_factory.mktemp("img") / "card.json")


@pytest.fixture
def peer() -> Iterator[VpcdPeer]:
    p = VpcdPeer()
    yield p
    p.close()


def test_controls_and_apdus(peer: VpcdPeer, template: Path) -> None:
    card = VirtualCard.load(template)
    bridge = VpcdBridge(card, port=peer.port).start()
    try:
        peer.accept()
        assert peer.exchange(bytes([Control.ATR])) == card.atr
        peer.send(bytes([Control.POWER_ON]))
        assert peer.exchange(bytes.fromhex("00200000")) == bytes.fromhex("63C3")
        select = bytes.fromhex("00A404000F7378312E73682EC9E7BBE1B1A3D5CF")
        answer = peer.exchange(select)
        assert answer is not None and answer.endswith(b"\x90\x00")
        peer.send(bytes([Control.RESET]))
        peer.send(bytes([0x7F]))  # unknown control: ignored, no answer
        peer.send(bytes([Control.POWER_OFF]))
        peer.send(bytes([Control.POWER_ON]))
        assert peer.exchange(bytes.fromhex("00FA0000")) == bytes.fromhex("6D00")
        assert bridge.stats.apdus == 3
        assert bridge.stats.connected
    finally:
        bridge.stop()
    assert peer.recv() is None  # stop() closes the socket: card removed
    assert not card.powered


def test_reconnects_after_the_peer_goes_away(peer: VpcdPeer, template: Path) -> None:
    bridge = VpcdBridge(VirtualCard.load(template), port=peer.port).start()
    try:
        peer.accept()
        assert peer.exchange(bytes([Control.ATR]))
        assert peer.conn is not None
        peer.conn.close()  # pcscd restarted
        peer.accept()
        peer.send(bytes([Control.POWER_ON]))
        assert peer.exchange(bytes.fromhex("00200000")) == bytes.fromhex("63C3")
        wait_for(lambda: bridge.stats.sessions == 2, what="second session")
    finally:
        bridge.stop()


def test_mute_card_is_pulled_out(peer: VpcdPeer, template: Path) -> None:
    card = VirtualCard.load(template, knobs=Knobs(tear_after=1))
    bridge = VpcdBridge(card, port=peer.port).start()
    peer.accept()
    peer.send(bytes([Control.POWER_ON]))
    assert peer.exchange(bytes.fromhex("00200000")) == bytes.fromhex("63C3")
    assert peer.exchange(bytes.fromhex("00200000")) is None  # no answer: gone
    wait_for(lambda: not bridge.serving, what="bridge to stop")
    assert bridge.torn
    bridge.stop()


def test_no_pcscd_without_reconnect_fails_clearly(template: Path) -> None:
    with socket.create_server(("127.0.0.1", 0)) as spare:
        port = spare.getsockname()[1]
    bridge = VpcdBridge(VirtualCard.load(template), port=port, reconnect=False)
    with pytest.raises(ReaderError, match="is pcscd running"):
        bridge.serve_forever()


def test_refuses_non_loopback_hosts(template: Path) -> None:
    with pytest.raises(ReaderError, match="loopback"):
        VpcdBridge(VirtualCard.load(template), host="192.0.2.1")
    assert VpcdBridge(VirtualCard.load(template), host="::1").host == "::1"


def test_reader_names() -> None:
    assert reader_for_port(35963) == "Virtual PCD 00 00"
    assert reader_for_port(35964) == "Virtual PCD 00 01"
