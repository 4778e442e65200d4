# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'demo_phone.ui'
##
## Created by: Qt User Interface Compiler version 6.11.3
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import QCoreApplication, QMetaObject, QSize
from PySide6.QtWidgets import QLabel, QListWidget, QVBoxLayout

class Ui_DemoPhoneDialog(object):
    def setupUi(self, DemoPhoneDialog):
        if not DemoPhoneDialog.objectName():
            DemoPhoneDialog.setObjectName(u"DemoPhoneDialog")
        DemoPhoneDialog.setMinimumSize(QSize(380, 320))
        self.demoPhoneLayout = QVBoxLayout(DemoPhoneDialog)
        self.demoPhoneLayout.setObjectName(u"demoPhoneLayout")
        self.demoPhoneIntroLabel = QLabel(DemoPhoneDialog)
        self.demoPhoneIntroLabel.setObjectName(u"demoPhoneIntroLabel")
        self.demoPhoneIntroLabel.setWordWrap(True)

        self.demoPhoneLayout.addWidget(self.demoPhoneIntroLabel)

        self.demoPhoneList = QListWidget(DemoPhoneDialog)
        self.demoPhoneList.setObjectName(u"demoPhoneList")
        self.demoPhoneList.setWordWrap(True)

        self.demoPhoneLayout.addWidget(self.demoPhoneList)

        self.demoPhoneStatusLabel = QLabel(DemoPhoneDialog)
        self.demoPhoneStatusLabel.setObjectName(u"demoPhoneStatusLabel")
        self.demoPhoneStatusLabel.setWordWrap(True)

        self.demoPhoneLayout.addWidget(self.demoPhoneStatusLabel)


        self.retranslateUi(DemoPhoneDialog)

        QMetaObject.connectSlotsByName(DemoPhoneDialog)
    # setupUi

    def retranslateUi(self, DemoPhoneDialog):
        DemoPhoneDialog.setWindowTitle(QCoreApplication.translate("DemoPhoneDialog", u"Demo phone", None))
        self.demoPhoneIntroLabel.setText(QCoreApplication.translate("DemoPhoneDialog", u"On a demo workstation, text messages and calls with codes arrive here instead of on a real phone. Newest first.", None))
#if QT_CONFIG(accessibility)
        self.demoPhoneList.setAccessibleName(QCoreApplication.translate("DemoPhoneDialog", u"Messages", None))
#endif // QT_CONFIG(accessibility)
        self.demoPhoneStatusLabel.setText("")
    # retranslateUi

