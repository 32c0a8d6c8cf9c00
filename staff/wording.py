# SPDX-License-Identifier: Apache-2.0
"""Plain words for the codes the staff station shows: steps, card states, roles,
statuses, audit actions. English source, marked for Qt Linguist; shown in the
station's language through :func:`staff.translations.shown`.

The codes themselves (step names, backend statuses, audit actions) stay what
the backend and the card use; only their labels are words here.
"""

from __future__ import annotations

from staff.personalize import CardState, Step
from staff.translations import QT_TRANSLATE_NOOP

STEP_NAMES: dict[Step, str] = {
    Step.RESIDENT: QT_TRANSLATE_NOOP("Step", "Find or register the resident"),
    Step.ALLOCATE: QT_TRANSLATE_NOOP("Step", "Give the card a number"),
    Step.CONNECT: QT_TRANSLATE_NOOP("Step", "Reach the blank card in the reader"),
    Step.ISSUER_AUTH: QT_TRANSLATE_NOOP("Step", "Unlock the card for writing"),
    Step.WRITE_DATA: QT_TRANSLATE_NOOP("Step", "Write the card and holder details"),
    Step.GENERATE_KEYS: QT_TRANSLATE_NOOP("Step", "Create the card's security keys"),
    Step.CERTIFY: QT_TRANSLATE_NOOP("Step", "Get the card's certificates"),
    Step.WRITE_CERTIFICATES: QT_TRANSLATE_NOOP(
        "Step", "Store the certificates on the card"
    ),
    Step.RELOAD_PIN: QT_TRANSLATE_NOOP("Step", "Set the initial password"),
    Step.ACTIVATE: QT_TRANSLATE_NOOP("Step", "Switch the card on"),
    Step.REGISTER: QT_TRANSLATE_NOOP("Step", "Record the new card as issued"),
}

CARD_STATE_ADVICE: dict[CardState, str] = {
    CardState.UNTOUCHED: QT_TRANSLATE_NOOP(
        "CardState", "Nothing was written to the card: simply try again."
    ),
    CardState.HALF_WRITTEN: QT_TRANSLATE_NOOP(
        "CardState",
        "The card is partly written. Erase it first, then make it again with "
        "the same card number.",
    ),
    CardState.PERSONALIZED: QT_TRANSLATE_NOOP(
        "CardState",
        'The card is finished but not yet recorded as issued: press "Finish '
        'recording".',
    ),
    CardState.ISSUED: QT_TRANSLATE_NOOP("CardState", "The card is made and recorded."),
}

CARD_STATUS: dict[str, str] = {
    "active": QT_TRANSLATE_NOOP("CardStatus", "In use"),
    "temporarily_lost": QT_TRANSLATE_NOOP("CardStatus", "Temporarily reported lost"),
    "lost": QT_TRANSLATE_NOOP("CardStatus", "Formally reported lost"),
    "replaced": QT_TRANSLATE_NOOP("CardStatus", "Replaced"),
    "revoked": QT_TRANSLATE_NOOP("CardStatus", "Revoked"),
    "allocated": QT_TRANSLATE_NOOP("CardStatus", "Number given, not yet in use"),
}

ROLES: dict[str, str] = {
    "issuer": QT_TRANSLATE_NOOP("Role", "card issuer"),
    "reviewer": QT_TRANSLATE_NOOP("Role", "reviewer"),
    "admin": QT_TRANSLATE_NOOP("Role", "administrator"),
}

