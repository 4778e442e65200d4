"""The log file in the data dir: what support asks for first. Never a code or a seed."""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler
from pathlib import Path

from desktop.domain.errors import startup_error
from desktop.filemodes import private_dir, private_file

FORMAT = "%(asctime)s %(levelname)s %(threadName)s %(name)s: %(message)s"


def setup_logging(log_file: Path, level: int = logging.INFO) -> None:
    """Log to `log_file`; a folder that cannot take it raises `StartupError` naming it."""
    try:
        private_dir(log_file.parent)
        handler = RotatingFileHandler(log_file, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
        private_file(log_file)  # a later file (after rotation) follows the umask: 0600
    except OSError as exc:
        raise startup_error(log_file, exc) from exc
    root = logging.getLogger()
    for old in list(root.handlers):
        if getattr(old, "icorerx", False):
            root.removeHandler(old)
            old.close()
    handler.icorerx = True  # type: ignore[attr-defined]
    handler.setFormatter(logging.Formatter(FORMAT))
    root.addHandler(handler)
    root.setLevel(level)
    # httpx logs every request line at INFO; the privacyIDEA adapter logs what matters itself.
    for noisy in ("httpx", "httpcore"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
