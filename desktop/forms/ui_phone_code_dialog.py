# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'phone_code_dialog.ui'
##
## Created by: Qt User Interface Compiler version 6.11.3
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import QCoreApplication, QMetaObject, QSize, Qt
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QRadioButton, QSizePolicy, QSpacerItem, QVBoxLayout, QWidget

class Ui_PhoneCodeDialog(object):
    def setupUi(self, PhoneCodeDialog):
        if not PhoneCodeDialog.objectName():
            PhoneCodeDialog.setObjectName(u"PhoneCodeDialog")
        PhoneCodeDialog.setWindowModality(Qt.WindowModality.WindowModal)
        PhoneCodeDialog.setMinimumSize(QSize(480, 0))
        self.phoneDialogLayout = QVBoxLayout(PhoneCodeDialog)
        self.phoneDialogLayout.setSpacing(10)
        self.phoneDialogLayout.setObjectName(u"phoneDialogLayout")
        self.phoneDialogIntroLabel = QLabel(PhoneCodeDialog)
        self.phoneDialogIntroLabel.setObjectName(u"phoneDialogIntroLabel")
        self.phoneDialogIntroLabel.setWordWrap(True)

        self.phoneDialogLayout.addWidget(self.phoneDialogIntroLabel)

        self.phoneNumberLabel = QLabel(PhoneCodeDialog)
        self.phoneNumberLabel.setObjectName(u"phoneNumberLabel")

        self.phoneDialogLayout.addWidget(self.phoneNumberLabel)

        self.smsRadio = QRadioButton(PhoneCodeDialog)
        self.smsRadio.setObjectName(u"smsRadio")
        self.smsRadio.setChecked(True)

        self.phoneDialogLayout.addWidget(self.smsRadio)

        self.voiceRadio = QRadioButton(PhoneCodeDialog)
        self.voiceRadio.setObjectName(u"voiceRadio")

        self.phoneDialogLayout.addWidget(self.voiceRadio)

        self.sendCodeButton = QPushButton(PhoneCodeDialog)
        self.sendCodeButton.setObjectName(u"sendCodeButton")

        self.phoneDialogLayout.addWidget(self.sendCodeButton)

        self.phoneAuthMessageLabel = QLabel(PhoneCodeDialog)
        self.phoneAuthMessageLabel.setObjectName(u"phoneAuthMessageLabel")
        self.phoneAuthMessageLabel.setWordWrap(True)

        self.phoneDialogLayout.addWidget(self.phoneAuthMessageLabel)

        self.phoneCodeLayout = QFormLayout()
        self.phoneCodeLayout.setObjectName(u"phoneCodeLayout")
        self.phoneCodeLabel = QLabel(PhoneCodeDialog)
        self.phoneCodeLabel.setObjectName(u"phoneCodeLabel")

        self.phoneCodeLayout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.phoneCodeLabel)

        self.phoneCodeEdit = QLineEdit(PhoneCodeDialog)
        self.phoneCodeEdit.setObjectName(u"phoneCodeEdit")
        self.phoneCodeEdit.setEnabled(False)
        self.phoneCodeEdit.setMaxLength(6)

        self.phoneCodeLayout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.phoneCodeEdit)


        self.phoneDialogLayout.addLayout(self.phoneCodeLayout)

        self.phoneDialogButtonsLayout = QHBoxLayout()
        self.phoneDialogButtonsLayout.setObjectName(u"phoneDialogButtonsLayout")
        self.phoneDialogButtonsSpacer = QSpacerItem(40, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.phoneDialogButtonsLayout.addItem(self.phoneDialogButtonsSpacer)

        self.phoneCodeCancelButton = QPushButton(PhoneCodeDialog)
        self.phoneCodeCancelButton.setObjectName(u"phoneCodeCancelButton")

        self.phoneDialogButtonsLayout.addWidget(self.phoneCodeCancelButton)

        self.phoneCodeSubmitButton = QPushButton(PhoneCodeDialog)
        self.phoneCodeSubmitButton.setObjectName(u"phoneCodeSubmitButton")
        self.phoneCodeSubmitButton.setEnabled(False)

        self.phoneDialogButtonsLayout.addWidget(self.phoneCodeSubmitButton)


        self.phoneDialogLayout.addLayout(self.phoneDialogButtonsLayout)

#if QT_CONFIG(shortcut)
        self.phoneCodeLabel.setBuddy(self.phoneCodeEdit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.smsRadio, self.voiceRadio)
        QWidget.setTabOrder(self.voiceRadio, self.sendCodeButton)
        QWidget.setTabOrder(self.sendCodeButton, self.phoneCodeEdit)
        QWidget.setTabOrder(self.phoneCodeEdit, self.phoneCodeCancelButton)
        QWidget.setTabOrder(self.phoneCodeCancelButton, self.phoneCodeSubmitButton)

        self.retranslateUi(PhoneCodeDialog)

        self.sendCodeButton.setDefault(True)


        QMetaObject.connectSlotsByName(PhoneCodeDialog)
    # setupUi

    def retranslateUi(self, PhoneCodeDialog):
        PhoneCodeDialog.setWindowTitle(QCoreApplication.translate("PhoneCodeDialog", u"Authenticate with your phone", None))
        self.phoneDialogIntroLabel.setText(QCoreApplication.translate("PhoneCodeDialog", u"How would you like to receive your one-time password code?", None))
        self.phoneNumberLabel.setText("")
        self.smsRadio.setText(QCoreApplication.translate("PhoneCodeDialog", u"SMS &text message", None))
        self.voiceRadio.setText(QCoreApplication.translate("PhoneCodeDialog", u"&Phone call", None))
        self.sendCodeButton.setText(QCoreApplication.translate("PhoneCodeDialog", u"&Send code", None))
        self.phoneAuthMessageLabel.setText("")
        self.phoneCodeLabel.setText(QCoreApplication.translate("PhoneCodeDialog", u"One-Time Password C&ode", None))
        self.phoneCodeEdit.setPlaceholderText(QCoreApplication.translate("PhoneCodeDialog", u"6 digits", None))
#if QT_CONFIG(accessibility)
        self.phoneCodeEdit.setAccessibleName(QCoreApplication.translate("PhoneCodeDialog", u"One-Time Password Code", None))
#endif // QT_CONFIG(accessibility)
        self.phoneCodeCancelButton.setText(QCoreApplication.translate("PhoneCodeDialog", u"&Cancel", None))
        self.phoneCodeSubmitButton.setText(QCoreApplication.translate("PhoneCodeDialog", u"S&ubmit", None))
    # retranslateUi

