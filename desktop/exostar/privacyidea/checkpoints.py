"""The audit log's head, kept in privacyIDEA out of reach of this workstation's data."""

from __future__ import annotations

import logging
import secrets

from desktop.exostar.privacyidea.client import PrivacyIdeaRefused
from desktop.exostar.privacyidea.core import PrivacyIdeaCore
from desktop.exostar.privacyidea.mapping import (
    CHECKPOINT_TYPE,
    INFO_CHECKPOINT,
    INFO_CHECKPOINT_COUNT,
    checkpoint_serial,
)

log = logging.getLogger(__name__)


class AuditCheckpoints(PrivacyIdeaCore):
    """IdentityService.checkpoint and read_checkpoint."""

    def checkpoint(self, log_id: str, count: int, head: str) -> None:
        """Keep the audit head in the info of a checkpoint token, `ICRXAUDIT<log id>`.

        privacyIDEA keeps token info in its own database and writes every change to its own
        audit log (who, when, from where), out of reach of this workstation's data folder.
        The token is a simple-pass token with a random PIN nobody knows, disabled at once
        and assigned to nobody, so it never signs anyone in. The head only moves forward.
        """
        serial = checkpoint_serial(log_id)
        token = self._token(serial)
        if token is None:
            try:
                self._client.post(
                    "/token/init",
                    type=CHECKPOINT_TYPE,
                    serial=serial,
                    pin=secrets.token_urlsafe(32),
                    description="iCoreRx audit checkpoint (never signs anyone in)",
                )
                self._client.post("/token/disable", serial=serial)
            except PrivacyIdeaRefused as exc:
                raise self._refusal(exc) from exc
            kept = -1
        else:
            try:
                kept = int((token.get("info") or {}).get(INFO_CHECKPOINT_COUNT, -1))
            except (TypeError, ValueError):
                kept = -1
        if count <= kept:
            return
        try:
            self._set_info(serial, INFO_CHECKPOINT, head)
            self._set_info(serial, INFO_CHECKPOINT_COUNT, str(count))
        except PrivacyIdeaRefused as exc:
            raise self._refusal(exc) from exc
        log.info("audit checkpoint at %s entries kept in privacyIDEA (%s)", count, serial)

    def read_checkpoint(self, log_id: str) -> str | None:
        token = self._token(checkpoint_serial(log_id))
        if token is None:
            return None
        head = (token.get("info") or {}).get(INFO_CHECKPOINT)
        return str(head) if head else None
