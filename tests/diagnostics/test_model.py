# SPDX-License-Identifier: Apache-2.0
"""Masking, ATR rows, trace rows, the report writer and the APDU tap, without Qt."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from card.apdu import CommandApdu
from card.virtual import VirtualCard, VirtualReaderProvider
from card.virtual.bundled import DEMO_CARDS_DIR
from kiosk.config import KioskConfig
from kiosk.diagnostics.model import (
    MASK,
    ConfigItem,
    Reachability,
    effective_config,
    is_secret,
    list_readers,
    probe_health,
    reader_row,
    recent_apdus,
    strip_userinfo,
)
from kiosk.diagnostics.report import Report, report_json, report_text, write_report
from kiosk.diagnostics.tap import ApduTap
from tests.live_backend import free_port

ROOT = Path(__file__).resolve().parents[2]
CARDS = DEMO_CARDS_DIR


def test_secret_names() -> None:
    for key in (
        "kiosk_secret",
        "technician_code",
        "api_key",
        "session_token",
        "db.password",
        "staff-credentials",
        "puk",
    ):
        assert is_secret(key), key
    for key in (
        "shuffle_pin_pad",
        "issuer_ca",
        "backend_url",
        "kiosk_id",
        "keyboard_layout",
        "printer",
    ):
        assert not is_secret(key), key


def test_effective_config_masks_and_merges() -> None:
    config = KioskConfig(
        reader_pattern="ACS",
        backend_url="https://u:pw@10.0.0.1/x",
        kiosk_id="K-1",
        kiosk_secret="s3cr3t-value",
        issuer_ca=Path("ca.pem"),
        technician_code="7788",
    )
    items = {
        i.key: i
        for i in effective_config(
            {"mode": "x", "reader_pattern": "old"}, config, {"api_token": ""}
        )
    }
    assert items["kiosk_secret"] == ConfigItem(
        key="kiosk_secret", value=MASK, masked=True
    )
    assert items["technician_code"].value == MASK
    assert items["api_token"].value == "(empty)"
    assert items["reader_pattern"].value == "ACS"  # later layers win
    assert items["backend_url"].value == "https://***@10.0.0.1/x"
    assert items["language"].value == "zh_CN" and items["mode"].value == "x"
    text = repr(items)
    assert "s3cr3t" not in text and "7788" not in text and "pw@" not in text


def test_strip_userinfo_leaves_plain_urls() -> None:
    assert strip_userinfo("http://127.0.0.1:8000") == "http://127.0.0.1:8000"


def test_bad_atr_is_shown_not_fatal() -> None:
    row = reader_row("R", True, bytes.fromhex("3B FF 00"), ours=False)
    assert row.atr_error and not row.atr_lines


def _demo_card_copy(tmp_path: Path) -> VirtualCard:
    """A private copy of the first demo card (tests spend its PIN tries)."""
    source = sorted(CARDS.glob("*.json"))[0]
    copy = tmp_path / source.name
    shutil.copyfile(source, copy)
    return VirtualCard.load(copy)


def test_readers_from_virtual_provider(tmp_path: Path) -> None:
    provider = VirtualReaderProvider(["ACME Reader 0", "Other"])
    card = _demo_card_copy(tmp_path)
    provider.insert("ACME Reader 0", card)
    snap = list_readers(provider, "acme")
    first, second = snap.readers
    assert first.ours and first.card_present and first.atr_lines[0].startswith("ATR ")
    assert not second.ours and not second.card_present and second.atr == b""


def test_tap_records_redacted_and_keeps_only_the_last_50(tmp_path: Path) -> None:
    provider = VirtualReaderProvider(["R"])
    provider.insert("R", _demo_card_copy(tmp_path))
    tap = ApduTap(provider)
    assert tap.readers() == provider.readers()
    conn = tap.connect("R")
    conn.transmit(
        CommandApdu(
            cla=0, ins=0x20, p1=0, p2=0, data=bytes.fromhex("975310")
        ).to_bytes()
    )
    for _ in range(60):
        conn.transmit(bytes.fromhex("0084000008"))
    rows = recent_apdus(tap.trace)
    assert len(rows) == 50 and all(r.line.startswith("00 84") for r in rows)
    verify = tap.trace.entries()[0]
    assert verify.redacted and b"\x97\x53\x10" not in verify.command
    assert "97 53 10" not in verify.format()
    read = tap.trace.entries()[-1]
    assert read.response and rows[-1].line == (
        f"00 84 00 00 08 -> <{len(read.response)} bytes> {read.sw:04X}"
    )
    assert read.response.hex(" ").upper() not in rows[-1].line


def test_health_of_nothing_listening_is_unreachable() -> None:
    result = probe_health(f"http://127.0.0.1:{free_port()}")
    assert result.reachability is Reachability.UNREACHABLE
    assert result.latency_ms is None and result.error


def _report(**kw) -> Report:
    base = dict(
        kiosk_id="K/1",
        created_at=1_800_000_000.0,
        readers=None,
        health=None,
        versions=None,
        config=(ConfigItem(key="kiosk_secret", value=MASK, masked=True),),
        apdus=(),
        forbidden=("s3cr3t-value",),
    )
    base.update(kw)
    return Report(**base)


def test_report_files(tmp_path: Path) -> None:
    result = write_report(_report(), tmp_path)
    assert not result.error
    assert result.text_path.name.startswith("ssc-diagnostics-K_1-")
    assert json.loads(result.json_path.read_text())["config"] == {"kiosk_secret": MASK}
    assert "not checked yet" in result.text_path.read_text()


def test_report_refused_if_a_secret_would_leak(tmp_path: Path) -> None:
    leaky = _report(config=(ConfigItem(key="note", value="s3cr3t-value"),))
    assert "s3cr3t-value" in report_text(leaky) + json.dumps(report_json(leaky))
    result = write_report(leaky, tmp_path)
    assert result.error and result.text_path is None
    assert list(tmp_path.iterdir()) == []


def test_report_into_a_missing_folder_is_an_error(tmp_path: Path) -> None:
    result = write_report(_report(), tmp_path / "nope")
    assert result.error and "nope" in result.error
