# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'grant_approval_dialog.ui'
##
## Created by: Qt User Interface Compiler version 6.11.3
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import QCoreApplication, QMetaObject, QSize
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSizePolicy, QSpacerItem, QVBoxLayout, QWidget

class Ui_GrantApprovalDialog(object):
    def setupUi(self, GrantApprovalDialog):
        if not GrantApprovalDialog.objectName():
            GrantApprovalDialog.setObjectName(u"GrantApprovalDialog")
        GrantApprovalDialog.setModal(True)
        GrantApprovalDialog.setMinimumSize(QSize(520, 0))
        self.approveLayout = QVBoxLayout(GrantApprovalDialog)
        self.approveLayout.setSpacing(10)
        self.approveLayout.setObjectName(u"approveLayout")
        self.approveSummaryLabel = QLabel(GrantApprovalDialog)
        self.approveSummaryLabel.setObjectName(u"approveSummaryLabel")
        self.approveSummaryLabel.setWordWrap(True)

        self.approveLayout.addWidget(self.approveSummaryLabel)

        self.approveExplainLabel = QLabel(GrantApprovalDialog)
        self.approveExplainLabel.setObjectName(u"approveExplainLabel")
        self.approveExplainLabel.setWordWrap(True)

        self.approveLayout.addWidget(self.approveExplainLabel)

        self.approveFormLayout = QFormLayout()
        self.approveFormLayout.setObjectName(u"approveFormLayout")
        self.approvePasswordLabel = QLabel(GrantApprovalDialog)
        self.approvePasswordLabel.setObjectName(u"approvePasswordLabel")

        self.approveFormLayout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.approvePasswordLabel)

        self.approvePasswordEdit = QLineEdit(GrantApprovalDialog)
        self.approvePasswordEdit.setObjectName(u"approvePasswordEdit")
        self.approvePasswordEdit.setEchoMode(QLineEdit.EchoMode.Password)
        self.approvePasswordEdit.setMaxLength(256)

        self.approveFormLayout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.approvePasswordEdit)

        self.approveOtpLabel = QLabel(GrantApprovalDialog)
        self.approveOtpLabel.setObjectName(u"approveOtpLabel")

        self.approveFormLayout.setWidget(1, QFormLayout.ItemRole.LabelRole, self.approveOtpLabel)

        self.approveOtpEdit = QLineEdit(GrantApprovalDialog)
        self.approveOtpEdit.setObjectName(u"approveOtpEdit")
        self.approveOtpEdit.setMaxLength(12)

        self.approveFormLayout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.approveOtpEdit)


        self.approveLayout.addLayout(self.approveFormLayout)

        self.approveErrorLabel = QLabel(GrantApprovalDialog)
        self.approveErrorLabel.setObjectName(u"approveErrorLabel")
        self.approveErrorLabel.setWordWrap(True)

        self.approveLayout.addWidget(self.approveErrorLabel)

        self.approveButtonsLayout = QHBoxLayout()
        self.approveButtonsLayout.setObjectName(u"approveButtonsLayout")
        self.approveButtonsSpacer = QSpacerItem(40, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.approveButtonsLayout.addItem(self.approveButtonsSpacer)

        self.approveCancelButton = QPushButton(GrantApprovalDialog)
        self.approveCancelButton.setObjectName(u"approveCancelButton")

        self.approveButtonsLayout.addWidget(self.approveCancelButton)

        self.approveConfirmButton = QPushButton(GrantApprovalDialog)
        self.approveConfirmButton.setObjectName(u"approveConfirmButton")
        self.approveConfirmButton.setMinimumSize(QSize(140, 0))
        self.approveConfirmButton.setEnabled(False)

        self.approveButtonsLayout.addWidget(self.approveConfirmButton)


        self.approveLayout.addLayout(self.approveButtonsLayout)

#if QT_CONFIG(shortcut)
        self.approvePasswordLabel.setBuddy(self.approvePasswordEdit)
        self.approveOtpLabel.setBuddy(self.approveOtpEdit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.approvePasswordEdit, self.approveOtpEdit)
        QWidget.setTabOrder(self.approveOtpEdit, self.approveConfirmButton)

        self.retranslateUi(GrantApprovalDialog)

        self.approveConfirmButton.setDefault(True)


        QMetaObject.connectSlotsByName(GrantApprovalDialog)
    # setupUi

    def retranslateUi(self, GrantApprovalDialog):
        GrantApprovalDialog.setWindowTitle(QCoreApplication.translate("GrantApprovalDialog", u"Approve with your token", None))
        self.approveSummaryLabel.setText("")
        self.approveExplainLabel.setText(QCoreApplication.translate("GrantApprovalDialog", u"Step 2 of 2 (21 CFR 1311.125(c)): complete two-factor authentication now, with your password and a code from your own hardware token.", None))
        self.approvePasswordLabel.setText(QCoreApplication.translate("GrantApprovalDialog", u"Your &password", None))
#if QT_CONFIG(accessibility)
        self.approvePasswordEdit.setAccessibleName(QCoreApplication.translate("GrantApprovalDialog", u"Your password", None))
#endif // QT_CONFIG(accessibility)
        self.approveOtpLabel.setText(QCoreApplication.translate("GrantApprovalDialog", u"Code from your &token", None))
        self.approveOtpEdit.setPlaceholderText(QCoreApplication.translate("GrantApprovalDialog", u"press your token's button: 6 digits", None))
#if QT_CONFIG(accessibility)
        self.approveOtpEdit.setAccessibleName(QCoreApplication.translate("GrantApprovalDialog", u"Code from your hardware token", None))
#endif // QT_CONFIG(accessibility)
        self.approveErrorLabel.setText("")
        self.approveCancelButton.setText(QCoreApplication.translate("GrantApprovalDialog", u"Cancel", None))
        self.approveConfirmButton.setText(QCoreApplication.translate("GrantApprovalDialog", u"Approve", None))
    # retranslateUi

