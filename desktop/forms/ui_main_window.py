# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'main_window.ui'
##
## Created by: Qt User Interface Compiler version 6.11.3
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import QCoreApplication, QMetaObject, QSize
from PySide6.QtWidgets import QLabel, QStackedWidget, QVBoxLayout, QWidget

class Ui_MainWindow(object):
    def setupUi(self, MainWindow):
        if not MainWindow.objectName():
            MainWindow.setObjectName(u"MainWindow")
        MainWindow.resize(1100, 760)
        MainWindow.setMinimumSize(QSize(640, 420))
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

        MainWindow.setCentralWidget(self.centralWidget)

        self.retranslateUi(MainWindow)

        QMetaObject.connectSlotsByName(MainWindow)
    # setupUi

    def retranslateUi(self, MainWindow):
        MainWindow.setWindowTitle(QCoreApplication.translate("MainWindow", u"iCoreRx", None))
        self.demoBannerLabel.setText("")
#if QT_CONFIG(accessibility)
        self.demoBannerLabel.setAccessibleName(QCoreApplication.translate("MainWindow", u"Demo workstation", None))
#endif // QT_CONFIG(accessibility)
    # retranslateUi

