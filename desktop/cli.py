"""`icorerx`: the desktop application and its command-line tools.

Qt is imported only by the commands that need it, so `icorerx demo` runs on a
server with no display, and a missing system library is explained, not dumped.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.cli_parser import parse_args
from desktop.domain.errors import UserFacingError, generic_message, storage_problem
from desktop.settings_file import resolve_data_dir

if TYPE_CHECKING:
    from desktop.app import WindowHook

QT_LIBRARIES_HINT = (
    "Qt could not load a system library it needs ({error}).\n"
    "Install them with:  bash scripts/setup.sh  (it runs apt-get install for libglib2.0-0 "
    "libegl1 libgl1 libx11-6 libxkbcommon0 libfontconfig1 libfreetype6 libdbus-1-3 "
    "fonts-dejavu-core and, for a real window, the libxcb-* packages)."
)

NO_DISPLAY_HINT = (
    "No display was found (DISPLAY and WAYLAND_DISPLAY are not set), so the window cannot open.\n"
    "- On a workstation, start iCoreRx from the desktop session.\n"
    "- On a server, run it on a virtual screen:  xvfb-run -a icorerx\n"
    "- To check the installation without a screen:  icorerx --self-test\n"
    "- To run with no visible window at all:  QT_QPA_PLATFORM=offscreen icorerx"
)


def has_display() -> bool:
    if os.environ.get("QT_QPA_PLATFORM"):
        return True
    if not sys.platform.startswith("linux"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def main(
    argv: list[str] | None = None,
    *,
    on_painted: WindowHook | None = None,
    on_ready: WindowHook | None = None,
) -> int:
    """`icorerx ARGS`; `on_painted` and `on_ready` are handed to the window's start-up
    (`desktop.app.run`) when ARGS open it: bench/startup.py times the real entry point."""
    os.umask(0o077)  # every file this process creates in the data dir is owner-only
    args = parse_args(sys.argv[1:] if argv is None else argv)
    data_dir = resolve_data_dir(getattr(args, "data_dir", None))
    if args.command != "clinic":
        _tell_if_moved(data_dir)
    try:
        if args.self_test:
            from desktop.selftest import self_test

            return self_test(data_dir)
        if args.command == "demo":
            return _demo(data_dir)
        if args.command == "setup":
            from desktop import setup_cli

            return setup_cli.setup(
                data_dir,
                practice=args.practice,
                address=args.address,
                admin=args.admin,
                admin_name=args.admin_name,
                password_stdin=args.password_stdin,
            )
        if args.command == "seeds":
            from desktop import tools

            if args.psk is not None:
                print(
                    "icorerx: --psk is no longer accepted: a key on the command line can be "
                    "read by every user of this computer in the process list.\n"
                    "Put the key in a file only you can read and use --psk-file FILE, or pipe "
                    "it in with --psk-stdin. Nothing was imported.",
                    file=sys.stderr,
                )
                return tools.BAD_INPUT
            return tools.import_seeds(
                data_dir,
                args.file,
                psk_file=args.psk_file,
                psk_stdin=args.psk_stdin,
                password_file=args.password_file,
            )
        if args.command == "tokens":
            from desktop import tools

            return tools.list_tokens(data_dir, args.json)
        if args.command == "audit":
            from desktop import audit_cli

            if args.audit_command == "verify":
                return audit_cli.verify(data_dir)
            if args.audit_command == "anchor":
                return audit_cli.anchor(data_dir)
            return audit_cli.export(data_dir, args.csv_file)
        if args.command == "rx":
            from desktop import rx_cli

            return rx_cli.verify(data_dir)
        if args.command == "privacyidea":
            from desktop import privacyidea_cli

            return privacyidea_cli.setup(
                data_dir,
                args.url,
                args.realm,
                args.service_account,
                args.public_key,
                ca_file=args.ca_file,
                verify_tls=not args.no_verify_tls,
                password_stdin=args.password_stdin,
                timeout_s=args.timeout,
                notice_gateway=args.notice_gateway,
            )
        if args.command == "clinic":
            if args.clinic_command == "import-local":
                from desktop.clinic.import_local import import_local

                return import_local(data_dir, args.source_dir, timeout_s=args.timeout)
            if args.clinic_command == "audit-key":
                from desktop.clinic.audit_key_cli import export_key, import_key

                if args.export is not None:
                    return export_key(data_dir, args.export, timeout_s=args.timeout)
                return import_key(data_dir, args.import_file, timeout_s=args.timeout)
            from desktop.clinic.connect import connect

            return connect(
                data_dir,
                args.url,
                ca_file=args.ca_file,
                password_stdin=args.password_stdin,
                timeout_s=args.timeout,
            )
        return _run(data_dir, demo=args.demo, on_painted=on_painted, on_ready=on_ready)
    except UserFacingError as exc:  # a bad settings file, a damaged or missing data file...
        print(f"icorerx: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:
        if storage_problem(exc) is None:
            raise
        # A full disk, a read-only folder or a damaged file, in words (sqlite3 is not imported
        # here: it is not needed to paint the window).
        print(f"icorerx: {generic_message(exc)}", file=sys.stderr)
        return 2


def _tell_if_moved(data_dir: Path) -> None:
    """Whoever uses a desk whose records were moved into the clinic database is told so."""
    from desktop.clinic.moved import moved_note

    moved = moved_note(data_dir)
    if moved is not None:
        print(f"icorerx: note: {moved.notice}", file=sys.stderr)


def gui_main() -> int:
    return main(sys.argv[1:])


def _demo(data_dir: Path) -> int:
    from desktop import demo, startup
    from desktop.config import Paths, Settings

    paths = Paths(data_dir)
    startup.check_nothing_lost(paths, Settings.load(data_dir))
    report = demo.provision(paths)
    print(report.summary())
    print(f"Data dir: {data_dir}")
    return 0


def _run(
    data_dir: Path,
    demo: bool = False,
    on_painted: WindowHook | None = None,
    on_ready: WindowHook | None = None,
) -> int:
    if not has_display():
        print(NO_DISPLAY_HINT, file=sys.stderr)
        return 2
    try:
        from desktop.app import run
    except ImportError as exc:
        print(QT_LIBRARIES_HINT.format(error=exc), file=sys.stderr)
        return 2
    return run(data_dir, on_painted, on_ready, demo=demo)
