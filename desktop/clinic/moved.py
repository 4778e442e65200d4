"""The note left in a desk's data folder once its records were moved into the clinic database.

`icorerx clinic import-local` writes it (and never deletes anything of the folder); the
command line reads it whenever it works on that folder, so whoever uses the old desk
database is told that what they add there does not reach the clinic. Kept apart from
the import itself so reading it loads nothing of PostgreSQL.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

MOVED_NOTE = "MOVED-TO-CLINIC.txt"
_CLINIC = "Clinic database: "
_WHEN = "Moved on: "


class Moved:
    """Where and when a data folder's records went.

    A plain class: the command line reads the note before the window's first paint, and
    building a dataclass costs ~1 ms there (bench/startup.py).
    """

    __slots__ = ("clinic_url", "path", "when")

    def __init__(self, path: Path, clinic_url: str, when: str) -> None:
        self.path = path
        self.clinic_url = clinic_url
        self.when = when

    @property
    def notice(self) -> str:
        return (
            f"The records of {self.path.parent} were moved into the clinic database "
            f"{self.clinic_url} on {self.when}: what is added here does not reach the clinic "
            f"database, and another import of this folder is refused (see {self.path})."
        )


def note_text(clinic_url: str, when: str, workstation: str, moved: str) -> str:
    """The note, for a person opening the folder first; `moved_note` reads it back."""
    return (
        "This iCoreRx data folder was moved into the clinic database.\n\n"
        f"{_CLINIC}{clinic_url}\n"
        f"{_WHEN}{when}\n"
        f"By: workstation {workstation} (icorerx clinic import-local)\n"
        f"Moved: {moved}\n\n"
        "Nothing in this folder was deleted: it stays as it was, a copy of what was moved.\n"
        "Records added here after that moment are not in the clinic database.\n"
    )


def moved_note(data_dir: Path) -> Moved | None:
    """The folder's note, when its records were moved; None for a folder still its own."""
    path = data_dir / MOVED_NOTE
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError):
        return Moved(path, "(the note cannot be read)", "an unknown day")

    def value(prefix: str, missing: str) -> str:
        found = [line[len(prefix) :].strip() for line in lines if line.startswith(prefix)]
        return found[0] if found and found[0] else missing

    return Moved(path, value(_CLINIC, "(not named)"), value(_WHEN, "an unknown day"))
