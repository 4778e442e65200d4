"""The formulary, prescription rules, and the store that keeps signed prescriptions as signed."""

from __future__ import annotations

import datetime as dt
import sqlite3
from decimal import Decimal

import pytest

from desktop.domain.errors import UserFacingError
from desktop.domain.formulary import (
    FormularyError,
    Medication,
    Schedule,
    load_formulary,
    parse_formulary,
    search,
)
from desktop.domain.models import Role
from desktop.domain.prescriptions import (
    InvalidPrescription,
    RxDraft,
    RxStatus,
    validate_draft,
)
from desktop.store.database import open_app_store
from desktop.store.rx_keys import signer_for

REFUSED = (sqlite3.IntegrityError, sqlite3.OperationalError)
NOW = dt.datetime(2026, 11, 26, 15, 42, tzinfo=dt.UTC)
LAST_YEAR = NOW - dt.timedelta(days=400)


@pytest.fixture(scope="module")
def meds() -> list[Medication]:
    return load_formulary()


@pytest.fixture(scope="module")
def by_id(meds) -> dict[str, Medication]:
    return {med.id: med for med in meds}


def first(meds, name: str) -> Medication:
    return next(med for med in meds if med.name == name)


# the formulary --------------------------------------------------------------
def test_the_packaged_formulary_loads_with_unique_ids_and_valid_schedules(meds):
    assert len(meds) >= 250
    assert len({med.id for med in meds}) == len(meds)
    assert len({med.display for med in meds}) == len(meds)
    assert all(med.schedule is None or isinstance(med.schedule, Schedule) for med in meds)
    assert {med.schedule for med in meds} == {None, *Schedule}
    assert all(med.name and med.strength and med.form and med.route for med in meds)
    assert sum(not med.controlled for med in meds) > 150


@pytest.mark.parametrize(
    "name,schedule",
    [
        ("Oxycodone", Schedule.II),
        ("Hydrocodone/acetaminophen", Schedule.II),
        ("Morphine sulfate", Schedule.II),
        ("Fentanyl", Schedule.II),
        ("Methylphenidate", Schedule.II),
        ("Amphetamine/dextroamphetamine", Schedule.II),
        ("Hydromorphone", Schedule.II),
        ("Buprenorphine/naloxone", Schedule.III),
        ("Testosterone cypionate", Schedule.III),
        ("Acetaminophen/codeine", Schedule.III),
        ("Ketamine", Schedule.III),
        ("Alprazolam", Schedule.IV),
        ("Lorazepam", Schedule.IV),
        ("Diazepam", Schedule.IV),
        ("Clonazepam", Schedule.IV),
        ("Zolpidem", Schedule.IV),
        ("Tramadol", Schedule.IV),
        ("Carisoprodol", Schedule.IV),
        ("Phenobarbital", Schedule.IV),
        ("Modafinil", Schedule.IV),
        ("Pregabalin", Schedule.V),
        ("Lacosamide", Schedule.V),
        ("Promethazine/codeine", Schedule.V),
        ("Brivaracetam", Schedule.V),
        ("Cenobamate", Schedule.V),
        ("Lisinopril", None),
        ("Metformin", None),
        ("Atorvastatin", None),
        ("Amoxicillin", None),
        ("Gabapentin", None),
    ],
)
def test_well_known_drugs_have_their_dea_schedule(meds, name, schedule):
    products = [med for med in meds if med.name == name]
    assert products, name
    assert {med.schedule for med in products} == {schedule}


def test_display_and_labels(by_id):
    oxy = by_id["oxycodone-5-mg-tab"]
    assert oxy.display == "Oxycodone 5 mg tablet"
    assert oxy.controlled and oxy.max_refills == 0
    assert Schedule.II.label == "Schedule II (no refills)"
    assert by_id["lisinopril-10-mg-tab"].schedule_text == "Not controlled"


def test_a_damaged_formulary_is_refused(tmp_path):
    header = "id,name,strength,form,schedule,route\n"
    with pytest.raises(FormularyError, match="unknown schedule"):
        parse_formulary(header + "x,Drug,1 mg,tablet,VI,oral\n")
    with pytest.raises(FormularyError, match="duplicate id"):
        parse_formulary(header + "x,A,1 mg,tablet,,oral\nx,B,1 mg,tablet,,oral\n")
    with pytest.raises(FormularyError, match="columns"):
        parse_formulary("id,name\nx,A\n")
    path = tmp_path / "f.csv"
    path.write_text(header + "x,Drug,1 mg,tablet,IV,oral\n", encoding="utf-8")
    assert load_formulary(path)[0].schedule is Schedule.IV


