"""The argument parser of `icorerx`: every command, its options and their help."""

from __future__ import annotations

import argparse
from pathlib import Path


def _data_dir_parent() -> argparse.ArgumentParser:
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument(
        "--data-dir",
        default=argparse.SUPPRESS,
        help="folder for the databases, settings and log (default: $ICORERX_DATA_DIR, "
        "else the platform's user data folder)",
    )
    return parent


def parse_args(argv: list[str]) -> argparse.Namespace:
    """`icorerx`'s arguments. A command line that only opens the window is read without
    building a parser: building every command's costs ~6 ms, and even the top-level one
    ~4 ms (argparse's help formatter loads shutil and looks up translations), all paid
    before the window's first paint (bench/startup.py). Anything else (a command, --help,
    an abbreviation, a mistake) goes through the whole parser, which owns its meaning and
    its error."""
    window = window_options(argv)
    if window is not None:
        return window
    return build_parser().parse_args(argv)


def window_options(argv: list[str]) -> argparse.Namespace | None:
    """What the whole parser makes of `argv` when it holds nothing but --demo, --self-test
    and --data-dir with a folder, spelled out in full; None for anything else."""
    options = argparse.Namespace(self_test=False, demo=False, command=None)
    index = 0
    while index < len(argv):
        token = argv[index]
        if token == "--demo":
            options.demo = True
        elif token == "--self-test":
            options.self_test = True
        elif token.startswith("--data-dir="):
            options.data_dir = token.partition("=")[2]
        elif token == "--data-dir" and index + 1 < len(argv) and argv[index + 1][:1] != "-":
            index += 1
            options.data_dir = argv[index]
        else:
            return None
        index += 1
    return options


def _top_level(common: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="icorerx",
        description="iCoreRx desktop: sync an EPCS hardware token and sign prescriptions.",
        parents=[common],
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="open the main window offscreen, check forms, stores and adapter, exit 0 if sound",
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="the desktop application on demo data (added if missing; refused on a clinic's "
        "data dir)",
    )
    return parser


