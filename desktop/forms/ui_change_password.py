# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'change_password.ui'
##
## Created by: Qt User Interface Compiler version 6.11.3
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import QCoreApplication, QMetaObject, QSize
from PySide6.QtWidgets import QFormLayout, QFrame, QGridLayout, QLabel, QLineEdit, QPushButton, QSizePolicy, QSpacerItem, QVBoxLayout, QWidget

class Ui_ChangePasswordForm(object):
    def setupUi(self, ChangePasswordForm):
        if not ChangePasswordForm.objectName():
            ChangePasswordForm.setObjectName(u"ChangePasswordForm")
        self.changePasswordOuterLayout = QGridLayout(ChangePasswordForm)
        self.changePasswordOuterLayout.setObjectName(u"changePasswordOuterLayout")
        self.changePasswordTopSpacer = QSpacerItem(20, 40, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.changePasswordOuterLayout.addItem(self.changePasswordTopSpacer, 0, 1, 1, 1)

        self.changePasswordLeftSpacer = QSpacerItem(40, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.changePasswordOuterLayout.addItem(self.changePasswordLeftSpacer, 1, 0, 1, 1)

        self.changePasswordCard = QFrame(ChangePasswordForm)
        self.changePasswordCard.setObjectName(u"changePasswordCard")
        self.changePasswordCard.setMinimumSize(QSize(460, 0))
        self.changePasswordCard.setMaximumSize(QSize(540, 16777215))
        self.changePasswordCard.setFrameShape(QFrame.Shape.StyledPanel)
        self.changePasswordCardLayout = QVBoxLayout(self.changePasswordCard)
        self.changePasswordCardLayout.setSpacing(10)
        self.changePasswordCardLayout.setObjectName(u"changePasswordCardLayout")
        self.changePasswordCardLayout.setContentsMargins(28, 24, 28, 24)
        self.changePasswordTitleLabel = QLabel(self.changePasswordCard)
        self.changePasswordTitleLabel.setObjectName(u"changePasswordTitleLabel")

        self.changePasswordCardLayout.addWidget(self.changePasswordTitleLabel)

        self.changePasswordIntroLabel = QLabel(self.changePasswordCard)
        self.changePasswordIntroLabel.setObjectName(u"changePasswordIntroLabel")
        self.changePasswordIntroLabel.setWordWrap(True)

        self.changePasswordCardLayout.addWidget(self.changePasswordIntroLabel)

        self.changePasswordLayout = QFormLayout()
        self.changePasswordLayout.setObjectName(u"changePasswordLayout")
        self.newPasswordLabel = QLabel(self.changePasswordCard)
        self.newPasswordLabel.setObjectName(u"newPasswordLabel")

        self.changePasswordLayout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.newPasswordLabel)

        self.newPasswordEdit = QLineEdit(self.changePasswordCard)
        self.newPasswordEdit.setObjectName(u"newPasswordEdit")
        self.newPasswordEdit.setMaxLength(256)
        self.newPasswordEdit.setEchoMode(QLineEdit.EchoMode.Password)

        self.changePasswordLayout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.newPasswordEdit)

        self.newPasswordHint = QLabel(self.changePasswordCard)
        self.newPasswordHint.setObjectName(u"newPasswordHint")
        self.newPasswordHint.setWordWrap(True)

        self.changePasswordLayout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.newPasswordHint)

        self.newPasswordRepeatLabel = QLabel(self.changePasswordCard)
        self.newPasswordRepeatLabel.setObjectName(u"newPasswordRepeatLabel")

        self.changePasswordLayout.setWidget(2, QFormLayout.ItemRole.LabelRole, self.newPasswordRepeatLabel)

        self.newPasswordRepeatEdit = QLineEdit(self.changePasswordCard)
        self.newPasswordRepeatEdit.setObjectName(u"newPasswordRepeatEdit")
        self.newPasswordRepeatEdit.setMaxLength(256)
        self.newPasswordRepeatEdit.setEchoMode(QLineEdit.EchoMode.Password)

        self.changePasswordLayout.setWidget(2, QFormLayout.ItemRole.FieldRole, self.newPasswordRepeatEdit)

        self.newPasswordRepeatHint = QLabel(self.changePasswordCard)
        self.newPasswordRepeatHint.setObjectName(u"newPasswordRepeatHint")
        self.newPasswordRepeatHint.setWordWrap(True)

        self.changePasswordLayout.setWidget(3, QFormLayout.ItemRole.FieldRole, self.newPasswordRepeatHint)


        self.changePasswordCardLayout.addLayout(self.changePasswordLayout)

        self.changePasswordRulesLabel = QLabel(self.changePasswordCard)
        self.changePasswordRulesLabel.setObjectName(u"changePasswordRulesLabel")
        self.changePasswordRulesLabel.setWordWrap(True)

        self.changePasswordCardLayout.addWidget(self.changePasswordRulesLabel)

        self.changePasswordErrorLabel = QLabel(self.changePasswordCard)
        self.changePasswordErrorLabel.setObjectName(u"changePasswordErrorLabel")
        self.changePasswordErrorLabel.setWordWrap(True)

        self.changePasswordCardLayout.addWidget(self.changePasswordErrorLabel)

        self.changePasswordButton = QPushButton(self.changePasswordCard)
        self.changePasswordButton.setObjectName(u"changePasswordButton")

        self.changePasswordCardLayout.addWidget(self.changePasswordButton)


        self.changePasswordOuterLayout.addWidget(self.changePasswordCard, 1, 1, 1, 1)

        self.changePasswordRightSpacer = QSpacerItem(40, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.changePasswordOuterLayout.addItem(self.changePasswordRightSpacer, 1, 2, 1, 1)

        self.changePasswordBottomSpacer = QSpacerItem(20, 40, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.changePasswordOuterLayout.addItem(self.changePasswordBottomSpacer, 2, 1, 1, 1)

#if QT_CONFIG(shortcut)
        self.newPasswordLabel.setBuddy(self.newPasswordEdit)
        self.newPasswordRepeatLabel.setBuddy(self.newPasswordRepeatEdit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.newPasswordEdit, self.newPasswordRepeatEdit)
        QWidget.setTabOrder(self.newPasswordRepeatEdit, self.changePasswordButton)

        self.retranslateUi(ChangePasswordForm)

        self.changePasswordButton.setDefault(True)


        QMetaObject.connectSlotsByName(ChangePasswordForm)
    # setupUi

    def retranslateUi(self, ChangePasswordForm):
        ChangePasswordForm.setWindowTitle(QCoreApplication.translate("ChangePasswordForm", u"Choose your password", None))
        self.changePasswordTitleLabel.setText(QCoreApplication.translate("ChangePasswordForm", u"Choose your own password", None))
        self.changePasswordIntroLabel.setText("")
        self.newPasswordLabel.setText(QCoreApplication.translate("ChangePasswordForm", u"&New password", None))
#if QT_CONFIG(accessibility)
        self.newPasswordEdit.setAccessibleName(QCoreApplication.translate("ChangePasswordForm", u"New password", None))
#endif // QT_CONFIG(accessibility)
        self.newPasswordHint.setText("")
        self.newPasswordRepeatLabel.setText(QCoreApplication.translate("ChangePasswordForm", u"The new password &again", None))
#if QT_CONFIG(accessibility)
        self.newPasswordRepeatEdit.setAccessibleName(QCoreApplication.translate("ChangePasswordForm", u"New password again", None))
#endif // QT_CONFIG(accessibility)
        self.newPasswordRepeatHint.setText("")
        self.changePasswordRulesLabel.setText(QCoreApplication.translate("ChangePasswordForm", u"At least 8 characters; no digits or symbols are required, and spaces are fine. Common and breached passwords are refused. A few unrelated words make a strong one.", None))
        self.changePasswordErrorLabel.setText("")
#if QT_CONFIG(accessibility)
        self.changePasswordErrorLabel.setAccessibleName(QCoreApplication.translate("ChangePasswordForm", u"Password problem", None))
#endif // QT_CONFIG(accessibility)
        self.changePasswordButton.setText(QCoreApplication.translate("ChangePasswordForm", u"Save my password", None))
    # retranslateUi

