# SPDX-License-Identifier: Apache-2.0
"""``ss-card`` commands: on a virtual card image in process, and through pcscd."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from card.cli import main
from card.pcsc import PcscProvider, ShareMode
from tests.card.pcsc_support import (
    READER,
    ROOT,
    card_present,
    copy_image,
    make_image,
    ss_card,
    vpcd_lock,  # noqa: F401 - fixture
    wait_for,
)

READ_KEYS = [
    "card_number",
    "recognition_code",
    "card_type",
    "spec_version",
    "issue_date",
    "expiry_date",
    "ssn",
    "name",
    "gender",
    "ethnic_group",
    "birthplace",
    "birth_date",
]
SCRIPT = """# SELECT SSSE, card number record, PIN state
00 A4 04 00 0F 7378312E73682EC9E7BBE1B1A3D5CF ; sw=9000
00 B2 07 28 0B ; data=07 09 54 31 32 33 34 35 36 37 38
00 20 00 00    ; sw=63CX
"""


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_image(tmp_path_factory.mktemp("img") / "card.json")


@pytest.fixture
def image(template: Path, tmp_path: Path) -> Path:
    return copy_image(template, tmp_path)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def one_line_error(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("ss-card: "), err
    assert "Traceback" not in err
    return lines[0]


# --- in process, on an image (no pcscd) -------------------------------------


def test_atr_decodes_hex(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "atr", "3B 8C 80 01 80 5A 53 53 43 56 49 52 54 55", "41 4C D5"
    )
    assert code == 0
    assert "protocols offered: T=0, T=1" in out and "TCK D5: checksum correct" in out
    code, _, err = run(capsys, "atr", "3B 80 01")
    assert code == 2 and "TCK missing" in one_line_error(err)
    code, _, err = run(capsys, "atr", "xyz")
    assert code == 2 and "not hex" in one_line_error(err)


def test_read_json_has_the_documented_keys(
    capsys: pytest.CaptureFixture[str], image: Path
) -> None:
    code, out, _ = run(capsys, "read", "--image", str(image), "--json")
    assert code == 0
    doc = json.loads(out)
    assert list(doc) == READ_KEYS
    assert doc["card_number"] == "T12345678" and doc["name"] == "李四"
    assert doc["birth_date"] == "1980-05-17" and len(doc["issue_date"]) == 10
    code, out, _ = run(capsys, "read", "--image", str(image))
    assert code == 0 and "gender            1 (male)" in out


def test_apdu_explains_and_trace_redacts_pin(
    capsys: pytest.CaptureFixture[str], image: Path
) -> None:
    code, out, err = run(
        capsys,
        "--trace",
        "apdu",
        "--image",
        str(image),
        "00 20 00 00 03 65 43 21",
        "00FA0000",
    )
    assert code == 0
    assert "< 63C2  wrong PIN, 2 tries left" in out
    assert "< 6D00  INS not supported" in out
    assert "APDU 00 20 00 00 03 <3 bytes redacted> -> 63C2" in err
    assert "65 43 21" not in err and "654321" not in err
    code, _, err = run(capsys, "apdu", "--image", str(image), "00A4")
    assert code == 2 and "shorter than 4 bytes" in one_line_error(err)


def test_script_exit_codes(
    capsys: pytest.CaptureFixture[str], image: Path, tmp_path: Path
) -> None:
    good = tmp_path / "good.apdu"
    good.write_text(SCRIPT, encoding="utf-8")
    code, out, _ = run(capsys, "script", str(good), "--image", str(image))
    assert code == 0 and out.strip().endswith("3 passed, 0 failed")
    bad = tmp_path / "bad.apdu"
    bad.write_text(SCRIPT.replace("sw=63CX", "sw=9000"), encoding="utf-8")
    code, out, _ = run(capsys, "script", str(bad), "--image", str(image))
    assert code == 1 and "FAIL line 4" in out and "2 passed, 1 failed" in out
    broken = tmp_path / "broken.apdu"
    broken.write_text("00 A4 ; sw=90\n", encoding="utf-8")
    code, _, err = run(capsys, "script", str(broken), "--image", str(image))
    assert code == 2 and "line 1" in one_line_error(err)
    code, _, err = run(
        capsys, "script", str(tmp_path / "missing"), "--image", str(image)
    )
    assert code == 3 and "No such file" in one_line_error(err)


def test_selftest_on_image(capsys: pytest.CaptureFixture[str], image: Path) -> None:
    code, out, _ = run(capsys, "selftest", "--image", str(image), "--json")
    assert code == 0
    doc = json.loads(out)
    assert doc["passed"] and not doc["failed"]
    assert all(c["ms"] >= 0 for c in doc["checks"])
    code, out, _ = run(capsys, "selftest", "--image", str(image))
    assert code == 0 and "PASS  card-authentication" in out


def test_virtual_new_blank_show(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out_path = tmp_path / "w.json"
    code, out, _ = run(
        capsys,
        "virtual",
        "new",
        str(out_path),
        "--name",
        "王五",
        "--gender",
        "2",
        "--birth-date",
        "1990-01-02",
        "--card-number",
        "T00000001",
        "--pin-tries",
        "6",
    )
    assert code == 0 and "T00000001" in out
    code, out, _ = run(capsys, "virtual", "show", str(out_path), "--json")
    info = json.loads(out)
    assert info["life_cycle"] == "personalised"
    assert info["holder"]["name"] == "王五" and info["holder"]["gender"] == "2"
    assert info["pin"]["retry_limit"] == 6
    assert "123456" not in out  # no PIN in the description
    code, _, err = run(capsys, "virtual", "new", str(out_path))
    assert code == 2 and "--force" in one_line_error(err)
    code, _, err = run(
        capsys,
        "virtual",
        "new",
        str(tmp_path / "x.json"),
        "--ssn",
        "110105199001020001",
    )
    assert code == 2 and "check character" in one_line_error(err)
    blanks = tmp_path / "blanks"
    made = run(
        capsys, "virtual", "blank", str(blanks), "--batch", "T-1", "--count", "2"
    )
    assert made[0] == 0
    note = json.loads((blanks / "batch-T-1.json").read_text(encoding="utf-8"))
    assert note["format"] == "ssc-card-batch/1" and len(note["cards"]) == 2
    assert "transport_key" not in note  # only its check value travels with it
    blank = blanks / f"{note['cards'][0]}.json"
    code, out, _ = run(capsys, "virtual", "show", str(blank))
    assert code == 0 and "initialised" in out and note["cards"][0] in out
    again = run(capsys, "virtual", "blank", str(blanks), "--batch", "T-1")
    assert again[0] == 2 and "--force" in one_line_error(again[2])
    code, _, err = run(capsys, "read", "--image", str(blank))
    assert code == 3 and one_line_error(err)


def test_missing_image_and_bad_options(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = run(capsys, "read", "--image", str(tmp_path / "none.json"))
    assert code == 2 and "no such card image" in one_line_error(err)
    code, _, err = run(
        capsys, "virtual", "serve", str(tmp_path / "none.json"), "--force-sw", "B2"
    )
    assert code == 2 and "INS=SW" in one_line_error(err)


def test_entry_point_help() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "card.cli", "--help"],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert result.returncode == 0
    for command in (
        "readers",
        "monitor",
        "atr",
        "apdu",
        "read",
        "script",
        "selftest",
        "virtual",
    ):
        assert command in result.stdout


# --- through pcscd + vpcd -------------------------------------------------------


@pytest.mark.pcsc
@pytest.mark.usefixtures("vpcd_lock")
def test_commands_through_pcscd(
    vpcd_readers: list[str],
    image: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    serve = subprocess.Popen(
        [sys.executable, "-m", "card.cli", "virtual", "serve", str(image)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        wait_for(card_present, what="served card in the reader")
        code, out, _ = run(capsys, "readers")
        assert code == 0 and f"{READER}  card 3B 8C" in out
        code, out, _ = run(capsys, "readers", "--json")
        assert {
            "name": "Virtual PCD 00 01",
            "card_present": False,
            "atr": "",
        } in json.loads(out)
        code, out, _ = run(capsys, "read", "--json")
        assert code == 0 and json.loads(out)["card_number"] == "T12345678"
        code, out, _ = run(capsys, "atr", "--reader", READER)
        assert code == 0 and "historical bytes (12)" in out
        code, out, _ = run(capsys, "apdu", "--reader", "00 00", "00200000")
        assert code == 0 and "63C3" in out
        script = tmp_path / "s.apdu"
        script.write_text(SCRIPT, encoding="utf-8")
        assert run(capsys, "script", str(script))[0] == 0
        code, out, _ = run(capsys, "selftest", "--json")
        assert code == 0 and json.loads(out)["reader"] == READER
        with PcscProvider().connect(READER, mode=ShareMode.EXCLUSIVE):
            code, _, err = run(capsys, "read")
            assert code == 3 and "in use by another program" in one_line_error(err)
    finally:
        serve.send_signal(signal.SIGINT)
        out, err = serve.communicate(timeout=10)
    assert serve.returncode == 0, err
    assert "card removed after" in out and "Traceback" not in err
    wait_for(lambda: not card_present(), what="card removed on Ctrl-C")


@pytest.mark.pcsc
@pytest.mark.usefixtures("vpcd_lock")
def test_reader_errors_through_pcscd(
    vpcd_readers: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "read", "--reader", "No Such Reader")
    assert code == 3 and "no reader named" in one_line_error(err)
    code, _, err = run(capsys, "read", "--reader", "Virtual PCD 00 01")
    assert code == 3 and "no card in the reader" in one_line_error(err)


@pytest.mark.pcsc
@pytest.mark.usefixtures("vpcd_lock")
def test_torn_card_and_monitor(vpcd_readers: list[str], image: Path) -> None:
    monitor = subprocess.Popen(
        [sys.executable, "-m", "card.cli", "monitor", "--duration", "4"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    serve = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "card.cli",
            "virtual",
            "serve",
            str(image),
            "--tear-after",
            "3",
            "--latency",
            "0.001",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        wait_for(card_present, what="served card")
        result = ss_card("read")
        assert result.returncode == 3
        assert "card was removed" in one_line_error(result.stderr)
        out, err = serve.communicate(timeout=10)
        assert serve.returncode == 0 and "(torn)" in out, err
    finally:
        if serve.poll() is None:
            serve.send_signal(signal.SIGINT)
            serve.communicate(timeout=10)
        events, _ = monitor.communicate(timeout=15)
    assert f"card inserted   {READER}  ATR 3B 8C" in events
    assert f"card removed    {READER}" in events