def build_parser() -> argparse.ArgumentParser:
    common = _data_dir_parent()
    parser = _top_level(common)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    run = commands.add_parser("run", parents=[common], help="the desktop application (the default)")
    run.add_argument("--demo", action="store_true", default=argparse.SUPPRESS, help="demo data")
    commands.add_parser(
        "demo",
        parents=[common],
        help="add demo accounts, patients, phone and tokens (idempotent; refused on a clinic's "
        "data dir)",
    )
    setup = commands.add_parser(
        "setup",
        parents=[common],
        help="first-run setup without a window: the practice and its first administrator",
    )
    setup.add_argument("--practice", required=True, metavar="NAME", help="the practice's name")
    setup.add_argument(
        "--address", default="", help="the DEA-registered location (one line; optional)"
    )
    setup.add_argument(
        "--admin", required=True, metavar="USERNAME", help="the first practice administrator"
    )
    setup.add_argument(
        "--admin-name", default="", metavar="NAME", help="their name (default: the username)"
    )
    setup.add_argument(
        "--password-stdin",
        action="store_true",
        help="read their password from the first line of standard input (else it is asked)",
    )
    seeds = commands.add_parser("seeds", parents=[common], help="token seed files")
    seed_commands = seeds.add_subparsers(dest="seeds_command", metavar="ACTION", required=True)
    importer = seed_commands.add_parser(
        "import",
        parents=[common],
        help="import a PSKC (RFC 6030) seed file into the embedded identity service",
    )
    importer.add_argument("file", type=Path, help="the vendor's .pskc / .xml file")
    secret = importer.add_mutually_exclusive_group()
    secret.add_argument(
        "--psk-file",
        type=Path,
        metavar="F",
        help="file holding the pre-shared key (hex) of an encrypted file",
    )
    secret.add_argument(
        "--psk-stdin",
        action="store_true",
        help="read the pre-shared key (hex) from the first line of standard input",
    )
    # Refused with its reason: a key on the command line is in the process list.
    secret.add_argument("--psk", metavar="HEX", help=argparse.SUPPRESS)
    secret.add_argument(
        "--password-file", type=Path, metavar="F", help="file holding the file's password"
    )
    tokens = commands.add_parser("tokens", parents=[common], help="the token inventory")
    token_commands = tokens.add_subparsers(dest="tokens_command", metavar="ACTION", required=True)
    lister = token_commands.add_parser(
        "list", parents=[common], help="serial, kind, status and owner of every token"
    )
    lister.add_argument("--json", action="store_true", help="machine-readable output")
    audit = commands.add_parser("audit", parents=[common], help="the audit trail (21 CFR 1311.150)")
    audit_commands = audit.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    audit_commands.add_parser(
        "verify",
        parents=[common],
        help="check the hash chain and its anchor: exit 0 intact, 1 broken (the row is "
        "named), 2 could not check (the reason is said)",
    )
    audit_commands.add_parser(
        "anchor",
        parents=[common],
        help="anchor an intact log as it is now, when its anchor is missing (recorded in the log)",
    )
    exporter = audit_commands.add_parser(
        "export", parents=[common], help="write every entry, hashes included, to a CSV file"
    )
    exporter.add_argument("--csv", type=Path, required=True, metavar="FILE", dest="csv_file")
    rx = commands.add_parser("rx", parents=[common], help="signed prescriptions (21 CFR 1311.120)")
    rx_commands = rx.add_subparsers(dest="rx_command", metavar="ACTION", required=True)
    rx_commands.add_parser(
        "verify",
        parents=[common],
        help="check every signed prescription's signature and audit entry: exit 0 all good, "
        "1 some are not (each is named), 2 could not check (the reason is said)",
    )
    pi = commands.add_parser(
        "privacyidea", parents=[common], help="the clinic's privacyIDEA server"
    )
    pi_commands = pi.add_subparsers(dest="pi_command", metavar="ACTION", required=True)
    pi_setup = pi_commands.add_parser(
        "setup",
        parents=[common],
        help="check the server, then make this workstation use it (asks for the password)",
    )
    pi_setup.add_argument("--url", required=True, help="e.g. https://otp.clinic.example")
    pi_setup.add_argument("--realm", required=True, help="the realm holding the doctors")
    pi_setup.add_argument("--service-account", required=True, help="a privacyIDEA admin")
    pi_setup.add_argument(
        "--public-key",
        type=Path,
        required=True,
        metavar="PEM",
        help="the server's response-signing key (PI_AUDIT_KEY_PUBLIC in its pi.cfg)",
    )
    pi_setup.add_argument("--ca-file", type=Path, help="CA bundle for the server's certificate")
    pi_setup.add_argument(
        "--no-verify-tls", action="store_true", help="do not check the TLS certificate (testing)"
    )
    pi_setup.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    pi_setup.add_argument("--timeout", type=float, default=20.0, help="seconds (default 20)")
    pi_setup.add_argument(
        "--notice-gateway",
        metavar="NAME",
        help="the server's SMS gateway that texts a pause or lock of phone confirmation to "
        "the doctor (default: the one its SMS tokens use)",
    )
    clinic = commands.add_parser(
        "clinic", parents=[common], help="the clinic's shared PostgreSQL database"
    )
    clinic_commands = clinic.add_subparsers(dest="clinic_command", metavar="ACTION", required=True)
    clinic_connect = clinic_commands.add_parser(
        "connect",
        parents=[common],
        help="check the clinic's PostgreSQL server, create or upgrade its tables, then make "
        "this workstation use it (asks for the password)",
    )
    clinic_connect.add_argument(
        "--url", required=True, help="postgresql://USER@HOST:PORT/DATABASE (no password in it)"
    )
    clinic_connect.add_argument(
        "--ca-file", type=Path, metavar="PEM", help="the CA certificate of the server's TLS"
    )
    clinic_connect.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    clinic_connect.add_argument("--timeout", type=float, default=10.0, help="seconds (default 10)")
    clinic_import = clinic_commands.add_parser(
        "import-local",
        parents=[common],
        help="move a single desk's records (people, patients, prescriptions, grants, the whole "
        "audit trail) into the clinic database this workstation is connected to, once: exit 2 "
        "refused (the reason is said), 1 the server stopped it; nothing is kept half",
    )
    clinic_import.add_argument(
        "source_dir", type=Path, metavar="DATA_DIR", help="the desk's data folder (kept as it is)"
    )
    clinic_import.add_argument("--timeout", type=float, default=10.0, help="seconds (default 10)")
    clinic_key = clinic_commands.add_parser(
        "audit-key",
        parents=[common],
        help="carry the clinic's audit key to a new workstation: --export FILE on a desk that "
        "has it, --import FILE on the new one (checked against the clinic database first); "
        "exit 2 refused (the reason is said), nothing is written half",
    )
    key_action = clinic_key.add_mutually_exclusive_group(required=True)
    key_action.add_argument(
        "--export",
        type=Path,
        metavar="FILE",
        help="write this workstation's audit key to a new file, readable by you alone",
    )
    key_action.add_argument(
        "--import",
        dest="import_file",
        type=Path,
        metavar="FILE",
        help="keep the key in FILE as this workstation's audit key, once checked",
    )
    clinic_key.add_argument("--timeout", type=float, default=10.0, help="seconds (default 10)")
    return parser
