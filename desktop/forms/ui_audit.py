# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'audit.ui'
##
## Created by: Qt User Interface Compiler version 6.11.3
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import QCoreApplication, QMetaObject
from PySide6.QtWidgets import QAbstractItemView, QCheckBox, QComboBox, QDateEdit, QHBoxLayout, QLabel, QProgressBar, QPushButton, QSizePolicy, QSpacerItem, QTableView, QVBoxLayout, QWidget

class Ui_AuditForm(object):
    def setupUi(self, AuditForm):
        if not AuditForm.objectName():
            AuditForm.setObjectName(u"AuditForm")
        self.auditLayout = QVBoxLayout(AuditForm)
        self.auditLayout.setSpacing(10)
        self.auditLayout.setObjectName(u"auditLayout")
        self.auditLayout.setContentsMargins(16, 12, 16, 12)
        self.auditTitleLabel = QLabel(AuditForm)
        self.auditTitleLabel.setObjectName(u"auditTitleLabel")

        self.auditLayout.addWidget(self.auditTitleLabel)

        self.auditPurposeLabel = QLabel(AuditForm)
        self.auditPurposeLabel.setObjectName(u"auditPurposeLabel")
        self.auditPurposeLabel.setWordWrap(True)

        self.auditLayout.addWidget(self.auditPurposeLabel)

        self.auditFilterLayout = QVBoxLayout()
        self.auditFilterLayout.setSpacing(6)
        self.auditFilterLayout.setObjectName(u"auditFilterLayout")
        self.auditDatesLayout = QHBoxLayout()
        self.auditDatesLayout.setSpacing(8)
        self.auditDatesLayout.setObjectName(u"auditDatesLayout")
        self.auditFromLabel = QLabel(AuditForm)
        self.auditFromLabel.setObjectName(u"auditFromLabel")

        self.auditDatesLayout.addWidget(self.auditFromLabel)

        self.auditFromDate = QDateEdit(AuditForm)
        self.auditFromDate.setObjectName(u"auditFromDate")
        self.auditFromDate.setCalendarPopup(True)

        self.auditDatesLayout.addWidget(self.auditFromDate)

        self.auditToLabel = QLabel(AuditForm)
        self.auditToLabel.setObjectName(u"auditToLabel")

        self.auditDatesLayout.addWidget(self.auditToLabel)

        self.auditToDate = QDateEdit(AuditForm)
        self.auditToDate.setObjectName(u"auditToDate")
        self.auditToDate.setCalendarPopup(True)

        self.auditDatesLayout.addWidget(self.auditToDate)

        self.auditAllDatesCheck = QCheckBox(AuditForm)
        self.auditAllDatesCheck.setObjectName(u"auditAllDatesCheck")

        self.auditDatesLayout.addWidget(self.auditAllDatesCheck)

        self.auditDatesSpacer = QSpacerItem(20, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.auditDatesLayout.addItem(self.auditDatesSpacer)


        self.auditFilterLayout.addLayout(self.auditDatesLayout)

        self.auditWhoLayout = QHBoxLayout()
        self.auditWhoLayout.setSpacing(8)
        self.auditWhoLayout.setObjectName(u"auditWhoLayout")
        self.auditUserLabel = QLabel(AuditForm)
        self.auditUserLabel.setObjectName(u"auditUserLabel")

        self.auditWhoLayout.addWidget(self.auditUserLabel)

        self.auditUserCombo = QComboBox(AuditForm)
        self.auditUserCombo.setObjectName(u"auditUserCombo")
        self.auditUserCombo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)

        self.auditWhoLayout.addWidget(self.auditUserCombo)

        self.auditEventLabel = QLabel(AuditForm)
        self.auditEventLabel.setObjectName(u"auditEventLabel")

        self.auditWhoLayout.addWidget(self.auditEventLabel)

        self.auditEventCombo = QComboBox(AuditForm)
        self.auditEventCombo.setObjectName(u"auditEventCombo")
        self.auditEventCombo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)

        self.auditWhoLayout.addWidget(self.auditEventCombo)

        self.auditFilterSpacer = QSpacerItem(20, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.auditWhoLayout.addItem(self.auditFilterSpacer)

        self.auditRefreshButton = QPushButton(AuditForm)
        self.auditRefreshButton.setObjectName(u"auditRefreshButton")
        self.auditRefreshButton.setAutoDefault(True)

        self.auditWhoLayout.addWidget(self.auditRefreshButton)


        self.auditFilterLayout.addLayout(self.auditWhoLayout)


        self.auditLayout.addLayout(self.auditFilterLayout)

        self.auditTable = QTableView(AuditForm)
        self.auditTable.setObjectName(u"auditTable")
        self.auditTable.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.auditTable.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.auditTable.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.auditTable.setAlternatingRowColors(True)
        self.auditTable.setWordWrap(False)
        self.auditTable.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.auditTable.setTabKeyNavigation(False)
        self.auditTable.horizontalHeader().setHighlightSections(False)
        self.auditTable.horizontalHeader().setStretchLastSection(True)
        self.auditTable.verticalHeader().setVisible(False)

        self.auditLayout.addWidget(self.auditTable)

        self.auditStatusLabel = QLabel(AuditForm)
        self.auditStatusLabel.setObjectName(u"auditStatusLabel")
        self.auditStatusLabel.setWordWrap(True)

        self.auditLayout.addWidget(self.auditStatusLabel)

        self.auditActionsLayout = QHBoxLayout()
        self.auditActionsLayout.setObjectName(u"auditActionsLayout")
        self.auditBackButton = QPushButton(AuditForm)
        self.auditBackButton.setObjectName(u"auditBackButton")
        self.auditBackButton.setAutoDefault(True)

        self.auditActionsLayout.addWidget(self.auditBackButton)

        self.auditActionsSpacer = QSpacerItem(40, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.auditActionsLayout.addItem(self.auditActionsSpacer)

        self.auditVerifyProgress = QProgressBar(AuditForm)
        self.auditVerifyProgress.setObjectName(u"auditVerifyProgress")
        self.auditVerifyProgress.setValue(0)

        self.auditActionsLayout.addWidget(self.auditVerifyProgress)

        self.auditVerifyCancelButton = QPushButton(AuditForm)
        self.auditVerifyCancelButton.setObjectName(u"auditVerifyCancelButton")
        self.auditVerifyCancelButton.setAutoDefault(True)

        self.auditActionsLayout.addWidget(self.auditVerifyCancelButton)

        self.auditVerifyButton = QPushButton(AuditForm)
        self.auditVerifyButton.setObjectName(u"auditVerifyButton")
        self.auditVerifyButton.setAutoDefault(True)

        self.auditActionsLayout.addWidget(self.auditVerifyButton)


        self.auditLayout.addLayout(self.auditActionsLayout)

#if QT_CONFIG(shortcut)
        self.auditFromLabel.setBuddy(self.auditFromDate)
        self.auditToLabel.setBuddy(self.auditToDate)
        self.auditUserLabel.setBuddy(self.auditUserCombo)
        self.auditEventLabel.setBuddy(self.auditEventCombo)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.auditFromDate, self.auditToDate)
        QWidget.setTabOrder(self.auditToDate, self.auditAllDatesCheck)
        QWidget.setTabOrder(self.auditAllDatesCheck, self.auditUserCombo)
        QWidget.setTabOrder(self.auditUserCombo, self.auditEventCombo)
        QWidget.setTabOrder(self.auditEventCombo, self.auditRefreshButton)
        QWidget.setTabOrder(self.auditRefreshButton, self.auditTable)
        QWidget.setTabOrder(self.auditTable, self.auditVerifyButton)
        QWidget.setTabOrder(self.auditVerifyButton, self.auditVerifyCancelButton)
        QWidget.setTabOrder(self.auditVerifyCancelButton, self.auditBackButton)

        self.retranslateUi(AuditForm)

        QMetaObject.connectSlotsByName(AuditForm)
    # setupUi

    def retranslateUi(self, AuditForm):
        AuditForm.setWindowTitle(QCoreApplication.translate("AuditForm", u"Audit log", None))
        self.auditTitleLabel.setText(QCoreApplication.translate("AuditForm", u"Audit log", None))
        self.auditPurposeLabel.setText(QCoreApplication.translate("AuditForm", u"Look through this list every day. It shows every sign-in and wrong password, every phone code, every token change, every controlled-substance signature and every role change, with who did it and where. If something looks wrong (a run of wrong passwords, a token change nobody asked for, a signature you did not expect), tell your practice's security contact the same day. The DEA requires this daily review (21 CFR 1311.150).", None))
        self.auditFromLabel.setText(QCoreApplication.translate("AuditForm", u"Fro&m", None))
        self.auditFromDate.setDisplayFormat(QCoreApplication.translate("AuditForm", u"MM/dd/yyyy", None))
#if QT_CONFIG(accessibility)
        self.auditFromDate.setAccessibleName(QCoreApplication.translate("AuditForm", u"From date", None))
#endif // QT_CONFIG(accessibility)
        self.auditToLabel.setText(QCoreApplication.translate("AuditForm", u"&To", None))
        self.auditToDate.setDisplayFormat(QCoreApplication.translate("AuditForm", u"MM/dd/yyyy", None))
#if QT_CONFIG(accessibility)
        self.auditToDate.setAccessibleName(QCoreApplication.translate("AuditForm", u"To date", None))
#endif // QT_CONFIG(accessibility)
        self.auditAllDatesCheck.setText(QCoreApplication.translate("AuditForm", u"A&ll dates", None))
#if QT_CONFIG(tooltip)
        self.auditAllDatesCheck.setToolTip(QCoreApplication.translate("AuditForm", u"Show the whole log, in the order it was written, whatever dates its entries carry.", None))
#endif // QT_CONFIG(tooltip)
        self.auditUserLabel.setText(QCoreApplication.translate("AuditForm", u"&User", None))
#if QT_CONFIG(accessibility)
        self.auditUserCombo.setAccessibleName(QCoreApplication.translate("AuditForm", u"User", None))
#endif // QT_CONFIG(accessibility)
        self.auditEventLabel.setText(QCoreApplication.translate("AuditForm", u"&Event", None))
#if QT_CONFIG(accessibility)
        self.auditEventCombo.setAccessibleName(QCoreApplication.translate("AuditForm", u"Event", None))
#endif // QT_CONFIG(accessibility)
        self.auditRefreshButton.setText(QCoreApplication.translate("AuditForm", u"&Refresh", None))
#if QT_CONFIG(tooltip)
        self.auditRefreshButton.setToolTip(QCoreApplication.translate("AuditForm", u"Read the log again with these filters.", None))
#endif // QT_CONFIG(tooltip)
#if QT_CONFIG(accessibility)
        self.auditTable.setAccessibleName(QCoreApplication.translate("AuditForm", u"Audit entries, newest first", None))
#endif // QT_CONFIG(accessibility)
        self.auditStatusLabel.setText("")
        self.auditBackButton.setText(QCoreApplication.translate("AuditForm", u"&Back to Admin", None))
        self.auditVerifyProgress.setFormat(QCoreApplication.translate("AuditForm", u"%v of %m entries", None))
#if QT_CONFIG(accessibility)
        self.auditVerifyProgress.setAccessibleName(QCoreApplication.translate("AuditForm", u"Entries checked", None))
#endif // QT_CONFIG(accessibility)
        self.auditVerifyCancelButton.setText(QCoreApplication.translate("AuditForm", u"&Stop the check", None))
#if QT_CONFIG(tooltip)
        self.auditVerifyCancelButton.setToolTip(QCoreApplication.translate("AuditForm", u"Stop checking; what was read so far is recorded as a stopped check.", None))
#endif // QT_CONFIG(tooltip)
        self.auditVerifyButton.setText(QCoreApplication.translate("AuditForm", u"&Check the log's integrity", None))
#if QT_CONFIG(tooltip)
        self.auditVerifyButton.setToolTip(QCoreApplication.translate("AuditForm", u"Recompute every entry's seal: an entry changed, removed or moved since it was written is named.", None))
#endif // QT_CONFIG(tooltip)
    # retranslateUi

