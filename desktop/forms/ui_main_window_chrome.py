# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'main_window_chrome.ui'
##
## Created by: Qt User Interface Compiler version 6.11.3
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import QCoreApplication, QMetaObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QMenuBar, QStatusBar

class Ui_MainWindowChrome(object):
    def setupUi(self, mainWindowChrome):
        if not mainWindowChrome.objectName():
            mainWindowChrome.setObjectName(u"mainWindowChrome")
        self.signOutAction = QAction(mainWindowChrome)
        self.signOutAction.setObjectName(u"signOutAction")
        self.signOutAction.setEnabled(False)
        self.peopleAction = QAction(mainWindowChrome)
        self.peopleAction.setObjectName(u"peopleAction")
        self.peopleAction.setVisible(False)
        self.quitAction = QAction(mainWindowChrome)
        self.quitAction.setObjectName(u"quitAction")
        self.tokenSimulatorAction = QAction(mainWindowChrome)
        self.tokenSimulatorAction.setObjectName(u"tokenSimulatorAction")
        self.demoPhoneAction = QAction(mainWindowChrome)
        self.demoPhoneAction.setObjectName(u"demoPhoneAction")
        self.syncHelpAction = QAction(mainWindowChrome)
        self.syncHelpAction.setObjectName(u"syncHelpAction")
        self.supportAction = QAction(mainWindowChrome)
        self.supportAction.setObjectName(u"supportAction")
        self.aboutAction = QAction(mainWindowChrome)
        self.aboutAction.setObjectName(u"aboutAction")
        self.menuBar = QMenuBar(mainWindowChrome)
        self.menuBar.setObjectName(u"menuBar")
        self.fileMenu = QMenu(self.menuBar)
        self.fileMenu.setObjectName(u"fileMenu")
        self.helpMenu = QMenu(self.menuBar)
        self.helpMenu.setObjectName(u"helpMenu")
        self.demoMenu = QMenu(self.menuBar)
        self.demoMenu.setObjectName(u"demoMenu")
        mainWindowChrome.setMenuBar(self.menuBar)
        self.statusBar = QStatusBar(mainWindowChrome)
        self.statusBar.setObjectName(u"statusBar")
        mainWindowChrome.setStatusBar(self.statusBar)

        self.menuBar.addAction(self.fileMenu.menuAction())
        self.menuBar.addAction(self.demoMenu.menuAction())
        self.menuBar.addAction(self.helpMenu.menuAction())
        self.fileMenu.addAction(self.signOutAction)
        self.fileMenu.addAction(self.peopleAction)
        self.fileMenu.addSeparator()
        self.fileMenu.addAction(self.quitAction)
        self.helpMenu.addAction(self.syncHelpAction)
        self.helpMenu.addSeparator()
        self.helpMenu.addAction(self.supportAction)
        self.helpMenu.addAction(self.aboutAction)
        self.demoMenu.addAction(self.tokenSimulatorAction)
        self.demoMenu.addAction(self.demoPhoneAction)

        self.retranslateUi(mainWindowChrome)

        QMetaObject.connectSlotsByName(mainWindowChrome)
    # setupUi

    def retranslateUi(self, mainWindowChrome):
        self.signOutAction.setText(QCoreApplication.translate("MainWindowChrome", u"Sign &out", None))
        self.peopleAction.setText(QCoreApplication.translate("MainWindowChrome", u"&People\u2026", None))
        self.quitAction.setText(QCoreApplication.translate("MainWindowChrome", u"&Quit", None))
        self.tokenSimulatorAction.setText(QCoreApplication.translate("MainWindowChrome", u"Demo hardware &token\u2026", None))
        self.demoPhoneAction.setText(QCoreApplication.translate("MainWindowChrome", u"Demo &phone (text messages and calls)\u2026", None))
        self.syncHelpAction.setText(QCoreApplication.translate("MainWindowChrome", u"How to &sync your token\u2026", None))
        self.supportAction.setText(QCoreApplication.translate("MainWindowChrome", u"Contact &support", None))
        self.aboutAction.setText(QCoreApplication.translate("MainWindowChrome", u"&About iCoreRx", None))
        self.fileMenu.setTitle(QCoreApplication.translate("MainWindowChrome", u"&File", None))
        self.helpMenu.setTitle(QCoreApplication.translate("MainWindowChrome", u"&Help", None))
        self.demoMenu.setTitle(QCoreApplication.translate("MainWindowChrome", u"&Demo", None))
        pass
    # retranslateUi

