"""`icorerx privacyidea setup`: point this workstation at the clinic's privacyIDEA server.

Checks the server with the given account and key before anything is saved, so a typo
never leaves a workstation that cannot start. The server's public key is copied into
the data dir and pinned there: answers signed by any other key are refused from then on.

It also installs the server's event handlers that text the doctor when phone confirmation
pauses or locks (see `exostar.privacyidea.events`), through the SMS gateway the server's
SMS tokens use, or `--notice-gateway`. A server that refuses them is named in a warning;
the workstation is set up either way.
"""

from __future__ import annotations

import getpass
import shutil
import sys
from pathlib import Path
from typing import Any

from desktop.config import Settings
from desktop.exostar.base import AdapterError
from desktop.exostar.privacyidea.client import PrivacyIdeaClient, PrivacyIdeaRefused

PINNED_KEY = "privacyidea-public.pem"


def setup(
    data_dir: Path,
    url: str,
    realm: str,
    service_account: str,
    public_key: Path,
    *,
    ca_file: Path | None,
    verify_tls: bool,
    password_stdin: bool,
    timeout_s: float,
    notice_gateway: str | None = None,
) -> int:
    from desktop.exostar.options import PLAIN_HTTP_REFUSED, plain_http_elsewhere
    from desktop.exostar.privacyidea import (
        PrivacyIdeaIdentityService,
        PrivacyIdeaSettings,
        store_password,
    )

    if plain_http_elsewhere(url):
        print(
            f"icorerx: nothing was saved. The address {url} {PLAIN_HTTP_REFUSED}", file=sys.stderr
        )
        return 2
    if not public_key.is_file():
        print(
            f"icorerx: {public_key} is not a file. Copy the server's public key "
            "(PI_AUDIT_KEY_PUBLIC in its pi.cfg) to this computer and name it here.",
            file=sys.stderr,
        )
        return 2
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass(f"Password of the service account {service_account}: ")
    options: dict[str, Any] = {
        "url": url,
        "realm": realm,
        "service_account": service_account,
        "public_key_file": str(public_key.resolve()),
        "verify_tls": verify_tls,
        "timeout_s": timeout_s,
    }
    if ca_file is not None:
        options["ca_file"] = str(ca_file.resolve())
    try:
        settings = PrivacyIdeaSettings.from_options(data_dir, options)
        identity = PrivacyIdeaIdentityService(settings, password)
        try:
            status = identity.check_health()
            notices = install_notices(identity.client, notice_gateway)
        finally:
            identity.close()
            identity.lane.shutdown()
    except AdapterError as exc:
        print(f"icorerx: nothing was saved. {exc}", file=sys.stderr)
        return 1
    data_dir.mkdir(parents=True, exist_ok=True)
    pinned = data_dir / PINNED_KEY
    shutil.copyfile(public_key, pinned)
    options["public_key_file"] = PINNED_KEY
    where = store_password(data_dir, settings, password)
    saved = Settings.load(data_dir)
    saved.adapter = "privacyidea"
    saved.adapter_options = options
    saved.save(data_dir)
    print(f"ok   {status}")
    print(f"ok   the server's key is pinned in {pinned}")
    print(f"ok   the service account's password is kept in {where}")
    print(notices)
    print(f"ok   {data_dir / 'settings.json'} now uses privacyIDEA; restart iCoreRx to use it")
    if not verify_tls:
        print(
            "WARNING: TLS verification is off: the server's certificate is not checked, and "
            "every window shows a warning until it is turned on. Prefer --ca-file with the "
            "clinic's CA certificate."
        )
    return 0


def install_notices(client: PrivacyIdeaClient, gateway: str | None) -> str:
    """Install the pause and lock notice handlers; one line saying what became of them."""
    from desktop.exostar.privacyidea.events import (
        default_gateway,
        gateway_names,
        install_notice_handlers,
    )

    try:
        chosen = gateway or default_gateway(client)
        if not chosen:
            return (
                "WARNING: the server names no SMS gateway (sms.identifier), so a pause or lock "
                "of phone confirmation is not texted to the doctor. Name one with "
                "--notice-gateway and run this again."
            )
        known = gateway_names(client)
        if chosen not in known:
            return (
                f'WARNING: the server has no SMS gateway named "{chosen}" (it has: '
                f"{', '.join(known) or 'none'}), so a pause or lock of phone confirmation is "
                "not texted to the doctor. Name one with --notice-gateway and run this again."
            )
        names = install_notice_handlers(client, chosen)
    except (PrivacyIdeaRefused, AdapterError) as exc:
        return (
            "WARNING: the server did not take the event handlers that text a pause or lock "
            f"of phone confirmation to the doctor ({exc}). The service account needs the "
            "admin rights configread, eventhandling_read and eventhandling_write; run this "
            "again then."
        )
    handlers = ", ".join(names)
    return f"ok   a pause or lock of phone confirmation is texted via {chosen} ({handlers})"
