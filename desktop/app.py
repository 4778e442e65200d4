"""Composition root: settings, stores, the adapter, the qasync loop and the window."""

from __future__ import annotations

import asyncio
import logging
import sys
from pathlib import Path

import qasync
from PySide6.QtCore import QFile, QIODevice
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from desktop import demo
from desktop.config import Paths, Settings
from desktop.controllers.context import AppContext
from desktop.controllers.lanes import ResourceLane
from desktop.exostar import registry
from desktop.forms import resources_rc  # noqa: F401 - registers :/style.qss and icons
from desktop.logsetup import setup_logging
from desktop.store.database import AppStore, open_app_store
from desktop.views.main_window import MainWindow

log = logging.getLogger(__name__)


class Application:
    """Everything one data dir needs, wired once; the window gets it as an AppContext."""

    def __init__(self, data_dir: Path) -> None:
        self.paths = Paths(data_dir)
        setup_logging(self.paths.log_file)
        self.settings = Settings.load(data_dir)
        store: ResourceLane[AppStore] = ResourceLane(
            "store", lambda: open_app_store(self.paths.app_db), AppStore.close
        )
        identity = registry.create(self.settings.adapter, data_dir, self.settings.adapter_options)
        self.context = AppContext(store=store, identity=identity, settings=self.settings)
        log.info("data dir %s, identity service %s", data_dir, identity.name)

    @classmethod
    def open(cls, data_dir: Path, provision_demo: bool = True) -> Application:
        """Open a data dir; an empty one gets demo data so the product runs at once."""
        paths = Paths(data_dir)
        if provision_demo and not demo.has_data(paths):
            setup_logging(paths.log_file)
            log.info(demo.provision(paths).summary())
        return cls(data_dir)

    def create_window(self) -> MainWindow:
        return MainWindow(self.context)

    def close(self) -> None:
        self.context.store.shutdown()
        identity = self.context.identity
        identity.lane.submit(identity.close).result()
        identity.lane.shutdown(wait=True)


def ensure_qapplication(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("iCoreRx")
    app.setOrganizationName("iCoreConnect")
    app.setWindowIcon(QIcon(":/icons/app.svg"))
    app.setStyleSheet(load_style_sheet())
    return app


def load_style_sheet() -> str:
    file = QFile(":/style.qss")
    if not file.open(QIODevice.OpenModeFlag.ReadOnly):
        return ""
    try:
        return bytes(file.readAll().data()).decode("utf-8")
    finally:
        file.close()


def run(data_dir: Path) -> int:
    """The desktop application, until its window closes."""
    application = Application.open(data_dir)
    qt_app = ensure_qapplication()
    loop = qasync.QEventLoop(qt_app)
    asyncio.set_event_loop(loop)
    closed = asyncio.Event()
    qt_app.aboutToQuit.connect(closed.set)
    window = application.create_window()
    window.show()
    try:
        with loop:
            loop.run_until_complete(closed.wait())
    finally:
        application.close()
    return 0
