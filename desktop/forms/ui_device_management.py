# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'device_management.ui'
##
## Created by: Qt User Interface Compiler version 6.11.3
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import QCoreApplication, QMetaObject, QSize, Qt
from PySide6.QtWidgets import QAbstractItemView, QFormLayout, QFrame, QGridLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QProgressBar, QPushButton, QScrollArea, QSizePolicy, QSpacerItem, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

class Ui_DeviceManagementForm(object):
    def setupUi(self, DeviceManagementForm):
        if not DeviceManagementForm.objectName():
            DeviceManagementForm.setObjectName(u"DeviceManagementForm")
        DeviceManagementForm.setMaximumSize(QSize(1000, 16777215))
        self.deviceLayout = QVBoxLayout(DeviceManagementForm)
        self.deviceLayout.setSpacing(10)
        self.deviceLayout.setObjectName(u"deviceLayout")
        self.deviceLayout.setContentsMargins(16, 12, 16, 12)
        self.deviceScroll = QScrollArea(DeviceManagementForm)
        self.deviceScroll.setObjectName(u"deviceScroll")
        self.deviceScroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.deviceScroll.setFrameShape(QFrame.Shape.NoFrame)
        self.deviceScroll.setWidgetResizable(True)
        self.deviceScrollContents = QWidget()
        self.deviceScrollContents.setObjectName(u"deviceScrollContents")
        self.deviceContentLayout = QVBoxLayout(self.deviceScrollContents)
        self.deviceContentLayout.setSpacing(10)
        self.deviceContentLayout.setObjectName(u"deviceContentLayout")
        self.deviceContentLayout.setContentsMargins(0, 0, 0, 0)
        self.deviceTitleLabel = QLabel(self.deviceScrollContents)
        self.deviceTitleLabel.setObjectName(u"deviceTitleLabel")

        self.deviceContentLayout.addWidget(self.deviceTitleLabel)

        self.deviceIntroLabel = QLabel(self.deviceScrollContents)
        self.deviceIntroLabel.setObjectName(u"deviceIntroLabel")
        self.deviceIntroLabel.setWordWrap(True)

        self.deviceContentLayout.addWidget(self.deviceIntroLabel)

        self.managePhonesGroup = QGroupBox(self.deviceScrollContents)
        self.managePhonesGroup.setObjectName(u"managePhonesGroup")
        self.managePhonesLayout = QVBoxLayout(self.managePhonesGroup)
        self.managePhonesLayout.setObjectName(u"managePhonesLayout")
        self.phoneTable = QTableWidget(self.managePhonesGroup)
        if (self.phoneTable.columnCount() < 2):
            self.phoneTable.setColumnCount(2)
        __qtablewidgetitem = QTableWidgetItem()
        self.phoneTable.setHorizontalHeaderItem(0, __qtablewidgetitem)
        __qtablewidgetitem1 = QTableWidgetItem()
        self.phoneTable.setHorizontalHeaderItem(1, __qtablewidgetitem1)
        self.phoneTable.setObjectName(u"phoneTable")
        self.phoneTable.setMaximumSize(QSize(16777215, 86))
        self.phoneTable.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.phoneTable.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.phoneTable.setTabKeyNavigation(False)
        self.phoneTable.horizontalHeader().setStretchLastSection(True)
        self.phoneTable.verticalHeader().setVisible(False)

        self.managePhonesLayout.addWidget(self.phoneTable)

        self.phoneActionsLayout = QHBoxLayout()
        self.phoneActionsLayout.setObjectName(u"phoneActionsLayout")
        self.phoneStatusLabel = QLabel(self.managePhonesGroup)
        self.phoneStatusLabel.setObjectName(u"phoneStatusLabel")
        self.phoneStatusLabel.setWordWrap(True)

        self.phoneActionsLayout.addWidget(self.phoneStatusLabel)

        self.authenticateButton = QPushButton(self.managePhonesGroup)
        self.authenticateButton.setObjectName(u"authenticateButton")
        sizePolicy = QSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        sizePolicy.setHorizontalStretch(0)
        sizePolicy.setVerticalStretch(0)
        sizePolicy.setHeightForWidth(self.authenticateButton.sizePolicy().hasHeightForWidth())
        self.authenticateButton.setSizePolicy(sizePolicy)
        self.authenticateButton.setEnabled(False)
        self.authenticateButton.setAutoDefault(True)

        self.phoneActionsLayout.addWidget(self.authenticateButton)

        self.phoneActionsLayout.setStretch(0, 1)

        self.managePhonesLayout.addLayout(self.phoneActionsLayout)


        self.deviceContentLayout.addWidget(self.managePhonesGroup)

        self.manageTokenGroup = QGroupBox(self.deviceScrollContents)
        self.manageTokenGroup.setObjectName(u"manageTokenGroup")
        self.manageTokenLayout = QVBoxLayout(self.manageTokenGroup)
        self.manageTokenLayout.setObjectName(u"manageTokenLayout")
        self.tokenListArea = QWidget(self.manageTokenGroup)
        self.tokenListArea.setObjectName(u"tokenListArea")
        self.tokenListAreaLayout = QGridLayout(self.tokenListArea)
        self.tokenListAreaLayout.setObjectName(u"tokenListAreaLayout")
        self.tokenListAreaLayout.setContentsMargins(0, 0, 0, 0)
        self.tokenTable = QTableWidget(self.tokenListArea)
        if (self.tokenTable.columnCount() < 5):
            self.tokenTable.setColumnCount(5)
        __qtablewidgetitem2 = QTableWidgetItem()
        self.tokenTable.setHorizontalHeaderItem(0, __qtablewidgetitem2)
        __qtablewidgetitem3 = QTableWidgetItem()
        self.tokenTable.setHorizontalHeaderItem(1, __qtablewidgetitem3)
        __qtablewidgetitem4 = QTableWidgetItem()
        self.tokenTable.setHorizontalHeaderItem(2, __qtablewidgetitem4)
        __qtablewidgetitem5 = QTableWidgetItem()
        self.tokenTable.setHorizontalHeaderItem(3, __qtablewidgetitem5)
        __qtablewidgetitem6 = QTableWidgetItem()
        self.tokenTable.setHorizontalHeaderItem(4, __qtablewidgetitem6)
        self.tokenTable.setObjectName(u"tokenTable")
        self.tokenTable.setMaximumSize(QSize(16777215, 120))
        self.tokenTable.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tokenTable.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tokenTable.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tokenTable.setTabKeyNavigation(False)
        self.tokenTable.horizontalHeader().setStretchLastSection(True)
        self.tokenTable.verticalHeader().setVisible(False)

        self.tokenListAreaLayout.addWidget(self.tokenTable, 0, 0, 1, 1)

        self.tokenEmptyLabel = QLabel(self.tokenListArea)
        self.tokenEmptyLabel.setObjectName(u"tokenEmptyLabel")
        self.tokenEmptyLabel.setWordWrap(True)

        self.tokenListAreaLayout.addWidget(self.tokenEmptyLabel, 0, 0, 1, 1, Qt.AlignmentFlag.AlignTop)


        self.manageTokenLayout.addWidget(self.tokenListArea)

        self.tokenStatusHelpLabel = QLabel(self.manageTokenGroup)
        self.tokenStatusHelpLabel.setObjectName(u"tokenStatusHelpLabel")
        self.tokenStatusHelpLabel.setWordWrap(True)
        self.tokenStatusHelpLabel.setAlignment(Qt.AlignmentFlag.AlignLeading|Qt.AlignmentFlag.AlignLeft|Qt.AlignmentFlag.AlignTop)

        self.manageTokenLayout.addWidget(self.tokenStatusHelpLabel)

        self.tokenLifecycleLayout = QHBoxLayout()
        self.tokenLifecycleLayout.setObjectName(u"tokenLifecycleLayout")
        self.tokenResyncButton = QPushButton(self.manageTokenGroup)
        self.tokenResyncButton.setObjectName(u"tokenResyncButton")
        self.tokenResyncButton.setEnabled(False)
        self.tokenResyncButton.setAutoDefault(True)

        self.tokenLifecycleLayout.addWidget(self.tokenResyncButton)

        self.tokenSuspendButton = QPushButton(self.manageTokenGroup)
        self.tokenSuspendButton.setObjectName(u"tokenSuspendButton")
        self.tokenSuspendButton.setEnabled(False)
        self.tokenSuspendButton.setAutoDefault(True)

        self.tokenLifecycleLayout.addWidget(self.tokenSuspendButton)

        self.tokenResumeButton = QPushButton(self.manageTokenGroup)
        self.tokenResumeButton.setObjectName(u"tokenResumeButton")
        self.tokenResumeButton.setEnabled(False)
        self.tokenResumeButton.setAutoDefault(True)

        self.tokenLifecycleLayout.addWidget(self.tokenResumeButton)

        self.tokenReportLostButton = QPushButton(self.manageTokenGroup)
        self.tokenReportLostButton.setObjectName(u"tokenReportLostButton")
        self.tokenReportLostButton.setEnabled(False)
        self.tokenReportLostButton.setAutoDefault(True)

        self.tokenLifecycleLayout.addWidget(self.tokenReportLostButton)

        self.tokenDeactivateButton = QPushButton(self.manageTokenGroup)
        self.tokenDeactivateButton.setObjectName(u"tokenDeactivateButton")
        self.tokenDeactivateButton.setEnabled(False)
        self.tokenDeactivateButton.setAutoDefault(True)

        self.tokenLifecycleLayout.addWidget(self.tokenDeactivateButton)

        self.tokenLifecycleSpacer = QSpacerItem(40, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.tokenLifecycleLayout.addItem(self.tokenLifecycleSpacer)


        self.manageTokenLayout.addLayout(self.tokenLifecycleLayout)

        self.tokenActionsLayout = QHBoxLayout()
        self.tokenActionsLayout.setObjectName(u"tokenActionsLayout")
        self.tokenActionsSpacer = QSpacerItem(40, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.tokenActionsLayout.addItem(self.tokenActionsSpacer)

        self.addTokenButton = QPushButton(self.manageTokenGroup)
        self.addTokenButton.setObjectName(u"addTokenButton")
        sizePolicy.setHeightForWidth(self.addTokenButton.sizePolicy().hasHeightForWidth())
        self.addTokenButton.setSizePolicy(sizePolicy)
        self.addTokenButton.setEnabled(False)
        self.addTokenButton.setAutoDefault(True)

        self.tokenActionsLayout.addWidget(self.addTokenButton)

        self.tokenActionsLayout.setStretch(0, 1)

        self.manageTokenLayout.addLayout(self.tokenActionsLayout)

        self.addTokenArea = QWidget(self.manageTokenGroup)
        self.addTokenArea.setObjectName(u"addTokenArea")
        self.addTokenAreaLayout = QGridLayout(self.addTokenArea)
        self.addTokenAreaLayout.setObjectName(u"addTokenAreaLayout")
        self.addTokenAreaLayout.setContentsMargins(0, 0, 0, 0)
        self.addTokenFrame = QFrame(self.addTokenArea)
        self.addTokenFrame.setObjectName(u"addTokenFrame")
        self.addTokenFrame.setFrameShape(QFrame.Shape.StyledPanel)
        self.addTokenLayout = QFormLayout(self.addTokenFrame)
        self.addTokenLayout.setObjectName(u"addTokenLayout")
        self.serialHintLabel = QLabel(self.addTokenFrame)
        self.serialHintLabel.setObjectName(u"serialHintLabel")
        self.serialHintLabel.setWordWrap(True)

        self.addTokenLayout.setWidget(0, QFormLayout.ItemRole.SpanningRole, self.serialHintLabel)

        self.tokenSerialLabel = QLabel(self.addTokenFrame)
        self.tokenSerialLabel.setObjectName(u"tokenSerialLabel")

        self.addTokenLayout.setWidget(1, QFormLayout.ItemRole.LabelRole, self.tokenSerialLabel)

        self.tokenSerialEdit = QLineEdit(self.addTokenFrame)
        self.tokenSerialEdit.setObjectName(u"tokenSerialEdit")
        self.tokenSerialEdit.setMaxLength(40)

        self.addTokenLayout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.tokenSerialEdit)

        self.otp1Label = QLabel(self.addTokenFrame)
        self.otp1Label.setObjectName(u"otp1Label")

        self.addTokenLayout.setWidget(2, QFormLayout.ItemRole.LabelRole, self.otp1Label)

        self.otp1Edit = QLineEdit(self.addTokenFrame)
        self.otp1Edit.setObjectName(u"otp1Edit")
        self.otp1Edit.setMaxLength(12)

        self.addTokenLayout.setWidget(2, QFormLayout.ItemRole.FieldRole, self.otp1Edit)

        self.otp1GuidanceLabel = QLabel(self.addTokenFrame)
        self.otp1GuidanceLabel.setObjectName(u"otp1GuidanceLabel")
        self.otp1GuidanceLabel.setWordWrap(True)
        self.otp1GuidanceLabel.setAlignment(Qt.AlignmentFlag.AlignLeading|Qt.AlignmentFlag.AlignLeft|Qt.AlignmentFlag.AlignTop)

        self.addTokenLayout.setWidget(3, QFormLayout.ItemRole.FieldRole, self.otp1GuidanceLabel)

        self.otp2Label = QLabel(self.addTokenFrame)
        self.otp2Label.setObjectName(u"otp2Label")

        self.addTokenLayout.setWidget(4, QFormLayout.ItemRole.LabelRole, self.otp2Label)

        self.otp2Edit = QLineEdit(self.addTokenFrame)
        self.otp2Edit.setObjectName(u"otp2Edit")
        self.otp2Edit.setMaxLength(12)

        self.addTokenLayout.setWidget(4, QFormLayout.ItemRole.FieldRole, self.otp2Edit)

        self.tokenSubmitButton = QPushButton(self.addTokenFrame)
        self.tokenSubmitButton.setObjectName(u"tokenSubmitButton")
        self.tokenSubmitButton.setEnabled(False)
        self.tokenSubmitButton.setAutoDefault(True)

        self.addTokenLayout.setWidget(5, QFormLayout.ItemRole.FieldRole, self.tokenSubmitButton)


        self.addTokenAreaLayout.addWidget(self.addTokenFrame, 0, 0, 1, 1)

        self.tokenStatusFrame = QFrame(self.addTokenArea)
        self.tokenStatusFrame.setObjectName(u"tokenStatusFrame")
        self.tokenStatusLayout = QHBoxLayout(self.tokenStatusFrame)
        self.tokenStatusLayout.setObjectName(u"tokenStatusLayout")
        self.tokenStatusLayout.setContentsMargins(0, 0, 0, 0)
        self.tokenStatusCaption = QLabel(self.tokenStatusFrame)
        self.tokenStatusCaption.setObjectName(u"tokenStatusCaption")

        self.tokenStatusLayout.addWidget(self.tokenStatusCaption)

        self.tokenStatusLabel = QLabel(self.tokenStatusFrame)
        self.tokenStatusLabel.setObjectName(u"tokenStatusLabel")
        self.tokenStatusLabel.setProperty(u"tone", u"ok")

        self.tokenStatusLayout.addWidget(self.tokenStatusLabel)

        self.tokenDriftLabel = QLabel(self.tokenStatusFrame)
        self.tokenDriftLabel.setObjectName(u"tokenDriftLabel")
        self.tokenDriftLabel.setWordWrap(True)
        self.tokenDriftLabel.setProperty(u"tone", u"muted")

        self.tokenStatusLayout.addWidget(self.tokenDriftLabel)

        self.tokenStatusLayout.setStretch(2, 1)

        self.addTokenAreaLayout.addWidget(self.tokenStatusFrame, 0, 0, 1, 1, Qt.AlignmentFlag.AlignTop)

        self.syncProgress = QProgressBar(self.addTokenArea)
        self.syncProgress.setObjectName(u"syncProgress")
        self.syncProgress.setMaximum(60)
        self.syncProgress.setTextVisible(True)

        self.addTokenAreaLayout.addWidget(self.syncProgress, 1, 0, 1, 1)


        self.manageTokenLayout.addWidget(self.addTokenArea)

        self.tokenErrorLabel = QLabel(self.manageTokenGroup)
        self.tokenErrorLabel.setObjectName(u"tokenErrorLabel")
        self.tokenErrorLabel.setWordWrap(True)
        self.tokenErrorLabel.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.manageTokenLayout.addWidget(self.tokenErrorLabel)

        self.tokenSuggestionLayout = QHBoxLayout()
        self.tokenSuggestionLayout.setObjectName(u"tokenSuggestionLayout")
        self.tokenSuggestionButton = QPushButton(self.manageTokenGroup)
        self.tokenSuggestionButton.setObjectName(u"tokenSuggestionButton")
        self.tokenSuggestionButton.setAutoDefault(True)

        self.tokenSuggestionLayout.addWidget(self.tokenSuggestionButton)

        self.tokenSuggestionSpacer = QSpacerItem(40, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.tokenSuggestionLayout.addItem(self.tokenSuggestionSpacer)


        self.manageTokenLayout.addLayout(self.tokenSuggestionLayout)


        self.deviceContentLayout.addWidget(self.manageTokenGroup)

        self.deviceSpacer = QSpacerItem(20, 10, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.deviceContentLayout.addItem(self.deviceSpacer)

        self.deviceScroll.setWidget(self.deviceScrollContents)

        self.deviceLayout.addWidget(self.deviceScroll)

        self.deviceButtonsLayout = QHBoxLayout()
        self.deviceButtonsLayout.setObjectName(u"deviceButtonsLayout")
        self.deviceMessageLabel = QLabel(DeviceManagementForm)
        self.deviceMessageLabel.setObjectName(u"deviceMessageLabel")
        self.deviceMessageLabel.setWordWrap(True)
        self.deviceMessageLabel.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.deviceButtonsLayout.addWidget(self.deviceMessageLabel)

        self.deviceCancelButton = QPushButton(DeviceManagementForm)
        self.deviceCancelButton.setObjectName(u"deviceCancelButton")
        self.deviceCancelButton.setAutoDefault(True)

        self.deviceButtonsLayout.addWidget(self.deviceCancelButton)

        self.deviceButtonsLayout.setStretch(0, 1)

        self.deviceLayout.addLayout(self.deviceButtonsLayout)

#if QT_CONFIG(shortcut)
        self.tokenSerialLabel.setBuddy(self.tokenSerialEdit)
        self.otp1Label.setBuddy(self.otp1Edit)
        self.otp2Label.setBuddy(self.otp2Edit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.phoneTable, self.authenticateButton)
        QWidget.setTabOrder(self.authenticateButton, self.tokenTable)
        QWidget.setTabOrder(self.tokenTable, self.tokenResyncButton)
        QWidget.setTabOrder(self.tokenResyncButton, self.tokenSuspendButton)
        QWidget.setTabOrder(self.tokenSuspendButton, self.tokenResumeButton)
        QWidget.setTabOrder(self.tokenResumeButton, self.tokenReportLostButton)
        QWidget.setTabOrder(self.tokenReportLostButton, self.tokenDeactivateButton)
        QWidget.setTabOrder(self.tokenDeactivateButton, self.addTokenButton)
        QWidget.setTabOrder(self.addTokenButton, self.tokenSerialEdit)
        QWidget.setTabOrder(self.tokenSerialEdit, self.otp1Edit)
        QWidget.setTabOrder(self.otp1Edit, self.otp2Edit)
        QWidget.setTabOrder(self.otp2Edit, self.tokenSubmitButton)
        QWidget.setTabOrder(self.tokenSubmitButton, self.tokenSuggestionButton)
        QWidget.setTabOrder(self.tokenSuggestionButton, self.deviceCancelButton)

        self.retranslateUi(DeviceManagementForm)

        QMetaObject.connectSlotsByName(DeviceManagementForm)
    # setupUi

    def retranslateUi(self, DeviceManagementForm):
        DeviceManagementForm.setWindowTitle(QCoreApplication.translate("DeviceManagementForm", u"EPCS Device Management", None))
        self.deviceTitleLabel.setText(QCoreApplication.translate("DeviceManagementForm", u"EPCS Device Management", None))
        self.deviceIntroLabel.setText(QCoreApplication.translate("DeviceManagementForm", u"Step 1: confirm it is you with a code sent to your phone. Step 2: add your hardware token with two codes from it.", None))
        self.managePhonesGroup.setTitle(QCoreApplication.translate("DeviceManagementForm", u"Manage Phones", None))
        ___qtablewidgetitem = self.phoneTable.horizontalHeaderItem(0)
        ___qtablewidgetitem.setText(QCoreApplication.translate("DeviceManagementForm", u"Phone", None))
        ___qtablewidgetitem1 = self.phoneTable.horizontalHeaderItem(1)
        ___qtablewidgetitem1.setText(QCoreApplication.translate("DeviceManagementForm", u"Receives codes by", None))
#if QT_CONFIG(accessibility)
        self.phoneTable.setAccessibleName(QCoreApplication.translate("DeviceManagementForm", u"Phones on your account", None))
#endif // QT_CONFIG(accessibility)
        self.phoneStatusLabel.setText("")
        self.authenticateButton.setText(QCoreApplication.translate("DeviceManagementForm", u"Authe&nticate", None))
        self.manageTokenGroup.setTitle(QCoreApplication.translate("DeviceManagementForm", u"Manage Token", None))
        ___qtablewidgetitem2 = self.tokenTable.horizontalHeaderItem(0)
        ___qtablewidgetitem2.setText(QCoreApplication.translate("DeviceManagementForm", u"Serial number", None))
        ___qtablewidgetitem3 = self.tokenTable.horizontalHeaderItem(1)
        ___qtablewidgetitem3.setText(QCoreApplication.translate("DeviceManagementForm", u"Type", None))
        ___qtablewidgetitem4 = self.tokenTable.horizontalHeaderItem(2)
        ___qtablewidgetitem4.setText(QCoreApplication.translate("DeviceManagementForm", u"Status", None))
        ___qtablewidgetitem5 = self.tokenTable.horizontalHeaderItem(3)
        ___qtablewidgetitem5.setText(QCoreApplication.translate("DeviceManagementForm", u"Synced", None))
        ___qtablewidgetitem6 = self.tokenTable.horizontalHeaderItem(4)
        ___qtablewidgetitem6.setText(QCoreApplication.translate("DeviceManagementForm", u"Last used", None))
#if QT_CONFIG(accessibility)
        self.tokenTable.setAccessibleName(QCoreApplication.translate("DeviceManagementForm", u"Tokens on your account", None))
#endif // QT_CONFIG(accessibility)
        self.tokenEmptyLabel.setText("")
        self.tokenStatusHelpLabel.setText("")
        self.tokenResyncButton.setText(QCoreApplication.translate("DeviceManagementForm", u"Res&ync", None))
        self.tokenSuspendButton.setText(QCoreApplication.translate("DeviceManagementForm", u"&Suspend\u2026", None))
        self.tokenResumeButton.setText(QCoreApplication.translate("DeviceManagementForm", u"Resu&me", None))
        self.tokenReportLostButton.setText(QCoreApplication.translate("DeviceManagementForm", u"Report &lost\u2026", None))
        self.tokenDeactivateButton.setText(QCoreApplication.translate("DeviceManagementForm", u"Deacti&vate\u2026", None))
        self.addTokenButton.setText(QCoreApplication.translate("DeviceManagementForm", u"Add &Token", None))
        self.serialHintLabel.setText(QCoreApplication.translate("DeviceManagementForm", u"The serial number is the largest identifier on the back of the token, letters and numbers, e.g. GALH12345678.", None))
        self.tokenSerialLabel.setText(QCoreApplication.translate("DeviceManagementForm", u"Se&rial number", None))
        self.tokenSerialEdit.setPlaceholderText(QCoreApplication.translate("DeviceManagementForm", u"e.g. GALH12345678", None))
#if QT_CONFIG(accessibility)
        self.tokenSerialEdit.setAccessibleName(QCoreApplication.translate("DeviceManagementForm", u"Token serial number", None))
#endif // QT_CONFIG(accessibility)
        self.otp1Label.setText(QCoreApplication.translate("DeviceManagementForm", u"One-Time Password &1", None))
        self.otp1Edit.setPlaceholderText(QCoreApplication.translate("DeviceManagementForm", u"6 digits from the token", None))
#if QT_CONFIG(accessibility)
        self.otp1Edit.setAccessibleName(QCoreApplication.translate("DeviceManagementForm", u"One-Time Password 1", None))
#endif // QT_CONFIG(accessibility)
        self.otp1GuidanceLabel.setText("")
        self.otp2Label.setText(QCoreApplication.translate("DeviceManagementForm", u"One-Time Password &2", None))
        self.otp2Edit.setPlaceholderText(QCoreApplication.translate("DeviceManagementForm", u"the NEXT 6 digits, after pressing again", None))
#if QT_CONFIG(accessibility)
        self.otp2Edit.setAccessibleName(QCoreApplication.translate("DeviceManagementForm", u"One-Time Password 2", None))
#endif // QT_CONFIG(accessibility)
        self.tokenSubmitButton.setText(QCoreApplication.translate("DeviceManagementForm", u"Su&bmit", None))
        self.tokenStatusCaption.setText(QCoreApplication.translate("DeviceManagementForm", u"Token Status:", None))
        self.tokenStatusLabel.setText("")
#if QT_CONFIG(accessibility)
        self.tokenStatusLabel.setAccessibleName(QCoreApplication.translate("DeviceManagementForm", u"Token Status", None))
#endif // QT_CONFIG(accessibility)
        self.tokenDriftLabel.setText("")
        self.syncProgress.setFormat(QCoreApplication.translate("DeviceManagementForm", u"Syncing with the identity service\u2026", None))
        self.tokenErrorLabel.setText("")
        self.tokenSuggestionButton.setText("")
        self.deviceMessageLabel.setText("")
        self.deviceCancelButton.setText(QCoreApplication.translate("DeviceManagementForm", u"&Cancel", None))
#if QT_CONFIG(tooltip)
        self.deviceCancelButton.setToolTip(QCoreApplication.translate("DeviceManagementForm", u"Back to the Admin screen", None))
#endif // QT_CONFIG(tooltip)
    # retranslateUi

