# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'patients.ui'
##
## Created by: Qt User Interface Compiler version 6.11.3
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import QCoreApplication, QMetaObject, QSize
from PySide6.QtWidgets import QAbstractItemView, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSizePolicy, QSpacerItem, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

class Ui_PatientsForm(object):
    def setupUi(self, PatientsForm):
        if not PatientsForm.objectName():
            PatientsForm.setObjectName(u"PatientsForm")
        PatientsForm.setMaximumSize(QSize(1100, 16777215))
        self.patientsLayout = QVBoxLayout(PatientsForm)
        self.patientsLayout.setSpacing(10)
        self.patientsLayout.setObjectName(u"patientsLayout")
        self.patientsLayout.setContentsMargins(24, 18, 24, 18)
        self.patientsTitleLabel = QLabel(PatientsForm)
        self.patientsTitleLabel.setObjectName(u"patientsTitleLabel")

        self.patientsLayout.addWidget(self.patientsTitleLabel)

        self.patientsHelpLabel = QLabel(PatientsForm)
        self.patientsHelpLabel.setObjectName(u"patientsHelpLabel")
        self.patientsHelpLabel.setWordWrap(True)

        self.patientsLayout.addWidget(self.patientsHelpLabel)

        self.patientSearchEdit = QLineEdit(PatientsForm)
        self.patientSearchEdit.setObjectName(u"patientSearchEdit")
        self.patientSearchEdit.setClearButtonEnabled(True)
        self.patientSearchEdit.setMaxLength(100)

        self.patientsLayout.addWidget(self.patientSearchEdit)

        self.patientTable = QTableWidget(PatientsForm)
        if (self.patientTable.columnCount() < 4):
            self.patientTable.setColumnCount(4)
        __qtablewidgetitem = QTableWidgetItem()
        self.patientTable.setHorizontalHeaderItem(0, __qtablewidgetitem)
        __qtablewidgetitem1 = QTableWidgetItem()
        self.patientTable.setHorizontalHeaderItem(1, __qtablewidgetitem1)
        __qtablewidgetitem2 = QTableWidgetItem()
        self.patientTable.setHorizontalHeaderItem(2, __qtablewidgetitem2)
        __qtablewidgetitem3 = QTableWidgetItem()
        self.patientTable.setHorizontalHeaderItem(3, __qtablewidgetitem3)
        self.patientTable.setObjectName(u"patientTable")
        self.patientTable.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.patientTable.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.patientTable.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.patientTable.setAlternatingRowColors(True)
        self.patientTable.setTabKeyNavigation(False)
        self.patientTable.horizontalHeader().setStretchLastSection(True)
        self.patientTable.verticalHeader().setVisible(False)

        self.patientsLayout.addWidget(self.patientTable)

        self.patientEmptyLabel = QLabel(PatientsForm)
        self.patientEmptyLabel.setObjectName(u"patientEmptyLabel")
        self.patientEmptyLabel.setWordWrap(True)

        self.patientsLayout.addWidget(self.patientEmptyLabel)

        self.patientActionsLayout = QHBoxLayout()
        self.patientActionsLayout.setObjectName(u"patientActionsLayout")
        self.patientActionsSpacer = QSpacerItem(40, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.patientActionsLayout.addItem(self.patientActionsSpacer)

        self.composeRxButton = QPushButton(PatientsForm)
        self.composeRxButton.setObjectName(u"composeRxButton")
        self.composeRxButton.setEnabled(False)
        self.composeRxButton.setAutoDefault(True)

        self.patientActionsLayout.addWidget(self.composeRxButton)


        self.patientsLayout.addLayout(self.patientActionsLayout)

        QWidget.setTabOrder(self.patientSearchEdit, self.patientTable)
        QWidget.setTabOrder(self.patientTable, self.composeRxButton)

        self.retranslateUi(PatientsForm)

        QMetaObject.connectSlotsByName(PatientsForm)
    # setupUi

    def retranslateUi(self, PatientsForm):
        PatientsForm.setWindowTitle(QCoreApplication.translate("PatientsForm", u"Patients", None))
        self.patientsTitleLabel.setText(QCoreApplication.translate("PatientsForm", u"Select a patient", None))
        self.patientsHelpLabel.setText(QCoreApplication.translate("PatientsForm", u"Pick any patient, then Compose Rx. The Admin tab there holds EPCS Device Management.", None))
        self.patientSearchEdit.setPlaceholderText(QCoreApplication.translate("PatientsForm", u"Search by last name, first name, or date of birth (MM/DD/YYYY)", None))
#if QT_CONFIG(accessibility)
        self.patientSearchEdit.setAccessibleName(QCoreApplication.translate("PatientsForm", u"Search patients", None))
#endif // QT_CONFIG(accessibility)
        ___qtablewidgetitem = self.patientTable.horizontalHeaderItem(0)
        ___qtablewidgetitem.setText(QCoreApplication.translate("PatientsForm", u"Patient", None))
        ___qtablewidgetitem1 = self.patientTable.horizontalHeaderItem(1)
        ___qtablewidgetitem1.setText(QCoreApplication.translate("PatientsForm", u"Date of birth", None))
        ___qtablewidgetitem2 = self.patientTable.horizontalHeaderItem(2)
        ___qtablewidgetitem2.setText(QCoreApplication.translate("PatientsForm", u"Sex", None))
        ___qtablewidgetitem3 = self.patientTable.horizontalHeaderItem(3)
        ___qtablewidgetitem3.setText(QCoreApplication.translate("PatientsForm", u"Waiting for signature", None))
#if QT_CONFIG(accessibility)
        self.patientTable.setAccessibleName(QCoreApplication.translate("PatientsForm", u"Patients", None))
#endif // QT_CONFIG(accessibility)
        self.patientEmptyLabel.setText("")
        self.composeRxButton.setText(QCoreApplication.translate("PatientsForm", u"&Compose Rx", None))
#if QT_CONFIG(tooltip)
        self.composeRxButton.setToolTip(QCoreApplication.translate("PatientsForm", u"Select a patient first.", None))
#endif // QT_CONFIG(tooltip)
    # retranslateUi

