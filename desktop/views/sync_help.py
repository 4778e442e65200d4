"""Help > How to sync your token: the help page's steps, as this application does them."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QWidget

from desktop.domain.errors import SUPPORT_EMAIL, SUPPORT_PHONE
from desktop.domain.serials import EXAMPLE
from desktop.forms.ui_sync_help import Ui_SyncHelpDialog
from desktop.views.sizing import fit_to_screen

STEPS = f"""
<h2>How to sync your hardware token</h2>
<p><b>Only for doctors who write controlled-substance prescriptions.</b> It must be done under
the <b>doctor's own login</b>.</p>
<ol>
<li>Sign in as the doctor.</li>
<li>Select any patient and click <b>Compose Rx</b>.</li>
<li>Select the <b>Admin</b> tab on the top menu bar (Alt+A).</li>
<li>Under <b>EPCS User Controls</b>, open <b>EPCS Device Management</b>.</li>
<li>In <b>Manage Phones</b>, click <b>Authenticate</b>. Choose <b>SMS text message</b> or
<b>Phone call</b> and click <b>Send code</b>. Type the 6-digit code in <b>One-Time Password
Code</b> and click <b>Submit</b>. The confirmation lasts 15 minutes; the screen shows until
when.</li>
<li>The <b>Add Token</b> form opens by itself. Type the <b>serial number</b> from the back of
the token: the largest identifier, letters and numbers, for example {EXAMPLE}. Spaces, dashes
and lower case are fixed as you type.</li>
<li>Press the white button on the front of the token and type the 6 digits in <b>One-Time
Password 1</b>.</li>
<li>Wait until the digits disappear from the token (about 30 seconds: the screen counts them
down), press the button again for a <b>new</b> code, and type it in <b>One-Time Password
2</b>.</li>
<li>Click <b>Submit</b>. One click is enough, and another does no harm: the request is sent
once. The screen stays put while your token syncs, and shows the seconds.</li>
<li><b>Token Status</b> reads <b>Active</b>. Click <b>Cancel</b> to return to the
<b>Admin</b> screen. Your token can now sign controlled-substance prescriptions.</li>
</ol>
<p>If the identity service refuses, the message under Manage Token says why and what to do;
the serial you typed is kept. For help, call {SUPPORT_PHONE} or write to {SUPPORT_EMAIL}.</p>
"""


class SyncHelpDialog(QDialog):
    """Stays open beside the window while the doctor follows the steps."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_SyncHelpDialog()
        self.ui.setupUi(self)
        self.ui.syncHelpText.setHtml(STEPS)
        self.ui.syncHelpCloseButton.clicked.connect(self.close)
        fit_to_screen(self)
