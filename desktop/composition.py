"""Composition root: settings, stores and the identity-service adapter, wired once."""

from __future__ import annotations

import logging
from pathlib import Path

from desktop import demo
from desktop.config import Paths, Settings
from desktop.controllers.context import AppContext
from desktop.controllers.lanes import ResourceLane
from desktop.controllers.recovery import Recovery
from desktop.exostar import registry
from desktop.logsetup import setup_logging
from desktop.store.database import AppStore, open_app_store
from desktop.views.main_window import MainWindow

log = logging.getLogger(__name__)


class Application:
    """Everything one data dir needs; the window gets it as an AppContext."""

    def __init__(self, data_dir: Path) -> None:
        self.paths = Paths(data_dir)
        setup_logging(self.paths.log_file)
        self.settings = Settings.load(data_dir)
        store: ResourceLane[AppStore] = ResourceLane("store", self._open_store, AppStore.close)
        identity = registry.create(self.settings.adapter, data_dir, self.settings.adapter_options)
        self.context = AppContext(store=store, identity=identity, settings=self.settings)
        log.info("data dir %s, identity service %s", data_dir, identity.name)
        # Off the GUI thread, after the first paint: attempts a killed run left open.
        self.recovery = Recovery(self.context)
        self.recovery.start()

    def _open_store(self) -> AppStore:
        store = open_app_store(self.paths.app_db)
        if self.settings.workstation:
            store.workstation = self.settings.workstation
        return store

    @classmethod
    def open(cls, data_dir: Path, provision_demo: bool = True) -> Application:
        """Open a data dir; an empty one gets demo data so the product runs at once."""
        paths = Paths(data_dir)
        if provision_demo and not demo.has_data(paths):
            setup_logging(paths.log_file)
            log.info(demo.provision(paths).summary())
        return cls(data_dir)

    def create_window(self) -> MainWindow:
        window = MainWindow(self.settings.demo)
        window.attach(self.context)
        return window

    def close(self) -> None:
        self.recovery.close()
        self.context.store.shutdown()
        identity = self.context.identity
        identity.lane.submit(identity.close).result()
        identity.lane.shutdown(wait=True)
