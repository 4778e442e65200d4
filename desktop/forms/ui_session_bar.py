# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'session_bar.ui'
##
## Created by: Qt User Interface Compiler version 6.11.3
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import QCoreApplication, QMetaObject
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton

class Ui_SessionBar(object):
    def setupUi(self, sessionBar):
        if not sessionBar.objectName():
            sessionBar.setObjectName(u"sessionBar")
        self.sessionBarLayout = QHBoxLayout(sessionBar)
        self.sessionBarLayout.setSpacing(8)
        self.sessionBarLayout.setObjectName(u"sessionBarLayout")
        self.sessionBarLayout.setContentsMargins(0, 0, 4, 0)
        self.signedInLabel = QLabel(sessionBar)
        self.signedInLabel.setObjectName(u"signedInLabel")

        self.sessionBarLayout.addWidget(self.signedInLabel)

        self.signOutButton = QPushButton(sessionBar)
        self.signOutButton.setObjectName(u"signOutButton")
        self.signOutButton.setAutoDefault(True)

        self.sessionBarLayout.addWidget(self.signOutButton)


        self.retranslateUi(sessionBar)

        QMetaObject.connectSlotsByName(sessionBar)
    # setupUi

    def retranslateUi(self, sessionBar):
        self.signedInLabel.setText(QCoreApplication.translate("SessionBar", u"Not signed in", None))
        self.signOutButton.setText(QCoreApplication.translate("SessionBar", u"Sign &out", None))
#if QT_CONFIG(tooltip)
        self.signOutButton.setToolTip(QCoreApplication.translate("SessionBar", u"Sign out, so the next person signs in as themselves", None))
#endif // QT_CONFIG(tooltip)
        pass
    # retranslateUi

