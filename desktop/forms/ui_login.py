# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'login.ui'
##
## Created by: Qt User Interface Compiler version 6.11.3
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import QCoreApplication, QMetaObject, QSize
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

class Ui_LoginForm(object):
    def setupUi(self, LoginForm):
        if not LoginForm.objectName():
            LoginForm.setObjectName(u"LoginForm")
        self.outerLayout = QGridLayout(LoginForm)
        self.outerLayout.setObjectName(u"outerLayout")
        self.loginCard = QFrame(LoginForm)
        self.loginCard.setObjectName(u"loginCard")
        self.loginCard.setMinimumSize(QSize(380, 0))
        self.loginCard.setMaximumSize(QSize(420, 16777215))
        self.loginCard.setFrameShape(QFrame.Shape.StyledPanel)
        self.cardLayout = QVBoxLayout(self.loginCard)
        self.cardLayout.setSpacing(10)
        self.cardLayout.setObjectName(u"cardLayout")
        self.cardLayout.setContentsMargins(28, 24, 28, 24)
        self.titleLabel = QLabel(self.loginCard)
        self.titleLabel.setObjectName(u"titleLabel")

        self.cardLayout.addWidget(self.titleLabel)

        self.subtitleLabel = QLabel(self.loginCard)
        self.subtitleLabel.setObjectName(u"subtitleLabel")
        self.subtitleLabel.setWordWrap(True)

        self.cardLayout.addWidget(self.subtitleLabel)

        self.credentialsLayout = QGridLayout()
        self.credentialsLayout.setObjectName(u"credentialsLayout")
        self.usernameLabel = QLabel(self.loginCard)
        self.usernameLabel.setObjectName(u"usernameLabel")

        self.credentialsLayout.addWidget(self.usernameLabel, 0, 0, 1, 1)

        self.usernameEdit = QLineEdit(self.loginCard)
        self.usernameEdit.setObjectName(u"usernameEdit")
        self.usernameEdit.setMaxLength(64)

        self.credentialsLayout.addWidget(self.usernameEdit, 0, 1, 1, 1)

        self.passwordLabel = QLabel(self.loginCard)
        self.passwordLabel.setObjectName(u"passwordLabel")

        self.credentialsLayout.addWidget(self.passwordLabel, 1, 0, 1, 1)

        self.passwordEdit = QLineEdit(self.loginCard)
        self.passwordEdit.setObjectName(u"passwordEdit")
        self.passwordEdit.setMaxLength(256)
        self.passwordEdit.setEchoMode(QLineEdit.EchoMode.Password)

        self.credentialsLayout.addWidget(self.passwordEdit, 1, 1, 1, 1)

        self.credentialsLayout.setColumnStretch(1, 1)

        self.cardLayout.addLayout(self.credentialsLayout)

        self.loginErrorLabel = QLabel(self.loginCard)
        self.loginErrorLabel.setObjectName(u"loginErrorLabel")
        self.loginErrorLabel.setWordWrap(True)

        self.cardLayout.addWidget(self.loginErrorLabel)

        self.loginButton = QPushButton(self.loginCard)
        self.loginButton.setObjectName(u"loginButton")

        self.cardLayout.addWidget(self.loginButton)

        self.demoHintLabel = QLabel(self.loginCard)
        self.demoHintLabel.setObjectName(u"demoHintLabel")
        self.demoHintLabel.setWordWrap(True)

        self.cardLayout.addWidget(self.demoHintLabel)


        self.outerLayout.addWidget(self.loginCard, 1, 1, 1, 1)

        self.outerLayout.setRowStretch(0, 1)
        self.outerLayout.setRowStretch(2, 1)
        self.outerLayout.setColumnStretch(0, 1)
        self.outerLayout.setColumnStretch(2, 1)
#if QT_CONFIG(shortcut)
        self.usernameLabel.setBuddy(self.usernameEdit)
        self.passwordLabel.setBuddy(self.passwordEdit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.usernameEdit, self.passwordEdit)
        QWidget.setTabOrder(self.passwordEdit, self.loginButton)

        self.retranslateUi(LoginForm)

        self.loginButton.setDefault(True)


        QMetaObject.connectSlotsByName(LoginForm)
    # setupUi

    def retranslateUi(self, LoginForm):
        LoginForm.setWindowTitle(QCoreApplication.translate("LoginForm", u"Sign in", None))
        self.titleLabel.setText(QCoreApplication.translate("LoginForm", u"iCoreRx", None))
        self.subtitleLabel.setText(QCoreApplication.translate("LoginForm", u"Sign in to write prescriptions and manage your EPCS token.", None))
        self.usernameLabel.setText(QCoreApplication.translate("LoginForm", u"&Username", None))
#if QT_CONFIG(accessibility)
        self.usernameEdit.setAccessibleName(QCoreApplication.translate("LoginForm", u"Username", None))
#endif // QT_CONFIG(accessibility)
        self.passwordLabel.setText(QCoreApplication.translate("LoginForm", u"&Password", None))
#if QT_CONFIG(accessibility)
        self.passwordEdit.setAccessibleName(QCoreApplication.translate("LoginForm", u"Password", None))
#endif // QT_CONFIG(accessibility)
        self.loginErrorLabel.setText("")
#if QT_CONFIG(accessibility)
        self.loginErrorLabel.setAccessibleName(QCoreApplication.translate("LoginForm", u"Sign-in problem", None))
#endif // QT_CONFIG(accessibility)
        self.loginButton.setText(QCoreApplication.translate("LoginForm", u"&Sign in", None))
        self.demoHintLabel.setText("")
    # retranslateUi

