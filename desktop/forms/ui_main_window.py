# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'main_window.ui'
##
## Created by: Qt User Interface Compiler version 6.11.3
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import QCoreApplication, QMetaObject, QSize
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMenu, QMenuBar, QPushButton, QStackedWidget, QStatusBar, QVBoxLayout, QWidget

class Ui_MainWindow(object):
    def setupUi(self, MainWindow):
        if not MainWindow.objectName():
            MainWindow.setObjectName(u"MainWindow")
        MainWindow.resize(1100, 760)
        MainWindow.setMinimumSize(QSize(640, 420))
        self.signOutAction = QAction(MainWindow)
        self.signOutAction.setObjectName(u"signOutAction")
        self.signOutAction.setEnabled(False)
        self.peopleAction = QAction(MainWindow)
        self.peopleAction.setObjectName(u"peopleAction")
        self.peopleAction.setVisible(False)
        self.quitAction = QAction(MainWindow)
        self.quitAction.setObjectName(u"quitAction")
        self.tokenSimulatorAction = QAction(MainWindow)
        self.tokenSimulatorAction.setObjectName(u"tokenSimulatorAction")
        self.demoPhoneAction = QAction(MainWindow)
        self.demoPhoneAction.setObjectName(u"demoPhoneAction")
        self.syncHelpAction = QAction(MainWindow)
        self.syncHelpAction.setObjectName(u"syncHelpAction")
        self.supportAction = QAction(MainWindow)
        self.supportAction.setObjectName(u"supportAction")
        self.aboutAction = QAction(MainWindow)
        self.aboutAction.setObjectName(u"aboutAction")
        self.centralWidget = QWidget(MainWindow)
        self.centralWidget.setObjectName(u"centralWidget")
        self.centralLayout = QVBoxLayout(self.centralWidget)
        self.centralLayout.setObjectName(u"centralLayout")
        self.centralLayout.setContentsMargins(0, 0, 0, 0)
        self.demoBannerLabel = QLabel(self.centralWidget)
        self.demoBannerLabel.setObjectName(u"demoBannerLabel")
        self.demoBannerLabel.setWordWrap(True)

        self.centralLayout.addWidget(self.demoBannerLabel)

        self.mainStack = QStackedWidget(self.centralWidget)
        self.mainStack.setObjectName(u"mainStack")
        self.loginPage = QWidget()
        self.loginPage.setObjectName(u"loginPage")
        self.loginPageLayout = QVBoxLayout(self.loginPage)
        self.loginPageLayout.setObjectName(u"loginPageLayout")
        self.loginPageLayout.setContentsMargins(0, 0, 0, 0)
        self.mainStack.addWidget(self.loginPage)
        self.patientsPage = QWidget()
        self.patientsPage.setObjectName(u"patientsPage")
        self.patientsPageLayout = QVBoxLayout(self.patientsPage)
        self.patientsPageLayout.setObjectName(u"patientsPageLayout")
        self.patientsPageLayout.setContentsMargins(0, 0, 0, 0)
        self.mainStack.addWidget(self.patientsPage)
        self.composeRxPage = QWidget()
        self.composeRxPage.setObjectName(u"composeRxPage")
        self.composeRxPageLayout = QVBoxLayout(self.composeRxPage)
        self.composeRxPageLayout.setObjectName(u"composeRxPageLayout")
        self.composeRxPageLayout.setContentsMargins(0, 0, 0, 0)
        self.mainStack.addWidget(self.composeRxPage)
        self.setupPage = QWidget()
        self.setupPage.setObjectName(u"setupPage")
        self.setupPageLayout = QVBoxLayout(self.setupPage)
        self.setupPageLayout.setObjectName(u"setupPageLayout")
        self.setupPageLayout.setContentsMargins(0, 0, 0, 0)
        self.mainStack.addWidget(self.setupPage)
        self.changePasswordPage = QWidget()
        self.changePasswordPage.setObjectName(u"changePasswordPage")
        self.changePasswordPageLayout = QVBoxLayout(self.changePasswordPage)
        self.changePasswordPageLayout.setObjectName(u"changePasswordPageLayout")
        self.changePasswordPageLayout.setContentsMargins(0, 0, 0, 0)
        self.mainStack.addWidget(self.changePasswordPage)
        self.peopleMainPage = QWidget()
        self.peopleMainPage.setObjectName(u"peopleMainPage")
        self.peopleMainPageLayout = QVBoxLayout(self.peopleMainPage)
        self.peopleMainPageLayout.setObjectName(u"peopleMainPageLayout")
        self.peopleMainPageLayout.setContentsMargins(0, 0, 0, 0)
        self.mainStack.addWidget(self.peopleMainPage)

        self.centralLayout.addWidget(self.mainStack)

        self.sessionBar = QWidget(self.centralWidget)
        self.sessionBar.setObjectName(u"sessionBar")
        self.sessionBarLayout = QHBoxLayout(self.sessionBar)
        self.sessionBarLayout.setSpacing(8)
        self.sessionBarLayout.setObjectName(u"sessionBarLayout")
        self.sessionBarLayout.setContentsMargins(0, 0, 4, 0)
        self.signedInLabel = QLabel(self.sessionBar)
        self.signedInLabel.setObjectName(u"signedInLabel")

        self.sessionBarLayout.addWidget(self.signedInLabel)

        self.signOutButton = QPushButton(self.sessionBar)
        self.signOutButton.setObjectName(u"signOutButton")
        self.signOutButton.setAutoDefault(True)

        self.sessionBarLayout.addWidget(self.signOutButton)


        self.centralLayout.addWidget(self.sessionBar)

        MainWindow.setCentralWidget(self.centralWidget)
        self.menuBar = QMenuBar(MainWindow)
        self.menuBar.setObjectName(u"menuBar")
        self.fileMenu = QMenu(self.menuBar)
        self.fileMenu.setObjectName(u"fileMenu")
        self.helpMenu = QMenu(self.menuBar)
        self.helpMenu.setObjectName(u"helpMenu")
        self.demoMenu = QMenu(self.menuBar)
        self.demoMenu.setObjectName(u"demoMenu")
        MainWindow.setMenuBar(self.menuBar)
        self.statusBar = QStatusBar(MainWindow)
        self.statusBar.setObjectName(u"statusBar")
        MainWindow.setStatusBar(self.statusBar)

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

        self.retranslateUi(MainWindow)

        QMetaObject.connectSlotsByName(MainWindow)
    # setupUi

    def retranslateUi(self, MainWindow):
        MainWindow.setWindowTitle(QCoreApplication.translate("MainWindow", u"iCoreRx", None))
        self.signOutAction.setText(QCoreApplication.translate("MainWindow", u"Sign &out", None))
        self.peopleAction.setText(QCoreApplication.translate("MainWindow", u"&People\u2026", None))
        self.quitAction.setText(QCoreApplication.translate("MainWindow", u"&Quit", None))
        self.tokenSimulatorAction.setText(QCoreApplication.translate("MainWindow", u"Demo hardware &token\u2026", None))
        self.demoPhoneAction.setText(QCoreApplication.translate("MainWindow", u"Demo &phone (text messages and calls)\u2026", None))
        self.syncHelpAction.setText(QCoreApplication.translate("MainWindow", u"How to &sync your token\u2026", None))
        self.supportAction.setText(QCoreApplication.translate("MainWindow", u"Contact &support", None))
        self.aboutAction.setText(QCoreApplication.translate("MainWindow", u"&About iCoreRx", None))
        self.demoBannerLabel.setText("")
#if QT_CONFIG(accessibility)
        self.demoBannerLabel.setAccessibleName(QCoreApplication.translate("MainWindow", u"Demo workstation", None))
#endif // QT_CONFIG(accessibility)
        self.signedInLabel.setText(QCoreApplication.translate("MainWindow", u"Not signed in", None))
        self.signOutButton.setText(QCoreApplication.translate("MainWindow", u"Sign &out", None))
#if QT_CONFIG(tooltip)
        self.signOutButton.setToolTip(QCoreApplication.translate("MainWindow", u"Sign out, so the next person signs in as themselves", None))
#endif // QT_CONFIG(tooltip)
        self.fileMenu.setTitle(QCoreApplication.translate("MainWindow", u"&File", None))
        self.helpMenu.setTitle(QCoreApplication.translate("MainWindow", u"&Help", None))
        self.demoMenu.setTitle(QCoreApplication.translate("MainWindow", u"&Demo", None))
    # retranslateUi

