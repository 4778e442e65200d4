# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'compose_rx.ui'
##
## Created by: Qt User Interface Compiler version 6.12.0
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import QCoreApplication, QMetaObject, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QSpacerItem, QTabWidget, QVBoxLayout, QWidget

class Ui_ComposeRxForm(object):
    def setupUi(self, ComposeRxForm):
        if not ComposeRxForm.objectName():
            ComposeRxForm.setObjectName(u"ComposeRxForm")
        self.composeRxLayout = QVBoxLayout(ComposeRxForm)
        self.composeRxLayout.setSpacing(8)
        self.composeRxLayout.setObjectName(u"composeRxLayout")
        self.composeRxLayout.setContentsMargins(16, 12, 16, 12)
        self.patientBannerLayout = QHBoxLayout()
        self.patientBannerLayout.setObjectName(u"patientBannerLayout")
        self.backToPatientsButton = QPushButton(ComposeRxForm)
        self.backToPatientsButton.setObjectName(u"backToPatientsButton")

        self.patientBannerLayout.addWidget(self.backToPatientsButton)

        self.patientBannerLabel = QLabel(ComposeRxForm)
        self.patientBannerLabel.setObjectName(u"patientBannerLabel")
        self.patientBannerLabel.setTextFormat(Qt.TextFormat.PlainText)

        self.patientBannerLayout.addWidget(self.patientBannerLabel)

        self.patientBannerSpacer = QSpacerItem(40, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.patientBannerLayout.addItem(self.patientBannerSpacer)


        self.composeRxLayout.addLayout(self.patientBannerLayout)

        self.topMenuTabs = QTabWidget(ComposeRxForm)
        self.topMenuTabs.setObjectName(u"topMenuTabs")
        self.topMenuTabs.setDocumentMode(True)
        self.composeTab = QWidget()
        self.composeTab.setObjectName(u"composeTab")
        self.composeTabLayout = QVBoxLayout(self.composeTab)
        self.composeTabLayout.setObjectName(u"composeTabLayout")
        self.composeIntroLabel = QLabel(self.composeTab)
        self.composeIntroLabel.setObjectName(u"composeIntroLabel")
        self.composeIntroLabel.setWordWrap(True)
        self.composeIntroLabel.setAlignment(Qt.AlignmentFlag.AlignLeading|Qt.AlignmentFlag.AlignTop)

        self.composeTabLayout.addWidget(self.composeIntroLabel)

        self.composeTabSpacer = QSpacerItem(20, 40, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.composeTabLayout.addItem(self.composeTabSpacer)

        self.topMenuTabs.addTab(self.composeTab, "")
        self.adminTab = QWidget()
        self.adminTab.setObjectName(u"adminTab")
        self.adminTabLayout = QVBoxLayout(self.adminTab)
        self.adminTabLayout.setObjectName(u"adminTabLayout")
        self.adminTabLayout.setContentsMargins(0, 0, 0, 0)
        self.topMenuTabs.addTab(self.adminTab, "")

        self.composeRxLayout.addWidget(self.topMenuTabs)


        self.retranslateUi(ComposeRxForm)

        self.topMenuTabs.setCurrentIndex(0)


        QMetaObject.connectSlotsByName(ComposeRxForm)
    # setupUi

    def retranslateUi(self, ComposeRxForm):
        ComposeRxForm.setWindowTitle(QCoreApplication.translate("ComposeRxForm", u"Compose Rx", None))
        self.backToPatientsButton.setText(QCoreApplication.translate("ComposeRxForm", u"\u2190 Patients", None))
#if QT_CONFIG(tooltip)
        self.backToPatientsButton.setToolTip(QCoreApplication.translate("ComposeRxForm", u"Back to the patient list", None))
#endif // QT_CONFIG(tooltip)
        self.patientBannerLabel.setText("")
        self.composeIntroLabel.setText("")
        self.topMenuTabs.setTabText(self.topMenuTabs.indexOf(self.composeTab), QCoreApplication.translate("ComposeRxForm", u"Compose Rx", None))
        self.topMenuTabs.setTabText(self.topMenuTabs.indexOf(self.adminTab), QCoreApplication.translate("ComposeRxForm", u"Admin", None))
    # retranslateUi

