# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'people.ui'
##
## Created by: Qt User Interface Compiler version 6.11.3
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import QCoreApplication, QMetaObject, QSize, Qt
from PySide6.QtWidgets import QAbstractItemView, QCheckBox, QDateEdit, QFormLayout, QFrame, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QScrollArea, QSizePolicy, QSpacerItem, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

class Ui_PeopleForm(object):
    def setupUi(self, PeopleForm):
        if not PeopleForm.objectName():
            PeopleForm.setObjectName(u"PeopleForm")
        self.peopleLayout = QVBoxLayout(PeopleForm)
        self.peopleLayout.setSpacing(8)
        self.peopleLayout.setObjectName(u"peopleLayout")
        self.peopleLayout.setContentsMargins(16, 12, 16, 12)
        self.peopleHeaderLayout = QHBoxLayout()
        self.peopleHeaderLayout.setObjectName(u"peopleHeaderLayout")
        self.peopleTitleLabel = QLabel(PeopleForm)
        self.peopleTitleLabel.setObjectName(u"peopleTitleLabel")

        self.peopleHeaderLayout.addWidget(self.peopleTitleLabel)

        self.peopleHeaderSpacer = QSpacerItem(40, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.peopleHeaderLayout.addItem(self.peopleHeaderSpacer)

        self.peopleBackButton = QPushButton(PeopleForm)
        self.peopleBackButton.setObjectName(u"peopleBackButton")

        self.peopleHeaderLayout.addWidget(self.peopleBackButton)


        self.peopleLayout.addLayout(self.peopleHeaderLayout)

        self.peopleIntroLabel = QLabel(PeopleForm)
        self.peopleIntroLabel.setObjectName(u"peopleIntroLabel")
        self.peopleIntroLabel.setWordWrap(True)

        self.peopleLayout.addWidget(self.peopleIntroLabel)

        self.oneTimePasswordLabel = QLabel(PeopleForm)
        self.oneTimePasswordLabel.setObjectName(u"oneTimePasswordLabel")
        self.oneTimePasswordLabel.setWordWrap(True)
        self.oneTimePasswordLabel.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.peopleLayout.addWidget(self.oneTimePasswordLabel)

        self.peopleMessageLabel = QLabel(PeopleForm)
        self.peopleMessageLabel.setObjectName(u"peopleMessageLabel")
        self.peopleMessageLabel.setWordWrap(True)

        self.peopleLayout.addWidget(self.peopleMessageLabel)

        self.peopleBodyLayout = QHBoxLayout()
        self.peopleBodyLayout.setSpacing(12)
        self.peopleBodyLayout.setObjectName(u"peopleBodyLayout")
        self.peopleListLayout = QVBoxLayout()
        self.peopleListLayout.setObjectName(u"peopleListLayout")
        self.peopleTable = QTableWidget(PeopleForm)
        if (self.peopleTable.columnCount() < 4):
            self.peopleTable.setColumnCount(4)
        __qtablewidgetitem = QTableWidgetItem()
        self.peopleTable.setHorizontalHeaderItem(0, __qtablewidgetitem)
        __qtablewidgetitem1 = QTableWidgetItem()
        self.peopleTable.setHorizontalHeaderItem(1, __qtablewidgetitem1)
        __qtablewidgetitem2 = QTableWidgetItem()
        self.peopleTable.setHorizontalHeaderItem(2, __qtablewidgetitem2)
        __qtablewidgetitem3 = QTableWidgetItem()
        self.peopleTable.setHorizontalHeaderItem(3, __qtablewidgetitem3)
        self.peopleTable.setObjectName(u"peopleTable")
        self.peopleTable.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.peopleTable.setAlternatingRowColors(True)
        self.peopleTable.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.peopleTable.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.peopleTable.horizontalHeader().setStretchLastSection(True)
        self.peopleTable.verticalHeader().setVisible(False)

        self.peopleListLayout.addWidget(self.peopleTable)

        self.peopleActionsLayout = QHBoxLayout()
        self.peopleActionsLayout.setObjectName(u"peopleActionsLayout")
        self.addPersonButton = QPushButton(PeopleForm)
        self.addPersonButton.setObjectName(u"addPersonButton")

        self.peopleActionsLayout.addWidget(self.addPersonButton)

        self.deactivatePersonButton = QPushButton(PeopleForm)
        self.deactivatePersonButton.setObjectName(u"deactivatePersonButton")

        self.peopleActionsLayout.addWidget(self.deactivatePersonButton)

        self.unlockPersonButton = QPushButton(PeopleForm)
        self.unlockPersonButton.setObjectName(u"unlockPersonButton")

        self.peopleActionsLayout.addWidget(self.unlockPersonButton)

        self.unlockPhoneButton = QPushButton(PeopleForm)
        self.unlockPhoneButton.setObjectName(u"unlockPhoneButton")

        self.peopleActionsLayout.addWidget(self.unlockPhoneButton)

        self.resetPasswordButton = QPushButton(PeopleForm)
        self.resetPasswordButton.setObjectName(u"resetPasswordButton")

        self.peopleActionsLayout.addWidget(self.resetPasswordButton)

        self.peopleActionsSpacer = QSpacerItem(10, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.peopleActionsLayout.addItem(self.peopleActionsSpacer)


        self.peopleListLayout.addLayout(self.peopleActionsLayout)


        self.peopleBodyLayout.addLayout(self.peopleListLayout)

        self.personFormScroll = QScrollArea(PeopleForm)
        self.personFormScroll.setObjectName(u"personFormScroll")
        self.personFormScroll.setMinimumSize(QSize(430, 0))
        self.personFormScroll.setWidgetResizable(True)
        self.personFormScroll.setFrameShape(QFrame.Shape.NoFrame)
        self.personFormScrollContents = QWidget()
        self.personFormScrollContents.setObjectName(u"personFormScrollContents")
        self.personFormScrollLayout = QVBoxLayout(self.personFormScrollContents)
        self.personFormScrollLayout.setObjectName(u"personFormScrollLayout")
        self.personFormScrollLayout.setContentsMargins(0, 0, 0, 0)
        self.personFormGroup = QGroupBox(self.personFormScrollContents)
        self.personFormGroup.setObjectName(u"personFormGroup")
        self.personFormGroupLayout = QVBoxLayout(self.personFormGroup)
        self.personFormGroupLayout.setObjectName(u"personFormGroupLayout")
        self.personFormLayout = QFormLayout()
        self.personFormLayout.setObjectName(u"personFormLayout")
        self.personNameLabel = QLabel(self.personFormGroup)
        self.personNameLabel.setObjectName(u"personNameLabel")

        self.personFormLayout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.personNameLabel)

        self.personNameEdit = QLineEdit(self.personFormGroup)
        self.personNameEdit.setObjectName(u"personNameEdit")
        self.personNameEdit.setMaxLength(100)

        self.personFormLayout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.personNameEdit)

        self.personNameHint = QLabel(self.personFormGroup)
        self.personNameHint.setObjectName(u"personNameHint")
        self.personNameHint.setWordWrap(True)

        self.personFormLayout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.personNameHint)

        self.personUsernameLabel = QLabel(self.personFormGroup)
        self.personUsernameLabel.setObjectName(u"personUsernameLabel")

        self.personFormLayout.setWidget(2, QFormLayout.ItemRole.LabelRole, self.personUsernameLabel)

        self.personUsernameEdit = QLineEdit(self.personFormGroup)
        self.personUsernameEdit.setObjectName(u"personUsernameEdit")
        self.personUsernameEdit.setMaxLength(32)

        self.personFormLayout.setWidget(2, QFormLayout.ItemRole.FieldRole, self.personUsernameEdit)

        self.personUsernameHint = QLabel(self.personFormGroup)
        self.personUsernameHint.setObjectName(u"personUsernameHint")
        self.personUsernameHint.setWordWrap(True)

        self.personFormLayout.setWidget(3, QFormLayout.ItemRole.FieldRole, self.personUsernameHint)

        self.personRolesGroup = QGroupBox(self.personFormGroup)
        self.personRolesGroup.setObjectName(u"personRolesGroup")
        self.personRolesLayout = QVBoxLayout(self.personRolesGroup)
        self.personRolesLayout.setObjectName(u"personRolesLayout")
        self.rolePrescriberCheck = QCheckBox(self.personRolesGroup)
        self.rolePrescriberCheck.setObjectName(u"rolePrescriberCheck")

        self.personRolesLayout.addWidget(self.rolePrescriberCheck)

        self.roleStaffCheck = QCheckBox(self.personRolesGroup)
        self.roleStaffCheck.setObjectName(u"roleStaffCheck")

        self.personRolesLayout.addWidget(self.roleStaffCheck)

        self.rolePracticeAdminCheck = QCheckBox(self.personRolesGroup)
        self.rolePracticeAdminCheck.setObjectName(u"rolePracticeAdminCheck")

        self.personRolesLayout.addWidget(self.rolePracticeAdminCheck)


        self.personFormLayout.setWidget(4, QFormLayout.ItemRole.SpanningRole, self.personRolesGroup)

        self.personRolesHint = QLabel(self.personFormGroup)
        self.personRolesHint.setObjectName(u"personRolesHint")
        self.personRolesHint.setWordWrap(True)

        self.personFormLayout.setWidget(5, QFormLayout.ItemRole.FieldRole, self.personRolesHint)


        self.personFormGroupLayout.addLayout(self.personFormLayout)

        self.prescriberGroup = QGroupBox(self.personFormGroup)
        self.prescriberGroup.setObjectName(u"prescriberGroup")
        self.prescriberLayout = QFormLayout(self.prescriberGroup)
        self.prescriberLayout.setObjectName(u"prescriberLayout")
        self.deaNumberLabel = QLabel(self.prescriberGroup)
        self.deaNumberLabel.setObjectName(u"deaNumberLabel")

        self.prescriberLayout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.deaNumberLabel)

        self.deaNumberEdit = QLineEdit(self.prescriberGroup)
        self.deaNumberEdit.setObjectName(u"deaNumberEdit")
        self.deaNumberEdit.setMaxLength(11)

        self.prescriberLayout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.deaNumberEdit)

        self.deaNumberHint = QLabel(self.prescriberGroup)
        self.deaNumberHint.setObjectName(u"deaNumberHint")
        self.deaNumberHint.setWordWrap(True)

        self.prescriberLayout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.deaNumberHint)

        self.deaExpiryLabel = QLabel(self.prescriberGroup)
        self.deaExpiryLabel.setObjectName(u"deaExpiryLabel")

        self.prescriberLayout.setWidget(2, QFormLayout.ItemRole.LabelRole, self.deaExpiryLabel)

        self.deaExpiryEdit = QDateEdit(self.prescriberGroup)
        self.deaExpiryEdit.setObjectName(u"deaExpiryEdit")
        self.deaExpiryEdit.setCalendarPopup(True)

        self.prescriberLayout.setWidget(2, QFormLayout.ItemRole.FieldRole, self.deaExpiryEdit)

        self.deaExpiryHint = QLabel(self.prescriberGroup)
        self.deaExpiryHint.setObjectName(u"deaExpiryHint")
        self.deaExpiryHint.setWordWrap(True)

        self.prescriberLayout.setWidget(3, QFormLayout.ItemRole.FieldRole, self.deaExpiryHint)

        self.licenceStateLabel = QLabel(self.prescriberGroup)
        self.licenceStateLabel.setObjectName(u"licenceStateLabel")

        self.prescriberLayout.setWidget(4, QFormLayout.ItemRole.LabelRole, self.licenceStateLabel)

        self.licenceStateEdit = QLineEdit(self.prescriberGroup)
        self.licenceStateEdit.setObjectName(u"licenceStateEdit")
        self.licenceStateEdit.setMaxLength(2)

        self.prescriberLayout.setWidget(4, QFormLayout.ItemRole.FieldRole, self.licenceStateEdit)

        self.licenceStateHint = QLabel(self.prescriberGroup)
        self.licenceStateHint.setObjectName(u"licenceStateHint")
        self.licenceStateHint.setWordWrap(True)

        self.prescriberLayout.setWidget(5, QFormLayout.ItemRole.FieldRole, self.licenceStateHint)

        self.licenceNumberLabel = QLabel(self.prescriberGroup)
        self.licenceNumberLabel.setObjectName(u"licenceNumberLabel")

        self.prescriberLayout.setWidget(6, QFormLayout.ItemRole.LabelRole, self.licenceNumberLabel)

        self.licenceNumberEdit = QLineEdit(self.prescriberGroup)
        self.licenceNumberEdit.setObjectName(u"licenceNumberEdit")
        self.licenceNumberEdit.setMaxLength(20)

        self.prescriberLayout.setWidget(6, QFormLayout.ItemRole.FieldRole, self.licenceNumberEdit)

        self.licenceNumberHint = QLabel(self.prescriberGroup)
        self.licenceNumberHint.setObjectName(u"licenceNumberHint")
        self.licenceNumberHint.setWordWrap(True)

        self.prescriberLayout.setWidget(7, QFormLayout.ItemRole.FieldRole, self.licenceNumberHint)

        self.npiLabel = QLabel(self.prescriberGroup)
        self.npiLabel.setObjectName(u"npiLabel")

        self.prescriberLayout.setWidget(8, QFormLayout.ItemRole.LabelRole, self.npiLabel)

        self.npiEdit = QLineEdit(self.prescriberGroup)
        self.npiEdit.setObjectName(u"npiEdit")
        self.npiEdit.setMaxLength(12)

        self.prescriberLayout.setWidget(8, QFormLayout.ItemRole.FieldRole, self.npiEdit)

        self.npiHint = QLabel(self.prescriberGroup)
        self.npiHint.setObjectName(u"npiHint")
        self.npiHint.setWordWrap(True)

        self.prescriberLayout.setWidget(9, QFormLayout.ItemRole.FieldRole, self.npiHint)

        self.personMobileLabel = QLabel(self.prescriberGroup)
        self.personMobileLabel.setObjectName(u"personMobileLabel")

        self.prescriberLayout.setWidget(10, QFormLayout.ItemRole.LabelRole, self.personMobileLabel)

        self.personMobileEdit = QLineEdit(self.prescriberGroup)
        self.personMobileEdit.setObjectName(u"personMobileEdit")
        self.personMobileEdit.setMaxLength(20)

        self.prescriberLayout.setWidget(10, QFormLayout.ItemRole.FieldRole, self.personMobileEdit)

        self.personMobileHint = QLabel(self.prescriberGroup)
        self.personMobileHint.setObjectName(u"personMobileHint")
        self.personMobileHint.setWordWrap(True)

        self.prescriberLayout.setWidget(11, QFormLayout.ItemRole.FieldRole, self.personMobileHint)


        self.personFormGroupLayout.addWidget(self.prescriberGroup)

        self.personErrorLabel = QLabel(self.personFormGroup)
        self.personErrorLabel.setObjectName(u"personErrorLabel")
        self.personErrorLabel.setWordWrap(True)

        self.personFormGroupLayout.addWidget(self.personErrorLabel)

        self.personButtonsLayout = QHBoxLayout()
        self.personButtonsLayout.setObjectName(u"personButtonsLayout")
        self.personButtonsSpacer = QSpacerItem(10, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.personButtonsLayout.addItem(self.personButtonsSpacer)

        self.cancelPersonButton = QPushButton(self.personFormGroup)
        self.cancelPersonButton.setObjectName(u"cancelPersonButton")

        self.personButtonsLayout.addWidget(self.cancelPersonButton)

        self.savePersonButton = QPushButton(self.personFormGroup)
        self.savePersonButton.setObjectName(u"savePersonButton")

        self.personButtonsLayout.addWidget(self.savePersonButton)


        self.personFormGroupLayout.addLayout(self.personButtonsLayout)


        self.personFormScrollLayout.addWidget(self.personFormGroup)

        self.personFormBottomSpacer = QSpacerItem(20, 10, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.personFormScrollLayout.addItem(self.personFormBottomSpacer)

        self.personFormScroll.setWidget(self.personFormScrollContents)

        self.peopleBodyLayout.addWidget(self.personFormScroll)


        self.peopleLayout.addLayout(self.peopleBodyLayout)

#if QT_CONFIG(shortcut)
        self.personNameLabel.setBuddy(self.personNameEdit)
        self.personUsernameLabel.setBuddy(self.personUsernameEdit)
        self.deaNumberLabel.setBuddy(self.deaNumberEdit)
        self.deaExpiryLabel.setBuddy(self.deaExpiryEdit)
        self.licenceStateLabel.setBuddy(self.licenceStateEdit)
        self.licenceNumberLabel.setBuddy(self.licenceNumberEdit)
        self.npiLabel.setBuddy(self.npiEdit)
        self.personMobileLabel.setBuddy(self.personMobileEdit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.peopleTable, self.addPersonButton)
        QWidget.setTabOrder(self.addPersonButton, self.personNameEdit)
        QWidget.setTabOrder(self.personNameEdit, self.personUsernameEdit)
        QWidget.setTabOrder(self.personUsernameEdit, self.rolePrescriberCheck)
        QWidget.setTabOrder(self.rolePrescriberCheck, self.roleStaffCheck)
        QWidget.setTabOrder(self.roleStaffCheck, self.rolePracticeAdminCheck)
        QWidget.setTabOrder(self.rolePracticeAdminCheck, self.deaNumberEdit)
        QWidget.setTabOrder(self.deaNumberEdit, self.deaExpiryEdit)
        QWidget.setTabOrder(self.deaExpiryEdit, self.licenceStateEdit)
        QWidget.setTabOrder(self.licenceStateEdit, self.licenceNumberEdit)
        QWidget.setTabOrder(self.licenceNumberEdit, self.npiEdit)
        QWidget.setTabOrder(self.npiEdit, self.personMobileEdit)
        QWidget.setTabOrder(self.personMobileEdit, self.savePersonButton)

        self.retranslateUi(PeopleForm)

        QMetaObject.connectSlotsByName(PeopleForm)
    # setupUi

    def retranslateUi(self, PeopleForm):
        PeopleForm.setWindowTitle(QCoreApplication.translate("PeopleForm", u"People", None))
        self.peopleTitleLabel.setText(QCoreApplication.translate("PeopleForm", u"People", None))
        self.peopleBackButton.setText(QCoreApplication.translate("PeopleForm", u"Back", None))
        self.peopleIntroLabel.setText(QCoreApplication.translate("PeopleForm", u"Everyone who signs in here, and what they may do. Nobody is ever deleted: a person who leaves is deactivated, and their history stays. A new person gets a one-time password, shown once, that they change at their first sign-in.", None))
        self.oneTimePasswordLabel.setText("")
#if QT_CONFIG(accessibility)
        self.oneTimePasswordLabel.setAccessibleName(QCoreApplication.translate("PeopleForm", u"One-time password", None))
#endif // QT_CONFIG(accessibility)
        self.peopleMessageLabel.setText("")
        ___qtablewidgetitem = self.peopleTable.horizontalHeaderItem(0)
        ___qtablewidgetitem.setText(QCoreApplication.translate("PeopleForm", u"Name", None))
        ___qtablewidgetitem1 = self.peopleTable.horizontalHeaderItem(1)
        ___qtablewidgetitem1.setText(QCoreApplication.translate("PeopleForm", u"Username", None))
        ___qtablewidgetitem2 = self.peopleTable.horizontalHeaderItem(2)
        ___qtablewidgetitem2.setText(QCoreApplication.translate("PeopleForm", u"Roles", None))
        ___qtablewidgetitem3 = self.peopleTable.horizontalHeaderItem(3)
        ___qtablewidgetitem3.setText(QCoreApplication.translate("PeopleForm", u"Status", None))
#if QT_CONFIG(accessibility)
        self.peopleTable.setAccessibleName(QCoreApplication.translate("PeopleForm", u"People", None))
#endif // QT_CONFIG(accessibility)
        self.addPersonButton.setText(QCoreApplication.translate("PeopleForm", u"&Add person", None))
        self.deactivatePersonButton.setText(QCoreApplication.translate("PeopleForm", u"Deactivate", None))
        self.unlockPersonButton.setText(QCoreApplication.translate("PeopleForm", u"Unlock", None))
#if QT_CONFIG(tooltip)
        self.unlockPhoneButton.setToolTip(QCoreApplication.translate("PeopleForm", u"Phone confirmation is locked after 100 wrong codes in a row: let them ask for a code again.", None))
#endif // QT_CONFIG(tooltip)
        self.unlockPhoneButton.setText(QCoreApplication.translate("PeopleForm", u"Unlock phone confirmation", None))
        self.resetPasswordButton.setText(QCoreApplication.translate("PeopleForm", u"New one-time password", None))
        self.personFormGroup.setTitle(QCoreApplication.translate("PeopleForm", u"Add a person", None))
        self.personNameLabel.setText(QCoreApplication.translate("PeopleForm", u"&Name", None))
#if QT_CONFIG(accessibility)
        self.personNameEdit.setAccessibleName(QCoreApplication.translate("PeopleForm", u"Name", None))
#endif // QT_CONFIG(accessibility)
        self.personNameEdit.setPlaceholderText(QCoreApplication.translate("PeopleForm", u"e.g. Dr. Dana Whitfield", None))
        self.personNameHint.setText("")
        self.personUsernameLabel.setText(QCoreApplication.translate("PeopleForm", u"&Username", None))
#if QT_CONFIG(accessibility)
        self.personUsernameEdit.setAccessibleName(QCoreApplication.translate("PeopleForm", u"Username", None))
#endif // QT_CONFIG(accessibility)
        self.personUsernameEdit.setPlaceholderText(QCoreApplication.translate("PeopleForm", u"e.g. dwhitfield", None))
        self.personUsernameHint.setText("")
        self.personRolesGroup.setTitle(QCoreApplication.translate("PeopleForm", u"Roles (one or more)", None))
        self.rolePrescriberCheck.setText(QCoreApplication.translate("PeopleForm", u"&Prescriber: writes and signs prescriptions (DEA registrant)", None))
        self.roleStaffCheck.setText(QCoreApplication.translate("PeopleForm", u"&Staff: finds patients and prepares prescriptions", None))
        self.rolePracticeAdminCheck.setText(QCoreApplication.translate("PeopleForm", u"Practice &administrator: adds and changes people", None))
        self.personRolesHint.setText("")
        self.prescriberGroup.setTitle(QCoreApplication.translate("PeopleForm", u"Prescriber: DEA registration, licence and NPI", None))
        self.deaNumberLabel.setText(QCoreApplication.translate("PeopleForm", u"&DEA registration number", None))
#if QT_CONFIG(accessibility)
        self.deaNumberEdit.setAccessibleName(QCoreApplication.translate("PeopleForm", u"DEA registration number", None))
#endif // QT_CONFIG(accessibility)
        self.deaNumberEdit.setPlaceholderText(QCoreApplication.translate("PeopleForm", u"2 letters and 7 digits, e.g. AW1234563", None))
        self.deaNumberHint.setText("")
        self.deaExpiryLabel.setText(QCoreApplication.translate("PeopleForm", u"DEA registration &expires", None))
#if QT_CONFIG(accessibility)
        self.deaExpiryEdit.setAccessibleName(QCoreApplication.translate("PeopleForm", u"DEA registration expiry date", None))
#endif // QT_CONFIG(accessibility)
        self.deaExpiryEdit.setDisplayFormat(QCoreApplication.translate("PeopleForm", u"MM/dd/yyyy", None))
        self.deaExpiryHint.setText("")
        self.licenceStateLabel.setText(QCoreApplication.translate("PeopleForm", u"Licence &state", None))
#if QT_CONFIG(accessibility)
        self.licenceStateEdit.setAccessibleName(QCoreApplication.translate("PeopleForm", u"Licence state", None))
#endif // QT_CONFIG(accessibility)
        self.licenceStateEdit.setPlaceholderText(QCoreApplication.translate("PeopleForm", u"e.g. CA", None))
        self.licenceStateHint.setText("")
        self.licenceNumberLabel.setText(QCoreApplication.translate("PeopleForm", u"State &licence number", None))
#if QT_CONFIG(accessibility)
        self.licenceNumberEdit.setAccessibleName(QCoreApplication.translate("PeopleForm", u"State licence number", None))
#endif // QT_CONFIG(accessibility)
        self.licenceNumberEdit.setPlaceholderText(QCoreApplication.translate("PeopleForm", u"as printed on the licence", None))
        self.licenceNumberHint.setText("")
        self.npiLabel.setText(QCoreApplication.translate("PeopleForm", u"N&PI", None))
#if QT_CONFIG(accessibility)
        self.npiEdit.setAccessibleName(QCoreApplication.translate("PeopleForm", u"National Provider Identifier", None))
#endif // QT_CONFIG(accessibility)
        self.npiEdit.setPlaceholderText(QCoreApplication.translate("PeopleForm", u"10 digits, e.g. 1234567893", None))
        self.npiHint.setText("")
        self.personMobileLabel.setText(QCoreApplication.translate("PeopleForm", u"&Mobile phone", None))
#if QT_CONFIG(accessibility)
        self.personMobileEdit.setAccessibleName(QCoreApplication.translate("PeopleForm", u"Mobile phone for codes", None))
#endif // QT_CONFIG(accessibility)
        self.personMobileEdit.setPlaceholderText(QCoreApplication.translate("PeopleForm", u"for phone codes, e.g. (555) 010-0100", None))
        self.personMobileHint.setText("")
        self.personErrorLabel.setText("")
#if QT_CONFIG(accessibility)
        self.personErrorLabel.setAccessibleName(QCoreApplication.translate("PeopleForm", u"Problem with this person", None))
#endif // QT_CONFIG(accessibility)
        self.cancelPersonButton.setText(QCoreApplication.translate("PeopleForm", u"Clear", None))
        self.savePersonButton.setText(QCoreApplication.translate("PeopleForm", u"&Save", None))
    # retranslateUi