def test_search_is_word_prefix_case_insensitive_and_ranked(meds):
    names = [med.name for med in search(meds, "OXYCO", 50)]
    assert names[0] == "Oxycodone"
    assert set(names) == {"Oxycodone", "Oxycodone/acetaminophen"}
    assert names.index("Oxycodone/acetaminophen") > max(
        i for i, n in enumerate(names) if n == "Oxycodone"
    )
    acet = search(meds, "acet", 50)
    assert acet[0].name == "Acetaminophen/codeine"  # the name starts with it: ranked first
    assert {"Hydrocodone/acetaminophen", "Oxycodone/acetaminophen"} <= {m.name for m in acet}
    assert [m.display for m in search(meds, "oxycodone 10", 3)][:2] == [
        "Oxycodone 10 mg tablet",
        "Oxycodone 10 mg extended-release tablet",
    ]
    assert search(meds, "codone", 10) == []  # prefix of a word, not anywhere inside it
    assert search(meds, "   ", 10) == []
    assert len(search(meds, "a", 5)) == 5


# drafts ---------------------------------------------------------------------
def draft(med: Medication | None, sig="Take 1 tablet by mouth daily", qty="30", refills=0):
    return RxDraft(med, sig, qty, refills)


def test_a_good_draft_has_no_problems(by_id):
    assert validate_draft(draft(by_id["lisinopril-10-mg-tab"], refills=11)) == {}
    assert validate_draft(draft(by_id["amoxicillin-400-mg-5-ml-susp"], qty="7.5")) == {}


def test_each_field_is_checked_in_plain_words(by_id):
    problems = validate_draft(RxDraft(None, "  ", "", -1))
    assert set(problems) == {"medication", "sig", "quantity", "refills"}
    assert "Choose a medication" in problems["medication"]
    lis = by_id["lisinopril-10-mg-tab"]
    assert "too short" in validate_draft(draft(lis, sig="qd"))["sig"]
    assert "too long" in validate_draft(draft(lis, sig="x" * 501))["sig"]
    assert validate_draft(draft(lis, sig="x" * 500)) == {}
    for bad, words in [
        ("abc", "must be a number"),
        ("0", "more than zero"),
        ("-5", "more than zero"),
        ("10000", "at most 9999"),
        ("1.234", "two decimal places"),
        ("NaN", "must be a number"),
        ("Infinity", "must be a number"),
    ]:
        assert words in validate_draft(draft(lis, qty=bad))["quantity"], bad
    assert "At most 11" in validate_draft(draft(lis, refills=12))["refills"]


def test_refill_limits_follow_the_schedule(by_id):
    oxy = by_id["oxycodone-5-mg-tab"]
    assert validate_draft(draft(oxy, refills=1))["refills"] == (
        "Schedule II prescriptions cannot have refills (21 CFR 1306.12)."
    )
    for med_id in ("alprazolam-0_5-mg-tab", "testosterone-cypionate-200-mg-ml-inj"):
        assert validate_draft(draft(by_id[med_id], refills=5)) == {}
        assert "at most 5 refills" in validate_draft(draft(by_id[med_id], refills=6))["refills"]
    assert validate_draft(draft(by_id["pregabalin-75-mg-cap"], refills=11)) == {}


# the store ------------------------------------------------------------------
@pytest.fixture
def store(tmp_path):
    app = open_app_store(tmp_path / "app.sqlite")
    app.add_patient("Aisha", "Carter", dt.date(1990, 6, 27), "F")
    app.add_patient("Robert", "Nguyen", dt.date(1946, 1, 9), "M")
    app.add_user("doctor", "pw-123456789", "Dr. Doctor", Role.PRESCRIBER)
    yield app
    app.close()


def test_add_pending_and_remove(store, by_id):
    rx = store.prescriptions
    assert store.prescriptions is rx
    oxy = rx.add(1, draft(by_id["oxycodone-5-mg-tab"], qty=" 20 "), "frontdesk", at=LAST_YEAR)
    amox = rx.add(1, draft(by_id["amoxicillin-400-mg-5-ml-susp"], qty="7.50"), "doctor")
    assert oxy.status is RxStatus.PENDING and oxy.status_text == "Pending signature"
    assert oxy.quantity == Decimal(20) and amox.quantity_text == "7.5"
    assert oxy.medication == by_id["oxycodone-5-mg-tab"] and oxy.prepared_by == "frontdesk"
    assert [p.id for p in rx.pending(1)] == [oxy.id, amox.id]
    assert [p.id for p in rx.for_patient(1)] == [amox.id, oxy.id]  # newest first
    assert rx.pending(2) == []
    with pytest.raises(UserFacingError):
        rx.remove_pending(oxy.id, 2)  # another patient's id: refused
    rx.remove_pending(oxy.id, 1)
    assert [p.id for p in rx.pending(1)] == [amox.id]
    with pytest.raises(UserFacingError, match="no longer pending"):
        rx.remove_pending(oxy.id, 1)


