"""The main window's small parts: the status bar's short forms of the banners above every
screen, the TLS warning, and the Help menu's boxes."""

from __future__ import annotations

from PySide6.QtWidgets import QBoxLayout, QLabel, QMessageBox, QWidget

from desktop.clinic.settings import clinic_label
from desktop.config import TLS_OFF_WARNING, Settings
from desktop.domain.errors import SUPPORT_EMAIL, SUPPORT_PHONE
from desktop.domain.practice import DEMO_BANNER
from desktop.forms.ui_main_window import Ui_MainWindow


def demo_status(ui: Ui_MainWindow) -> QLabel:
    """The banner above every screen carries the whole sentence; the status bar keeps a
    short form, so Sign out stays in view beside it on a small screen."""
    label = QLabel("Demo workstation", ui.statusBar)
    label.setToolTip(DEMO_BANNER)
    label.setObjectName("demoStatusLabel")
    ui.statusBar.addPermanentWidget(label)
    return label


def tls_warning(ui: Ui_MainWindow) -> tuple[QLabel, QLabel]:
    """A banner under the demo one, and a short form in the status bar, shown while the
    identity server's certificate is not checked."""
    banner = QLabel(TLS_OFF_WARNING, ui.demoBannerLabel.parentWidget())
    banner.setObjectName("tlsBannerLabel")
    banner.setWordWrap(True)
    banner.setAccessibleName("Identity server connection not checked")
    layout = ui.demoBannerLabel.parentWidget().layout()
    if isinstance(layout, QBoxLayout):  # right under the demo banner, above every screen
        layout.insertWidget(layout.indexOf(ui.demoBannerLabel) + 1, banner)
    status = QLabel("TLS checks off", ui.statusBar)
    status.setObjectName("tlsStatusLabel")
    status.setToolTip(TLS_OFF_WARNING)
    ui.statusBar.addPermanentWidget(status)
    return banner, status


def clinic_status(ui: Ui_MainWindow) -> QLabel:
    """Which clinic database this workstation works on, in the status bar (hidden on a
    single desk, whose records are in its own file)."""
    label = QLabel("", ui.statusBar)
    label.setObjectName("clinicStatusLabel")
    label.setToolTip(CLINIC_TIP)
    ui.statusBar.addPermanentWidget(label)
    label.setVisible(False)
    return label


CLINIC_AWAY = "Clinic database: unreachable \u2014 retrying"
CLINIC_AWAY_TIP = (
    "The clinic database does not answer. What you save or sign now is refused with a "
    "message and nothing typed is lost; work goes on by itself once it answers again."
)
CLINIC_TIP = "Every workstation of the clinic reads and writes this database."


def show_clinic(label: QLabel, settings: Settings, away: bool = False) -> None:
    text = clinic_label(settings)
    label.setText(CLINIC_AWAY if text and away else text)
    label.setToolTip(CLINIC_AWAY_TIP if away else CLINIC_TIP)
    label.setVisible(bool(text))


def show_support(parent: QWidget) -> None:
    QMessageBox.information(
        parent, "Contact support", f"Call {SUPPORT_PHONE} or write to {SUPPORT_EMAIL}."
    )


def show_about(parent: QWidget) -> None:
    QMessageBox.about(
        parent,
        "About iCoreRx",
        "iCoreRx desktop: sync your EPCS hardware token and sign controlled-substance "
        "prescriptions.",
    )
