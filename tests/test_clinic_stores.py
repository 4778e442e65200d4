"""Many desks on one database: the audit chain never forks, a prescription is signed once.

Each test runs on a single desk's SQLite file (two connections: the window and the
command line) and on the clinic's PostgreSQL database (two connections: two desks), through
the `store_opener` fixture.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from typing import Any

import pytest

from desktop.domain.audit import AuditEvent, Outcome
from desktop.domain.models import Role
from desktop.store import audited, rx_keys
from desktop.store.prescriptions import NoLongerPending
from desktop.store.rx_verify import verify_prescriptions
from tests.rx_store import DEA, SERIAL, draft
from tests.tampering import tamper

ENTRIES_PER_DESK = 25


def at_once(*work: Callable[[Callable[[], object]], Any]) -> list[Any]:
    """Run each on its own thread; their results or exceptions, in order.

    Each gets `ready`, to call once it has opened its store: all go on from there together.
    """
    start = threading.Barrier(len(work))
    results: list[Any] = [None] * len(work)

    def run(index: int) -> None:
        try:
            results[index] = work[index](start.wait)
        except Exception as exc:  # noqa: BLE001 - the test looks at what each one got
            results[index] = exc

    threads = [threading.Thread(target=run, args=[i]) for i in range(len(work))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    return results


def test_two_desks_appending_at_once_make_one_unbroken_chain(store_opener):
    store_opener("setup").audit.record(AuditEvent.LOGIN, "admin", Outcome.SUCCESS)

    def desk(name: str) -> Callable[[Callable[[], object]], int]:
        def append(ready: Callable[[], object]) -> int:
            store = store_opener(name, closed_by_caller=True)
            try:
                store.audit.count()
                ready()
                for i in range(ENTRIES_PER_DESK):
                    store.audit.record(
                        AuditEvent.LOGIN, f"user-{name}", Outcome.SUCCESS, details={"n": i}
                    )
            finally:
                store.close()
            return ENTRIES_PER_DESK

        return append

    assert at_once(desk("desk-a"), desk("desk-b")) == [ENTRIES_PER_DESK, ENTRIES_PER_DESK]
    audit = store_opener("checker").audit
    report = audit.verify(anchored=False)
    assert report.ok, report.problem
    assert report.checked == 1 + 2 * ENTRIES_PER_DESK
    entries = audit.entries(limit=1000)
    assert sorted(e.seq for e in entries) == list(range(1, 2 + 2 * ENTRIES_PER_DESK))
    assert {e.workstation for e in entries} == {"setup", "desk-a", "desk-b"}
    by_seq = sorted(entries, key=lambda e: e.seq)
    assert all(b.prev_hash == a.hash for a, b in zip(by_seq, by_seq[1:], strict=False))


def test_two_desks_signing_the_same_prescription_at_once_sign_it_once(store_opener):
    setup = store_opener("front-desk")
    setup.add_user("doc", "pw-123456789", "Dr. Ann Doc", Role.PRESCRIBER, prescriber=DEA)
    setup.add_user("doc2", "pw-123456789", "Dr. Bo Doc", Role.PRESCRIBER, prescriber=DEA)
    patient = setup.add_patient("Aisha", "Carter", dt.date(1990, 6, 27), "F")
    rx = setup.prescriptions.add(patient.id, draft(), "frontdesk")
    rx_keys.signer_for(setup)  # the signing key exists before either desk signs
    shown = {
        who: setup.prescriptions.shown_hash([rx.id], patient.id, who) for who in ("doc", "doc2")
    }

    def desk(who: str) -> Callable[[Callable[[], object]], Any]:
        def sign(ready: Callable[[], object]) -> Any:
            store = store_opener(f"desk-{who}", closed_by_caller=True)
            try:
                rx_keys.signer_for(store)
                store.prescriptions.require_pending([rx.id], patient.id)  # both see it pending
                ready()
                return audited.sign(
                    store, [rx.id], patient.id, who, SERIAL, dt.datetime.now(dt.UTC),
                    {"attempt": who}, shown=shown[who],
                )  # fmt: skip
            finally:
                store.close()

        return sign

    results = at_once(desk("doc"), desk("doc2"))
    refused = [r for r in results if isinstance(r, NoLongerPending)]
    signed = [r for r in results if isinstance(r, list)]
    assert len(refused) == 1 and len(signed) == 1, results
    signer = signed[0][0].signed_by
    assert signer in {"doc", "doc2"}
    name = {"doc": "Dr. Ann Doc", "doc2": "Dr. Bo Doc"}[signer]
    assert f"{name} signed this prescription (#{rx.id}) at " in refused[0].message
    assert f" at desk-{signer}: it is no longer waiting" in refused[0].message  # where
    assert "nothing was signed here" in refused[0].message

    check = store_opener("checker")
    assert check.prescriptions.get(rx.id).signed_by == signer
    entries = check.audit.entries(event=AuditEvent.SIGNED)
    assert [e.actor for e in entries] == [signer]
    assert check.audit.verify(anchored=False).ok
    report = verify_prescriptions(check)  # signature, key and SIGNED entry agree
    assert report.ok and report.checked == 1, report.summary


def test_attempts_without_an_outcome_are_found_on_both_databases(store_opener):
    store = store_opener()
    for attempt in ("a1", "a2"):
        store.audit.record(
            AuditEvent.SIGN_ATTEMPT, "doc", "attempt", token_serial=SERIAL,
            details={"attempt": attempt},
        )  # fmt: skip
    store.audit.record(AuditEvent.SIGNED, "doc", Outcome.SUCCESS, details={"attempt": "a1"})
    [left] = audited.open_attempts(store)
    assert (left.attempt, left.actor, left.token_serial) == ("a2", "doc", SERIAL)
    assert audited.has_entry(store, (AuditEvent.SIGN_ATTEMPT,), SERIAL, after_seq=1)
    assert not audited.has_entry(store, (AuditEvent.SIGNED,), SERIAL)


@pytest.mark.parametrize("typed", ["oka", "OKA"])
def test_patient_search_is_blind_to_case_on_both_databases(store_opener, typed):
    store = store_opener()
    store.add_patient("Linda", "Okafor", dt.date(1983, 8, 30), "F")
    store.add_patient("Robert", "Nguyen", dt.date(1946, 1, 9), "M")
    assert [p.full_name for p in store.search_patients(typed)] == ["Okafor, Linda"]
    assert [p.full_name for p in store.search_patients("1946")] == ["Nguyen, Robert"]


def test_every_committed_head_reaches_the_checkpoint_and_a_cut_end_is_caught(store_opener):
    store = store_opener()
    heads = []
    store.on_anchor = heads.append  # the composition root sends these to the identity service
    for _ in range(3):
        store.audit.record(AuditEvent.LOGIN, "doc", Outcome.SUCCESS)
    assert [anchored.head.seq for anchored in heads] == [1, 2, 3]
    checkpoint = heads[-1].sealed
    assert store.audit.verify(checkpoint=checkpoint).ok
    tamper(store.sql, "DELETE FROM audit WHERE seq = 3")
    report = store.audit.verify(checkpoint=checkpoint)
    assert not report.ok and report.first_bad_seq == 3, report
