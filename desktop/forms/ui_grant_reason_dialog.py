# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'grant_reason_dialog.ui'
##
## Created by: Qt User Interface Compiler version 6.11.3
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import QCoreApplication, QMetaObject, QSize
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSizePolicy, QSpacerItem, QVBoxLayout

class Ui_GrantReasonDialog(object):
    def setupUi(self, GrantReasonDialog):
        if not GrantReasonDialog.objectName():
            GrantReasonDialog.setObjectName(u"GrantReasonDialog")
        GrantReasonDialog.setModal(True)
        GrantReasonDialog.setMinimumSize(QSize(460, 0))
        self.grantReasonLayout = QVBoxLayout(GrantReasonDialog)
        self.grantReasonLayout.setSpacing(10)
        self.grantReasonLayout.setObjectName(u"grantReasonLayout")
        self.grantReasonTitleLabel = QLabel(GrantReasonDialog)
        self.grantReasonTitleLabel.setObjectName(u"grantReasonTitleLabel")
        self.grantReasonTitleLabel.setWordWrap(True)

        self.grantReasonLayout.addWidget(self.grantReasonTitleLabel)

        self.grantReasonExplainLabel = QLabel(GrantReasonDialog)
        self.grantReasonExplainLabel.setObjectName(u"grantReasonExplainLabel")
        self.grantReasonExplainLabel.setWordWrap(True)

        self.grantReasonLayout.addWidget(self.grantReasonExplainLabel)

        self.grantReasonFormLayout = QFormLayout()
        self.grantReasonFormLayout.setObjectName(u"grantReasonFormLayout")
        self.grantReasonLabel = QLabel(GrantReasonDialog)
        self.grantReasonLabel.setObjectName(u"grantReasonLabel")

        self.grantReasonFormLayout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.grantReasonLabel)

        self.grantReasonEdit = QLineEdit(GrantReasonDialog)
        self.grantReasonEdit.setObjectName(u"grantReasonEdit")
        self.grantReasonEdit.setMaxLength(200)

        self.grantReasonFormLayout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.grantReasonEdit)


        self.grantReasonLayout.addLayout(self.grantReasonFormLayout)

        self.grantReasonButtonsLayout = QHBoxLayout()
        self.grantReasonButtonsLayout.setObjectName(u"grantReasonButtonsLayout")
        self.grantReasonButtonsSpacer = QSpacerItem(40, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.grantReasonButtonsLayout.addItem(self.grantReasonButtonsSpacer)

        self.grantReasonCancelButton = QPushButton(GrantReasonDialog)
        self.grantReasonCancelButton.setObjectName(u"grantReasonCancelButton")

        self.grantReasonButtonsLayout.addWidget(self.grantReasonCancelButton)

        self.grantReasonConfirmButton = QPushButton(GrantReasonDialog)
        self.grantReasonConfirmButton.setObjectName(u"grantReasonConfirmButton")
        self.grantReasonConfirmButton.setMinimumSize(QSize(140, 0))
        self.grantReasonConfirmButton.setEnabled(False)

        self.grantReasonButtonsLayout.addWidget(self.grantReasonConfirmButton)


        self.grantReasonLayout.addLayout(self.grantReasonButtonsLayout)

#if QT_CONFIG(shortcut)
        self.grantReasonLabel.setBuddy(self.grantReasonEdit)
#endif // QT_CONFIG(shortcut)

        self.retranslateUi(GrantReasonDialog)

        self.grantReasonConfirmButton.setDefault(True)


        QMetaObject.connectSlotsByName(GrantReasonDialog)
    # setupUi

    def retranslateUi(self, GrantReasonDialog):
        GrantReasonDialog.setWindowTitle(QCoreApplication.translate("GrantReasonDialog", u"EPCS permission", None))
        self.grantReasonTitleLabel.setText("")
        self.grantReasonExplainLabel.setText("")
        self.grantReasonLabel.setText(QCoreApplication.translate("GrantReasonDialog", u"&Reason", None))
#if QT_CONFIG(accessibility)
        self.grantReasonEdit.setAccessibleName(QCoreApplication.translate("GrantReasonDialog", u"Reason", None))
#endif // QT_CONFIG(accessibility)
        self.grantReasonCancelButton.setText(QCoreApplication.translate("GrantReasonDialog", u"Cancel", None))
        self.grantReasonConfirmButton.setText("")
    # retranslateUi

