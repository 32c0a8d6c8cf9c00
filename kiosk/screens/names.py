# SPDX-License-Identifier: Apache-2.0
"""Translated names of the codes the backend uses (insurances, statuses, steps)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def insurance_name(code: str) -> str:
    """养老 / 医疗 / 失业 / 工伤 / 生育 in the current language."""
    names = {
        "pension": QCoreApplication.translate("Names", "Pension"),
        "medical": QCoreApplication.translate("Names", "Medical"),
        "unemployment": QCoreApplication.translate("Names", "Unemployment"),
        "work_injury": QCoreApplication.translate("Names", "Work injury"),
        "maternity": QCoreApplication.translate("Names", "Maternity"),
    }
    return names.get(code, code)


def account_status(code: str) -> str:
    """Insured status of one account."""
    names = {
        "active": QCoreApplication.translate("Names", "Insured"),
        "suspended": QCoreApplication.translate("Names", "Paused"),
        "none": QCoreApplication.translate("Names", "Not insured"),
    }
    return names.get(code, code)


def request_status(code: str) -> str:
    """Where a transfer or claim is."""
    names = {
        "submitted": QCoreApplication.translate("Names", "Submitted"),
        "under_review": QCoreApplication.translate("Names", "Under review"),
        "approved": QCoreApplication.translate("Names", "Approved"),
        "rejected": QCoreApplication.translate("Names", "Rejected"),
        "funds_transferred": QCoreApplication.translate("Names", "Funds transferred"),
        "completed": QCoreApplication.translate("Names", "Completed"),
        "queued": QCoreApplication.translate("Names", "Waiting to be sent"),
    }
    return names.get(code, code)


def request_kind(code: str) -> str:
    """What a request is."""
    names = {
        "pension": QCoreApplication.translate("Names", "Pension transfer"),
        "medical": QCoreApplication.translate("Names", "Medical insurance transfer"),
        "unemployment": QCoreApplication.translate("Names", "Unemployment benefit"),
    }
    return names.get(code, code)


def step_name(code: str) -> str:
    """A procedure step of a request (docs/api.md ``steps``)."""
    names = {
        "review_and_consent": QCoreApplication.translate(
            "Names", "New region reviews and sends consent"
        ),
        "transfer_funds": QCoreApplication.translate(
            "Names", "Old region transfers the funds"
        ),
        "complete_and_notify": QCoreApplication.translate(
            "Names", "New region completes and notifies you"
        ),
        "transfer_out": QCoreApplication.translate("Names", "Old region transfers out"),
        "load_in": QCoreApplication.translate("Names", "New region loads the account"),
        "review": QCoreApplication.translate("Names", "Review of your claim"),
        "payment_setup": QCoreApplication.translate("Names", "Payment is set up"),
    }
    return names.get(code, code.replace("_", " "))


def province_name(code: str) -> str:
    """A province (the first two digits of a region code) in the current language."""
    names = {
        "11": QCoreApplication.translate("Provinces", "Beijing"),
        "31": QCoreApplication.translate("Provinces", "Shanghai"),
        "42": QCoreApplication.translate("Provinces", "Hubei"),
        "43": QCoreApplication.translate("Provinces", "Hunan"),
        "44": QCoreApplication.translate("Provinces", "Guangdong"),
        "51": QCoreApplication.translate("Provinces", "Sichuan"),
    }
    return names.get(code, code)


def region_name(code: str | None, fallback: str | None = None) -> str:
    """A region (city) in the current language; ``fallback`` (the backend's
    Chinese name) for a region this kiosk has no translation of."""
    names = {
        "110000": QCoreApplication.translate("Regions", "Beijing"),
        "310000": QCoreApplication.translate("Regions", "Shanghai"),
        "420100": QCoreApplication.translate("Regions", "Wuhan"),
        "430100": QCoreApplication.translate("Regions", "Changsha"),
        "440100": QCoreApplication.translate("Regions", "Guangzhou"),
        "440300": QCoreApplication.translate("Regions", "Shenzhen"),
        "510100": QCoreApplication.translate("Regions", "Chengdu"),
    }
    return names.get(code or "", fallback or code or "")
