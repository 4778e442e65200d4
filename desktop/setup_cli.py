"""`icorerx setup`: first-run setup for IT, without a window.

Every value is checked before anything is written (the password against the same rules as
the first-run screen), and a data dir that already holds anybody, a clinic or demo data, is
refused: exit 2 with the reason, and the data dir exactly as it was.
"""

from __future__ import annotations

import getpass
import sqlite3
import sys
from pathlib import Path

from desktop.config import Paths, Settings

PROBLEM_LABELS = {
    "practice_name": "--practice",
    "address": "--address",
    "admin_username": "--admin",
    "admin_name": "--admin-name",
    "password": "password",
    "password_repeat": "password",
}


def setup(
    data_dir: Path,
    *,
    practice: str,
    address: str,
    admin: str,
    admin_name: str,
    password_stdin: bool,
) -> int:
    from desktop.domain.models import Role
    from desktop.domain.people import PersonDetails, normalise_username
    from desktop.domain.practice import setup_problems

    password, repeat = _read_password(password_stdin)
    name = admin_name.strip() or normalise_username(admin)
    problems = setup_problems(practice, address, admin, name, password, repeat)
    if problems:
        for field, problem in problems.items():
            print(f"icorerx setup: {PROBLEM_LABELS[field]}: {problem}", file=sys.stderr)
        print("icorerx setup: nothing was written.", file=sys.stderr)
        return 2
    paths = Paths(data_dir)
    settings = Settings.load(data_dir)  # a bad settings file is named before anything is written
    refusal = _already_set_up(paths)
    if refusal:
        print(f"icorerx setup: {refusal}", file=sys.stderr)
        print("icorerx setup: nothing was written.", file=sys.stderr)
        return 2
    from desktop import startup
    from desktop.store import people
    from desktop.store.database import open_app_store

    startup.check_nothing_lost(paths, settings)
    details = PersonDetails(normalise_username(admin), name, frozenset({Role.PRACTICE_ADMIN}))
    store = open_app_store(paths.app_db)
    try:
        people.set_up_practice(store, practice, address, details, password, via="command line")
    finally:
        store.close()
    if settings.demo:
        settings.demo = False
        settings.save(data_dir)
    print(
        f"Set up {practice.strip()}: {details.display_name} ({details.username}) is its practice "
        "administrator."
    )
    print("Start iCoreRx, sign in, and add people on Admin > People (or File > People).")
    print(f"Data dir: {data_dir}")
    return 0


def _read_password(from_stdin: bool) -> tuple[str, str | None]:
    if from_stdin:
        line = sys.stdin.readline()
        return line[:-1] if line.endswith("\n") else line, None
    first = getpass.getpass("Password for the practice administrator: ")
    return first, getpass.getpass("The same password again: ")


def _already_set_up(paths: Paths) -> str:
    """Why this data dir cannot be set up, read without writing anything; "" if it can.

    Opened `immutable`: no journal, no lock file, no migration. The write that follows
    checks again inside its transaction, so a race with another process cannot slip by.
    """
    if not paths.app_db.exists() or paths.app_db.stat().st_size == 0:
        return ""
    try:
        db = sqlite3.connect(f"file:{paths.app_db}?immutable=1", uri=True)
    except sqlite3.Error:
        return ""  # opening it for real names the problem
    try:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
        practice = (
            db.execute("SELECT name, demo, set_up_at FROM practice WHERE id = 1").fetchone()
            if "practice" in tables
            else None
        )
        users = db.execute("SELECT count(*) FROM users").fetchone()[0] if "users" in tables else 0
    except sqlite3.Error:
        return ""
    finally:
        db.close()
    if practice is not None and not practice[1]:
        when = f" on {str(practice[2])[:10]}" if practice[2] else ""
        return (
            f"{paths.data_dir} was already set up for {practice[0]}{when}. Add people in the "
            "window (Admin > People); to set up another practice, use another --data-dir."
        )
    if practice is not None or users:
        return (
            f"{paths.data_dir} holds demo data (fictional patients and demo accounts), so it "
            "cannot be set up for a clinic. Use a new, empty --data-dir."
        )
    return ""
