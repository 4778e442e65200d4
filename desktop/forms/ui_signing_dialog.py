# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'signing_dialog.ui'
##
## Created by: Qt User Interface Compiler version 6.11.3
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import QCoreApplication, QMetaObject, QSize, Qt
from PySide6.QtWidgets import QAbstractItemView, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QListWidget, QPlainTextEdit, QPushButton, QSizePolicy, QSpacerItem, QVBoxLayout, QWidget

class Ui_SigningDialog(object):
    def setupUi(self, SigningDialog):
        if not SigningDialog.objectName():
            SigningDialog.setObjectName(u"SigningDialog")
        SigningDialog.setWindowModality(Qt.WindowModality.WindowModal)
        SigningDialog.setMinimumSize(QSize(600, 440))
        self.signLayout = QVBoxLayout(SigningDialog)
        self.signLayout.setSpacing(10)
        self.signLayout.setObjectName(u"signLayout")
        self.signPrescriberLabel = QLabel(SigningDialog)
        self.signPrescriberLabel.setObjectName(u"signPrescriberLabel")
        self.signPrescriberLabel.setWordWrap(True)
        self.signPrescriberLabel.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.signLayout.addWidget(self.signPrescriberLabel)

        self.signPatientLabel = QLabel(SigningDialog)
        self.signPatientLabel.setObjectName(u"signPatientLabel")
        self.signPatientLabel.setWordWrap(True)

        self.signLayout.addWidget(self.signPatientLabel)

        self.signRxList = QListWidget(SigningDialog)
        self.signRxList.setObjectName(u"signRxList")
        self.signRxList.setMinimumSize(QSize(0, 90))
        self.signRxList.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.signRxList.setWordWrap(True)

        self.signLayout.addWidget(self.signRxList)

        self.attestationText = QPlainTextEdit(SigningDialog)
        self.attestationText.setObjectName(u"attestationText")
        self.attestationText.setMinimumSize(QSize(0, 96))
        self.attestationText.setReadOnly(True)
        self.attestationText.setTabChangesFocus(True)

        self.signLayout.addWidget(self.attestationText)

        self.signFormLayout = QFormLayout()
        self.signFormLayout.setObjectName(u"signFormLayout")
        self.signPasswordLabel = QLabel(SigningDialog)
        self.signPasswordLabel.setObjectName(u"signPasswordLabel")

        self.signFormLayout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.signPasswordLabel)

        self.signPasswordEdit = QLineEdit(SigningDialog)
        self.signPasswordEdit.setObjectName(u"signPasswordEdit")
        self.signPasswordEdit.setEchoMode(QLineEdit.EchoMode.Password)
        self.signPasswordEdit.setMaxLength(256)

        self.signFormLayout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.signPasswordEdit)

        self.signOtpLabel = QLabel(SigningDialog)
        self.signOtpLabel.setObjectName(u"signOtpLabel")

        self.signFormLayout.setWidget(1, QFormLayout.ItemRole.LabelRole, self.signOtpLabel)

        self.signOtpEdit = QLineEdit(SigningDialog)
        self.signOtpEdit.setObjectName(u"signOtpEdit")
        self.signOtpEdit.setMaxLength(12)

        self.signFormLayout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.signOtpEdit)


        self.signLayout.addLayout(self.signFormLayout)

        self.signErrorLabel = QLabel(SigningDialog)
        self.signErrorLabel.setObjectName(u"signErrorLabel")
        self.signErrorLabel.setWordWrap(True)

        self.signLayout.addWidget(self.signErrorLabel)

        self.signButtonsLayout = QHBoxLayout()
        self.signButtonsLayout.setObjectName(u"signButtonsLayout")
        self.signDeviceButton = QPushButton(SigningDialog)
        self.signDeviceButton.setObjectName(u"signDeviceButton")

        self.signButtonsLayout.addWidget(self.signDeviceButton)

        self.signButtonsSpacer = QSpacerItem(40, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.signButtonsLayout.addItem(self.signButtonsSpacer)

        self.signCancelButton = QPushButton(SigningDialog)
        self.signCancelButton.setObjectName(u"signCancelButton")

        self.signButtonsLayout.addWidget(self.signCancelButton)

        self.signConfirmButton = QPushButton(SigningDialog)
        self.signConfirmButton.setObjectName(u"signConfirmButton")
        self.signConfirmButton.setEnabled(False)

        self.signButtonsLayout.addWidget(self.signConfirmButton)


        self.signLayout.addLayout(self.signButtonsLayout)

#if QT_CONFIG(shortcut)
        self.signPasswordLabel.setBuddy(self.signPasswordEdit)
        self.signOtpLabel.setBuddy(self.signOtpEdit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.signRxList, self.attestationText)
        QWidget.setTabOrder(self.attestationText, self.signPasswordEdit)
        QWidget.setTabOrder(self.signPasswordEdit, self.signOtpEdit)
        QWidget.setTabOrder(self.signOtpEdit, self.signDeviceButton)
        QWidget.setTabOrder(self.signDeviceButton, self.signCancelButton)
        QWidget.setTabOrder(self.signCancelButton, self.signConfirmButton)

        self.retranslateUi(SigningDialog)

        self.signConfirmButton.setDefault(True)


        QMetaObject.connectSlotsByName(SigningDialog)
    # setupUi

    def retranslateUi(self, SigningDialog):
        SigningDialog.setWindowTitle(QCoreApplication.translate("SigningDialog", u"Sign prescriptions", None))
        self.signPrescriberLabel.setText("")
#if QT_CONFIG(accessibility)
        self.signPrescriberLabel.setAccessibleName(QCoreApplication.translate("SigningDialog", u"Prescriber and DEA registration number", None))
#endif // QT_CONFIG(accessibility)
        self.signPatientLabel.setText("")
#if QT_CONFIG(accessibility)
        self.signRxList.setAccessibleName(QCoreApplication.translate("SigningDialog", u"Prescriptions to sign", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.attestationText.setAccessibleName(QCoreApplication.translate("SigningDialog", u"Legal attestation", None))
#endif // QT_CONFIG(accessibility)
        self.signPasswordLabel.setText(QCoreApplication.translate("SigningDialog", u"Your &password", None))
#if QT_CONFIG(accessibility)
        self.signPasswordEdit.setAccessibleName(QCoreApplication.translate("SigningDialog", u"Your password", None))
#endif // QT_CONFIG(accessibility)
        self.signOtpLabel.setText(QCoreApplication.translate("SigningDialog", u"Code from your &token", None))
        self.signOtpEdit.setPlaceholderText(QCoreApplication.translate("SigningDialog", u"press the token's button: 6 digits", None))
#if QT_CONFIG(accessibility)
        self.signOtpEdit.setAccessibleName(QCoreApplication.translate("SigningDialog", u"Code from your hardware token", None))
#endif // QT_CONFIG(accessibility)
        self.signErrorLabel.setText("")
        self.signDeviceButton.setText(QCoreApplication.translate("SigningDialog", u"Open EPCS Device &Management", None))
        self.signCancelButton.setText(QCoreApplication.translate("SigningDialog", u"&Cancel", None))
        self.signConfirmButton.setText(QCoreApplication.translate("SigningDialog", u"&Sign and send", None))
    # retranslateUi

