# SPDX-License-Identifier: Apache-2.0
"""Third-party PC/SC programs see the served virtual card as a real one."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.card.pcsc_support import (  # noqa: F401 - vpcd_lock is a fixture
    READER,
    copy_image,
    make_image,
    served,
    vpcd_lock,
)

pytestmark = [pytest.mark.pcsc, pytest.mark.usefixtures("vpcd_lock")]

SELECT_SSSE = "00:A4:04:00:0F:73:78:31:2E:73:68:2E:C9:E7:BB:E1:B1:A3:D5:CF"


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_image(tmp_path_factory.mktemp("img") / "card.json")


def _run(cmd: list[str]) -> subprocess.CompletedProcess[str]:
    # -n / no network: pcsc_scan would otherwise fetch its ATR list from the web
    return subprocess.run(cmd, capture_output=True, text=True, timeout=20, check=False)


def test_pcsc_scan_and_opensc_tool(
    vpcd_readers: list[str], tool: object, template: Path, tmp_path: Path
) -> None:
    pcsc_scan = tool("pcsc_scan")  # type: ignore[operator]
    opensc_tool = tool("opensc-tool")  # type: ignore[operator]
    image = copy_image(template, tmp_path)
    with served(image) as bridge:
        atr = bridge.card.atr.hex(" ").upper()
        scan = _run([pcsc_scan, "-n", "-c"])  # -c lists cards once and exits
        assert scan.returncode == 0, scan.stderr
        assert f"Reader 0: {READER}" in scan.stdout
        assert f"ATR: {atr}" in scan.stdout
        readers = _run([opensc_tool, "--list-readers"])
        index = next(
            line.split()[0]
            for line in readers.stdout.splitlines()
            if line.endswith(READER)
        )
        got = _run([opensc_tool, "--reader", index, "--atr"])
        assert got.returncode == 0, got.stderr
        assert got.stdout.strip() == atr.replace(" ", ":").lower()
        sent = _run(
            [
                opensc_tool,
                "--reader",
                index,
                "--send-apdu",
                SELECT_SSSE,
                "--send-apdu",
                "00:20:00:00",
            ]
        )
        assert sent.returncode == 0, sent.stderr
        assert "SW1=0x90, SW2=0x00" in sent.stdout
        assert "SW1=0x63, SW2=0xC3" in sent.stdout
        assert "73 78 31 2E 73 68 2E" in sent.stdout  # FCI echoes the DF name
