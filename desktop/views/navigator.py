"""The one way to open the signed-in screens: Patients, Compose Rx and the Admin pages.

The window, the signing dialog, the pytest plugin, the walkthrough (self-test, benches)
all open screens through a `Navigator`. Its `open_*` coroutines resolve once the screen is
shown and its first read has been drawn (the controller's own "loaded" or "failed"
signal), so nobody polls.

Screens are built before they are needed, a piece per turn of the event loop (their code a
module a turn, each form made off the window, then placed): the patient list while the
password is checked, Compose Rx, Admin and Device Management right after sign-in.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from desktop.views import screens
from desktop.views.embed import InTurns, embed

if TYPE_CHECKING:
    from desktop.domain.models import Patient
    from desktop.views.access_control import AccessControlView
    from desktop.views.admin import AdminView
    from desktop.views.audit import AuditView
    from desktop.views.compose_rx import ComposeRxView
    from desktop.views.device_management import DeviceManagementView
    from desktop.views.main_window import MainWindow
    from desktop.views.patients import PatientsView
    from desktop.views.people import PeopleView
    from desktop.views.signing_dialog import SigningDialog


class Navigator(QObject):
    """Builds the signed-in screens into the window's pages and opens them.

    Signals:
    deviceBusyChanged(bool): a token change is in flight on EPCS Device Management.
    syncAnswered(bool, str): a sync was answered: True when synced; else why not.
    lockChanged(bool): relayed from the window: the screen locked (True) or unlocked.
    screensDropped(): signed out: the screens are going, an `open_*` under way ends.
    stepped(): one building step ran (an awaited `open_*` waits for the one it needs).
    """

    deviceBusyChanged = Signal(bool)
    stepped = Signal()
    screensDropped = Signal()
    syncAnswered = Signal(bool, str)
    lockChanged = Signal(bool)

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self.patients: PatientsView | None = None
        self.compose: ComposeRxView | None = None
        self.signing_dialog: SigningDialog | None = None
        self.made = screens.MadeAhead()
        """Screens made off the window, placed by the next building step."""
        self._steps = InTurns((), self)
        """Building steps still to run, one a pass of the event loop after what is due:
        input, timers, painting."""
        self._steps.stepped.connect(self.stepped)

    # screens, as they are now -------------------------------------------------------------
    @property
    def admin(self) -> AdminView | None:
        return self.compose.admin if self.compose is not None else None

    @property
    def device(self) -> DeviceManagementView | None:
        admin = self.admin
        return admin.device if admin is not None else None

    @property
    def device_busy(self) -> bool:
        device = self.device
        return device is not None and device.busy

    # building ahead -----------------------------------------------------------------------
    def prepare_patients(self) -> None:
        """While the password is checked: the patient list, ready to show."""
        from desktop.views import qt_types

        loads = [screens.importer(module, names) for module, names in screens.BEFORE_SIGN_IN]
        builds = [self.build_patients, self._paint_patients_ahead, *qt_types.makers()]
        after = [qt_types.discover, qt_types.first_widgets, qt_types.set_aside_start_up]
        self._build_in_turns([*loads, *builds, *after])

    def prepare_next(self) -> None:
        """Right after sign-in: the screens a doctor opens next, a module or a form a turn."""
        loads = [screens.importer(module, names) for module, names in screens.AFTER_SIGN_IN]
        builds = [self.build_compose_rx, self.build_admin, self._build_device_management]
        made_then_placed = [step for build in builds for step in (self._make_ahead, build)]
        self._build_in_turns([*loads, *made_then_placed], signed_in=True)

    @property
    def building(self) -> bool:
        """Screens are still being built ahead (steps queued on the event loop)."""
        return not self._steps.done

    def _build_in_turns(self, steps: list[Callable[[], object]], signed_in: bool = False) -> None:
        """`signed_in`: the steps are skipped once nobody is (signed out before they ran)."""
        self._steps.add(self._step(step, signed_in) for step in steps)

    def _step(self, step: Callable[[], object], signed_in: bool) -> Callable[[], None]:
        def run() -> None:
            if not signed_in or self._window.context.user is not None:
                with self._window.idle_watcher.paused():
                    step()

        return run

    async def _built(self, ready: Callable[[], bool]) -> None:
        """Until `ready()`, or no building step is left: an awaited `open_*` lets the
        queued steps build its screen a piece a turn rather than all on one turn."""
        from desktop.views.awaiting import next_emission

        while self.building and not ready():
            await next_emission(self.stepped, gone=self.screensDropped)

    def build_patients(self) -> PatientsView:
        from desktop.controllers.patients import PatientsController
        from desktop.views.patients import PatientsView

        if self.patients is None:
            ui = self._window.ui
            controller = PatientsController(self._window.context, self)
            self.patients = PatientsView(controller, ui.patientsPage)
            embed(ui.patientsPageLayout, self.patients)
            controller.patientChosen.connect(self.show_compose_rx)
            self.patients.ensurePolished()
        return self.patients

    def _paint_patients_ahead(self) -> None:
        """Paint the patient list once, off the screen, before anyone signs in: its first
        paint (new font sizes and weights to load, the table's and header's style to work
        out) is the longest turn of a cold start, and it would be the sign-in's turn."""
        if self.patients is not None:
            self.patients.grab()

    def build_compose_rx(self) -> ComposeRxView:
        if self.compose is None:
            ui = self._window.ui
            made = self.made.take_compose()
            self.compose = made or self._new_compose_rx(ui.composeRxPage)
            embed(ui.composeRxPageLayout, self.compose)
            self.compose.backRequested.connect(self.show_patients)
            self.compose.signRequested.connect(self.open_signing)
            self.compose.ensurePolished()
        return self.compose

    def _new_compose_rx(self, parent: QWidget | None) -> ComposeRxView:
        from desktop.controllers.compose_rx import ComposeRxController
        from desktop.views.compose_rx import ComposeRxView

        controller = ComposeRxController(self._window.context, self)
        return ComposeRxView(self._make_admin, controller, parent)

    def _make_ahead(self) -> None:
        """A step: the next screen to place, made in its page, hidden (see `MadeAhead`)."""
        made, context, admin = self.made, self._window.context, self.admin
        if self.compose is None:
            made.compose = made.compose or self._new_compose_rx(self._window.ui.composeRxPage)
        elif admin is None:
            made.admin = made.admin or self._make_admin(self.compose.ui.adminTab)
        elif admin.device is None and made.device is None and admin.device_allowed:
            page = admin.ui.epcsDeviceManagementPage
            made.device = screens.device_management(context, self, page)

    def build_admin(self) -> AdminView:
        return self.build_compose_rx().ensure_admin()

    def _build_device_management(self) -> None:
        view = self.build_admin().build_device_management()
        if view is not None:
            view.ensurePolished()

    def _make_admin(self, parent: QWidget | None) -> AdminView:
        made = self.made.take_admin()
        if made is not None:
            return made
        return screens.admin(self._window.context, self, self._window.accounts.people_for, parent)

    # opening, at once (the window's own buttons) ---------------------------------------------
    def show_patients(self) -> PatientsView:
        view = self.build_patients()
        view.search_now()  # again on return: prescriptions added or signed since
        self._window.ui.mainStack.setCurrentWidget(self._window.ui.patientsPage)
        view.focus_search()
        return view

    def show_compose_rx(self, patient: Patient) -> ComposeRxView:
        view = self.build_compose_rx()
        view.show_patient(patient)
        self._window.ui.mainStack.setCurrentWidget(self._window.ui.composeRxPage)
        return view

    def show_device_management(self) -> DeviceManagementView | None:
        """From the signing dialog: straight to Admin > EPCS Device Management."""
        if self.compose is None:
            return None
        return self.compose.show_admin().open_device_management()

    def open_signing(self, patient: Patient) -> SigningDialog:
        """The signing dialog for one patient's pending prescriptions (21 CFR 1311.140)."""
        self.signing_dialog = screens.signing(self._window.context, self, self._window, patient)
        return self.signing_dialog

    # opening, awaited (scripts, the self-test, the benches) ----------------------------------
    async def open_patients(self) -> PatientsView:
        """The patient list, shown with its rows read."""
        from desktop.views.awaiting import next_emission

        self._require_user()
        view = self.show_patients()
        controller = view.controller
        await next_emission(controller.patientsFound, controller.failed, gone=self.screensDropped)
        return view

    async def open_compose_rx(self, patient: Patient | None = None) -> ComposeRxView:
        """Compose Rx for `patient` (default: the first on the list), its prescriptions read."""
        import asyncio

        from desktop.views.awaiting import NavigationError, next_emission

        self._require_user()
        if patient is None:
            patients = self.patients
            if patients is None or not patients.controller.found:
                patients = await self.open_patients()
                self._still_signed_in()  # a sign-out may have come while it was read
            if not patients.controller.found:
                raise NavigationError("there is no patient to open Compose Rx for")
            patient = patients.controller.found[0]
        await self._built(lambda: self.compose is not None)
        self._still_signed_in()
        view = self.show_compose_rx(patient)
        controller = view.controller
        waits = [
            next_emission(
                controller.prescriptionsLoaded, controller.failed, gone=self.screensDropped
            )
        ]
        if not controller.formulary:  # the medication list is read once, when it is built
            waits.append(
                next_emission(
                    controller.formularyLoaded, controller.failed, gone=self.screensDropped
                )
            )
            controller.load_formulary()
        await asyncio.gather(*waits)
        return view

    async def open_admin(self) -> AdminView:
        """The Admin tab's home, from Compose Rx (opened for the first patient if need be)."""
        self._require_user()
        if self.compose is None or self._window.ui.mainStack.currentWidget() is not (
            self._window.ui.composeRxPage
        ):
            await self.open_compose_rx()
            self._still_signed_in()
        assert self.compose is not None
        await self._built(lambda: self.admin is not None)
        self._still_signed_in()
        assert self.compose is not None
        admin = self.compose.show_admin()
        admin.show_home()
        return admin

    async def open_device_management(self) -> DeviceManagementView:
        """Admin > EPCS Device Management, with the account's phones and tokens read."""
        from desktop.views.awaiting import NavigationError, next_emission

        admin = await self.open_admin()
        await self._built(lambda: self.device is not None)
        self._still_signed_in()
        view = admin.open_device_management()
        if view is None:
            raise NavigationError(admin.device_management_refusal())
        controller = view.controller
        await next_emission(controller.loadFinished, gone=self.screensDropped)
        return view

    async def open_people(self) -> PeopleView:
        """Admin > People (practice administrators), with the people read."""
        from desktop.views.awaiting import NavigationError, next_emission

        admin = await self.open_admin()
        view = admin.open_people()
        if view is None:
            raise NavigationError(admin.people_refusal())
        controller = view.controller
        await next_emission(controller.peopleLoaded, controller.failed, gone=self.screensDropped)
        return view

    async def open_access_control(self) -> AccessControlView:
        """Admin > EPCS Access Control, with designations and grants read."""
        from desktop.views.awaiting import next_emission

        admin = await self.open_admin()
        view = admin.open_access_control()
        controller = view.controller
        await next_emission(controller.loaded, controller.failed, gone=self.screensDropped)
        return view

    async def open_audit_log(self) -> AuditView:
        """Admin > Audit log, with its first page of entries read."""
        from desktop.views.awaiting import NavigationError, next_emission

        admin = await self.open_admin()
        view = admin.open_audit()
        if view is None:
            raise NavigationError(admin.audit_refusal())
        controller = view.controller
        await next_emission(controller.entriesLoaded, controller.failed, gone=self.screensDropped)
        return view

    def _still_signed_in(self) -> None:
        from desktop.views.awaiting import NavigationError

        if self._window.context.user is None:
            raise NavigationError("the screen closed before it was read")

    def _require_user(self) -> None:
        from desktop.views.awaiting import NavigationError

        if self._window.context.user is None or self._window.locked:
            raise NavigationError("sign in first")

    # sign-out ---------------------------------------------------------------------------------
    def stop_building(self) -> None:
        """The window closed: the steps still queued would start reads on closed lanes."""
        self._steps.drop()
        self.made.drop()

    def reset(self) -> None:
        """Nothing of the last person's screens stays; queued building steps are dropped."""
        self._steps.drop()  # built for the last person: not wanted any more
        self.made.drop()
        self.screensDropped.emit()
        if self.patients is not None:
            self.patients.deleteLater()
        if self.compose is not None:
            self.compose.retire()
        self.patients = None
        self.compose = None
