# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'compose_rx.ui'
##
## Created by: Qt User Interface Compiler version 6.11.3
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import QCoreApplication, QMetaObject, QSize, Qt
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QFrame, QGridLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QScrollArea, QSizePolicy, QSpacerItem, QSpinBox, QTabWidget, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

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
        self.backToPatientsButton.setAutoDefault(True)

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
        self.composeTabLayout.setSpacing(8)
        self.composeTabLayout.setObjectName(u"composeTabLayout")
        self.composeScroll = QScrollArea(self.composeTab)
        self.composeScroll.setObjectName(u"composeScroll")
        self.composeScroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.composeScroll.setFrameShape(QFrame.Shape.NoFrame)
        self.composeScroll.setWidgetResizable(True)
        self.composeScrollContents = QWidget()
        self.composeScrollContents.setObjectName(u"composeScrollContents")
        self.composeScrollContents.setMaximumSize(QSize(1100, 16777215))
        self.composeScrollLayout = QVBoxLayout(self.composeScrollContents)
        self.composeScrollLayout.setSpacing(8)
        self.composeScrollLayout.setObjectName(u"composeScrollLayout")
        self.composeScrollLayout.setContentsMargins(0, 0, 0, 0)
        self.composeIntroLabel = QLabel(self.composeScrollContents)
        self.composeIntroLabel.setObjectName(u"composeIntroLabel")
        self.composeIntroLabel.setWordWrap(True)
        self.composeIntroLabel.setAlignment(Qt.AlignmentFlag.AlignLeading|Qt.AlignmentFlag.AlignTop)

        self.composeScrollLayout.addWidget(self.composeIntroLabel)

        self.rxComposeArea = QWidget(self.composeScrollContents)
        self.rxComposeArea.setObjectName(u"rxComposeArea")
        sizePolicy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        sizePolicy.setHorizontalStretch(0)
        sizePolicy.setVerticalStretch(1)
        sizePolicy.setHeightForWidth(self.rxComposeArea.sizePolicy().hasHeightForWidth())
        self.rxComposeArea.setSizePolicy(sizePolicy)
        self.rxComposeAreaLayout = QVBoxLayout(self.rxComposeArea)
        self.rxComposeAreaLayout.setSpacing(10)
        self.rxComposeAreaLayout.setObjectName(u"rxComposeAreaLayout")
        self.rxComposeAreaLayout.setContentsMargins(0, 0, 0, 0)
        self.rxFormGroup = QGroupBox(self.rxComposeArea)
        self.rxFormGroup.setObjectName(u"rxFormGroup")
        self.rxFormLayout = QGridLayout(self.rxFormGroup)
        self.rxFormLayout.setObjectName(u"rxFormLayout")
        self.rxFormLayout.setHorizontalSpacing(10)
        self.rxFormLayout.setVerticalSpacing(6)
        self.rxMedicationLabel = QLabel(self.rxFormGroup)
        self.rxMedicationLabel.setObjectName(u"rxMedicationLabel")

        self.rxFormLayout.addWidget(self.rxMedicationLabel, 0, 0, 1, 1)

        self.medicationCombo = QComboBox(self.rxFormGroup)
        self.medicationCombo.setObjectName(u"medicationCombo")
        self.medicationCombo.setEditable(True)
        self.medicationCombo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.medicationCombo.setMaxVisibleItems(12)

        self.rxFormLayout.addWidget(self.medicationCombo, 0, 1, 1, 4)

        self.medicationScheduleLabel = QLabel(self.rxFormGroup)
        self.medicationScheduleLabel.setObjectName(u"medicationScheduleLabel")
        self.medicationScheduleLabel.setTextFormat(Qt.TextFormat.PlainText)
        self.medicationScheduleLabel.setWordWrap(True)

        self.rxFormLayout.addWidget(self.medicationScheduleLabel, 1, 1, 1, 4)

        self.rxSigLabel = QLabel(self.rxFormGroup)
        self.rxSigLabel.setObjectName(u"rxSigLabel")

        self.rxFormLayout.addWidget(self.rxSigLabel, 2, 0, 1, 1)

        self.sigEdit = QLineEdit(self.rxFormGroup)
        self.sigEdit.setObjectName(u"sigEdit")
        self.sigEdit.setMaxLength(1000)

        self.rxFormLayout.addWidget(self.sigEdit, 2, 1, 1, 4)

        self.rxQuantityLabel = QLabel(self.rxFormGroup)
        self.rxQuantityLabel.setObjectName(u"rxQuantityLabel")

        self.rxFormLayout.addWidget(self.rxQuantityLabel, 3, 0, 1, 1)

        self.quantityEdit = QLineEdit(self.rxFormGroup)
        self.quantityEdit.setObjectName(u"quantityEdit")
        self.quantityEdit.setMaxLength(12)
        self.quantityEdit.setMaximumSize(QSize(140, 16777215))

        self.rxFormLayout.addWidget(self.quantityEdit, 3, 1, 1, 1)

        self.rxRefillsLabel = QLabel(self.rxFormGroup)
        self.rxRefillsLabel.setObjectName(u"rxRefillsLabel")

        self.rxFormLayout.addWidget(self.rxRefillsLabel, 3, 2, 1, 1)

        self.refillsSpin = QSpinBox(self.rxFormGroup)
        self.refillsSpin.setObjectName(u"refillsSpin")
        self.refillsSpin.setMinimum(0)
        self.refillsSpin.setMaximum(11)
        self.refillsSpin.setMinimumSize(QSize(70, 0))

        self.rxFormLayout.addWidget(self.refillsSpin, 3, 3, 1, 1)

        self.rxQuantitySpacer = QSpacerItem(40, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.rxFormLayout.addItem(self.rxQuantitySpacer, 3, 4, 1, 1)

        self.rxFormErrorLabel = QLabel(self.rxFormGroup)
        self.rxFormErrorLabel.setObjectName(u"rxFormErrorLabel")
        self.rxFormErrorLabel.setTextFormat(Qt.TextFormat.PlainText)
        self.rxFormErrorLabel.setWordWrap(True)

        self.rxFormLayout.addWidget(self.rxFormErrorLabel, 4, 1, 1, 4)

        self.rxAddLayout = QHBoxLayout()
        self.rxAddLayout.setObjectName(u"rxAddLayout")
        self.rxAddSpacer = QSpacerItem(40, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.rxAddLayout.addItem(self.rxAddSpacer)

        self.addRxButton = QPushButton(self.rxFormGroup)
        self.addRxButton.setObjectName(u"addRxButton")
        self.addRxButton.setAutoDefault(True)

        self.rxAddLayout.addWidget(self.addRxButton)


        self.rxFormLayout.addLayout(self.rxAddLayout, 5, 1, 1, 4)


        self.rxComposeAreaLayout.addWidget(self.rxFormGroup)

        self.rxListGroup = QGroupBox(self.rxComposeArea)
        self.rxListGroup.setObjectName(u"rxListGroup")
        sizePolicy.setHeightForWidth(self.rxListGroup.sizePolicy().hasHeightForWidth())
        self.rxListGroup.setSizePolicy(sizePolicy)
        self.rxListLayout = QVBoxLayout(self.rxListGroup)
        self.rxListLayout.setSpacing(6)
        self.rxListLayout.setObjectName(u"rxListLayout")
        self.rxTable = QTableWidget(self.rxListGroup)
        if (self.rxTable.columnCount() < 6):
            self.rxTable.setColumnCount(6)
        __qtablewidgetitem = QTableWidgetItem()
        self.rxTable.setHorizontalHeaderItem(0, __qtablewidgetitem)
        __qtablewidgetitem1 = QTableWidgetItem()
        self.rxTable.setHorizontalHeaderItem(1, __qtablewidgetitem1)
        __qtablewidgetitem2 = QTableWidgetItem()
        self.rxTable.setHorizontalHeaderItem(2, __qtablewidgetitem2)
        __qtablewidgetitem3 = QTableWidgetItem()
        self.rxTable.setHorizontalHeaderItem(3, __qtablewidgetitem3)
        __qtablewidgetitem4 = QTableWidgetItem()
        self.rxTable.setHorizontalHeaderItem(4, __qtablewidgetitem4)
        __qtablewidgetitem5 = QTableWidgetItem()
        self.rxTable.setHorizontalHeaderItem(5, __qtablewidgetitem5)
        self.rxTable.setObjectName(u"rxTable")
        self.rxTable.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.rxTable.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.rxTable.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.rxTable.setAlternatingRowColors(True)
        self.rxTable.setMinimumSize(QSize(0, 96))
        self.rxTable.setTabKeyNavigation(False)
        self.rxTable.horizontalHeader().setStretchLastSection(True)
        self.rxTable.verticalHeader().setVisible(False)

        self.rxListLayout.addWidget(self.rxTable)

        self.rxMessageLabel = QLabel(self.rxListGroup)
        self.rxMessageLabel.setObjectName(u"rxMessageLabel")
        self.rxMessageLabel.setTextFormat(Qt.TextFormat.PlainText)
        self.rxMessageLabel.setWordWrap(True)

        self.rxListLayout.addWidget(self.rxMessageLabel)


        self.rxComposeAreaLayout.addWidget(self.rxListGroup)


        self.composeScrollLayout.addWidget(self.rxComposeArea)

        self.composeScroll.setWidget(self.composeScrollContents)

        self.composeTabLayout.addWidget(self.composeScroll)

        self.rxActionsBar = QWidget(self.composeTab)
        self.rxActionsBar.setObjectName(u"rxActionsBar")
        self.rxActionsBar.setMaximumSize(QSize(1100, 16777215))
        self.rxActionsLayout = QHBoxLayout(self.rxActionsBar)
        self.rxActionsLayout.setObjectName(u"rxActionsLayout")
        self.rxActionsLayout.setContentsMargins(0, 0, 0, 0)
        self.removeRxButton = QPushButton(self.rxActionsBar)
        self.removeRxButton.setObjectName(u"removeRxButton")
        self.removeRxButton.setEnabled(False)
        self.removeRxButton.setAutoDefault(True)

        self.rxActionsLayout.addWidget(self.removeRxButton)

        self.composeTabSpacer = QSpacerItem(40, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.rxActionsLayout.addItem(self.composeTabSpacer)

        self.signButton = QPushButton(self.rxActionsBar)
        self.signButton.setObjectName(u"signButton")
        self.signButton.setEnabled(False)
        self.signButton.setAutoDefault(True)

        self.rxActionsLayout.addWidget(self.signButton)


        self.composeTabLayout.addWidget(self.rxActionsBar)

        self.topMenuTabs.addTab(self.composeTab, "")
        self.adminTab = QWidget()
        self.adminTab.setObjectName(u"adminTab")
        self.adminTabLayout = QVBoxLayout(self.adminTab)
        self.adminTabLayout.setObjectName(u"adminTabLayout")
        self.adminTabLayout.setContentsMargins(0, 0, 0, 0)
        self.topMenuTabs.addTab(self.adminTab, "")

        self.composeRxLayout.addWidget(self.topMenuTabs)

#if QT_CONFIG(shortcut)
        self.rxMedicationLabel.setBuddy(self.medicationCombo)
        self.rxSigLabel.setBuddy(self.sigEdit)
        self.rxQuantityLabel.setBuddy(self.quantityEdit)
        self.rxRefillsLabel.setBuddy(self.refillsSpin)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.backToPatientsButton, self.topMenuTabs)
        QWidget.setTabOrder(self.topMenuTabs, self.medicationCombo)
        QWidget.setTabOrder(self.medicationCombo, self.sigEdit)
        QWidget.setTabOrder(self.sigEdit, self.quantityEdit)
        QWidget.setTabOrder(self.quantityEdit, self.refillsSpin)
        QWidget.setTabOrder(self.refillsSpin, self.addRxButton)
        QWidget.setTabOrder(self.addRxButton, self.rxTable)
        QWidget.setTabOrder(self.rxTable, self.removeRxButton)
        QWidget.setTabOrder(self.removeRxButton, self.signButton)

        self.retranslateUi(ComposeRxForm)

        self.topMenuTabs.setCurrentIndex(0)


        QMetaObject.connectSlotsByName(ComposeRxForm)
    # setupUi

    def retranslateUi(self, ComposeRxForm):
        ComposeRxForm.setWindowTitle(QCoreApplication.translate("ComposeRxForm", u"Compose Rx", None))
        self.backToPatientsButton.setText(QCoreApplication.translate("ComposeRxForm", u"\u2190 &Patients", None))
#if QT_CONFIG(tooltip)
        self.backToPatientsButton.setToolTip(QCoreApplication.translate("ComposeRxForm", u"Back to the patient list", None))
#endif // QT_CONFIG(tooltip)
        self.patientBannerLabel.setText("")
        self.composeIntroLabel.setText("")
        self.rxFormGroup.setTitle(QCoreApplication.translate("ComposeRxForm", u"New prescription", None))
        self.rxMedicationLabel.setText(QCoreApplication.translate("ComposeRxForm", u"&Medication", None))
#if QT_CONFIG(accessibility)
        self.medicationCombo.setAccessibleName(QCoreApplication.translate("ComposeRxForm", u"Medication", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(tooltip)
        self.medicationCombo.setToolTip(QCoreApplication.translate("ComposeRxForm", u"Type part of the name (e.g. oxycodone), then pick the strength and form from the list.", None))
#endif // QT_CONFIG(tooltip)
        self.medicationScheduleLabel.setText("")
        self.medicationScheduleLabel.setStyleSheet(QCoreApplication.translate("ComposeRxForm", u"QLabel { background: #fff4e0; border: 1px solid #d9a441; border-radius: 4px; padding: 3px 8px; color: #5c3b00; font-weight: bold; }", None))
        self.rxSigLabel.setText(QCoreApplication.translate("ComposeRxForm", u"D&irections", None))
        self.sigEdit.setPlaceholderText(QCoreApplication.translate("ComposeRxForm", u"Directions, e.g. Take 1 tablet by mouth every 6 hours as needed for pain", None))
#if QT_CONFIG(accessibility)
        self.sigEdit.setAccessibleName(QCoreApplication.translate("ComposeRxForm", u"Directions", None))
#endif // QT_CONFIG(accessibility)
        self.rxQuantityLabel.setText(QCoreApplication.translate("ComposeRxForm", u"&Quantity", None))
        self.quantityEdit.setPlaceholderText(QCoreApplication.translate("ComposeRxForm", u"e.g. 30", None))
#if QT_CONFIG(accessibility)
        self.quantityEdit.setAccessibleName(QCoreApplication.translate("ComposeRxForm", u"Quantity", None))
#endif // QT_CONFIG(accessibility)
        self.rxRefillsLabel.setText(QCoreApplication.translate("ComposeRxForm", u"&Refills", None))
#if QT_CONFIG(accessibility)
        self.refillsSpin.setAccessibleName(QCoreApplication.translate("ComposeRxForm", u"Refills", None))
#endif // QT_CONFIG(accessibility)
        self.rxFormErrorLabel.setText("")
        self.addRxButton.setText(QCoreApplication.translate("ComposeRxForm", u"Add &to pending", None))
#if QT_CONFIG(tooltip)
        self.addRxButton.setToolTip(QCoreApplication.translate("ComposeRxForm", u"Adds this prescription to the patient's pending list; nothing is sent until it is signed.", None))
#endif // QT_CONFIG(tooltip)
        self.rxListGroup.setTitle(QCoreApplication.translate("ComposeRxForm", u"Prescriptions for this patient", None))
        ___qtablewidgetitem = self.rxTable.horizontalHeaderItem(0)
        ___qtablewidgetitem.setText(QCoreApplication.translate("ComposeRxForm", u"Medication", None))
        ___qtablewidgetitem1 = self.rxTable.horizontalHeaderItem(1)
        ___qtablewidgetitem1.setText(QCoreApplication.translate("ComposeRxForm", u"Directions", None))
        ___qtablewidgetitem2 = self.rxTable.horizontalHeaderItem(2)
        ___qtablewidgetitem2.setText(QCoreApplication.translate("ComposeRxForm", u"Quantity", None))
        ___qtablewidgetitem3 = self.rxTable.horizontalHeaderItem(3)
        ___qtablewidgetitem3.setText(QCoreApplication.translate("ComposeRxForm", u"Refills", None))
        ___qtablewidgetitem4 = self.rxTable.horizontalHeaderItem(4)
        ___qtablewidgetitem4.setText(QCoreApplication.translate("ComposeRxForm", u"Schedule", None))
        ___qtablewidgetitem5 = self.rxTable.horizontalHeaderItem(5)
        ___qtablewidgetitem5.setText(QCoreApplication.translate("ComposeRxForm", u"Status", None))
#if QT_CONFIG(accessibility)
        self.rxTable.setAccessibleName(QCoreApplication.translate("ComposeRxForm", u"Prescriptions", None))
#endif // QT_CONFIG(accessibility)
        self.rxMessageLabel.setText("")
        self.removeRxButton.setText(QCoreApplication.translate("ComposeRxForm", u"R&emove", None))
#if QT_CONFIG(tooltip)
        self.removeRxButton.setToolTip(QCoreApplication.translate("ComposeRxForm", u"Select a pending prescription to remove it. Signed prescriptions stay on the record.", None))
#endif // QT_CONFIG(tooltip)
        self.signButton.setText(QCoreApplication.translate("ComposeRxForm", u"&Sign pending prescriptions\u2026", None))
        self.topMenuTabs.setTabText(self.topMenuTabs.indexOf(self.composeTab), QCoreApplication.translate("ComposeRxForm", u"Compose R&x", None))
        self.topMenuTabs.setTabText(self.topMenuTabs.indexOf(self.adminTab), QCoreApplication.translate("ComposeRxForm", u"&Admin", None))
    # retranslateUi

