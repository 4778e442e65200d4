"""Composition root: settings, stores and the identity-service adapter, wired once."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from desktop import startup
from desktop.audit_checkpoints import Checkpoints
from desktop.clinic.moved import moved_note
from desktop.clinic.settings import ClinicSettings
from desktop.config import Paths, Settings
from desktop.controllers.context import AppContext
from desktop.controllers.lanes import ResourceLane
from desktop.controllers.recovery import Recovery
from desktop.domain.practice import Practice
from desktop.exostar import registry
from desktop.filemodes import private_umask, tighten_data_dir
from desktop.logsetup import setup_logging
from desktop.store.database import AppStore, open_app_store

if TYPE_CHECKING:
    from desktop.store.change_feed import ChangeFeed
    from desktop.views.main_window import MainWindow

log = logging.getLogger(__name__)


class Application:
    """Everything one data dir needs; the window gets it as an AppContext."""

    def __init__(self, data_dir: Path) -> None:
        private_umask()
        self.paths = Paths(data_dir)
        setup_logging(self.paths.log_file)
        tighten_data_dir(data_dir)
        self.settings = Settings.load(data_dir)
        self.checkpoints: Checkpoints | None = None
        store: ResourceLane[AppStore] = ResourceLane("store", self._open_store, AppStore.close)
        identity = registry.create(self.settings.adapter, data_dir, self.settings.adapter_options)
        if self.settings.adapter != "local":  # the embedded service keeps no checkpoint
            self.checkpoints = Checkpoints(identity)
        self.context = AppContext(store=store, identity=identity, settings=self.settings)
        self.feed: ChangeFeed | None = None
        self._watch_clinic(data_dir)
        moved = moved_note(data_dir)
        self.moved_notice = "" if moved is None else moved.notice
        """This folder's records went into a clinic database: the sign-in form says so."""
        log.info("data dir %s, identity service %s", data_dir, identity.name)
        # Off the GUI thread, after the first paint: attempts a killed run left open.
        self.recovery = Recovery(self.context)
        self.recovery.start()

    def _watch_clinic(self, data_dir: Path) -> None:
        """A clinic's workstation hears what the other desks write (its own thread and
        connection; psycopg loads only here): the pending lists reload by themselves."""
        clinic = ClinicSettings.from_settings(self.settings)
        if clinic is None:
            return
        from desktop.clinic.desk import desk_change_feed

        self.feed = desk_change_feed(data_dir, clinic)
        self.feed.subscribe(self.context.changes.deliver)
        self.feed.start()

    def _open_store(self) -> AppStore:
        clinic = ClinicSettings.from_settings(self.settings)
        if clinic is None:
            store = open_app_store(self.paths.app_db)
        else:  # a workstation of a clinic: the shared database (psycopg loads only here)
            from desktop.clinic.desk import open_desk_store

            store = open_desk_store(self.paths.data_dir, self.settings, clinic)
        if self.settings.workstation:
            store.workstation = self.settings.workstation
        if self.checkpoints is not None:
            store.on_anchor = self.checkpoints.note
        return store

    @classmethod
    def open(cls, data_dir: Path, provision_demo: bool = False) -> Application:
        """Open a data dir; with `provision_demo` (`icorerx --demo`) it gets demo data first.

        Without it an empty data dir stays empty, and the window opens first-run setup.
        Demo data is refused (`DemoRefused`, a `StartupError`) on a data dir that was set
        up for a clinic.

        Raises `StartupError` (a `UserFacingError`) naming the file and the fix when the
        data dir cannot be used as it is: a bad settings file, a lost database beside the
        data that went with it, a missing key, a damaged file, a read-only folder, a full disk.
        """
        private_umask()  # every file the application creates is owner-only (0600)
        paths = Paths(data_dir)
        settings = Settings.load(data_dir)
        setup_logging(paths.log_file)
        tighten_data_dir(data_dir)  # and those an older version left readable by others
        startup.check_nothing_lost(paths, settings)
        if provision_demo:
            from desktop import demo

            if not (settings.demo and demo.has_data(paths)):
                log.info(demo.provision(paths).summary())
        application = cls(data_dir)
        try:
            application.check_storage()
            application.read_practice()
        except BaseException:
            application.close()
            raise
        return application

    def check_storage(self) -> None:
        """Open both databases now, so a damaged file or a lost key stops start-up with words
        instead of surfacing at the first sign-in or token sync. Retry keys past any retry
        are dropped on the way (`write_keys.forget_old`)."""
        from desktop.store import write_keys

        def read_and_tidy(store: AppStore) -> None:
            store.count_audit_entries()
            write_keys.forget_old(store.sql)

        self.context.store.run_blocking(read_and_tidy)
        identity = self.context.identity
        check = getattr(identity, "check_storage", None)  # the embedded service has files
        if callable(check):
            identity.lane.submit(check).result()

    def read_practice(self) -> None:
        """Which practice this is, or that nobody is here yet (first-run setup)."""
        from desktop.store.people import practice

        def read(store: AppStore) -> tuple[Practice | None, int]:
            return practice(store), store.count_users()

        found, users = self.context.store.run_blocking(read)
        self.context.practice = found
        self.context.setup_needed = users == 0
        if found is not None and not found.demo and self.settings.demo:
            # settings.json cannot turn a clinic's data into a demo: no demo hints, no banner.
            log.warning("settings.json says demo, but this data dir is set up for a clinic")
            self.settings.demo = False

    def create_window(self) -> MainWindow:
        from desktop.views.main_window import MainWindow

        window = MainWindow(self.settings.demo)
        self.attach(window)
        return window

    def attach(self, window: MainWindow) -> None:
        """From here on the window signs users in, and says what it must about this folder."""
        window.attach(self.context)
        window.login_view.show_note(self.moved_notice)

    def close(self) -> None:
        if self.feed is not None:
            self.feed.close()
        self.recovery.close()
        self.context.store.shutdown()
        if self.checkpoints is not None:  # the log's last head, before the service closes
            self.checkpoints.flush()
        identity = self.context.identity
        identity.lane.submit(identity.close).result()
        identity.lane.shutdown(wait=True)
