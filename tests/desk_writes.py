"""What a desk writes in the live tests, as the front desk would: a patient, a pending
prescription (the change the other desks are told of)."""

from __future__ import annotations

import datetime as dt

from desktop.domain.prescriptions import RxDraft
from tests.clinic_desks import LISINOPRIL


def patient(store):
    return store.add_patient("Ann", "Lee", dt.date(1980, 1, 2))


def add_rx(store, patient_id):
    draft = RxDraft(LISINOPRIL, "Take 1 tablet by mouth daily", "30", 0)
    return store.prescriptions.add(patient_id, draft, "frontdesk")