def test_add_checks_again_and_refuses_an_unknown_patient(store, by_id):
    with pytest.raises(InvalidPrescription) as info:
        store.prescriptions.add(1, draft(by_id["oxycodone-5-mg-tab"], refills=2), "doctor")
    assert set(info.value.problems) == {"refills"}
    assert isinstance(info.value, UserFacingError)
    with pytest.raises(UserFacingError, match="no longer in the patient list"):
        store.prescriptions.add(99, draft(by_id["lisinopril-10-mg-tab"]), "doctor")
    assert store.prescriptions.for_patient(1) == []


def mark_signed(store, ids, patient_id, serial):
    """Sign as the dialog would: with the hash of what it shows (or none it could show)."""
    try:
        shown = store.prescriptions.shown_hash(ids, patient_id, "doctor")
    except (UserFacingError, KeyError):
        shown = ""
    return store.prescriptions.mark_signed(
        ids, patient_id, "doctor", serial, NOW, shown=shown, signer=signer_for(store)
    )


def test_mark_signed_is_all_or_nothing(store, by_id):
    rx = store.prescriptions
    a = rx.add(1, draft(by_id["oxycodone-5-mg-tab"]), "doctor")
    b = rx.add(1, draft(by_id["lisinopril-10-mg-tab"]), "doctor")
    other = rx.add(2, draft(by_id["lisinopril-10-mg-tab"]), "doctor")
    for ids in ([a.id, other.id], [a.id, 999], []):
        with pytest.raises(UserFacingError):
            mark_signed(store, ids, 1, "GALH12345678")
    with pytest.raises(UserFacingError, match="hardware token"):
        mark_signed(store, [a.id, b.id], 1, None)
    assert all(p.pending for p in rx.for_patient(1) + rx.for_patient(2))

    signed = mark_signed(store, [a.id, b.id], 1, "GALH12345678")
    assert [p.status for p in signed] == [RxStatus.SIGNED, RxStatus.SIGNED]
    assert signed[0].signed_by == "doctor" and signed[0].token_serial == "GALH12345678"
    assert signed[0].signed_at == NOW
    assert signed[0].status_text.startswith("Signed ")
    assert rx.pending(1) == []
    with pytest.raises(UserFacingError, match="no longer waiting"):
        mark_signed(store, [a.id], 1, "GALH12345678")  # already signed
    with pytest.raises(UserFacingError):
        rx.remove_pending(a.id, 1)
    only_plain = rx.add(1, draft(by_id["lisinopril-10-mg-tab"]), "doctor")
    assert mark_signed(store, [only_plain.id], 1, None)[0].token_serial is None


def test_the_database_refuses_to_change_a_signed_prescription(store, by_id):
    rx = store.prescriptions
    signed = rx.add(1, draft(by_id["oxycodone-5-mg-tab"]), "doctor")
    mark_signed(store, [signed.id], 1, "GALH12345678")
    pending = rx.add(1, draft(by_id["lisinopril-10-mg-tab"]), "doctor")
    db = store.db
    for sql in (
        "UPDATE prescriptions SET sig = 'Take 2 tablets' WHERE id = ?",
        "UPDATE prescriptions SET quantity = '200' WHERE id = ?",
        "UPDATE prescriptions SET status = 'pending' WHERE id = ?",
        "UPDATE prescriptions SET status = 'sent', quantity = '200' WHERE id = ?",
        "UPDATE prescriptions SET token_serial = NULL WHERE id = ?",
        "DELETE FROM prescriptions WHERE id = ?",
    ):
        with pytest.raises(REFUSED):
            db.execute(sql, [signed.id])
    assert rx.get(signed.id).quantity == Decimal(30)

    with pytest.raises(REFUSED, match="never marked sent"):
        db.execute("UPDATE prescriptions SET status = 'sent' WHERE id = ?", [pending.id])
    db.execute("UPDATE prescriptions SET status = 'sent' WHERE id = ?", [signed.id])
    assert rx.get(signed.id).status is RxStatus.SENT
    with pytest.raises(REFUSED):
        db.execute("UPDATE prescriptions SET status = 'signed' WHERE id = ?", [signed.id])
    with pytest.raises(REFUSED):
        db.execute("DELETE FROM prescriptions WHERE id = ?", [signed.id])
    db.execute("DELETE FROM prescriptions WHERE id = ?", [pending.id])  # pending: allowed
    with pytest.raises(REFUSED):  # the schema itself: no refills on schedule II
        db.execute(
            "INSERT INTO prescriptions (patient_id, medication_id, medication_name, strength, "
            "form, route, schedule, sig, quantity, refills, prepared_by, prepared_at) VALUES "
            "(1, 'x', 'X', '1 mg', 'tablet', 'oral', 'II', 'Take one', '1', 3, 'd', 'now')"
        )
