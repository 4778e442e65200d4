# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'sync_help.ui'
##
## Created by: Qt User Interface Compiler version 6.11.3
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import QCoreApplication, QMetaObject, QSize
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QSizePolicy, QSpacerItem, QTextBrowser, QVBoxLayout, QWidget

class Ui_SyncHelpDialog(object):
    def setupUi(self, SyncHelpDialog):
        if not SyncHelpDialog.objectName():
            SyncHelpDialog.setObjectName(u"SyncHelpDialog")
        SyncHelpDialog.resize(560, 640)
        SyncHelpDialog.setMinimumSize(QSize(460, 320))
        self.syncHelpLayout = QVBoxLayout(SyncHelpDialog)
        self.syncHelpLayout.setSpacing(10)
        self.syncHelpLayout.setObjectName(u"syncHelpLayout")
        self.syncHelpText = QTextBrowser(SyncHelpDialog)
        self.syncHelpText.setObjectName(u"syncHelpText")
        self.syncHelpText.setOpenExternalLinks(False)
        self.syncHelpText.setTabChangesFocus(True)

        self.syncHelpLayout.addWidget(self.syncHelpText)

        self.syncHelpButtonsLayout = QHBoxLayout()
        self.syncHelpButtonsLayout.setObjectName(u"syncHelpButtonsLayout")
        self.syncHelpButtonsSpacer = QSpacerItem(40, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.syncHelpButtonsLayout.addItem(self.syncHelpButtonsSpacer)

        self.syncHelpCloseButton = QPushButton(SyncHelpDialog)
        self.syncHelpCloseButton.setObjectName(u"syncHelpCloseButton")

        self.syncHelpButtonsLayout.addWidget(self.syncHelpCloseButton)


        self.syncHelpLayout.addLayout(self.syncHelpButtonsLayout)

        QWidget.setTabOrder(self.syncHelpText, self.syncHelpCloseButton)

        self.retranslateUi(SyncHelpDialog)

        self.syncHelpCloseButton.setDefault(True)


        QMetaObject.connectSlotsByName(SyncHelpDialog)
    # setupUi

    def retranslateUi(self, SyncHelpDialog):
        SyncHelpDialog.setWindowTitle(QCoreApplication.translate("SyncHelpDialog", u"How to sync your token", None))
#if QT_CONFIG(accessibility)
        self.syncHelpText.setAccessibleName(QCoreApplication.translate("SyncHelpDialog", u"How to sync your token, step by step", None))
#endif // QT_CONFIG(accessibility)
        self.syncHelpCloseButton.setText(QCoreApplication.translate("SyncHelpDialog", u"&Close", None))
    # retranslateUi

