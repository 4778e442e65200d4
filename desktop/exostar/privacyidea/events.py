"""Pause and lock notices on the doctor's phone, texted by privacyIDEA itself.

privacyIDEA 3.x has no REST call that texts a user a message of ours: its `/smsgateway`
endpoints only configure gateways, and an SMS goes out only as an SMS token's challenge
or from an event handler bound to one of the server's own events. So the notice rides on
an event the adapter causes anyway:

- When phone confirmation pauses (every 5 wrong codes in a row) or locks (100), the
  adapter cancels the codes already sent (see `raise_notice`), writes
  `icorerx_notice = paused` (or `locked`) into the info of the doctor's SMS token
  (`POST /token/info/<serial>/icorerx_notice`, the server's `token_info` event), then
  deletes it again (the same event, with the key gone).
- `icorerx privacyidea setup` installs two event handlers on the server
  (`install_notice_handlers`): UserNotification, action `sendsms`, on `token_info`,
  position `post`, with the condition `tokeninfo: icorerx_notice == paused` (or
  `locked`). The condition holds only right after our write, so each pause or lock is
  texted once, to the token's owner's mobile number (the user store's `mobile`), through
  the clinic's SMS gateway, with a body that names what happened.

A notice that cannot be raised is logged and never undoes or hides the pause itself;
a server without the handlers texts nothing (the audit log records every pause either way).
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import Any

from desktop.exostar.local.phone_codes import PhoneCodePolicy
from desktop.exostar.privacyidea.client import PrivacyIdeaClient

log = logging.getLogger(__name__)

INFO_NOTICE = "icorerx_notice"
"""The token info key whose write the server's notice handlers wait for."""
NOTICE_PAUSED = "paused"
NOTICE_LOCKED = "locked"
EVENT = "token_info"
"""privacyIDEA's event for `POST/DELETE /token/info/<serial>/<key>` (api/token.py)."""
HANDLER_MODULE = "UserNotification"
ACTION = "sendsms"
GATEWAY_CONFIG = "sms.identifier"
"""The server's own setting naming the SMS gateway its SMS tokens use."""

_POLICY = PhoneCodePolicy()


@dataclass(frozen=True)
class NoticeHandler:
    name: str
    notice: str
    body: str

    def condition(self) -> str:
        return f"{INFO_NOTICE} == {self.notice}"


HANDLERS = (
    NoticeHandler(
        "icorerx phone confirmation paused",
        NOTICE_PAUSED,
        f"iCoreRx: {_POLICY.pause_after} wrong phone codes in a row were typed on your "
        "account ({username}), so phone confirmation is paused for a while. Not you? Tell "
        "your clinic's IT person.",
    ),
    NoticeHandler(
        "icorerx phone confirmation locked",
        NOTICE_LOCKED,
        f"iCoreRx: {_POLICY.lock_after} wrong phone codes in a row were typed on your "
        "account ({username}), so phone confirmation is locked until a practice "
        "administrator unlocks it. Not you? Tell your clinic's IT person.",
    ),
)


def raise_notice(client: PrivacyIdeaClient, sms_serial: str, notice: str) -> None:
    """Fire the server's notice handler for `notice` on the doctor's SMS token.

    The codes already sent to the phone are cancelled first. They die with the pause or
    lock anyway, and privacyIDEA runs no handler at all on a token with more than one
    open challenge (`BaseEventHandler.check_condition` in lib/eventhandler/base.py returns
    False for any binding then), which a doctor who asked for a second code would have.

    The mark is written, then deleted at once: the handlers' condition holds only for the
    write, so a later info change on the token (the next wrong code's count) texts nothing.
    Logged, never raised.
    """
    _cancel_challenges(client, sms_serial)
    try:
        client.post(f"/token/info/{sms_serial}/{INFO_NOTICE}", value=notice)
    except Exception as exc:  # noqa: BLE001 - the pause stands; the audit log has it
        log.warning("the %s notice for %s was not raised: %s", notice, sms_serial, exc)
        return
    try:
        client.delete(f"/token/info/{sms_serial}/{INFO_NOTICE}")
    except Exception as exc:  # noqa: BLE001 - the next notice's write replaces it
        log.warning("the %s notice mark on %s was not cleared: %s", notice, sms_serial, exc)
    log.info("phone confirmation %s: notice raised on %s", notice, sms_serial)


def _cancel_challenges(client: PrivacyIdeaClient, sms_serial: str) -> None:
    try:
        value = client.get(f"/token/challenges/{sms_serial}", pagesize=1000)
        found = (value or {}).get("challenges", []) if isinstance(value, dict) else []
        for challenge in found:
            if isinstance(challenge, dict) and (transaction_id := challenge.get("transaction_id")):
                client.delete(f"/token/challenges/transaction/{transaction_id}")
    except Exception as exc:  # noqa: BLE001 - the notice may then not be texted: said here
        log.warning("open codes of %s not cancelled before a notice: %s", sms_serial, exc)


def default_gateway(client: PrivacyIdeaClient) -> str:
    """The SMS gateway the server's SMS tokens use ("" when it names none)."""
    value = client.get(f"/system/{GATEWAY_CONFIG}")
    if isinstance(value, dict):
        value = value.get(GATEWAY_CONFIG)
    return str(value or "")


def gateway_names(client: PrivacyIdeaClient) -> list[str]:
    """The SMS gateways configured on the server (privacyIDEA takes any name in a handler)."""
    value = client.get("/smsgateway/")
    found = value if isinstance(value, list) else []
    return [str(gateway.get("name")) for gateway in found if isinstance(gateway, dict)]


def install_notice_handlers(client: PrivacyIdeaClient, gateway: str) -> list[str]:
    """Create the pause and lock handlers, or bring ours up to date; their names.

    Run from each workstation's set-up: a handler of the same name is updated in place,
    never added twice. Raises `PrivacyIdeaRefused` when the server refuses (the service
    account may not write event handlers, or `gateway` is unknown).
    """
    existing = {
        str(handler.get("name")): handler.get("id")
        for handler in _handlers(client)
        if isinstance(handler, dict)
    }
    installed = []
    for handler in HANDLERS:
        data: dict[str, Any] = {
            "name": handler.name,
            "event": EVENT,
            "handlermodule": HANDLER_MODULE,
            "action": ACTION,
            "position": "post",
            "ordering": 0,
            "active": True,
            "conditions": json.dumps({"tokeninfo": handler.condition()}),
            "option.smsconfig": gateway,
            "option.To": "tokenowner",
            "option.body": handler.body,
        }
        if existing.get(handler.name) is not None:
            data["id"] = existing[handler.name]
        client.post("/event", **data)
        installed.append(handler.name)
    return installed


def _handlers(client: PrivacyIdeaClient) -> list[Any]:
    value = client.get("/event/")
    return list(value) if isinstance(value, list) else []
