# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'token_action_dialog.ui'
##
## Created by: Qt User Interface Compiler version 6.11.3
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import QCoreApplication, QMetaObject, QSize, Qt
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSizePolicy, QSpacerItem, QVBoxLayout

class Ui_TokenActionDialog(object):
    def setupUi(self, TokenActionDialog):
        if not TokenActionDialog.objectName():
            TokenActionDialog.setObjectName(u"TokenActionDialog")
        TokenActionDialog.setWindowModality(Qt.WindowModality.WindowModal)
        TokenActionDialog.setMinimumSize(QSize(440, 0))
        self.tokenActionLayout = QVBoxLayout(TokenActionDialog)
        self.tokenActionLayout.setSpacing(10)
        self.tokenActionLayout.setObjectName(u"tokenActionLayout")
        self.tokenActionTitleLabel = QLabel(TokenActionDialog)
        self.tokenActionTitleLabel.setObjectName(u"tokenActionTitleLabel")
        self.tokenActionTitleLabel.setWordWrap(True)

        self.tokenActionLayout.addWidget(self.tokenActionTitleLabel)

        self.tokenActionExplainLabel = QLabel(TokenActionDialog)
        self.tokenActionExplainLabel.setObjectName(u"tokenActionExplainLabel")
        self.tokenActionExplainLabel.setWordWrap(True)

        self.tokenActionLayout.addWidget(self.tokenActionExplainLabel)

        self.tokenReasonLayout = QFormLayout()
        self.tokenReasonLayout.setObjectName(u"tokenReasonLayout")
        self.tokenReasonLabel = QLabel(TokenActionDialog)
        self.tokenReasonLabel.setObjectName(u"tokenReasonLabel")

        self.tokenReasonLayout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.tokenReasonLabel)

        self.tokenReasonEdit = QLineEdit(TokenActionDialog)
        self.tokenReasonEdit.setObjectName(u"tokenReasonEdit")
        self.tokenReasonEdit.setMaxLength(200)

        self.tokenReasonLayout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.tokenReasonEdit)


        self.tokenActionLayout.addLayout(self.tokenReasonLayout)

        self.tokenActionButtonsLayout = QHBoxLayout()
        self.tokenActionButtonsLayout.setObjectName(u"tokenActionButtonsLayout")
        self.tokenActionButtonsSpacer = QSpacerItem(40, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.tokenActionButtonsLayout.addItem(self.tokenActionButtonsSpacer)

        self.tokenActionCancelButton = QPushButton(TokenActionDialog)
        self.tokenActionCancelButton.setObjectName(u"tokenActionCancelButton")

        self.tokenActionButtonsLayout.addWidget(self.tokenActionCancelButton)

        self.tokenActionConfirmButton = QPushButton(TokenActionDialog)
        self.tokenActionConfirmButton.setObjectName(u"tokenActionConfirmButton")
        self.tokenActionConfirmButton.setEnabled(False)

        self.tokenActionButtonsLayout.addWidget(self.tokenActionConfirmButton)


        self.tokenActionLayout.addLayout(self.tokenActionButtonsLayout)

#if QT_CONFIG(shortcut)
        self.tokenReasonLabel.setBuddy(self.tokenReasonEdit)
#endif // QT_CONFIG(shortcut)

        self.retranslateUi(TokenActionDialog)

        self.tokenActionConfirmButton.setDefault(True)


        QMetaObject.connectSlotsByName(TokenActionDialog)
    # setupUi

    def retranslateUi(self, TokenActionDialog):
        TokenActionDialog.setWindowTitle(QCoreApplication.translate("TokenActionDialog", u"Change token status", None))
        self.tokenActionTitleLabel.setText("")
        self.tokenActionExplainLabel.setText("")
        self.tokenReasonLabel.setText(QCoreApplication.translate("TokenActionDialog", u"&Reason", None))
#if QT_CONFIG(accessibility)
        self.tokenReasonEdit.setAccessibleName(QCoreApplication.translate("TokenActionDialog", u"Reason", None))
#endif // QT_CONFIG(accessibility)
        self.tokenActionCancelButton.setText(QCoreApplication.translate("TokenActionDialog", u"&Cancel", None))
        self.tokenActionConfirmButton.setText("")
    # retranslateUi

