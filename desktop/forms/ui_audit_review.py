# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'audit_review.ui'
##
## Created by: Qt User Interface Compiler version 6.11.3
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import QCoreApplication, QMetaObject, QSize
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QAbstractItemView, QCheckBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSizePolicy, QSpacerItem, QTableWidget, QTableWidgetItem, QTextBrowser, QVBoxLayout, QWidget

class Ui_AuditReviewForm(object):
    def setupUi(self, AuditReviewForm):
        if not AuditReviewForm.objectName():
            AuditReviewForm.setObjectName(u"AuditReviewForm")
        self.auditReviewLayout = QVBoxLayout(AuditReviewForm)
        self.auditReviewLayout.setSpacing(6)
        self.auditReviewLayout.setObjectName(u"auditReviewLayout")
        self.auditReviewLayout.setContentsMargins(16, 12, 16, 12)
        self.auditReviewTitleLayout = QHBoxLayout()
        self.auditReviewTitleLayout.setSpacing(16)
        self.auditReviewTitleLayout.setObjectName(u"auditReviewTitleLayout")
        self.auditReviewTitleLabel = QLabel(AuditReviewForm)
        self.auditReviewTitleLabel.setObjectName(u"auditReviewTitleLabel")
        font = QFont()
        font.setPointSize(15)
        font.setBold(True)
        self.auditReviewTitleLabel.setFont(font)

        self.auditReviewTitleLayout.addWidget(self.auditReviewTitleLabel)

        self.auditReviewPendingLabel = QLabel(AuditReviewForm)
        self.auditReviewPendingLabel.setObjectName(u"auditReviewPendingLabel")
        self.auditReviewPendingLabel.setWordWrap(True)

        self.auditReviewTitleLayout.addWidget(self.auditReviewPendingLabel)

        self.auditReviewTitleLayout.setStretch(1, 1)

        self.auditReviewLayout.addLayout(self.auditReviewTitleLayout)

        self.auditReviewPurposeLabel = QLabel(AuditReviewForm)
        self.auditReviewPurposeLabel.setObjectName(u"auditReviewPurposeLabel")
        self.auditReviewPurposeLabel.setWordWrap(True)

        self.auditReviewLayout.addWidget(self.auditReviewPurposeLabel)

        self.auditReviewWhoLabel = QLabel(AuditReviewForm)
        self.auditReviewWhoLabel.setObjectName(u"auditReviewWhoLabel")
        self.auditReviewWhoLabel.setWordWrap(True)

        self.auditReviewLayout.addWidget(self.auditReviewWhoLabel)

        self.auditReviewBodyLayout = QHBoxLayout()
        self.auditReviewBodyLayout.setSpacing(12)
        self.auditReviewBodyLayout.setObjectName(u"auditReviewBodyLayout")
        self.auditReviewDaysLayout = QVBoxLayout()
        self.auditReviewDaysLayout.setSpacing(4)
        self.auditReviewDaysLayout.setObjectName(u"auditReviewDaysLayout")
        self.auditReviewDaysHeaderLayout = QHBoxLayout()
        self.auditReviewDaysHeaderLayout.setObjectName(u"auditReviewDaysHeaderLayout")
        self.auditReviewDaysLabel = QLabel(AuditReviewForm)
        self.auditReviewDaysLabel.setObjectName(u"auditReviewDaysLabel")

        self.auditReviewDaysHeaderLayout.addWidget(self.auditReviewDaysLabel)


        self.auditReviewDaysLayout.addLayout(self.auditReviewDaysHeaderLayout)

        self.auditReviewDaysTable = QTableWidget(AuditReviewForm)
        if (self.auditReviewDaysTable.columnCount() < 3):
            self.auditReviewDaysTable.setColumnCount(3)
        __qtablewidgetitem = QTableWidgetItem()
        self.auditReviewDaysTable.setHorizontalHeaderItem(0, __qtablewidgetitem)
        __qtablewidgetitem1 = QTableWidgetItem()
        self.auditReviewDaysTable.setHorizontalHeaderItem(1, __qtablewidgetitem1)
        __qtablewidgetitem2 = QTableWidgetItem()
        self.auditReviewDaysTable.setHorizontalHeaderItem(2, __qtablewidgetitem2)
        self.auditReviewDaysTable.setObjectName(u"auditReviewDaysTable")
        self.auditReviewDaysTable.setMinimumSize(QSize(280, 0))
        self.auditReviewDaysTable.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.auditReviewDaysTable.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.auditReviewDaysTable.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.auditReviewDaysTable.setTabKeyNavigation(False)
        self.auditReviewDaysTable.setColumnCount(3)
        self.auditReviewDaysTable.horizontalHeader().setHighlightSections(False)
        self.auditReviewDaysTable.horizontalHeader().setStretchLastSection(True)
        self.auditReviewDaysTable.verticalHeader().setVisible(False)

        self.auditReviewDaysLayout.addWidget(self.auditReviewDaysTable)


        self.auditReviewBodyLayout.addLayout(self.auditReviewDaysLayout)

        self.auditReviewReportLayout = QVBoxLayout()
        self.auditReviewReportLayout.setSpacing(4)
        self.auditReviewReportLayout.setObjectName(u"auditReviewReportLayout")
        self.auditReviewReportLabel = QLabel(AuditReviewForm)
        self.auditReviewReportLabel.setObjectName(u"auditReviewReportLabel")

        self.auditReviewReportLayout.addWidget(self.auditReviewReportLabel)

        self.auditReviewReportView = QTextBrowser(AuditReviewForm)
        self.auditReviewReportView.setObjectName(u"auditReviewReportView")
        self.auditReviewReportView.setOpenLinks(False)

        self.auditReviewReportLayout.addWidget(self.auditReviewReportView)


        self.auditReviewBodyLayout.addLayout(self.auditReviewReportLayout)

        self.auditReviewBodyLayout.setStretch(0, 3)
        self.auditReviewBodyLayout.setStretch(1, 5)

        self.auditReviewLayout.addLayout(self.auditReviewBodyLayout)

        self.auditReviewMarkLayout = QHBoxLayout()
        self.auditReviewMarkLayout.setSpacing(8)
        self.auditReviewMarkLayout.setObjectName(u"auditReviewMarkLayout")
        self.auditReviewIncidentCheck = QCheckBox(AuditReviewForm)
        self.auditReviewIncidentCheck.setObjectName(u"auditReviewIncidentCheck")

        self.auditReviewMarkLayout.addWidget(self.auditReviewIncidentCheck)

        self.auditReviewNoteLabel = QLabel(AuditReviewForm)
        self.auditReviewNoteLabel.setObjectName(u"auditReviewNoteLabel")

        self.auditReviewMarkLayout.addWidget(self.auditReviewNoteLabel)

        self.auditReviewNoteEdit = QLineEdit(AuditReviewForm)
        self.auditReviewNoteEdit.setObjectName(u"auditReviewNoteEdit")
        self.auditReviewNoteEdit.setMaxLength(2000)

        self.auditReviewMarkLayout.addWidget(self.auditReviewNoteEdit)


        self.auditReviewLayout.addLayout(self.auditReviewMarkLayout)

        self.auditReviewMessageLabel = QLabel(AuditReviewForm)
        self.auditReviewMessageLabel.setObjectName(u"auditReviewMessageLabel")
        self.auditReviewMessageLabel.setWordWrap(True)

        self.auditReviewLayout.addWidget(self.auditReviewMessageLabel)

        self.auditReviewActionsLayout = QHBoxLayout()
        self.auditReviewActionsLayout.setObjectName(u"auditReviewActionsLayout")
        self.auditReviewBackButton = QPushButton(AuditReviewForm)
        self.auditReviewBackButton.setObjectName(u"auditReviewBackButton")
        self.auditReviewBackButton.setAutoDefault(True)

        self.auditReviewActionsLayout.addWidget(self.auditReviewBackButton)

        self.auditReviewRefreshButton = QPushButton(AuditReviewForm)
        self.auditReviewRefreshButton.setObjectName(u"auditReviewRefreshButton")
        self.auditReviewRefreshButton.setAutoDefault(True)

        self.auditReviewActionsLayout.addWidget(self.auditReviewRefreshButton)

        self.auditReviewActionsSpacer = QSpacerItem(20, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.auditReviewActionsLayout.addItem(self.auditReviewActionsSpacer)

        self.auditReviewPdfButton = QPushButton(AuditReviewForm)
        self.auditReviewPdfButton.setObjectName(u"auditReviewPdfButton")
        self.auditReviewPdfButton.setAutoDefault(True)

        self.auditReviewActionsLayout.addWidget(self.auditReviewPdfButton)

        self.auditReviewCsvButton = QPushButton(AuditReviewForm)
        self.auditReviewCsvButton.setObjectName(u"auditReviewCsvButton")
        self.auditReviewCsvButton.setAutoDefault(True)

        self.auditReviewActionsLayout.addWidget(self.auditReviewCsvButton)

        self.auditReviewMarkButton = QPushButton(AuditReviewForm)
        self.auditReviewMarkButton.setObjectName(u"auditReviewMarkButton")
        self.auditReviewMarkButton.setAutoDefault(True)

        self.auditReviewActionsLayout.addWidget(self.auditReviewMarkButton)


        self.auditReviewLayout.addLayout(self.auditReviewActionsLayout)

#if QT_CONFIG(shortcut)
        self.auditReviewDaysLabel.setBuddy(self.auditReviewDaysTable)
        self.auditReviewReportLabel.setBuddy(self.auditReviewReportView)
        self.auditReviewNoteLabel.setBuddy(self.auditReviewNoteEdit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.auditReviewDaysTable, self.auditReviewReportView)
        QWidget.setTabOrder(self.auditReviewReportView, self.auditReviewIncidentCheck)
        QWidget.setTabOrder(self.auditReviewIncidentCheck, self.auditReviewNoteEdit)
        QWidget.setTabOrder(self.auditReviewNoteEdit, self.auditReviewBackButton)
        QWidget.setTabOrder(self.auditReviewBackButton, self.auditReviewRefreshButton)
        QWidget.setTabOrder(self.auditReviewRefreshButton, self.auditReviewPdfButton)
        QWidget.setTabOrder(self.auditReviewPdfButton, self.auditReviewCsvButton)
        QWidget.setTabOrder(self.auditReviewCsvButton, self.auditReviewMarkButton)

        self.retranslateUi(AuditReviewForm)

        QMetaObject.connectSlotsByName(AuditReviewForm)
    # setupUi

    def retranslateUi(self, AuditReviewForm):
        AuditReviewForm.setWindowTitle(QCoreApplication.translate("AuditReviewForm", u"Audit review", None))
        self.auditReviewTitleLabel.setText(QCoreApplication.translate("AuditReviewForm", u"Daily audit review", None))
        self.auditReviewPendingLabel.setText("")
        self.auditReviewPurposeLabel.setText(QCoreApplication.translate("AuditReviewForm", u"A practice administrator reads each past day's security events and marks the day reviewed; flag anything that looks wrong as a possible security incident (21 CFR 1311.150).", None))
        self.auditReviewWhoLabel.setText("")
        self.auditReviewDaysLabel.setText(QCoreApplication.translate("AuditReviewForm", u"Da&ys", None))
        ___qtablewidgetitem = self.auditReviewDaysTable.horizontalHeaderItem(0)
        ___qtablewidgetitem.setText(QCoreApplication.translate("AuditReviewForm", u"Day", None))
        ___qtablewidgetitem1 = self.auditReviewDaysTable.horizontalHeaderItem(1)
        ___qtablewidgetitem1.setText(QCoreApplication.translate("AuditReviewForm", u"Entries", None))
        ___qtablewidgetitem2 = self.auditReviewDaysTable.horizontalHeaderItem(2)
        ___qtablewidgetitem2.setText(QCoreApplication.translate("AuditReviewForm", u"Status", None))
#if QT_CONFIG(accessibility)
        self.auditReviewDaysTable.setAccessibleName(QCoreApplication.translate("AuditReviewForm", u"Days with audit entries, newest first", None))
#endif // QT_CONFIG(accessibility)
        self.auditReviewReportLabel.setText(QCoreApplication.translate("AuditReviewForm", u"Day's repor&t", None))
#if QT_CONFIG(accessibility)
        self.auditReviewReportView.setAccessibleName(QCoreApplication.translate("AuditReviewForm", u"The chosen day's security events", None))
#endif // QT_CONFIG(accessibility)
        self.auditReviewIncidentCheck.setText(QCoreApplication.translate("AuditReviewForm", u"Possible security &incident", None))
#if QT_CONFIG(tooltip)
        self.auditReviewIncidentCheck.setToolTip(QCoreApplication.translate("AuditReviewForm", u"Tick when something in this day's events looks wrong; say what in the note.", None))
#endif // QT_CONFIG(tooltip)
        self.auditReviewNoteLabel.setText(QCoreApplication.translate("AuditReviewForm", u"&Note", None))
        self.auditReviewNoteEdit.setPlaceholderText(QCoreApplication.translate("AuditReviewForm", u"Required when flagged: what looks wrong (who, what, when)", None))
#if QT_CONFIG(accessibility)
        self.auditReviewNoteEdit.setAccessibleName(QCoreApplication.translate("AuditReviewForm", u"Review note", None))
#endif // QT_CONFIG(accessibility)
        self.auditReviewMessageLabel.setText("")
        self.auditReviewBackButton.setText(QCoreApplication.translate("AuditReviewForm", u"&Back to Admin", None))
        self.auditReviewRefreshButton.setText(QCoreApplication.translate("AuditReviewForm", u"&Refresh", None))
#if QT_CONFIG(tooltip)
        self.auditReviewRefreshButton.setToolTip(QCoreApplication.translate("AuditReviewForm", u"Read the days and the report again.", None))
#endif // QT_CONFIG(tooltip)
        self.auditReviewPdfButton.setText(QCoreApplication.translate("AuditReviewForm", u"&Export PDF\u2026", None))
#if QT_CONFIG(tooltip)
        self.auditReviewPdfButton.setToolTip(QCoreApplication.translate("AuditReviewForm", u"Save this day's report as a PDF file, readable only by you.", None))
#endif // QT_CONFIG(tooltip)
        self.auditReviewCsvButton.setText(QCoreApplication.translate("AuditReviewForm", u"Export CS&V\u2026", None))
#if QT_CONFIG(tooltip)
        self.auditReviewCsvButton.setToolTip(QCoreApplication.translate("AuditReviewForm", u"Save this day's events as a spreadsheet (CSV) file, readable only by you.", None))
#endif // QT_CONFIG(tooltip)
        self.auditReviewMarkButton.setText(QCoreApplication.translate("AuditReviewForm", u"&Mark day reviewed", None))
#if QT_CONFIG(tooltip)
        self.auditReviewMarkButton.setToolTip(QCoreApplication.translate("AuditReviewForm", u"Record that you read this day's events, up to its last entry.", None))
#endif // QT_CONFIG(tooltip)
    # retranslateUi

