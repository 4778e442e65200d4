"""What EPCS Access Control shows: people, designations, grants, and what may be done."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from desktop.domain.access_control import Designation, Grant
from desktop.domain.access_rules import (
    approve_problem,
    designation_problem,
    designee_problem,
    is_registrant,
    refuse_problem,
    revoke_problem,
)
from desktop.domain.models import Role, User
from desktop.store.database import AppStore


@dataclass(frozen=True)
class DesignatedPerson:
    user: User
    designation: Designation
    registrant: bool
    token_synced: bool | None
    """None: not a prescriber with an identity account, or the service could not say."""


@dataclass(frozen=True)
class AccessOverview:
    """What the screen shows, and what the signed-in person may do with it."""

    actor: User
    today: dt.date
    people: Mapping[str, User]
    designated: list[DesignatedPerson]
    grants: list[Grant]
    problem: str
    """Why nothing can be granted now (fewer than two designated...), or ""."""
    ended_now: list[Grant] = field(default_factory=list)

    def name(self, username: str | None) -> str:
        person = self.people.get(username or "")
        return person.display_name if person is not None else (username or "\u2014")

    @property
    def can_grant(self) -> bool:
        """Enough people are designated, one a DEA registrant (tokens aside)."""
        return not designation_problem(self.designated_users, self.today)

    @property
    def designated_users(self) -> list[User]:
        return [person.user for person in self.designated]

    @property
    def candidates(self) -> list[User]:
        """Active people who are not designated yet."""
        taken = {person.user.username for person in self.designated}
        return [u for u in self.people.values() if u.active and u.username not in taken]

    @property
    def grantable(self) -> list[User]:
        """Active prescribers with a DEA registration and no live grant."""
        live = {grant.prescriber for grant in self.grants if grant.state.live}
        return [
            u
            for u in self.people.values()
            if u.active and u.has(Role.PRESCRIBER) and u.prescriber and u.username not in live
        ]

    def enter_problem(self) -> str:
        problem = designee_problem(self.actor, self.designated_users, self.today)
        if problem:
            return problem
        return "" if self.grantable else "Every prescriber already has a pending or active grant."

    def approve_problem(self, grant: Grant) -> str:
        problem = approve_problem(self.actor, grant, self.designated_users, self.today)
        if problem:
            return problem
        mine = next((p for p in self.designated if p.user.username == self.actor.username), None)
        if mine is not None and mine.token_synced is False:
            return (
                "Your hardware token is not synced: sync it under EPCS Device Management, then "
                "approve with a code from it."
            )
        return ""

    def refuse_problem(self, grant: Grant) -> str:
        return refuse_problem(self.actor, grant, self.designated_users, "a reason")

    def revoke_problem(self, grant: Grant) -> str:
        return revoke_problem(self.actor, grant, self.designated_users, "a reason", self.today)


def read_overview(store: AppStore, actor: str, today: dt.date) -> AccessOverview:
    """On the store's lane: grants past their end are ended first, then everything is read."""
    access = store.access_control
    ended_now = access.settle(today, actor)
    people = access.users()
    designated = [
        DesignatedPerson(people[d.username], d, is_registrant(people[d.username], today), None)
        for d in access.designations()
        if d.username in people
    ]
    problem = designation_problem([p.user for p in designated], today)
    return AccessOverview(
        people[actor], today, people, designated, access.grants(), problem, ended_now
    )
