"""The seeds the service holds: imported from a vendor's file, sealed with the seed key."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlite_utils

from desktop.domain.seeds import SeedRecord
from desktop.domain.serials import normalize_serial
from desktop.exostar.local.clock import Clock, to_iso
from desktop.exostar.local.seedvault import SeedVault


@dataclass
class ImportReport:
    imported: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)


class SeedInventory:
    def __init__(self, db: sqlite_utils.Database, vault: SeedVault, clock: Clock) -> None:
        self.db = db
        self.vault = vault
        self.clock = clock

    def import_seeds(self, records: Sequence[SeedRecord], source: str) -> ImportReport:
        """Add new seeds; serials already known are reported and left as they are."""
        report = ImportReport()
        seeds = self.db.table("seeds")
        now = to_iso(self.clock())
        for record in records:
            serial = normalize_serial(record.serial)
            if seeds.count_where("serial = ?", [serial]):
                report.duplicates.append(serial)
                continue
            seeds.insert(
                {
                    "serial": serial,
                    "kind": record.kind.value,
                    "algorithm": record.algorithm,
                    "digits": record.digits,
                    "step": record.step,
                    "counter": record.counter,
                    "drift": record.drift,
                    "sealed_key": self.vault.seal(serial, record.key),
                    "manufacturer": record.manufacturer,
                    "model": record.model,
                    "source": source,
                    "imported_at": now,
                }
            )
            report.imported.append(serial)
        return report

    def seed(self, serial: str) -> tuple[dict[str, Any], bytes] | None:
        rows = list(self.db.table("seeds").rows_where("serial = ?", [serial]))
        if not rows:
            return None
        return rows[0], self.vault.open(serial, rows[0]["sealed_key"])

    def overview(self) -> list[dict[str, Any]]:
        """Every serial the service knows, with its owner and status, for `tokens list`."""
        bound = {row["serial"]: row for row in self.db.table("tokens").rows}
        out = []
        for seed in self.db.table("seeds").rows_where(order_by="serial"):
            token = bound.get(seed["serial"])
            out.append(
                {
                    "serial": seed["serial"],
                    "kind": seed["kind"],
                    "algorithm": seed["algorithm"],
                    "digits": seed["digits"],
                    "status": token["status"] if token else "Unassigned",
                    "owner": token["account"] if token else None,
                    "bound_at": token["bound_at"] if token else None,
                    "last_used_at": token["last_used_at"] if token else None,
                }
            )
        return out
