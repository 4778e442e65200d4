"""EPCS Access Control: who is designated, and each prescriber's permission with its history."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QHeaderView, QTableWidgetItem, QWidget

from desktop.controllers.access_control import AccessControlController
from desktop.controllers.access_overview import AccessOverview
from desktop.controllers.flow import Refusal
from desktop.domain.access_control import Grant, GrantState
from desktop.domain.models import format_when
from desktop.forms.ui_access_control import Ui_AccessControlForm
from desktop.views.grant_dialogs import GrantApprovalDialog, GrantEntryDialog, GrantReasonDialog
from desktop.views.messages import Tone, clear_message, show_message, show_refusal


class AccessControlView(QWidget):
    """Signals:
    backRequested(): back to the Admin screen.
    """

    backRequested = Signal()

    def __init__(self, controller: AccessControlController, parent: QWidget | None = None):
        super().__init__(parent)
        self.ui = Ui_AccessControlForm()
        self.ui.setupUi(self)
        self.controller = controller
        self.overview: AccessOverview | None = None
        self.grants: list[Grant] = []
        self.dialog: QDialog | None = None
        ui = self.ui
        for table in (ui.designationTable, ui.grantTable):
            table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
            table.horizontalHeader().setStretchLastSection(True)
        for label in (ui.accessMessageLabel, ui.designationStatusLabel, ui.grantDetailLabel):
            clear_message(label)
        ui.accessBackButton.clicked.connect(self.backRequested)
        ui.grantTable.itemSelectionChanged.connect(self._update)
        ui.designationTable.itemSelectionChanged.connect(self._update)
        ui.designateCombo.currentIndexChanged.connect(self._update)
        ui.designateButton.clicked.connect(self._designate)
        ui.undesignateButton.clicked.connect(self._undesignate)
        ui.enterGrantButton.clicked.connect(self.open_entry)
        ui.approveGrantButton.clicked.connect(self.open_approval)
        ui.refuseGrantButton.clicked.connect(self.open_refusal)
        ui.revokeGrantButton.clicked.connect(self.open_revocation)
        controller.loaded.connect(self._on_loaded)
        controller.busyChanged.connect(lambda _busy: self._update())
        controller.changed.connect(lambda text: show_message(ui.accessMessageLabel, text, "ok"))
        controller.failed.connect(self._on_failed)

    @property
    def busy(self) -> bool:
        return self.controller.busy

    def refresh(self) -> None:
        self.controller.load()

    def select_grant(self, prescriber: str) -> Grant | None:
        """Select the newest grant of `prescriber` (for scripts and tests)."""
        for row, grant in enumerate(self.grants):
            if grant.prescriber == prescriber:
                self.ui.grantTable.selectRow(row)
                return grant
        return None

    def selected_grant(self) -> Grant | None:
        rows = self.ui.grantTable.selectionModel().selectedRows()
        index = rows[0].row() if rows else -1
        return self.grants[index] if 0 <= index < len(self.grants) else None

    # drawing -----------------------------------------------------------------------
    def _on_loaded(self, overview: AccessOverview) -> None:
        chosen = self.selected_grant()
        self.overview = overview
        self._draw_designations(overview)
        self._draw_grants(overview, chosen.id if chosen else None)
        self._update()

    def _draw_designations(self, overview: AccessOverview) -> None:
        ui = self.ui
        table = ui.designationTable
        table.setRowCount(len(overview.designated))
        for row, person in enumerate(overview.designated):
            user = person.user
            dea = "\u2014"
            if user.prescriber is not None:
                dea = f"Yes, {user.prescriber.dea_number}" if person.registrant else "Expired"
            token = {True: "Synced", False: "Not synced", None: "\u2014"}[person.token_synced]
            by = overview.name(person.designation.designated_by)
            when = format_when(person.designation.designated_at)
            for column, text in enumerate(
                (user.display_name, user.roles_label, dea, token, f"{when} by {by}")
            ):
                table.setItem(row, column, QTableWidgetItem(text))
        names = [p.user.display_name for p in overview.designated]
        count = f"{len(names)} people are" if len(names) != 1 else "1 person is"
        said = f"{count} designated: {', '.join(names)}." if names else ""
        if not overview.problem:
            said += " Permissions can be granted and revoked."
        text = f"{said} {overview.problem}".strip()
        tone: Tone = "ok" if not overview.problem else "info" if overview.can_grant else "error"
        show_message(ui.designationStatusLabel, text, tone)
        ui.designateCombo.clear()
        for candidate in overview.candidates:
            label = f"{candidate.display_name} ({candidate.roles_label})"
            ui.designateCombo.addItem(label, candidate.username)
        admin = overview.actor.is_practice_admin
        for widget in (ui.designateCombo, ui.designateButton, ui.undesignateButton):
            widget.setVisible(admin)

    def _draw_grants(self, overview: AccessOverview, keep: int | None) -> None:
        table = self.ui.grantTable
        self.grants = overview.grants
        table.setRowCount(len(self.grants))
        for row, grant in enumerate(self.grants):
            cells = (
                overview.name(grant.prescriber),
                f"{grant.dea_number} (exp. {grant.dea_expiry:%m/%d/%Y})",
                f"{grant.licence_state} {grant.licence_number}",
                grant.state.label,
                overview.name(grant.entered_by),
                _outcome(overview, grant),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                table.setItem(row, column, item)
        index = next(
            (i for i, g in enumerate(self.grants) if g.id == keep), 0 if self.grants else -1
        )
        if index >= 0:
            table.selectRow(index)

    def _update(self) -> None:
        ui = self.ui
        overview = self.overview
        grant = self.selected_grant()
        idle = not self.controller.busy
        problems = {
            ui.enterGrantButton: overview.enter_problem() if overview else "Loading\u2026",
            ui.approveGrantButton: _problem(overview, grant, "approve"),
            ui.refuseGrantButton: _problem(overview, grant, "refuse"),
            ui.revokeGrantButton: _problem(overview, grant, "revoke"),
        }
        for button, problem in problems.items():
            button.setEnabled(idle and not problem)
            button.setToolTip(problem)
        revocation = grant is not None and grant.state is GrantState.REVOCATION_PENDING
        ui.approveGrantButton.setText(
            "Execu&te revocation\u2026" if revocation else "App&rove\u2026"
        )
        is_admin = overview is not None and overview.actor.is_practice_admin
        ui.designateButton.setEnabled(idle and is_admin and ui.designateCombo.count() > 0)
        ui.undesignateButton.setEnabled(
            idle and is_admin and bool(ui.designationTable.selectionModel().selectedRows())
        )
        if overview is None or grant is None:
            clear_message(ui.grantDetailLabel)
        else:
            show_message(ui.grantDetailLabel, _history(overview, grant), "info")

    def _on_failed(self, refusal: Refusal) -> None:
        if self.dialog is None:  # the approval dialog shows its own refusals
            show_refusal(self.ui.accessMessageLabel, refusal)

    # actions -----------------------------------------------------------------------
    def _designate(self) -> None:
        username = self.ui.designateCombo.currentData()
        if username:
            self.controller.designate(str(username))

    def _undesignate(self) -> None:
        rows = self.ui.designationTable.selectionModel().selectedRows()
        if self.overview is not None and rows:
            self.controller.undesignate(self.overview.designated[rows[0].row()].user.username)

    def open_entry(self) -> GrantEntryDialog | None:
        overview = self.overview
        if overview is None or overview.enter_problem() or self.busy:
            return None
        dialog = GrantEntryDialog(overview.grantable, overview.today, self)
        self._open(dialog, lambda: self.controller.enter_grant(dialog.entry()))
        return dialog

    def open_approval(self) -> GrantApprovalDialog | None:
        overview, grant = self.overview, self.selected_grant()
        if overview is None or grant is None or _problem(overview, grant, "approve"):
            return None
        who = overview.name(grant.prescriber)
        if grant.state is GrantState.REVOCATION_PENDING:
            summary = (
                f"Revoke {who}'s permission to sign controlled substances, as entered by "
                f"{overview.name(grant.revocation_entered_by)}: {grant.revocation_reason}."
            )
            confirm = "Execute revocation"
        else:
            summary = (
                f"Grant {who} (DEA {grant.dea_number}) permission to sign controlled substances, "
                f"as entered by {overview.name(grant.entered_by)} on "
                f"{format_when(grant.entered_at)}."
            )
            confirm = "Approve"
        dialog = GrantApprovalDialog(self.controller, grant.id, summary, confirm, self)
        self._open(dialog, lambda: None)
        return dialog

    def open_refusal(self) -> GrantReasonDialog | None:
        overview, grant = self.overview, self.selected_grant()
        if overview is None or grant is None or _problem(overview, grant, "refuse"):
            return None
        who = overview.name(grant.prescriber)
        revocation = grant.state is GrantState.REVOCATION_PENDING
        dialog = GrantReasonDialog(
            f"Refuse the {'revocation' if revocation else 'grant'} for {who}?",
            "Their permission stays as it is."
            if revocation
            else "The grant is not made; a new one can be entered later.",
            "Refuse",
            "why, e.g. licence not verified",
            self,
        )
        grant_id = grant.id
        self._open(dialog, lambda: self.controller.refuse(grant_id, dialog.reason()))
        return dialog

    def open_revocation(self) -> GrantReasonDialog | None:
        overview, grant = self.overview, self.selected_grant()
        if overview is None or grant is None or _problem(overview, grant, "revoke"):
            return None
        dialog = GrantReasonDialog(
            f"Revoke {overview.name(grant.prescriber)}'s permission?",
            "Step 1 of 2: the revocation takes effect when a second designated person, a DEA "
            "registrant, executes it with their token.",
            "Enter revocation",
            "why, e.g. left the practice",
            self,
        )
        grant_id = grant.id
        self._open(dialog, lambda: self.controller.enter_revocation(grant_id, dialog.reason()))
        return dialog

    def _open(self, dialog: QDialog, on_accept: Callable[[], object]) -> None:
        self.dialog = dialog
        clear_message(self.ui.accessMessageLabel)

        def done(result: int) -> None:
            self.dialog = None
            if result == QDialog.DialogCode.Accepted:
                on_accept()
            dialog.deleteLater()

        dialog.finished.connect(done)
        dialog.open()


def _problem(overview: AccessOverview | None, grant: Grant | None, action: str) -> str:
    if overview is None:
        return "Loading\u2026"
    if grant is None:
        return "Select a permission in the list."
    if action == "approve":
        return overview.approve_problem(grant)
    if action == "refuse":
        return overview.refuse_problem(grant)
    return overview.revoke_problem(grant)


def _outcome(overview: AccessOverview, grant: Grant) -> str:
    name = overview.name
    if grant.state is GrantState.PENDING:
        return "Awaits a second person"
    if grant.state is GrantState.REFUSED:
        return f"Refused by {name(grant.refused_by)}: {grant.refusal_reason}"
    if grant.state is GrantState.REVOKED:
        return f"Revoked by {name(grant.revoked_by)}: {grant.revocation_reason}"
    if grant.state is GrantState.ENDED:
        return f"Ended: {grant.why_ended}"
    approved = f"Approved by {name(grant.approved_by)}"
    if grant.state is GrantState.REVOCATION_PENDING:
        return f"{approved}; revocation entered by {name(grant.revocation_entered_by)}"
    return approved


def _history(overview: AccessOverview, grant: Grant) -> str:
    """Everything on file about one permission, in the order it happened."""
    name = overview.name
    lines = [
        f"{name(grant.prescriber)}: {grant.state.label}.",
        f"Entered by {name(grant.entered_by)} on {format_when(grant.entered_at)}, who checked "
        f"DEA {grant.dea_number} (expires {grant.dea_expiry:%m/%d/%Y}) and {grant.licence_state} "
        f"licence {grant.licence_number} (expires {grant.licence_expiry:%m/%d/%Y}) were current.",
        f"Identity proofed by {grant.proofed_by} on {grant.proofed_on:%m/%d/%Y}.",
    ]
    if grant.approved_by:
        lines.append(f"Approved by {name(grant.approved_by)} on {format_when(grant.approved_at)}.")
    if grant.refused_by:
        lines.append(
            f"Refused by {name(grant.refused_by)} on {format_when(grant.refused_at)}: "
            f"{grant.refusal_reason}."
        )
    if grant.revocation_entered_by:
        lines.append(
            f"Revocation entered by {name(grant.revocation_entered_by)} on "
            f"{format_when(grant.revocation_entered_at)}: {grant.revocation_reason}."
        )
    if grant.revoked_by:
        lines.append(f"Revoked by {name(grant.revoked_by)} on {format_when(grant.revoked_at)}.")
    if grant.state is GrantState.ENDED:
        by = f" (recorded by {name(grant.ended_by)})" if grant.ended_by else ""
        lines.append(
            f"Ended on {format_when(grant.ended_at)}, with no second step, because "
            f"{grant.why_ended}{by} (21 CFR 1311.125(d))."
        )
    return "\n".join(lines)
