# SPDX-License-Identifier: Apache-2.0
"""The saved certificate's file name comes from the kiosk, never from a path
in the backend's answer (SECURITY.md, "malicious verification code")."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from backend_client._parse import Fields
from backend_client.models import CertificateData
from kiosk.certificate_pdf import certificate_name, deliver, path_inside

DOCUMENT = {
    "verification_code": "AB12-CD34-EF56-GH78",
    "issued_at": "2026-11-27T08:00:00+00:00",
    "person": {
        "ssn": "51010519950228046X",
        "name": "梁静",
        "gender": "2",
        "birth_date": "1995-02-28",
        "hukou_region": "510100",
        "hukou_region_name": "成都市",
        "mobile_masked": "138****0020",
    },
    "insurances": [],
    "verify_url": None,
}
MALICIOUS = [
    "../../escaped",
    "../../../tmp/ssc-escaped",
    "/tmp/ssc-absolute",
    "a/../../b",
    "..",
    "..\\..\\windows",
    "AB12-CD34-EF56-GH78/../../x",
    "",
]


def certificate(code: str) -> CertificateData:
    """The certificate the client parsed, with ``code`` as the backend sent it."""
    parsed = CertificateData.parse(Fields(DOCUMENT, "certificate"))
    return dataclasses.replace(parsed, verification_code=code)


@pytest.mark.parametrize("code", MALICIOUS)
def test_malicious_code_is_saved_inside_the_folder(
    qapp, tmp_path: Path, code: str
) -> None:
    folder = tmp_path / "room" / "certificates"
    before = set(tmp_path.rglob("*"))
    assert deliver(certificate(code), "", folder) is False  # saved, not printed
    made = set(tmp_path.rglob("*")) - before
    [pdf] = [p for p in made if p.is_file()]
    assert pdf.parent == folder and pdf.name.startswith("certificate-")
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert not Path("/tmp/ssc-absolute").exists()
    assert not Path("/tmp/ssc-escaped").exists()


def test_a_well_formed_code_names_the_file() -> None:
    assert certificate_name("AB12-CD34-EF56-GH78") == "certificate-AB12-CD34-EF56-GH78"
    odd = certificate_name("../x")
    assert odd.startswith("certificate-") and "/" not in odd and ".." not in odd
    assert odd == certificate_name("../x") != certificate_name("../y")


@pytest.mark.parametrize("name", ["../x.pdf", "sub/x.pdf", "/etc/x.pdf", "."])
def test_a_path_leaving_the_folder_is_refused(tmp_path: Path, name: str) -> None:
    with pytest.raises(OSError, match="leaves the save folder"):
        path_inside(tmp_path, name)


def test_a_symlink_out_of_the_folder_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside.pdf"
    folder = tmp_path / "certificates"
    folder.mkdir()
    (folder / "certificate-link.pdf").symlink_to(outside)
    with pytest.raises(OSError):
        path_inside(folder, "certificate-link.pdf")
    assert path_inside(folder, "certificate-x.pdf") == folder.resolve() / (
        "certificate-x.pdf"
    )
