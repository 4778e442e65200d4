"""The privacyIDEA adapter: the clinic's own identity server, shared by every workstation.

Chosen in settings.json:

    {"adapter": "privacyidea",
     "adapter_options": {"url": "https://otp.clinic.example", "realm": "clinic",
                         "service_account": "icorerx", "public_key_file": "pi-public.pem"}}

`icorerx privacyidea setup` writes these and keeps the service account's password in
the OS keyring, or in an owner-only file beside settings.json when there is none.

How our calls map onto privacyIDEA 3.14's REST API:

- phones: the account's SMS tokens. A code is sent by triggering the SMS token's
  challenge (`/validate/check` with its serial and an empty PIN); privacyIDEA's own SMS
  gateway delivers it; the answer, with the transaction id, is checked the same way.
  Phone calls are not something privacyIDEA does, so they are reported as unavailable.
- a step-up grant is kept by this adapter for 15 minutes after a correct code.
- add token: the token's seed was imported by the clinic (PSKC, `/token/load`); adding
  it assigns the serial to the doctor and resyncs it with the two codes. If the resync
  fails the assignment is undone. The request's idempotency key is written into the
  token's info before the resync, so asking twice, even from another workstation,
  returns the first answer.
- signing: `/validate/check` with the active token's serial and the code.
- token list and status: `/token/`; suspend, resume, deactivate: disable, enable, revoke.

The package: `settings` (settings.json's options), `password` (the service account's
password), `client` (httpx, response signatures), `mapping` (token info and privacyIDEA's
refusals in our terms), and the service in parts: `core` (state and calls), `phones`,
`binding` (add token), `checkpoints` and `adapter` (status, signing, the whole).
"""

from desktop.exostar.privacyidea.adapter import PrivacyIdeaIdentityService, create_adapter
from desktop.exostar.privacyidea.client import (
    PrivacyIdeaClient,
    PrivacyIdeaRefused,
    ResponseVerifier,
    ServerError,
)
from desktop.exostar.privacyidea.mapping import checkpoint_serial
from desktop.exostar.privacyidea.password import (
    KEYRING_SERVICE,
    PASSWORD_FILE,
    keyring_user,
    read_password,
    store_password,
)
from desktop.exostar.privacyidea.settings import PrivacyIdeaSettings

__all__ = [
    "KEYRING_SERVICE",
    "PASSWORD_FILE",
    "PrivacyIdeaClient",
    "PrivacyIdeaIdentityService",
    "PrivacyIdeaRefused",
    "PrivacyIdeaSettings",
    "ResponseVerifier",
    "ServerError",
    "checkpoint_serial",
    "create_adapter",
    "keyring_user",
    "read_password",
    "store_password",
]
