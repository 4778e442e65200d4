"""A real privacyIDEA 3.14 server on 127.0.0.1 for the tests, sending its SMS to `SmsSink`.

Each test session gets a fresh server: an SQLite database in a temporary folder, its
encryption and signing keys, a service account (the process, in its own virtual environment,
with those keys and tables, is `tests/privacyidea_process.py`'s), and here a realm whose user
store holds the demo doctors with their mobile numbers, an SMS gateway posting to `SmsSink`,
and the demo tokens imported as PSKC.
"""

from __future__ import annotations

import contextlib
import io
import json
import sqlite3
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
import pskc

from desktop.demo import DEMO_TOKENS
from desktop.domain.models import TokenKind

if __name__ == "__main__":  # run as a script, the folder above tests/ is not on the path
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.privacyidea_process import PrivacyIdeaProcess  # noqa: E402

if TYPE_CHECKING:
    from tests.sms_sink import SmsSink

REALM = "clinic"
SERVICE_ACCOUNT = "icorerx"
SERVICE_PASSWORD = "service-account-pass-1"
PHONE_INFO = (  # what the adapter keeps on a doctor's SMS token
    "icorerx_phone_run",
    "icorerx_phone_pauses",
    "icorerx_phone_paused_until",
    "icorerx_phone_locked_at",
    "icorerx_notice",
)
DOCTORS = {
    "doctor": ("Dana", "Whitfield", "+15550100100"),
    "doctor2": ("Lee", "Marsh", "+15550100222"),
}


