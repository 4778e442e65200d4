"""The data folder is the owner's alone: the folder 0700, every file in it 0600.

It holds patients' names, prescriptions, the audit log and (for the embedded identity
service) token seeds: no other account on the computer may read any of it. New files get
these modes from the process's umask (`private_umask`, set at start by the window and the
command line) or are created with them; files an older version left readable by others
are tightened when the data folder is opened (`tighten_data_dir`), and that is logged.
Only what this user owns is changed; anything else is logged and left alone.
"""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

log = logging.getLogger(__name__)

DIR_MODE = 0o700
FILE_MODE = 0o600
UMASK = 0o077


def private_umask() -> None:
    """From now on this process creates files 0600 and folders 0700 (where modes exist)."""
    os.umask(UMASK)


def private_dir(folder: Path) -> None:
    """Create `folder` (and missing parents) 0700, or tighten it if it is looser and ours."""
    if not folder.exists():
        folder.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    _tighten(folder, DIR_MODE)


def private_file(path: Path) -> None:
    """Tighten an existing file to 0600 if it is looser and ours (a missing file: nothing)."""
    _tighten(path, FILE_MODE)


def tighten_data_dir(data_dir: Path) -> None:
    """The data folder 0700 and everything in it 0600 (folders 0700); logs what it changed."""
    if not data_dir.exists():
        return
    private_dir(data_dir)
    for root, folders, files in os.walk(data_dir):
        base = Path(root)
        for name in folders:
            _tighten(base / name, DIR_MODE)
        for name in files:
            _tighten(base / name, FILE_MODE)


def _tighten(path: Path, mode: int) -> None:
    if os.name != "posix":  # Windows keeps access in ACLs: a user's profile folder is theirs
        return
    try:
        info = path.lstat()
    except FileNotFoundError:
        return
    if stat.S_ISLNK(info.st_mode):
        return  # never follow a link out of the data folder
    current = stat.S_IMODE(info.st_mode)
    if not current & ~mode & 0o777:
        return
    if info.st_uid != os.getuid():
        log.warning(
            "%s is readable by others (mode %o) but belongs to another user; left as it is",
            path,
            current,
        )
        return
    try:
        os.chmod(path, current & mode)
    except OSError as exc:
        log.warning("%s could not be made owner-only (%s)", path, exc.strerror or exc)
        return
    log.info("%s was readable by others (mode %o); now owner-only", path, current)
