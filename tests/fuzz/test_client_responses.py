# SPDX-License-Identifier: Apache-2.0
"""The client's parsing of backend JSON: real answers recorded from a live
backend, then mutated (one node replaced or deleted, bytes edited). Each one
either parses to the typed value or raises MalformedResponseError."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backend_client import models as m
from backend_client._http import HttpAnswer
from backend_client.client import parse_answer
from backend_client.errors import MalformedResponseError
from tests.fuzz.test_card_parsers import mutations
from tests.fuzz.tomlgen import VALUE, paths
from tests.live_backend import CardHolder, live_backend

PARSERS: dict[str, Callable[[m.Fields], object]] = {
    "/healthz": m.Health.parse,
    "/auth/challenge": m.Challenge.parse,
    "/auth/session": m.SessionInfo.parse,
    "/me": m.Me.parse,
    "/accounts": m.Accounts.parse,
    "/contributions": m.ContributionPage.parse,
    "/regions": lambda f: f.each("regions", m.Region.parse),
    "/transfers/preview": m.TransferPreview.parse,
    "/transfers": m.parse_request_list,
    "/transfer": m.RequestDetail.parse,
    "/claims/unemployment/eligibility": m.Eligibility.parse,
    "/certificate": m.CertificateData.parse,
    "/public/requests": m.PublicRequestStatus.parse,
}


def _record(bodies: dict[str, bytes]) -> Callable[..., None]:
    def hook(response: requests.Response, *args: Any, **kw: Any) -> None:
        path = response.request.path_url.split("?")[0].removeprefix("/api/v1")
        if path.startswith("/transfers/") and path != "/transfers/preview":
            path = "/transfer"
        if path.startswith("/public/requests/"):
            path = "/public/requests"
        if response.status_code < 300 and response.content and path not in bodies:
            bodies[path] = response.content

    return hook


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, bytes]]:
    """Real 2xx bodies of every resident-facing endpoint, by path."""
    bodies: dict[str, bytes] = {}
    with live_backend(tmp_path_factory.mktemp("fuzz-backend")) as live:
        with live.client() as client:
            client.transport._http.hooks["response"].append(_record(bodies))  # noqa: SLF001
            client.health()
            card = next(
                c for c in live.cards.values() if c.status == "active" and c.in_progress
            )
            holder = CardHolder(live.copy_card(card, tmp_path_factory.mktemp("c")))
            session = holder.sign_in(client)
            session.me(), session.accounts(), session.contributions()
            regions = session.regions()
            session.transfer_preview("medical", regions[-1].code)
            summaries = session.transfers()
            detail = session.transfer(summaries[0].reference)
            session.unemployment_eligibility()
            session.certificate()
            if detail.status_token:
                client.public_request_status(detail.reference, detail.status_token)
            session.logout()
    missing = set(PARSERS) - set(bodies)
    assert not missing - {"/public/requests"}, missing
    yield bodies


def _parse(path: str, raw: bytes) -> None:
    answer = HttpAnswer(status=200, headers={}, content=raw)
    try:
        PARSERS[path](parse_answer(answer, path))
    except MalformedResponseError:
        pass


CHECK = settings(
    max_examples=400,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


def test_recorded_answers_parse(corpus: dict[str, bytes]) -> None:
    for path, raw in corpus.items():
        answer = HttpAnswer(status=200, headers={}, content=raw)
        PARSERS[path](parse_answer(answer, path))


@given(data=st.data())
@CHECK
def test_answer_with_a_node_replaced_or_deleted(
    corpus: dict[str, bytes], data: st.DataObject
) -> None:
    path = data.draw(st.sampled_from(sorted(corpus)))
    doc = json.loads(corpus[path])
    where = data.draw(st.sampled_from(paths(doc)))
    target = doc
    for key in where[:-1]:
        target = target[key]
    if isinstance(target, dict) and data.draw(st.booleans()):
        del target[where[-1]]
    else:
        target[where[-1]] = data.draw(VALUE)
    _parse(path, json.dumps(doc).encode())


@given(data=st.data())
@CHECK
def test_answer_bytes_edited(corpus: dict[str, bytes], data: st.DataObject) -> None:
    path = data.draw(st.sampled_from(sorted(corpus)))
    _parse(path, data.draw(mutations(corpus[path])))


@pytest.mark.parametrize("path", sorted(PARSERS))
@given(raw=st.binary(max_size=64))
@settings(max_examples=30, deadline=None)
def test_random_bytes(path: str, raw: bytes) -> None:
    _parse(path, raw)


def test_corpus_is_recorded_from_the_live_backend(
    corpus: dict[str, bytes], tmp_path: Path
) -> None:
    """Guard: the recorded bodies are the backend's, with real data in them."""
    me = json.loads(corpus["/me"])
    assert me["card"]["status"] == "active" and len(me["person"]["ssn"]) == 18


ERROR_DOC = {
    "error": {
        "code": "rate_limited",
        "message": "slow down",
        "request_id": "r1",
        "detail": {"retry_after": 5},
    }
}
RETRY_AFTER = st.one_of(
    st.text(max_size=40),
    st.integers(-(10**20), 10**20).map(str),
    st.floats().map(str),
    st.sampled_from(
        [
            "Wed, 21 Oct 2015 07:28:00 GMT",
            "Fri, 31 Dec 9999 23:59:59 GMT",
            "Mon, 01 Jan 0001 00:00:00 GMT",
            "Tue, 01 Jan 2030 00:00:00 +9999",
            "1e400",
            "nan",
            "-inf",
            " 3 ",
        ]
    ),
)


@given(status=st.integers(300, 599), data=st.data(), retry_after=RETRY_AFTER)
@CHECK
def test_error_answers_map_to_the_error_tree(
    status: int, data: st.DataObject, retry_after: str
) -> None:
    """Any non-2xx answer (mutated error envelope, any Retry-After) becomes one
    BackendError; building it never raises, and its properties are typed."""
    from backend_client.errors import BackendError, error_from_response

    doc = json.loads(json.dumps(ERROR_DOC))
    where = data.draw(st.sampled_from(paths(doc)))
    target = doc
    for key in where[:-1]:
        target = target[key]
    target[where[-1]] = data.draw(VALUE)
    body = data.draw(st.sampled_from([json.dumps(doc).encode(), b"", b"\xff{"]))
    error = error_from_response(status, body, {"Retry-After": retry_after})
    assert isinstance(error, BackendError) and error.status == status
    after = getattr(error, "retry_after", None)
    assert after is None or (isinstance(after, float) and after >= 0)
    str(error), repr(error)
