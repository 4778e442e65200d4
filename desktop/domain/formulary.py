"""The formulary: the medications a prescription can be written for, with DEA schedules.

It ships with the application as `desktop/data/formulary.csv` (one row per product) and
is read through importlib.resources, so it is found the same way from a checkout, an
installed wheel or a PyInstaller bundle. The schedule decides how a prescription may be
written and signed (21 CFR 1306 and 1311), so a row with an unknown schedule stops the
load rather than passing as "not controlled".
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from importlib import resources
from pathlib import Path

FORMULARY_PACKAGE = "desktop.data"
FORMULARY_FILE = "formulary.csv"
COLUMNS = ("id", "name", "strength", "form", "schedule", "route")
_WORD = re.compile(r"[a-z0-9]+(?:[.,][0-9]+)*")


class Schedule(StrEnum):
    """DEA controlled-substance schedules a prescription can be written for (I cannot)."""

    II = "II"
    III = "III"
    IV = "IV"
    V = "V"

    @property
    def label(self) -> str:
        return {
            Schedule.II: "Schedule II (no refills)",
            Schedule.III: "Schedule III (up to 5 refills in 6 months)",
            Schedule.IV: "Schedule IV (up to 5 refills in 6 months)",
            Schedule.V: "Schedule V",
        }[self]

    @property
    def max_refills(self) -> int:
        """21 CFR 1306.12 (II: none) and 1306.22 (III-IV: 5 within 6 months)."""
        return {Schedule.II: 0, Schedule.III: 5, Schedule.IV: 5}.get(self, MAX_REFILLS)


MAX_REFILLS = 11
"""Outside schedules II-IV: a year's supply of monthly fills is the practical ceiling."""


@dataclass(frozen=True)
class Medication:
    id: str
    name: str
    strength: str
    form: str
    schedule: Schedule | None
    route: str

    @property
    def display(self) -> str:
        """How a doctor reads it on a prescription: 'Oxycodone 5 mg tablet'."""
        return f"{self.name} {self.strength} {self.form}"

    @property
    def controlled(self) -> bool:
        return self.schedule is not None

    @property
    def schedule_text(self) -> str:
        return f"Schedule {self.schedule}" if self.schedule else "Not controlled"

    @property
    def max_refills(self) -> int:
        return self.schedule.max_refills if self.schedule else MAX_REFILLS


class FormularyError(ValueError):
    """The formulary file is damaged: a defect in the release, never the user's doing."""


def load_formulary(path: Path | None = None) -> list[Medication]:
    """Read the formulary: the packaged file unless `path` names another one.

    Blocking I/O: controllers call it on a lane, never on the GUI thread.
    """
    if path is None:
        text = resources.files(FORMULARY_PACKAGE).joinpath(FORMULARY_FILE).read_text("utf-8")
    else:
        text = path.read_text(encoding="utf-8")
    return parse_formulary(text)


def parse_formulary(text: str) -> list[Medication]:
    reader = csv.DictReader(io.StringIO(text))
    if tuple(reader.fieldnames or ()) != COLUMNS:
        raise FormularyError(f"formulary columns are {reader.fieldnames}, expected {COLUMNS}")
    meds: list[Medication] = []
    seen: set[str] = set()
    for line, row in enumerate(reader, start=2):
        values = {key: (row[key] or "").strip() for key in COLUMNS}
        missing = [key for key in COLUMNS if key != "schedule" and not values[key]]
        if missing:
            raise FormularyError(f"formulary line {line}: empty {', '.join(missing)}")
        if values["id"] in seen:
            raise FormularyError(f"formulary line {line}: duplicate id {values['id']!r}")
        try:
            schedule = Schedule(values["schedule"]) if values["schedule"] else None
        except ValueError:
            raise FormularyError(
                f"formulary line {line}: unknown schedule {values['schedule']!r}"
            ) from None
        seen.add(values["id"])
        meds.append(
            Medication(
                values["id"],
                values["name"],
                values["strength"],
                values["form"],
                schedule,
                values["route"],
            )
        )
    return meds


def words(text: str) -> list[str]:
    """Lower-case words, splitting 'Hydrocodone/acetaminophen' and keeping '7.5' whole."""
    return _WORD.findall(text.lower())


def search(meds: Iterable[Medication], text: str, limit: int = 20) -> list[Medication]:
    """Medications whose name has a word starting with each typed word, best first.

    The first typed word must start a word of the name ('oxy' finds Oxycodone and
    Oxycodone/acetaminophen, 'acet' finds the combinations); later words may also match
    the strength or form, so 'oxy 10' narrows to the 10 mg products. Ranking: the name
    starts with what was typed, then the first word of the name matches, then any word;
    within a rank, by name, then in formulary order (strengths ascending).
    """
    typed = words(text)
    if not typed:
        return []
    phrase = " ".join(typed)
    ranked: list[tuple[int, str, int, Medication]] = []
    for order, med in enumerate(meds):
        name_words = words(med.name)
        all_words = name_words + words(f"{med.strength} {med.form}")
        if not any(w.startswith(typed[0]) for w in name_words):
            continue
        if not all(any(w.startswith(t) for w in all_words) for t in typed[1:]):
            continue
        if " ".join(name_words).startswith(phrase):
            rank = 0
        elif name_words[0].startswith(typed[0]):
            rank = 1
        else:
            rank = 2
        ranked.append((rank, med.name.lower(), order, med))
    ranked.sort(key=lambda item: item[:3])
    return [item[3] for item in ranked[: max(limit, 0)]]
