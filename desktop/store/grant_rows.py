"""A grant as a row of `epcs_grants` and back, and the times written into it (UTC, ISO 8601)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from desktop.domain.access_control import EndReason, Grant, GrantState


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def stamp(moment: dt.datetime | None) -> str:
    return (moment or now()).astimezone(dt.UTC).isoformat()


def parse_moment(text: str | None) -> dt.datetime:
    moment = dt.datetime.fromisoformat(str(text))
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def maybe_moment(text: str | None) -> dt.datetime | None:
    return None if text is None else parse_moment(text)


def grant_row(grant: Grant) -> dict[str, Any]:
    def when(moment: dt.datetime | None) -> str | None:
        return None if moment is None else stamp(moment)

    return {
        "id": grant.id,
        "prescriber": grant.prescriber,
        "state": grant.state.value,
        "entered_by": grant.entered_by,
        "entered_at": stamp(grant.entered_at),
        "dea_number": grant.dea_number,
        "dea_expiry": grant.dea_expiry.isoformat(),
        "licence_state": grant.licence_state,
        "licence_number": grant.licence_number,
        "licence_expiry": grant.licence_expiry.isoformat(),
        "proofed_by": grant.proofed_by,
        "proofed_on": grant.proofed_on.isoformat(),
        "approved_by": grant.approved_by,
        "approved_at": when(grant.approved_at),
        "refused_by": grant.refused_by,
        "refused_at": when(grant.refused_at),
        "refusal_reason": grant.refusal_reason,
        "revocation_entered_by": grant.revocation_entered_by,
        "revocation_entered_at": when(grant.revocation_entered_at),
        "revocation_reason": grant.revocation_reason,
        "revoked_by": grant.revoked_by,
        "revoked_at": when(grant.revoked_at),
        "ended_at": when(grant.ended_at),
        "ended_by": grant.ended_by,
        "end_reason": grant.end_reason.value if grant.end_reason else None,
        "end_detail": grant.end_detail,
        "updated_at": stamp(None),
    }


def grant_from_row(row: Mapping[str, Any]) -> Grant:
    return Grant(
        id=int(row["id"]),
        prescriber=str(row["prescriber"]),
        state=GrantState(row["state"]),
        entered_by=str(row["entered_by"]),
        entered_at=parse_moment(row["entered_at"]),
        dea_number=str(row["dea_number"]),
        dea_expiry=dt.date.fromisoformat(str(row["dea_expiry"])),
        licence_state=str(row["licence_state"]),
        licence_number=str(row["licence_number"]),
        licence_expiry=dt.date.fromisoformat(str(row["licence_expiry"])),
        proofed_by=str(row["proofed_by"]),
        proofed_on=dt.date.fromisoformat(str(row["proofed_on"])),
        approved_by=row["approved_by"],
        approved_at=maybe_moment(row["approved_at"]),
        refused_by=row["refused_by"],
        refused_at=maybe_moment(row["refused_at"]),
        refusal_reason=str(row["refusal_reason"] or ""),
        revocation_entered_by=row["revocation_entered_by"],
        revocation_entered_at=maybe_moment(row["revocation_entered_at"]),
        revocation_reason=str(row["revocation_reason"] or ""),
        revoked_by=row["revoked_by"],
        revoked_at=maybe_moment(row["revoked_at"]),
        ended_at=maybe_moment(row["ended_at"]),
        ended_by=row["ended_by"],
        end_reason=EndReason(row["end_reason"]) if row["end_reason"] else None,
        end_detail=str(row["end_detail"] or ""),
    )
