# SPDX-License-Identifier: Apache-2.0
"""The services behind the overview: each screen's requests to card and backend.

Submissions (transfers, claims) follow docs/api.md "Submissions are signed":
prepare (canonical body, idempotency key, digest) → the card signs with key 82
→ the outbox stores it → one delivery attempt; if the office is unreachable
the entry stays pending and :meth:`Services.flush_outbox` sends it later.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer

from backend_client.client import transfer_body
from backend_client.models import RequestDetail
from backend_client.outbox import EntryState, OutboxEntry, prepare_submission
from card import errors as ce
from kiosk import cardjobs
from kiosk.controller import Controller
from kiosk.flow import State
from kiosk.formats import mask_ssn
from kiosk.screens.receipt import Receipt

if TYPE_CHECKING:
    from kiosk.screens.unemployment import ClaimForm

log = logging.getLogger(__name__)


class ServiceHandlers(QObject):
    """Connects the service screens to the controller's workers."""

    def __init__(self, controller: Controller) -> None:
        super().__init__()
        self.c = controller
        self.s = controller.screens
        self.client = controller.services.client
        self.outbox = controller.services.outbox
        self._flushing = False
        self._wire()
        controller.on_overview = self.load_overview
        self._flush_timer = QTimer(self)
        self._flush_timer.setInterval(controller.services.outbox_flush_s * 1000)
        self._flush_timer.timeout.connect(self.flush_outbox)
        self._flush_timer.start()
        QTimer.singleShot(0, self.flush_outbox)

    def _wire(self) -> None:
        """Connect the service screens (each as it is built: see Screens.wire)."""
        wire = self.s.wire
        wire("overview", lambda w: w.service_chosen.connect(self.open_service))
        for name in (
            "contributions",
            "transfer",
            "medical",
            "unemployment",
            "requests",
            "certificate",
            "receipt",
        ):
            wire(name, lambda w: w.back_requested.connect(self.back))
        wire(
            "pin_change",
            lambda w: (
                w.cancel_requested.connect(self.back),
                w.change_requested.connect(self._change_pin),
            ),
        )
        wire("contributions", lambda w: w.page_requested.connect(self._contributions))
        for name in ("transfer", "medical"):
            wire(name, self._wire_transfer)
        wire("unemployment", lambda w: w.submit_requested.connect(self._claim))
        wire("requests", lambda w: w.detail_requested.connect(self._request_detail))
        wire("certificate", lambda w: w.print_requested.connect(self._print))
        wire("receipt", lambda w: w.print_requested.connect(self._print_slip))
        wire(
            "welcome", lambda w: w.loss_report_requested.connect(self.open_loss_report)
        )
        wire(
            "loss_report",
            lambda w: (
                w.report_requested.connect(self._report_loss),
                w.close_requested.connect(self._loss_report_close),
            ),
        )

    def _wire_transfer(self, screen: Any) -> None:
        screen.preview_requested.connect(
            lambda code, claimed: self._preview(screen, code, claimed)
        )
        screen.submit_requested.connect(
            lambda code, claimed: self._submit(
                "transfer", transfer_body(screen.kind, code, claimed), screen.kind
            )
        )

    def stop(self) -> None:
        """Stop the background flush (the kiosk is closing)."""
        self._flush_timer.stop()

    @property
    def session(self) -> Any:
        return self.c.session

    def back(self) -> None:
        """Back to the overview; refresh it (balances may have changed)."""
        self.c.touch()
        self.c.flow.back()

    # --- overview -----------------------------------------------------------------

    def load_overview(self) -> None:
        """Fetch /me and /accounts for the overview."""
        session = self.session
        self.c.backend(
            lambda: (session.me(), session.accounts()),
            lambda both: self.s.overview.show_account(*both),
        )

    def open_service(self, service: State) -> None:
        """Open ``service`` and start loading what it shows."""
        self.c.touch()
        self.c.flow.open_service(service)
        session = self.session
        loaders: dict[State, Callable[[], object]] = {
            State.CONTRIBUTIONS: self._open_contributions,
            State.TRANSFER: lambda: self._regions(self.s.transfer),
            State.MEDICAL_TRANSFER: lambda: self._regions(self.s.medical),
            State.UNEMPLOYMENT: lambda: self.c.backend(
                session.unemployment_eligibility, self.s.unemployment.show_eligibility
            ),
            State.MY_REQUESTS: lambda: self.c.backend(
                lambda: session.transfers() + session.claims(),
                self.s.requests.show_list,
            ),
            State.CERTIFICATE: lambda: self.c.backend(
                session.certificate, self.s.certificate.show_certificate
            ),
            State.PIN_CHANGE: lambda: None,
        }
        loaders[service]()

    def _regions(self, screen: Any) -> None:
        """The destinations, without the region the insurance is in now."""
        accounts = self.s.overview.accounts
        current = next(
            (
                a.region
                for a in (accounts.accounts if accounts else ())
                if a.insurance == screen.kind
            ),
            None,
        )
        self.c.backend(
            self.session.regions, lambda regions: screen.show_regions(regions, current)
        )

    def _open_contributions(self) -> None:
        """The yearly summary (from the overview's accounts), then page 1."""
        accounts = self.s.overview.accounts
        self.s.contributions.show_years(accounts.by_year if accounts else ())
        self._contributions(1)

    def _contributions(self, page: int) -> None:
        session = self.session
        self.c.touch()
        screen = self.s.contributions
        insurance, year = screen.insurance, screen.year
        size = screen.rows_that_fit()
        self.c.backend(
            lambda: session.contributions(
                insurance=insurance, year=year, page=page, page_size=size
            ),
            screen.show_page,
        )

    def _preview(self, screen: Any, code: str, claimed: bool) -> None:
        """``claimed``: the resident says the organisation arranged the move."""
        session = self.session
        self.c.touch()
        self.c.backend(
            lambda: session.transfer_preview(
                screen.kind, code, organisational_transfer=claimed
            ),
            screen.show_preview,
        )

    def _request_detail(self, kind: str, reference: str) -> None:
        session = self.session
        self.c.touch()
        call = session.claim if kind == "unemployment" else session.transfer
        self.c.backend(lambda: call(reference), self.s.requests.show_detail)

    # --- submissions --------------------------------------------------------------

    def _claim(self, form: ClaimForm) -> None:
        self._submit("unemployment_claim", form.body(), "unemployment")

    def _submit(self, kind: Any, body: dict[str, Any], receipt_kind: str) -> None:
        """Prepare, have the card sign, store in the outbox, deliver once."""
        self.c.touch()
        card = self.c.card
        if card is None:
            return
        prepared = prepare_submission(
            kind, body, self.c.services.kiosk_id, card.issuer.card_number
        )
        self.c.jobs.on_card(
            lambda conn: cardjobs.sign(conn, prepared.digest),
            lambda signature: self.c.backend(
                lambda: self._store_and_deliver(prepared, signature),
                lambda entry: self._delivered(entry, receipt_kind),
            ),
            self.c.fail,
        )

    def _store_and_deliver(self, prepared: Any, signature: bytes) -> OutboxEntry:
        entry_id = self.outbox.enqueue(prepared, signature)
        return self.outbox.deliver(self.client, entry_id)

    def _delivered(self, entry: OutboxEntry, receipt_kind: str) -> None:
        error = entry.error
        if error is not None:
            self.c.fail(error)
            return
        detail = entry.result
        receipt = Receipt(
            kind=receipt_kind,
            queued=entry.state is EntryState.PENDING,
            reference=detail.reference if detail else "",
            status_url=self.status_url(detail) if detail else "",
            next_deadline=detail.next_deadline if detail else None,
            from_region=(detail.from_region_name or "") if detail else "",
            to_region=(detail.to_region_name or "") if detail else "",
            steps=tuple(
                (s.step, s.deadline)
                for s in (detail.steps if detail else ())
                if s.deadline
            ),
            **self._holder(),
            submitted_at=detail.created_at if detail else None,
        )
        self.c.flow.submitted()
        self.s.receipt.show_receipt(receipt)

    def status_url(self, detail: RequestDetail) -> str:
        """The public status page of a request (what the QR code holds)."""
        base = self.c.services.status_base_url.rstrip("/")
        token = f"?t={detail.status_token}" if detail.status_token else ""
        return f"{base}/api/v1/public/requests/{detail.reference}{token}"

    def flush_outbox(self) -> None:
        """Background: send submissions that waited for the office to come back."""
        if self._flushing or not self.outbox.pending():
            return
        self._flushing = True
        self.c.jobs.on_backend(
            lambda: self.outbox.deliver_pending(self.client),
            self._flushed,
            self._flush_failed,
            session_bound=False,
        )

    def _flushed(self, entries: list[OutboxEntry]) -> None:
        self._flushing = False
        for entry in entries:
            log.info("outbox entry %d is %s", entry.entry_id, entry.state.value)

    def _flush_failed(self, exc: BaseException) -> None:
        self._flushing = False
        log.warning("outbox flush failed: %s", exc)

    # --- certificate and PIN change -----------------------------------------------

    def _print(self) -> None:
        from kiosk.certificate_pdf import deliver

        data = self.s.certificate.data
        if data is None:
            return
        self.c.touch()
        printer, folder = self.c.services.printer, self.c.services.certificate_dir
        # off the GUI thread: CUPS is another daemon and may stall
        self.c.backend(
            lambda: deliver(data, printer, folder),
            self.s.certificate.show_outcome,
            self._print_failed,
        )

    def _holder(self) -> dict[str, str]:
        """Name and masked ID number of the resident, for the receipt slip."""
        me = self.s.overview.me
        if me is None:
            return {}
        return {"holder": me.person.name, "id_masked": mask_ssn(me.person.ssn)}

    def _print_slip(self) -> None:
        from kiosk.certificate_pdf import deliver_pdf
        from kiosk.receipt_slip import write_slip

        receipt = self.s.receipt.receipt
        if receipt is None:
            return
        self.c.touch()
        printer, folder = self.c.services.printer, self.c.services.certificate_dir
        job = f"receipt-{receipt.reference}"
        self.c.backend(  # off the GUI thread: CUPS may stall
            lambda: deliver_pdf(
                lambda path: write_slip(receipt, path), job, printer, folder
            ),
            self.s.receipt.show_print_outcome,
            self._slip_failed,
        )

    def _slip_failed(self, exc: BaseException) -> None:
        log.error("receipt slip neither printed nor saved: %s", exc)
        self.s.receipt.show_print_outcome(None)

    def _print_failed(self, exc: BaseException) -> None:
        log.error("certificate neither printed nor saved: %s", exc)
        self.s.certificate.show_outcome(None)

    def _change_pin(self, old: str, new: str) -> None:
        self.c.touch()
        self.c.jobs.on_card(
            lambda conn: cardjobs.change_pin(conn, old, new),
            lambda _: self.c.register_pin_change(self._pin_changed),
            self._pin_change_failed,
        )

    def _pin_changed(self, _: object) -> None:
        self.c.flow.submitted()
        self.s.receipt.show_receipt(Receipt(kind="pin_change"))

    def _pin_change_failed(self, exc: BaseException) -> None:
        if isinstance(exc, ce.WrongPinError):
            self.s.pin_change.refused("wrong_old")
        elif isinstance(exc, ce.InvalidPinFormatError):
            self.s.pin_change.refused("weak")
        else:
            self.c.fail(exc)

    # --- temporary loss report without a card -----------------------------------

    def open_loss_report(self) -> None:
        """ "Report a lost card" on the welcome screen: the keypad form."""
        self.c.touch()
        self.s.loss_report.clear()
        self.c.flow.loss_report_requested()

    def _report_loss(self, ssn: str, last4: str) -> None:
        self.c.touch()
        self.c.backend(
            lambda: self.client.report_temporary_loss(ssn, last4),
            self.s.loss_report.show_receipt,
            self._loss_problem,
        )

    def _loss_problem(self, exc: BaseException) -> None:
        from kiosk.messages import resident_message

        message = resident_message(exc)
        self.s.loss_report.show_problem(f"{message.title}. {message.body}")

    def _loss_report_close(self) -> None:
        self.s.loss_report.clear()
        if self.c.flow.state is State.LOSS_REPORT:
            self.c.flow.loss_report_closed()
