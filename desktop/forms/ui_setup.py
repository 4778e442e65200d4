# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'setup.ui'
##
## Created by: Qt User Interface Compiler version 6.11.3
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import QCoreApplication, QMetaObject, QSize
from PySide6.QtWidgets import QFormLayout, QFrame, QGridLayout, QGroupBox, QLabel, QLineEdit, QPushButton, QSizePolicy, QSpacerItem, QVBoxLayout, QWidget

class Ui_SetupForm(object):
    def setupUi(self, SetupForm):
        if not SetupForm.objectName():
            SetupForm.setObjectName(u"SetupForm")
        self.setupOuterLayout = QGridLayout(SetupForm)
        self.setupOuterLayout.setObjectName(u"setupOuterLayout")
        self.setupTopSpacer = QSpacerItem(20, 20, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.setupOuterLayout.addItem(self.setupTopSpacer, 0, 1, 1, 1)

        self.setupLeftSpacer = QSpacerItem(40, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.setupOuterLayout.addItem(self.setupLeftSpacer, 1, 0, 1, 1)

        self.setupCard = QFrame(SetupForm)
        self.setupCard.setObjectName(u"setupCard")
        self.setupCard.setMinimumSize(QSize(560, 0))
        self.setupCard.setMaximumSize(QSize(640, 16777215))
        self.setupCard.setFrameShape(QFrame.Shape.StyledPanel)
        self.setupCardLayout = QVBoxLayout(self.setupCard)
        self.setupCardLayout.setSpacing(10)
        self.setupCardLayout.setObjectName(u"setupCardLayout")
        self.setupCardLayout.setContentsMargins(28, 20, 28, 20)
        self.setupTitleLabel = QLabel(self.setupCard)
        self.setupTitleLabel.setObjectName(u"setupTitleLabel")

        self.setupCardLayout.addWidget(self.setupTitleLabel)

        self.setupIntroLabel = QLabel(self.setupCard)
        self.setupIntroLabel.setObjectName(u"setupIntroLabel")
        self.setupIntroLabel.setWordWrap(True)

        self.setupCardLayout.addWidget(self.setupIntroLabel)

        self.setupPracticeGroup = QGroupBox(self.setupCard)
        self.setupPracticeGroup.setObjectName(u"setupPracticeGroup")
        self.setupPracticeLayout = QFormLayout(self.setupPracticeGroup)
        self.setupPracticeLayout.setObjectName(u"setupPracticeLayout")
        self.setupPracticeNameLabel = QLabel(self.setupPracticeGroup)
        self.setupPracticeNameLabel.setObjectName(u"setupPracticeNameLabel")

        self.setupPracticeLayout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.setupPracticeNameLabel)

        self.setupPracticeNameEdit = QLineEdit(self.setupPracticeGroup)
        self.setupPracticeNameEdit.setObjectName(u"setupPracticeNameEdit")
        self.setupPracticeNameEdit.setMaxLength(100)

        self.setupPracticeLayout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.setupPracticeNameEdit)

        self.setupPracticeNameHint = QLabel(self.setupPracticeGroup)
        self.setupPracticeNameHint.setObjectName(u"setupPracticeNameHint")
        self.setupPracticeNameHint.setWordWrap(True)

        self.setupPracticeLayout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.setupPracticeNameHint)

        self.setupAddressLabel = QLabel(self.setupPracticeGroup)
        self.setupAddressLabel.setObjectName(u"setupAddressLabel")

        self.setupPracticeLayout.setWidget(2, QFormLayout.ItemRole.LabelRole, self.setupAddressLabel)

        self.setupAddressEdit = QLineEdit(self.setupPracticeGroup)
        self.setupAddressEdit.setObjectName(u"setupAddressEdit")
        self.setupAddressEdit.setMaxLength(200)

        self.setupPracticeLayout.setWidget(2, QFormLayout.ItemRole.FieldRole, self.setupAddressEdit)

        self.setupAddressHint = QLabel(self.setupPracticeGroup)
        self.setupAddressHint.setObjectName(u"setupAddressHint")
        self.setupAddressHint.setWordWrap(True)

        self.setupPracticeLayout.setWidget(3, QFormLayout.ItemRole.FieldRole, self.setupAddressHint)


        self.setupCardLayout.addWidget(self.setupPracticeGroup)

        self.setupAdminGroup = QGroupBox(self.setupCard)
        self.setupAdminGroup.setObjectName(u"setupAdminGroup")
        self.setupAdminLayout = QFormLayout(self.setupAdminGroup)
        self.setupAdminLayout.setObjectName(u"setupAdminLayout")
        self.setupAdminNameLabel = QLabel(self.setupAdminGroup)
        self.setupAdminNameLabel.setObjectName(u"setupAdminNameLabel")

        self.setupAdminLayout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.setupAdminNameLabel)

        self.setupAdminNameEdit = QLineEdit(self.setupAdminGroup)
        self.setupAdminNameEdit.setObjectName(u"setupAdminNameEdit")
        self.setupAdminNameEdit.setMaxLength(100)

        self.setupAdminLayout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.setupAdminNameEdit)

        self.setupAdminNameHint = QLabel(self.setupAdminGroup)
        self.setupAdminNameHint.setObjectName(u"setupAdminNameHint")
        self.setupAdminNameHint.setWordWrap(True)

        self.setupAdminLayout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.setupAdminNameHint)

        self.setupAdminUsernameLabel = QLabel(self.setupAdminGroup)
        self.setupAdminUsernameLabel.setObjectName(u"setupAdminUsernameLabel")

        self.setupAdminLayout.setWidget(2, QFormLayout.ItemRole.LabelRole, self.setupAdminUsernameLabel)

        self.setupAdminUsernameEdit = QLineEdit(self.setupAdminGroup)
        self.setupAdminUsernameEdit.setObjectName(u"setupAdminUsernameEdit")
        self.setupAdminUsernameEdit.setMaxLength(32)

        self.setupAdminLayout.setWidget(2, QFormLayout.ItemRole.FieldRole, self.setupAdminUsernameEdit)

        self.setupAdminUsernameHint = QLabel(self.setupAdminGroup)
        self.setupAdminUsernameHint.setObjectName(u"setupAdminUsernameHint")
        self.setupAdminUsernameHint.setWordWrap(True)

        self.setupAdminLayout.setWidget(3, QFormLayout.ItemRole.FieldRole, self.setupAdminUsernameHint)

        self.setupPasswordLabel = QLabel(self.setupAdminGroup)
        self.setupPasswordLabel.setObjectName(u"setupPasswordLabel")

        self.setupAdminLayout.setWidget(4, QFormLayout.ItemRole.LabelRole, self.setupPasswordLabel)

        self.setupPasswordEdit = QLineEdit(self.setupAdminGroup)
        self.setupPasswordEdit.setObjectName(u"setupPasswordEdit")
        self.setupPasswordEdit.setMaxLength(256)
        self.setupPasswordEdit.setEchoMode(QLineEdit.EchoMode.Password)

        self.setupAdminLayout.setWidget(4, QFormLayout.ItemRole.FieldRole, self.setupPasswordEdit)

        self.setupPasswordHint = QLabel(self.setupAdminGroup)
        self.setupPasswordHint.setObjectName(u"setupPasswordHint")
        self.setupPasswordHint.setWordWrap(True)

        self.setupAdminLayout.setWidget(5, QFormLayout.ItemRole.FieldRole, self.setupPasswordHint)

        self.setupPasswordRepeatLabel = QLabel(self.setupAdminGroup)
        self.setupPasswordRepeatLabel.setObjectName(u"setupPasswordRepeatLabel")

        self.setupAdminLayout.setWidget(6, QFormLayout.ItemRole.LabelRole, self.setupPasswordRepeatLabel)

        self.setupPasswordRepeatEdit = QLineEdit(self.setupAdminGroup)
        self.setupPasswordRepeatEdit.setObjectName(u"setupPasswordRepeatEdit")
        self.setupPasswordRepeatEdit.setMaxLength(256)
        self.setupPasswordRepeatEdit.setEchoMode(QLineEdit.EchoMode.Password)

        self.setupAdminLayout.setWidget(6, QFormLayout.ItemRole.FieldRole, self.setupPasswordRepeatEdit)

        self.setupPasswordRepeatHint = QLabel(self.setupAdminGroup)
        self.setupPasswordRepeatHint.setObjectName(u"setupPasswordRepeatHint")
        self.setupPasswordRepeatHint.setWordWrap(True)

        self.setupAdminLayout.setWidget(7, QFormLayout.ItemRole.FieldRole, self.setupPasswordRepeatHint)


        self.setupCardLayout.addWidget(self.setupAdminGroup)

        self.setupPasswordRulesLabel = QLabel(self.setupCard)
        self.setupPasswordRulesLabel.setObjectName(u"setupPasswordRulesLabel")
        self.setupPasswordRulesLabel.setWordWrap(True)

        self.setupCardLayout.addWidget(self.setupPasswordRulesLabel)

        self.setupNextLabel = QLabel(self.setupCard)
        self.setupNextLabel.setObjectName(u"setupNextLabel")
        self.setupNextLabel.setWordWrap(True)

        self.setupCardLayout.addWidget(self.setupNextLabel)

        self.setupErrorLabel = QLabel(self.setupCard)
        self.setupErrorLabel.setObjectName(u"setupErrorLabel")
        self.setupErrorLabel.setWordWrap(True)

        self.setupCardLayout.addWidget(self.setupErrorLabel)

        self.setupFinishButton = QPushButton(self.setupCard)
        self.setupFinishButton.setObjectName(u"setupFinishButton")

        self.setupCardLayout.addWidget(self.setupFinishButton)


        self.setupOuterLayout.addWidget(self.setupCard, 1, 1, 1, 1)

        self.setupRightSpacer = QSpacerItem(40, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.setupOuterLayout.addItem(self.setupRightSpacer, 1, 2, 1, 1)

        self.setupBottomSpacer = QSpacerItem(20, 20, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.setupOuterLayout.addItem(self.setupBottomSpacer, 2, 1, 1, 1)

#if QT_CONFIG(shortcut)
        self.setupPracticeNameLabel.setBuddy(self.setupPracticeNameEdit)
        self.setupAddressLabel.setBuddy(self.setupAddressEdit)
        self.setupAdminNameLabel.setBuddy(self.setupAdminNameEdit)
        self.setupAdminUsernameLabel.setBuddy(self.setupAdminUsernameEdit)
        self.setupPasswordLabel.setBuddy(self.setupPasswordEdit)
        self.setupPasswordRepeatLabel.setBuddy(self.setupPasswordRepeatEdit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.setupPracticeNameEdit, self.setupAddressEdit)
        QWidget.setTabOrder(self.setupAddressEdit, self.setupAdminNameEdit)
        QWidget.setTabOrder(self.setupAdminNameEdit, self.setupAdminUsernameEdit)
        QWidget.setTabOrder(self.setupAdminUsernameEdit, self.setupPasswordEdit)
        QWidget.setTabOrder(self.setupPasswordEdit, self.setupPasswordRepeatEdit)
        QWidget.setTabOrder(self.setupPasswordRepeatEdit, self.setupFinishButton)

        self.retranslateUi(SetupForm)

        self.setupFinishButton.setDefault(True)


        QMetaObject.connectSlotsByName(SetupForm)
    # setupUi

    def retranslateUi(self, SetupForm):
        SetupForm.setWindowTitle(QCoreApplication.translate("SetupForm", u"Set up iCoreRx", None))
        self.setupTitleLabel.setText(QCoreApplication.translate("SetupForm", u"Set up iCoreRx for your practice", None))
        self.setupIntroLabel.setText(QCoreApplication.translate("SetupForm", u"Nobody uses this workstation yet. Name the practice and its DEA-registered location, then create the first practice administrator: you. Next you add the people who work here.", None))
        self.setupPracticeGroup.setTitle(QCoreApplication.translate("SetupForm", u"1. The practice", None))
        self.setupPracticeNameLabel.setText(QCoreApplication.translate("SetupForm", u"Practice &name", None))
#if QT_CONFIG(accessibility)
        self.setupPracticeNameEdit.setAccessibleName(QCoreApplication.translate("SetupForm", u"Practice name", None))
#endif // QT_CONFIG(accessibility)
        self.setupPracticeNameEdit.setPlaceholderText(QCoreApplication.translate("SetupForm", u"e.g. Oak Street Family Medicine", None))
        self.setupPracticeNameHint.setText("")
        self.setupAddressLabel.setText(QCoreApplication.translate("SetupForm", u"DEA-registered &location", None))
#if QT_CONFIG(accessibility)
        self.setupAddressEdit.setAccessibleName(QCoreApplication.translate("SetupForm", u"DEA-registered location", None))
#endif // QT_CONFIG(accessibility)
        self.setupAddressEdit.setPlaceholderText(QCoreApplication.translate("SetupForm", u"Street, city, state and ZIP, as on the DEA registration", None))
        self.setupAddressHint.setText("")
        self.setupAdminGroup.setTitle(QCoreApplication.translate("SetupForm", u"2. The first practice administrator", None))
        self.setupAdminNameLabel.setText(QCoreApplication.translate("SetupForm", u"Your &name", None))
#if QT_CONFIG(accessibility)
        self.setupAdminNameEdit.setAccessibleName(QCoreApplication.translate("SetupForm", u"Administrator's name", None))
#endif // QT_CONFIG(accessibility)
        self.setupAdminNameEdit.setPlaceholderText(QCoreApplication.translate("SetupForm", u"As it should appear on screen and in the audit log", None))
        self.setupAdminNameHint.setText("")
        self.setupAdminUsernameLabel.setText(QCoreApplication.translate("SetupForm", u"&Username", None))
#if QT_CONFIG(accessibility)
        self.setupAdminUsernameEdit.setAccessibleName(QCoreApplication.translate("SetupForm", u"Administrator's username", None))
#endif // QT_CONFIG(accessibility)
        self.setupAdminUsernameEdit.setPlaceholderText(QCoreApplication.translate("SetupForm", u"e.g. pmorgan", None))
        self.setupAdminUsernameHint.setText("")
        self.setupPasswordLabel.setText(QCoreApplication.translate("SetupForm", u"&Password", None))
#if QT_CONFIG(accessibility)
        self.setupPasswordEdit.setAccessibleName(QCoreApplication.translate("SetupForm", u"Password", None))
#endif // QT_CONFIG(accessibility)
        self.setupPasswordHint.setText("")
        self.setupPasswordRepeatLabel.setText(QCoreApplication.translate("SetupForm", u"The password &again", None))
#if QT_CONFIG(accessibility)
        self.setupPasswordRepeatEdit.setAccessibleName(QCoreApplication.translate("SetupForm", u"Password again", None))
#endif // QT_CONFIG(accessibility)
        self.setupPasswordRepeatHint.setText("")
        self.setupPasswordRulesLabel.setText(QCoreApplication.translate("SetupForm", u"Passwords: at least 8 characters; no digits or symbols are required, and spaces are fine. Common and breached passwords are refused. A few unrelated words make a strong one.", None))
        self.setupNextLabel.setText(QCoreApplication.translate("SetupForm", u"3. Then: add the people who work here (prescribers, staff, other administrators).", None))
        self.setupErrorLabel.setText("")
#if QT_CONFIG(accessibility)
        self.setupErrorLabel.setAccessibleName(QCoreApplication.translate("SetupForm", u"Setup problem", None))
#endif // QT_CONFIG(accessibility)
        self.setupFinishButton.setText(QCoreApplication.translate("SetupForm", u"Finish and add people", None))
    # retranslateUi