class PrivacyIdeaServer(PrivacyIdeaProcess):
    """The privacyIDEA process, configured for the demo clinic."""

    def __init__(self, folder: Path, sink: SmsSink) -> None:
        super().__init__(folder)
        self.sink = sink
        self.startup_s = 0.0
        self._jwt: str | None = None

    def create(self) -> None:
        """Keys, tables, the service account, then start and configure the server."""
        began = time.monotonic()
        self.bootstrap(SERVICE_ACCOUNT, SERVICE_PASSWORD)
        self._write_user_store()
        self.start()
        self._configure()
        self.startup_s = time.monotonic() - began

    # -- configuration as the clinic's IT person would do it ---------------------------

    @contextlib.contextmanager
    def admin(self) -> Iterator[httpx.Client]:
        """An httpx client signed in as the service account (an admin)."""
        with httpx.Client(base_url=self.url, timeout=30) as client:
            if self._jwt is None:  # signing in costs the server a password hash: once
                answer = client.post(
                    "/auth", data={"username": SERVICE_ACCOUNT, "password": SERVICE_PASSWORD}
                ).json()
                self._jwt = answer["result"]["value"]["token"]
            client.headers["Authorization"] = self._jwt
            yield client

    def _write_user_store(self) -> None:
        with sqlite3.connect(self.folder / "users.sqlite") as db:
            db.execute(
                "CREATE TABLE IF NOT EXISTS users (id INTEGER PRIMARY KEY, username TEXT, "
                "givenname TEXT, surname TEXT, mobile TEXT, email TEXT)"
            )
            for user_id, (username, (given, surname, mobile)) in enumerate(DOCTORS.items(), 1):
                db.execute(
                    "INSERT OR REPLACE INTO users VALUES (?, ?, ?, ?, ?, '')",
                    (user_id, username, given, surname, mobile),
                )

    def _configure(self) -> None:
        user_map = {
            "userid": "id",
            "username": "username",
            "givenname": "givenname",
            "surname": "surname",
            "mobile": "mobile",
            "email": "email",
        }
        with self.admin() as admin:
            _ok(
                admin.post(
                    "/resolver/doctors",
                    json={
                        "type": "sqlresolver",
                        "Driver": "sqlite",
                        "Database": str(self.folder / "users.sqlite"),
                        "Table": "users",
                        "Map": json.dumps(user_map),
                        "Encoding": "utf8",
                    },
                )
            )
            _ok(admin.post(f"/realm/{REALM}", json={"resolvers": "doctors"}))
            _ok(
                admin.post(
                    "/smsgateway",
                    json={
                        "name": "clinic-sms",
                        "module": "privacyidea.lib.smsprovider.HttpSMSProvider.HttpSMSProvider",
                        "option.URL": self.sink.url,
                        "option.HTTP_METHOD": "POST",
                        "option.SEND_DATA_AS_JSON": "yes",
                        "option.CHECK_SSL": "no",
                        "option.RETURN_SUCCESS": "OK",
                        "option.phone": "{phone}",
                        "option.text": "Your iCoreRx code is {otp}",
                    },
                )
            )
            _ok(admin.post("/system/setConfig", json={"sms.identifier": "clinic-sms"}))
            for username, (_given, _surname, mobile) in DOCTORS.items():
                _ok(
                    admin.post(
                        "/token/init",
                        json={
                            "type": "sms",
                            "serial": f"SMS-{username}",
                            "phone": mobile,
                            "user": username,
                            "realm": REALM,
                            "pin": "",
                        },
                    )
                )
        self.reset_tokens()

    def reset_tokens(self) -> None:
        """The demo tokens as the clinic imported them: unassigned, counters at zero."""
        with self.admin() as admin:
            for seed in DEMO_TOKENS:
                admin.delete(f"/token/{seed.serial}")
            _ok(
                admin.post(
                    "/token/load/demo-tokens.xml",
                    files={"file": ("demo-tokens.xml", demo_pskc())},
                    data={"type": "pskc", "pskcValidateMAC": "no_check"},
                )
            )
            for username in DOCTORS:  # read first: most tests leave the phones as they were
                serial = f"SMS-{username}"
                (phone,) = admin.get("/token/", params={"serial": serial}).json()["result"][
                    "value"
                ]["tokens"]
                if phone["failcount"]:
                    _ok(admin.post("/token/reset", json={"serial": serial}))
                if not phone["active"]:
                    _ok(admin.post("/token/enable", json={"serial": serial}))
                for key in PHONE_INFO:
                    if key in (phone.get("info") or {}):
                        _ok(admin.delete(f"/token/info/{serial}/{key}"))
            # The notice handlers `icorerx privacyidea setup` installs: a test that wants them
            # installs them (they would text every later test's pauses).
            for handler in admin.get("/event/").json()["result"]["value"] or []:
                if str(handler.get("name", "")).startswith("icorerx "):
                    admin.delete(f"/event/{handler['id']}")

    def assign(self, serial: str, user: str) -> None:
        with self.admin() as admin:
            _ok(admin.post("/token/assign", json={"serial": serial, "user": user, "realm": REALM}))

    def token(self, serial: str) -> dict[str, Any]:
        with self.admin() as admin:
            answer = admin.get("/token/", params={"serial": serial}).json()
        tokens: list[dict[str, Any]] = answer["result"]["value"]["tokens"]
        return tokens[0]

    def settings_for(self, data_dir: Path, **options: Any) -> dict[str, Any]:
        """adapter_options for a workstation's settings.json, with the password beside it."""
        data_dir.mkdir(parents=True, exist_ok=True)
        password = data_dir / "privacyidea-password"
        password.write_text(SERVICE_PASSWORD, encoding="utf-8")
        password.chmod(0o600)
        return {
            "url": self.url,
            "realm": REALM,
            "service_account": SERVICE_ACCOUNT,
            "public_key_file": str(self.public_key_file),
            "timeout_s": 10,
            **options,
        }


def _ok(response: httpx.Response) -> Any:
    body = response.json()
    if not body.get("result", {}).get("status"):
        raise RuntimeError(f"privacyIDEA refused the set-up: {body}")
    return body["result"].get("value")


def demo_pskc() -> bytes:
    """The demo tokens as a token vendor ships them: a PSKC file (plain keys)."""
    document = pskc.PSKC()
    for seed in DEMO_TOKENS:
        kind = "totp" if seed.kind is TokenKind.TOTP else "hotp"
        key = document.add_key(
            id=seed.serial,
            serial=seed.serial,
            secret=seed.key,
            algorithm=f"urn:ietf:params:xml:ns:keyprov:pskc:{kind}",
            response_length=seed.digits,
            manufacturer=seed.manufacturer or "Demo",
        )
        if seed.kind is TokenKind.TOTP:
            key.time_interval = seed.step
            key.time_offset = 0
        else:
            key.counter = seed.counter
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


if __name__ == "__main__":  # a server to poke at by hand: python tests/privacyidea_server.py DIR
    from tests.sms_sink import SmsSink

    target = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/icorerx-privacyidea")
    server = PrivacyIdeaServer(target, SmsSink())
    server.create()
    print(f"privacyIDEA on {server.url} (started in {server.startup_s:.1f} s); Ctrl+C stops it")
    try:
        while True:
            time.sleep(1)
    finally:
        server.stop()
