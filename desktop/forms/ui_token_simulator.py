# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'token_simulator.ui'
##
## Created by: Qt User Interface Compiler version 6.11.3
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import QCoreApplication, QMetaObject, QSize, Qt
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QPushButton, QVBoxLayout

class Ui_TokenSimulatorDialog(object):
    def setupUi(self, TokenSimulatorDialog):
        if not TokenSimulatorDialog.objectName():
            TokenSimulatorDialog.setObjectName(u"TokenSimulatorDialog")
        TokenSimulatorDialog.setMinimumSize(QSize(340, 0))
        self.simLayout = QVBoxLayout(TokenSimulatorDialog)
        self.simLayout.setSpacing(10)
        self.simLayout.setObjectName(u"simLayout")
        self.simIntroLabel = QLabel(TokenSimulatorDialog)
        self.simIntroLabel.setObjectName(u"simIntroLabel")
        self.simIntroLabel.setWordWrap(True)

        self.simLayout.addWidget(self.simIntroLabel)

        self.simFormLayout = QFormLayout()
        self.simFormLayout.setObjectName(u"simFormLayout")
        self.simSerialLabel = QLabel(TokenSimulatorDialog)
        self.simSerialLabel.setObjectName(u"simSerialLabel")

        self.simFormLayout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.simSerialLabel)

        self.simSerialCombo = QComboBox(TokenSimulatorDialog)
        self.simSerialCombo.setObjectName(u"simSerialCombo")

        self.simFormLayout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.simSerialCombo)


        self.simLayout.addLayout(self.simFormLayout)

        self.simDisplay = QLabel(TokenSimulatorDialog)
        self.simDisplay.setObjectName(u"simDisplay")
        self.simDisplay.setMinimumSize(QSize(0, 64))
        self.simDisplay.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.simDisplay.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.simLayout.addWidget(self.simDisplay)

        self.simHintLabel = QLabel(TokenSimulatorDialog)
        self.simHintLabel.setObjectName(u"simHintLabel")
        self.simHintLabel.setWordWrap(True)

        self.simLayout.addWidget(self.simHintLabel)

        self.simButton = QPushButton(TokenSimulatorDialog)
        self.simButton.setObjectName(u"simButton")

        self.simLayout.addWidget(self.simButton)

#if QT_CONFIG(shortcut)
        self.simSerialLabel.setBuddy(self.simSerialCombo)
#endif // QT_CONFIG(shortcut)

        self.retranslateUi(TokenSimulatorDialog)

        self.simButton.setDefault(True)


        QMetaObject.connectSlotsByName(TokenSimulatorDialog)
    # setupUi

    def retranslateUi(self, TokenSimulatorDialog):
        TokenSimulatorDialog.setWindowTitle(QCoreApplication.translate("TokenSimulatorDialog", u"Demo hardware token", None))
        self.simIntroLabel.setText(QCoreApplication.translate("TokenSimulatorDialog", u"A stand-in for the key-fob, for demo workstations. Pick a token, press its button, and type the code it shows.", None))
        self.simSerialLabel.setText(QCoreApplication.translate("TokenSimulatorDialog", u"&Serial on the back", None))
#if QT_CONFIG(accessibility)
        self.simSerialCombo.setAccessibleName(QCoreApplication.translate("TokenSimulatorDialog", u"Demo token serial", None))
#endif // QT_CONFIG(accessibility)
        self.simDisplay.setText("")
#if QT_CONFIG(accessibility)
        self.simDisplay.setAccessibleName(QCoreApplication.translate("TokenSimulatorDialog", u"Token display", None))
#endif // QT_CONFIG(accessibility)
        self.simHintLabel.setText("")
        self.simButton.setText(QCoreApplication.translate("TokenSimulatorDialog", u"&Press the token's button", None))
    # retranslateUi

