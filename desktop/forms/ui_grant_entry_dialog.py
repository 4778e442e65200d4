# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'grant_entry_dialog.ui'
##
## Created by: Qt User Interface Compiler version 6.11.3
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import QCoreApplication, QMetaObject, QSize, Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QDateEdit, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSizePolicy, QSpacerItem, QVBoxLayout, QWidget

class Ui_GrantEntryDialog(object):
    def setupUi(self, GrantEntryDialog):
        if not GrantEntryDialog.objectName():
            GrantEntryDialog.setObjectName(u"GrantEntryDialog")
        GrantEntryDialog.setModal(True)
        GrantEntryDialog.setMinimumSize(QSize(560, 0))
        self.grantEntryLayout = QVBoxLayout(GrantEntryDialog)
        self.grantEntryLayout.setSpacing(10)
        self.grantEntryLayout.setObjectName(u"grantEntryLayout")
        self.grantEntryExplainLabel = QLabel(GrantEntryDialog)
        self.grantEntryExplainLabel.setObjectName(u"grantEntryExplainLabel")
        self.grantEntryExplainLabel.setWordWrap(True)

        self.grantEntryLayout.addWidget(self.grantEntryExplainLabel)

        self.grantEntryFormLayout = QFormLayout()
        self.grantEntryFormLayout.setObjectName(u"grantEntryFormLayout")
        self.grantPrescriberLabel = QLabel(GrantEntryDialog)
        self.grantPrescriberLabel.setObjectName(u"grantPrescriberLabel")

        self.grantEntryFormLayout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.grantPrescriberLabel)

        self.grantPrescriberCombo = QComboBox(GrantEntryDialog)
        self.grantPrescriberCombo.setObjectName(u"grantPrescriberCombo")

        self.grantEntryFormLayout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.grantPrescriberCombo)

        self.grantDeaCaptionLabel = QLabel(GrantEntryDialog)
        self.grantDeaCaptionLabel.setObjectName(u"grantDeaCaptionLabel")

        self.grantEntryFormLayout.setWidget(1, QFormLayout.ItemRole.LabelRole, self.grantDeaCaptionLabel)

        self.grantDeaLabel = QLabel(GrantEntryDialog)
        self.grantDeaLabel.setObjectName(u"grantDeaLabel")
        self.grantDeaLabel.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.grantEntryFormLayout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.grantDeaLabel)

        self.grantLicenceCaptionLabel = QLabel(GrantEntryDialog)
        self.grantLicenceCaptionLabel.setObjectName(u"grantLicenceCaptionLabel")

        self.grantEntryFormLayout.setWidget(2, QFormLayout.ItemRole.LabelRole, self.grantLicenceCaptionLabel)

        self.grantLicenceLabel = QLabel(GrantEntryDialog)
        self.grantLicenceLabel.setObjectName(u"grantLicenceLabel")
        self.grantLicenceLabel.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.grantEntryFormLayout.setWidget(2, QFormLayout.ItemRole.FieldRole, self.grantLicenceLabel)

        self.grantLicenceExpiryLabel = QLabel(GrantEntryDialog)
        self.grantLicenceExpiryLabel.setObjectName(u"grantLicenceExpiryLabel")

        self.grantEntryFormLayout.setWidget(3, QFormLayout.ItemRole.LabelRole, self.grantLicenceExpiryLabel)

        self.grantLicenceExpiryEdit = QDateEdit(GrantEntryDialog)
        self.grantLicenceExpiryEdit.setObjectName(u"grantLicenceExpiryEdit")
        self.grantLicenceExpiryEdit.setCalendarPopup(True)

        self.grantEntryFormLayout.setWidget(3, QFormLayout.ItemRole.FieldRole, self.grantLicenceExpiryEdit)

        self.grantProofedByLabel = QLabel(GrantEntryDialog)
        self.grantProofedByLabel.setObjectName(u"grantProofedByLabel")

        self.grantEntryFormLayout.setWidget(4, QFormLayout.ItemRole.LabelRole, self.grantProofedByLabel)

        self.grantProofedByEdit = QLineEdit(GrantEntryDialog)
        self.grantProofedByEdit.setObjectName(u"grantProofedByEdit")
        self.grantProofedByEdit.setMaxLength(120)

        self.grantEntryFormLayout.setWidget(4, QFormLayout.ItemRole.FieldRole, self.grantProofedByEdit)

        self.grantProofedOnLabel = QLabel(GrantEntryDialog)
        self.grantProofedOnLabel.setObjectName(u"grantProofedOnLabel")

        self.grantEntryFormLayout.setWidget(5, QFormLayout.ItemRole.LabelRole, self.grantProofedOnLabel)

        self.grantProofedOnEdit = QDateEdit(GrantEntryDialog)
        self.grantProofedOnEdit.setObjectName(u"grantProofedOnEdit")
        self.grantProofedOnEdit.setCalendarPopup(True)

        self.grantEntryFormLayout.setWidget(5, QFormLayout.ItemRole.FieldRole, self.grantProofedOnEdit)


        self.grantEntryLayout.addLayout(self.grantEntryFormLayout)

        self.grantCheckedBox = QCheckBox(GrantEntryDialog)
        self.grantCheckedBox.setObjectName(u"grantCheckedBox")

        self.grantEntryLayout.addWidget(self.grantCheckedBox)

        self.grantEntryErrorLabel = QLabel(GrantEntryDialog)
        self.grantEntryErrorLabel.setObjectName(u"grantEntryErrorLabel")
        self.grantEntryErrorLabel.setWordWrap(True)

        self.grantEntryLayout.addWidget(self.grantEntryErrorLabel)

        self.grantEntryButtonsLayout = QHBoxLayout()
        self.grantEntryButtonsLayout.setObjectName(u"grantEntryButtonsLayout")
        self.grantEntryButtonsSpacer = QSpacerItem(40, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.grantEntryButtonsLayout.addItem(self.grantEntryButtonsSpacer)

        self.grantEntryCancelButton = QPushButton(GrantEntryDialog)
        self.grantEntryCancelButton.setObjectName(u"grantEntryCancelButton")

        self.grantEntryButtonsLayout.addWidget(self.grantEntryCancelButton)

        self.grantEntryConfirmButton = QPushButton(GrantEntryDialog)
        self.grantEntryConfirmButton.setObjectName(u"grantEntryConfirmButton")
        self.grantEntryConfirmButton.setMinimumSize(QSize(140, 0))
        self.grantEntryConfirmButton.setEnabled(False)

        self.grantEntryButtonsLayout.addWidget(self.grantEntryConfirmButton)


        self.grantEntryLayout.addLayout(self.grantEntryButtonsLayout)

#if QT_CONFIG(shortcut)
        self.grantPrescriberLabel.setBuddy(self.grantPrescriberCombo)
        self.grantLicenceExpiryLabel.setBuddy(self.grantLicenceExpiryEdit)
        self.grantProofedByLabel.setBuddy(self.grantProofedByEdit)
        self.grantProofedOnLabel.setBuddy(self.grantProofedOnEdit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.grantPrescriberCombo, self.grantLicenceExpiryEdit)
        QWidget.setTabOrder(self.grantLicenceExpiryEdit, self.grantProofedByEdit)
        QWidget.setTabOrder(self.grantProofedByEdit, self.grantProofedOnEdit)
        QWidget.setTabOrder(self.grantProofedOnEdit, self.grantCheckedBox)
        QWidget.setTabOrder(self.grantCheckedBox, self.grantEntryConfirmButton)

        self.retranslateUi(GrantEntryDialog)

        self.grantEntryConfirmButton.setDefault(True)


        QMetaObject.connectSlotsByName(GrantEntryDialog)
    # setupUi

    def retranslateUi(self, GrantEntryDialog):
        GrantEntryDialog.setWindowTitle(QCoreApplication.translate("GrantEntryDialog", u"Enter EPCS permission", None))
        self.grantEntryExplainLabel.setText(QCoreApplication.translate("GrantEntryDialog", u"Step 1 of 2. Check the prescriber's DEA registration (DEA's registration validation) and state authorisation (the state board) are current, then record who proofed their identity. The permission takes effect when a second designated person, a DEA registrant, approves it with their token.", None))
        self.grantPrescriberLabel.setText(QCoreApplication.translate("GrantEntryDialog", u"&Prescriber", None))
#if QT_CONFIG(accessibility)
        self.grantPrescriberCombo.setAccessibleName(QCoreApplication.translate("GrantEntryDialog", u"Prescriber", None))
#endif // QT_CONFIG(accessibility)
        self.grantDeaCaptionLabel.setText(QCoreApplication.translate("GrantEntryDialog", u"DEA registration", None))
        self.grantDeaLabel.setText("")
        self.grantLicenceCaptionLabel.setText(QCoreApplication.translate("GrantEntryDialog", u"State authorisation", None))
        self.grantLicenceLabel.setText("")
        self.grantLicenceExpiryLabel.setText(QCoreApplication.translate("GrantEntryDialog", u"State authorisation &expires", None))
        self.grantLicenceExpiryEdit.setDisplayFormat(QCoreApplication.translate("GrantEntryDialog", u"MM/dd/yyyy", None))
#if QT_CONFIG(accessibility)
        self.grantLicenceExpiryEdit.setAccessibleName(QCoreApplication.translate("GrantEntryDialog", u"State authorisation expires", None))
#endif // QT_CONFIG(accessibility)
        self.grantProofedByLabel.setText(QCoreApplication.translate("GrantEntryDialog", u"Identity proofed &by", None))
        self.grantProofedByEdit.setPlaceholderText(QCoreApplication.translate("GrantEntryDialog", u"the credential service, e.g. Exostar", None))
#if QT_CONFIG(accessibility)
        self.grantProofedByEdit.setAccessibleName(QCoreApplication.translate("GrantEntryDialog", u"Credential service that proofed the identity", None))
#endif // QT_CONFIG(accessibility)
        self.grantProofedOnLabel.setText(QCoreApplication.translate("GrantEntryDialog", u"Identity proofed &on", None))
        self.grantProofedOnEdit.setDisplayFormat(QCoreApplication.translate("GrantEntryDialog", u"MM/dd/yyyy", None))
#if QT_CONFIG(accessibility)
        self.grantProofedOnEdit.setAccessibleName(QCoreApplication.translate("GrantEntryDialog", u"Date the identity was proofed", None))
#endif // QT_CONFIG(accessibility)
        self.grantCheckedBox.setText(QCoreApplication.translate("GrantEntryDialog", u"I checked that this DEA registration and state authorisation are current and in good standing.", None))
        self.grantEntryErrorLabel.setText("")
        self.grantEntryCancelButton.setText(QCoreApplication.translate("GrantEntryDialog", u"Cancel", None))
        self.grantEntryConfirmButton.setText(QCoreApplication.translate("GrantEntryDialog", u"Enter grant", None))
    # retranslateUi