AUDIT_ACTIONS: dict[str, str] = {
    "staff_login": QT_TRANSLATE_NOOP("AuditAction", "Staff login"),
    "person_registered": QT_TRANSLATE_NOOP("AuditAction", "Resident registered"),
    "card_allocated": QT_TRANSLATE_NOOP("AuditAction", "Card number given"),
    "card_key_certified": QT_TRANSLATE_NOOP("AuditAction", "Card key certified"),
    "card_activated": QT_TRANSLATE_NOOP("AuditAction", "Card issued"),
    "card_replaced": QT_TRANSLATE_NOOP("AuditAction", "Card replaced"),
    "card_formal_loss": QT_TRANSLATE_NOOP("AuditAction", "Formal loss report"),
    "card_revoke": QT_TRANSLATE_NOOP("AuditAction", "Card revoked"),
    "card_cancel_temporary_loss": QT_TRANSLATE_NOOP(
        "AuditAction", "Temporary loss lifted at the counter"
    ),
    "temporary_loss_reported": QT_TRANSLATE_NOOP(
        "AuditAction", "Temporary loss reported"
    ),
    "temporary_loss_cancelled": QT_TRANSLATE_NOOP(
        "AuditAction", "Temporary loss lifted by the holder"
    ),
    "temporary_loss_lapsed": QT_TRANSLATE_NOOP("AuditAction", "Temporary loss lapsed"),
    "pin_reload_mac": QT_TRANSLATE_NOOP("AuditAction", "Password reset at the counter"),
    "pin_changed": QT_TRANSLATE_NOOP("AuditAction", "Password changed by the holder"),
    "certificate_issued": QT_TRANSLATE_NOOP("AuditAction", "Insurance certificate"),
    "request_submitted": QT_TRANSLATE_NOOP("AuditAction", "Request submitted"),
    "request_under_review": QT_TRANSLATE_NOOP("AuditAction", "Request under review"),
    "request_approved": QT_TRANSLATE_NOOP("AuditAction", "Request approved"),
    "request_rejected": QT_TRANSLATE_NOOP("AuditAction", "Request rejected"),
    "request_funds_transferred": QT_TRANSLATE_NOOP(
        "AuditAction", "Request funds transferred"
    ),
    "request_completed": QT_TRANSLATE_NOOP("AuditAction", "Request completed"),
    "operator_set": QT_TRANSLATE_NOOP("AuditAction", "Staff account set"),
    "kiosk_registered": QT_TRANSLATE_NOOP("AuditAction", "Kiosk registered"),
    "kiosk_revoked": QT_TRANSLATE_NOOP("AuditAction", "Kiosk withdrawn"),
}

ENTITIES: dict[str, str] = {
    "card": QT_TRANSLATE_NOOP("Entity", "card"),
    "person": QT_TRANSLATE_NOOP("Entity", "resident"),
    "request": QT_TRANSLATE_NOOP("Entity", "request"),
    "operator": QT_TRANSLATE_NOOP("Entity", "staff"),
    "kiosk": QT_TRANSLATE_NOOP("Entity", "kiosk"),
}

REQUEST_KINDS: dict[str, str] = {
    "pension": QT_TRANSLATE_NOOP("Request", "Pension transfer"),
    "medical": QT_TRANSLATE_NOOP("Request", "Medical insurance transfer"),
    "unemployment": QT_TRANSLATE_NOOP("Request", "Unemployment benefit claim"),
}

REQUEST_STATUS: dict[str, str] = {
    "submitted": QT_TRANSLATE_NOOP("Request", "Submitted"),
    "under_review": QT_TRANSLATE_NOOP("Request", "Under review"),
    "approved": QT_TRANSLATE_NOOP("Request", "Approved"),
    "rejected": QT_TRANSLATE_NOOP("Request", "Rejected"),
    "funds_transferred": QT_TRANSLATE_NOOP("Request", "Funds transferred"),
    "completed": QT_TRANSLATE_NOOP("Request", "Completed"),
}

REQUEST_STEPS: dict[str, str] = {  # backend/rules/steps.py PLANS
    "review_and_consent": QT_TRANSLATE_NOOP(
        "Request", "Review and issue the letter of consent"
    ),
    "transfer_funds": QT_TRANSLATE_NOOP("Request", "Transfer the funds"),
    "complete_and_notify": QT_TRANSLATE_NOOP("Request", "Complete and notify"),
    "transfer_out": QT_TRANSLATE_NOOP("Request", "Transfer out"),
    "load_in": QT_TRANSLATE_NOOP("Request", "Transfer in"),
    "review": QT_TRANSLATE_NOOP("Request", "Review"),
    "payment_setup": QT_TRANSLATE_NOOP("Request", "Set up the payments"),
}

REQUEST_STEP_STATUS: dict[str, str] = {
    "done": QT_TRANSLATE_NOOP("Request", "done"),
    "current": QT_TRANSLATE_NOOP("Request", "in progress"),
    "pending": QT_TRANSLATE_NOOP("Request", "to do"),
}

ORGANISATIONAL_TRANSFER: dict[str, str] = {  # RequestDetail.organisational_transfer
    "claimed": QT_TRANSLATE_NOOP(
        "Request",
        "Organisational transfer: the applicant says an organisation or "
        "personnel department approved the move; not checked yet",
    ),
    "confirmed": QT_TRANSLATE_NOOP("Request", "Organisational transfer: confirmed"),
    "rejected": QT_TRANSLATE_NOOP("Request", "Organisational transfer: not confirmed"),
}

BATCH_STATUS: dict[str, str] = {
    "issued": QT_TRANSLATE_NOOP("Batch", "Issued"),
    "already_issued": QT_TRANSLATE_NOOP("Batch", "Issued before"),
    "failed": QT_TRANSLATE_NOOP("Batch", "Failed"),
}
