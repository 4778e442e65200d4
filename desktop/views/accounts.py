"""The window's account screens: first-run setup, the forced password change, and People.

Kept apart from `MainWindow` so the window only says when: nobody is set up yet (setup),
someone signed in with a one-time password (change it first), a practice administrator
asks for People. There is one People screen per window: it sits on the Admin tab's
`peoplePage` when opened from there, or on the window's own `peopleMainPage` right after
setup and from File > People (a new practice has no patients yet, so no Compose Rx and
no Admin tab to reach it through).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, SignalInstance

from desktop.views.embed import embed

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from desktop.domain.models import User
    from desktop.views.change_password import ChangePasswordView
    from desktop.views.main_window import MainWindow
    from desktop.views.people import PeopleView
    from desktop.views.setup import SetupView


class AccountsFlow(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self.setup_view: SetupView | None = None
        self.change_password_view: ChangePasswordView | None = None
        self.people_view: PeopleView | None = None

    # first-run setup ------------------------------------------------------------------------
    def show_setup_form(self) -> SetupView:
        """The setup form alone: before the first paint, the controller is not there yet."""
        from desktop.views.setup import SetupView

        ui = self._window.ui
        if self.setup_view is None:
            self.setup_view = SetupView(ui.setupPage)
            embed(ui.setupPageLayout, self.setup_view)
        ui.mainStack.setCurrentWidget(ui.setupPage)
        self.setup_view.ui.setupPracticeNameEdit.setFocus()
        return self.setup_view

    def show_setup(self) -> SetupView:
        from desktop.controllers.setup import SetupController

        view = self.show_setup_form()
        if view.controller is None:
            controller = SetupController(self._window.context, self)
            controller.finished.connect(self._on_set_up)
            view.bind(controller)
        return view

    def _on_set_up(self, user: User | None) -> None:
        window = self._window
        window.show_practice()
        if user is None:  # set up, but the sign-in could not be recorded: sign in by hand
            window.ui.mainStack.setCurrentWidget(window.ui.loginPage)
            return
        window.signed_in_elsewhere(user)
        self.show_people_main()
        if self.setup_view is not None:
            self.setup_view.deleteLater()
            self.setup_view = None

    # one-time password ----------------------------------------------------------------------
    def show_change_password(self, user: User) -> ChangePasswordView:
        from desktop.controllers.password_change import ChangePasswordController
        from desktop.views.change_password import ChangePasswordView

        ui = self._window.ui
        self._drop_change_password()
        controller = ChangePasswordController(self._window.context, self)
        view = ChangePasswordView(controller, user, ui.changePasswordPage)
        controller.changed.connect(self._on_password_changed)
        embed(ui.changePasswordPageLayout, view)
        self.change_password_view = view
        ui.mainStack.setCurrentWidget(ui.changePasswordPage)
        view.ui.newPasswordEdit.setFocus()
        return view

    def _on_password_changed(self, user: User) -> None:
        self._drop_change_password()
        self._window.password_changed(user)

    def _drop_change_password(self) -> None:
        if self.change_password_view is not None:
            _retire(self.change_password_view.controller)
            self.change_password_view.deleteLater()
            self.change_password_view = None

    # People -----------------------------------------------------------------------------------
    def people_for(self, host: QWidget) -> PeopleView:
        """The one People screen (made on first use); the caller places it on `host`."""
        from desktop.controllers.people import PeopleController
        from desktop.views.people import PeopleView

        if self.people_view is None:
            controller = PeopleController(self._window.context, self)
            self.people_view = PeopleView(controller, host)
            self.people_view.backRequested.connect(self._people_back)
        return self.people_view

    def show_people_main(self) -> PeopleView | None:
        """People on the window's own page (after setup, and File > People)."""
        window = self._window
        user = window.context.user
        if user is None or not user.is_practice_admin or window.locked:
            return None
        ui = window.ui
        view = self.people_for(ui.peopleMainPage)
        if ui.peopleMainPageLayout.indexOf(view) < 0:
            embed(ui.peopleMainPageLayout, view)
        ui.mainStack.setCurrentWidget(ui.peopleMainPage)
        view.refresh()
        return view

    def _people_back(self) -> None:
        window = self._window
        view = self.people_view
        compose = window.compose_view
        if view is not None and compose is not None and compose.admin is not None:
            if view.parent() is compose.admin.ui.peoplePage:
                compose.admin.show_home()
                return
        window.navigator.show_patients()

    def reset(self) -> None:
        """After sign-out: nothing of the last person's screens stays."""
        self._drop_change_password()
        if self.people_view is not None:
            _retire(self.people_view.controller)
            self.people_view.deleteLater()
            self.people_view = None


class _Busy(Protocol):
    @property
    def busy(self) -> bool: ...

    @property
    def busyChanged(self) -> SignalInstance: ...  # noqa: N802 - Qt's name

    def deleteLater(self) -> None: ...  # noqa: N802 - Qt's name


def _retire(controller: _Busy) -> None:
    """Delete a controller once it is idle: a change in flight finishes (and is recorded)
    instead of answering into a deleted object."""
    if not controller.busy:
        controller.deleteLater()
        return
    controller.busyChanged.connect(lambda busy: None if busy else controller.deleteLater())
