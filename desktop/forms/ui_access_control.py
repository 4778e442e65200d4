# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'access_control.ui'
##
## Created by: Qt User Interface Compiler version 6.11.3
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import QCoreApplication, QMetaObject, QSize, Qt
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QFrame, QGroupBox, QHBoxLayout, QLabel, QPushButton, QScrollArea, QSizePolicy, QSpacerItem, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

class Ui_AccessControlForm(object):
    def setupUi(self, AccessControlForm):
        if not AccessControlForm.objectName():
            AccessControlForm.setObjectName(u"AccessControlForm")
        self.accessLayout = QVBoxLayout(AccessControlForm)
        self.accessLayout.setSpacing(10)
        self.accessLayout.setObjectName(u"accessLayout")
        self.accessLayout.setContentsMargins(16, 12, 16, 12)
        self.accessScroll = QScrollArea(AccessControlForm)
        self.accessScroll.setObjectName(u"accessScroll")
        self.accessScroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.accessScroll.setFrameShape(QFrame.Shape.NoFrame)
        self.accessScroll.setWidgetResizable(True)
        self.accessScrollContents = QWidget()
        self.accessScrollContents.setObjectName(u"accessScrollContents")
        self.accessContentLayout = QVBoxLayout(self.accessScrollContents)
        self.accessContentLayout.setSpacing(10)
        self.accessContentLayout.setObjectName(u"accessContentLayout")
        self.accessContentLayout.setContentsMargins(0, 0, 0, 0)
        self.accessTitleLabel = QLabel(self.accessScrollContents)
        self.accessTitleLabel.setObjectName(u"accessTitleLabel")
        self.accessTitleLabel.setStyleSheet(u"font-size: 15pt; font-weight: bold; color: #1d2b36;")

        self.accessContentLayout.addWidget(self.accessTitleLabel)

        self.accessIntroLabel = QLabel(self.accessScrollContents)
        self.accessIntroLabel.setObjectName(u"accessIntroLabel")
        self.accessIntroLabel.setWordWrap(True)

        self.accessContentLayout.addWidget(self.accessIntroLabel)

        self.accessMessageLabel = QLabel(self.accessScrollContents)
        self.accessMessageLabel.setObjectName(u"accessMessageLabel")
        self.accessMessageLabel.setWordWrap(True)

        self.accessContentLayout.addWidget(self.accessMessageLabel)

        self.designationGroup = QGroupBox(self.accessScrollContents)
        self.designationGroup.setObjectName(u"designationGroup")
        self.designationLayout = QVBoxLayout(self.designationGroup)
        self.designationLayout.setObjectName(u"designationLayout")
        self.designationTable = QTableWidget(self.designationGroup)
        if (self.designationTable.columnCount() < 5):
            self.designationTable.setColumnCount(5)
        __qtablewidgetitem = QTableWidgetItem()
        self.designationTable.setHorizontalHeaderItem(0, __qtablewidgetitem)
        __qtablewidgetitem1 = QTableWidgetItem()
        self.designationTable.setHorizontalHeaderItem(1, __qtablewidgetitem1)
        __qtablewidgetitem2 = QTableWidgetItem()
        self.designationTable.setHorizontalHeaderItem(2, __qtablewidgetitem2)
        __qtablewidgetitem3 = QTableWidgetItem()
        self.designationTable.setHorizontalHeaderItem(3, __qtablewidgetitem3)
        __qtablewidgetitem4 = QTableWidgetItem()
        self.designationTable.setHorizontalHeaderItem(4, __qtablewidgetitem4)
        self.designationTable.setObjectName(u"designationTable")
        self.designationTable.setMinimumSize(QSize(0, 96))
        self.designationTable.setMaximumSize(QSize(16777215, 96))
        self.designationTable.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.designationTable.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.designationTable.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.designationTable.horizontalHeader().setStretchLastSection(True)
        self.designationTable.verticalHeader().setVisible(False)

        self.designationLayout.addWidget(self.designationTable)

        self.designationStatusLabel = QLabel(self.designationGroup)
        self.designationStatusLabel.setObjectName(u"designationStatusLabel")
        self.designationStatusLabel.setWordWrap(True)

        self.designationLayout.addWidget(self.designationStatusLabel)

        self.designationActionsLayout = QHBoxLayout()
        self.designationActionsLayout.setObjectName(u"designationActionsLayout")
        self.designateCombo = QComboBox(self.designationGroup)
        self.designateCombo.setObjectName(u"designateCombo")

        self.designationActionsLayout.addWidget(self.designateCombo)

        self.designateButton = QPushButton(self.designationGroup)
        self.designateButton.setObjectName(u"designateButton")
        self.designateButton.setEnabled(False)

        self.designationActionsLayout.addWidget(self.designateButton)

        self.undesignateButton = QPushButton(self.designationGroup)
        self.undesignateButton.setObjectName(u"undesignateButton")
        self.undesignateButton.setEnabled(False)

        self.designationActionsLayout.addWidget(self.undesignateButton)

        self.designationActionsLayout.setStretch(0, 1)

        self.designationLayout.addLayout(self.designationActionsLayout)


        self.accessContentLayout.addWidget(self.designationGroup)

        self.grantGroup = QGroupBox(self.accessScrollContents)
        self.grantGroup.setObjectName(u"grantGroup")
        self.grantLayout = QVBoxLayout(self.grantGroup)
        self.grantLayout.setObjectName(u"grantLayout")
        self.grantTable = QTableWidget(self.grantGroup)
        if (self.grantTable.columnCount() < 6):
            self.grantTable.setColumnCount(6)
        __qtablewidgetitem5 = QTableWidgetItem()
        self.grantTable.setHorizontalHeaderItem(0, __qtablewidgetitem5)
        __qtablewidgetitem6 = QTableWidgetItem()
        self.grantTable.setHorizontalHeaderItem(1, __qtablewidgetitem6)
        __qtablewidgetitem7 = QTableWidgetItem()
        self.grantTable.setHorizontalHeaderItem(2, __qtablewidgetitem7)
        __qtablewidgetitem8 = QTableWidgetItem()
        self.grantTable.setHorizontalHeaderItem(3, __qtablewidgetitem8)
        __qtablewidgetitem9 = QTableWidgetItem()
        self.grantTable.setHorizontalHeaderItem(4, __qtablewidgetitem9)
        __qtablewidgetitem10 = QTableWidgetItem()
        self.grantTable.setHorizontalHeaderItem(5, __qtablewidgetitem10)
        self.grantTable.setObjectName(u"grantTable")
        self.grantTable.setMinimumSize(QSize(0, 120))
        self.grantTable.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.grantTable.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.grantTable.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.grantTable.setAlternatingRowColors(True)
        self.grantTable.horizontalHeader().setStretchLastSection(True)
        self.grantTable.verticalHeader().setVisible(False)

        self.grantLayout.addWidget(self.grantTable)

        self.grantDetailLabel = QLabel(self.grantGroup)
        self.grantDetailLabel.setObjectName(u"grantDetailLabel")
        self.grantDetailLabel.setWordWrap(True)
        self.grantDetailLabel.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.grantLayout.addWidget(self.grantDetailLabel)

        self.grantActionsLayout = QHBoxLayout()
        self.grantActionsLayout.setObjectName(u"grantActionsLayout")
        self.enterGrantButton = QPushButton(self.grantGroup)
        self.enterGrantButton.setObjectName(u"enterGrantButton")
        self.enterGrantButton.setEnabled(False)

        self.grantActionsLayout.addWidget(self.enterGrantButton)

        self.approveGrantButton = QPushButton(self.grantGroup)
        self.approveGrantButton.setObjectName(u"approveGrantButton")
        self.approveGrantButton.setEnabled(False)

        self.grantActionsLayout.addWidget(self.approveGrantButton)

        self.refuseGrantButton = QPushButton(self.grantGroup)
        self.refuseGrantButton.setObjectName(u"refuseGrantButton")
        self.refuseGrantButton.setEnabled(False)

        self.grantActionsLayout.addWidget(self.refuseGrantButton)

        self.revokeGrantButton = QPushButton(self.grantGroup)
        self.revokeGrantButton.setObjectName(u"revokeGrantButton")
        self.revokeGrantButton.setEnabled(False)

        self.grantActionsLayout.addWidget(self.revokeGrantButton)

        self.grantActionsSpacer = QSpacerItem(40, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.grantActionsLayout.addItem(self.grantActionsSpacer)


        self.grantLayout.addLayout(self.grantActionsLayout)


        self.accessContentLayout.addWidget(self.grantGroup)

        self.accessContentLayout.setStretch(4, 1)
        self.accessScroll.setWidget(self.accessScrollContents)

        self.accessLayout.addWidget(self.accessScroll)

        self.accessFooterLayout = QHBoxLayout()
        self.accessFooterLayout.setObjectName(u"accessFooterLayout")
        self.accessFooterSpacer = QSpacerItem(40, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.accessFooterLayout.addItem(self.accessFooterSpacer)

        self.accessBackButton = QPushButton(AccessControlForm)
        self.accessBackButton.setObjectName(u"accessBackButton")

        self.accessFooterLayout.addWidget(self.accessBackButton)


        self.accessLayout.addLayout(self.accessFooterLayout)

        self.accessLayout.setStretch(0, 1)
        QWidget.setTabOrder(self.grantTable, self.enterGrantButton)
        QWidget.setTabOrder(self.enterGrantButton, self.approveGrantButton)
        QWidget.setTabOrder(self.approveGrantButton, self.refuseGrantButton)
        QWidget.setTabOrder(self.refuseGrantButton, self.revokeGrantButton)
        QWidget.setTabOrder(self.revokeGrantButton, self.designationTable)
        QWidget.setTabOrder(self.designationTable, self.designateCombo)
        QWidget.setTabOrder(self.designateCombo, self.designateButton)
        QWidget.setTabOrder(self.designateButton, self.undesignateButton)
        QWidget.setTabOrder(self.undesignateButton, self.accessBackButton)

        self.retranslateUi(AccessControlForm)

        QMetaObject.connectSlotsByName(AccessControlForm)
    # setupUi

    def retranslateUi(self, AccessControlForm):
        AccessControlForm.setWindowTitle(QCoreApplication.translate("AccessControlForm", u"EPCS Access Control", None))
        self.accessTitleLabel.setText(QCoreApplication.translate("AccessControlForm", u"EPCS Access Control", None))
        self.accessIntroLabel.setText(QCoreApplication.translate("AccessControlForm", u"Who may sign controlled-substance prescriptions (21 CFR 1311.125). One designated person enters a grant or a revocation; a second, a DEA registrant, approves it with their password and a code from their own hardware token.", None))
        self.accessMessageLabel.setText("")
        self.designationGroup.setTitle(QCoreApplication.translate("AccessControlForm", u"Access-control administrators", None))
        ___qtablewidgetitem = self.designationTable.horizontalHeaderItem(0)
        ___qtablewidgetitem.setText(QCoreApplication.translate("AccessControlForm", u"Name", None))
        ___qtablewidgetitem1 = self.designationTable.horizontalHeaderItem(1)
        ___qtablewidgetitem1.setText(QCoreApplication.translate("AccessControlForm", u"Roles", None))
        ___qtablewidgetitem2 = self.designationTable.horizontalHeaderItem(2)
        ___qtablewidgetitem2.setText(QCoreApplication.translate("AccessControlForm", u"DEA registrant", None))
        ___qtablewidgetitem3 = self.designationTable.horizontalHeaderItem(3)
        ___qtablewidgetitem3.setText(QCoreApplication.translate("AccessControlForm", u"Hardware token", None))
        ___qtablewidgetitem4 = self.designationTable.horizontalHeaderItem(4)
        ___qtablewidgetitem4.setText(QCoreApplication.translate("AccessControlForm", u"Designated", None))
#if QT_CONFIG(accessibility)
        self.designationTable.setAccessibleName(QCoreApplication.translate("AccessControlForm", u"Designated access-control administrators", None))
#endif // QT_CONFIG(accessibility)
        self.designationStatusLabel.setText("")
#if QT_CONFIG(accessibility)
        self.designateCombo.setAccessibleName(QCoreApplication.translate("AccessControlForm", u"Person to designate", None))
#endif // QT_CONFIG(accessibility)
        self.designateButton.setText(QCoreApplication.translate("AccessControlForm", u"Desi&gnate", None))
        self.undesignateButton.setText(QCoreApplication.translate("AccessControlForm", u"Remove desig&nation", None))
        self.grantGroup.setTitle(QCoreApplication.translate("AccessControlForm", u"Permission to sign controlled substances", None))
        ___qtablewidgetitem5 = self.grantTable.horizontalHeaderItem(0)
        ___qtablewidgetitem5.setText(QCoreApplication.translate("AccessControlForm", u"Prescriber", None))
        ___qtablewidgetitem6 = self.grantTable.horizontalHeaderItem(1)
        ___qtablewidgetitem6.setText(QCoreApplication.translate("AccessControlForm", u"DEA registration", None))
        ___qtablewidgetitem7 = self.grantTable.horizontalHeaderItem(2)
        ___qtablewidgetitem7.setText(QCoreApplication.translate("AccessControlForm", u"State authorisation", None))
        ___qtablewidgetitem8 = self.grantTable.horizontalHeaderItem(3)
        ___qtablewidgetitem8.setText(QCoreApplication.translate("AccessControlForm", u"Status", None))
        ___qtablewidgetitem9 = self.grantTable.horizontalHeaderItem(4)
        ___qtablewidgetitem9.setText(QCoreApplication.translate("AccessControlForm", u"Entered by", None))
        ___qtablewidgetitem10 = self.grantTable.horizontalHeaderItem(5)
        ___qtablewidgetitem10.setText(QCoreApplication.translate("AccessControlForm", u"Decision", None))
#if QT_CONFIG(accessibility)
        self.grantTable.setAccessibleName(QCoreApplication.translate("AccessControlForm", u"Pending and active grants", None))
#endif // QT_CONFIG(accessibility)
        self.grantDetailLabel.setText("")
        self.enterGrantButton.setText(QCoreApplication.translate("AccessControlForm", u"&Enter grant\u2026", None))
        self.approveGrantButton.setText(QCoreApplication.translate("AccessControlForm", u"App&rove\u2026", None))
        self.refuseGrantButton.setText(QCoreApplication.translate("AccessControlForm", u"Ref&use\u2026", None))
        self.revokeGrantButton.setText(QCoreApplication.translate("AccessControlForm", u"Enter re&vocation\u2026", None))
        self.accessBackButton.setText(QCoreApplication.translate("AccessControlForm", u"&Back to Admin", None))
    # retranslateUi

