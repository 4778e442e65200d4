# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'admin.ui'
##
## Created by: Qt User Interface Compiler version 6.11.3
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import QCoreApplication, QMetaObject, Qt
from PySide6.QtWidgets import QCommandLinkButton, QFrame, QGroupBox, QHBoxLayout, QLabel, QPushButton, QScrollArea, QSizePolicy, QSpacerItem, QStackedWidget, QVBoxLayout, QWidget

class Ui_AdminForm(object):
    def setupUi(self, AdminForm):
        if not AdminForm.objectName():
            AdminForm.setObjectName(u"AdminForm")
        self.adminLayout = QVBoxLayout(AdminForm)
        self.adminLayout.setObjectName(u"adminLayout")
        self.adminLayout.setContentsMargins(0, 0, 0, 0)
        self.adminStack = QStackedWidget(AdminForm)
        self.adminStack.setObjectName(u"adminStack")
        self.adminHomePage = QWidget()
        self.adminHomePage.setObjectName(u"adminHomePage")
        self.adminHomePageLayout = QVBoxLayout(self.adminHomePage)
        self.adminHomePageLayout.setObjectName(u"adminHomePageLayout")
        self.adminHomePageLayout.setContentsMargins(0, 0, 0, 0)
        self.adminHomeScroll = QScrollArea(self.adminHomePage)
        self.adminHomeScroll.setObjectName(u"adminHomeScroll")
        self.adminHomeScroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.adminHomeScroll.setFrameShape(QFrame.Shape.NoFrame)
        self.adminHomeScroll.setWidgetResizable(True)
        self.adminHomeContents = QWidget()
        self.adminHomeContents.setObjectName(u"adminHomeContents")
        self.adminHomeLayout = QVBoxLayout(self.adminHomeContents)
        self.adminHomeLayout.setSpacing(12)
        self.adminHomeLayout.setObjectName(u"adminHomeLayout")
        self.adminHomeLayout.setContentsMargins(16, 16, 16, 16)
        self.adminTitleLabel = QLabel(self.adminHomeContents)
        self.adminTitleLabel.setObjectName(u"adminTitleLabel")

        self.adminHomeLayout.addWidget(self.adminTitleLabel)

        self.auditReviewNudgeLayout = QHBoxLayout()
        self.auditReviewNudgeLayout.setSpacing(12)
        self.auditReviewNudgeLayout.setObjectName(u"auditReviewNudgeLayout")
        self.auditReviewNudgeLabel = QLabel(self.adminHomeContents)
        self.auditReviewNudgeLabel.setObjectName(u"auditReviewNudgeLabel")
        self.auditReviewNudgeLabel.setWordWrap(True)

        self.auditReviewNudgeLayout.addWidget(self.auditReviewNudgeLabel)

        self.auditReviewNowButton = QPushButton(self.adminHomeContents)
        self.auditReviewNowButton.setObjectName(u"auditReviewNowButton")
        sizePolicy = QSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        sizePolicy.setHorizontalStretch(0)
        sizePolicy.setVerticalStretch(0)
        sizePolicy.setHeightForWidth(self.auditReviewNowButton.sizePolicy().hasHeightForWidth())
        self.auditReviewNowButton.setSizePolicy(sizePolicy)
        self.auditReviewNowButton.setAutoDefault(True)

        self.auditReviewNudgeLayout.addWidget(self.auditReviewNowButton)

        self.auditReviewNudgeLayout.setStretch(0, 1)

        self.adminHomeLayout.addLayout(self.auditReviewNudgeLayout)

        self.epcsUserControlsGroup = QGroupBox(self.adminHomeContents)
        self.epcsUserControlsGroup.setObjectName(u"epcsUserControlsGroup")
        self.epcsUserControlsLayout = QVBoxLayout(self.epcsUserControlsGroup)
        self.epcsUserControlsLayout.setObjectName(u"epcsUserControlsLayout")
        self.epcsDeviceManagementLink = QCommandLinkButton(self.epcsUserControlsGroup)
        self.epcsDeviceManagementLink.setObjectName(u"epcsDeviceManagementLink")
        self.epcsDeviceManagementLink.setAutoDefault(True)

        self.epcsUserControlsLayout.addWidget(self.epcsDeviceManagementLink)

        self.epcsRestrictedLabel = QLabel(self.epcsUserControlsGroup)
        self.epcsRestrictedLabel.setObjectName(u"epcsRestrictedLabel")
        self.epcsRestrictedLabel.setWordWrap(True)

        self.epcsUserControlsLayout.addWidget(self.epcsRestrictedLabel)

        self.epcsAccessControlLink = QCommandLinkButton(self.epcsUserControlsGroup)
        self.epcsAccessControlLink.setObjectName(u"epcsAccessControlLink")
        self.epcsAccessControlLink.setAutoDefault(True)

        self.epcsUserControlsLayout.addWidget(self.epcsAccessControlLink)


        self.adminHomeLayout.addWidget(self.epcsUserControlsGroup)

        self.practiceGroup = QGroupBox(self.adminHomeContents)
        self.practiceGroup.setObjectName(u"practiceGroup")
        self.practiceGroupLayout = QVBoxLayout(self.practiceGroup)
        self.practiceGroupLayout.setObjectName(u"practiceGroupLayout")
        self.peopleLink = QCommandLinkButton(self.practiceGroup)
        self.peopleLink.setObjectName(u"peopleLink")
        self.peopleLink.setAutoDefault(True)

        self.practiceGroupLayout.addWidget(self.peopleLink)

        self.peopleRestrictedLabel = QLabel(self.practiceGroup)
        self.peopleRestrictedLabel.setObjectName(u"peopleRestrictedLabel")
        self.peopleRestrictedLabel.setWordWrap(True)

        self.practiceGroupLayout.addWidget(self.peopleRestrictedLabel)


        self.adminHomeLayout.addWidget(self.practiceGroup)

        self.auditGroup = QGroupBox(self.adminHomeContents)
        self.auditGroup.setObjectName(u"auditGroup")
        self.auditGroupLayout = QVBoxLayout(self.auditGroup)
        self.auditGroupLayout.setObjectName(u"auditGroupLayout")
        self.auditLink = QCommandLinkButton(self.auditGroup)
        self.auditLink.setObjectName(u"auditLink")
        self.auditLink.setAutoDefault(True)

        self.auditGroupLayout.addWidget(self.auditLink)

        self.auditRestrictedLabel = QLabel(self.auditGroup)
        self.auditRestrictedLabel.setObjectName(u"auditRestrictedLabel")
        self.auditRestrictedLabel.setWordWrap(True)

        self.auditGroupLayout.addWidget(self.auditRestrictedLabel)

        self.auditReviewLink = QCommandLinkButton(self.auditGroup)
        self.auditReviewLink.setObjectName(u"auditReviewLink")
        self.auditReviewLink.setAutoDefault(True)

        self.auditGroupLayout.addWidget(self.auditReviewLink)

        self.auditReviewRestrictedLabel = QLabel(self.auditGroup)
        self.auditReviewRestrictedLabel.setObjectName(u"auditReviewRestrictedLabel")
        self.auditReviewRestrictedLabel.setWordWrap(True)

        self.auditGroupLayout.addWidget(self.auditReviewRestrictedLabel)


        self.adminHomeLayout.addWidget(self.auditGroup)

        self.adminHomeSpacer = QSpacerItem(20, 40, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.adminHomeLayout.addItem(self.adminHomeSpacer)

        self.adminHomeScroll.setWidget(self.adminHomeContents)

        self.adminHomePageLayout.addWidget(self.adminHomeScroll)

        self.adminStack.addWidget(self.adminHomePage)
        self.auditPage = QWidget()
        self.auditPage.setObjectName(u"auditPage")
        self.auditPageLayout = QVBoxLayout(self.auditPage)
        self.auditPageLayout.setObjectName(u"auditPageLayout")
        self.auditPageLayout.setContentsMargins(0, 0, 0, 0)
        self.adminStack.addWidget(self.auditPage)
        self.auditReviewPage = QWidget()
        self.auditReviewPage.setObjectName(u"auditReviewPage")
        self.auditReviewPageLayout = QVBoxLayout(self.auditReviewPage)
        self.auditReviewPageLayout.setObjectName(u"auditReviewPageLayout")
        self.auditReviewPageLayout.setContentsMargins(0, 0, 0, 0)
        self.adminStack.addWidget(self.auditReviewPage)
        self.epcsDeviceManagementPage = QWidget()
        self.epcsDeviceManagementPage.setObjectName(u"epcsDeviceManagementPage")
        self.epcsDeviceManagementLayout = QVBoxLayout(self.epcsDeviceManagementPage)
        self.epcsDeviceManagementLayout.setObjectName(u"epcsDeviceManagementLayout")
        self.epcsDeviceManagementLayout.setContentsMargins(0, 0, 0, 0)
        self.adminStack.addWidget(self.epcsDeviceManagementPage)
        self.epcsAccessControlPage = QWidget()
        self.epcsAccessControlPage.setObjectName(u"epcsAccessControlPage")
        self.epcsAccessControlLayout = QVBoxLayout(self.epcsAccessControlPage)
        self.epcsAccessControlLayout.setObjectName(u"epcsAccessControlLayout")
        self.epcsAccessControlLayout.setContentsMargins(0, 0, 0, 0)
        self.adminStack.addWidget(self.epcsAccessControlPage)
        self.peoplePage = QWidget()
        self.peoplePage.setObjectName(u"peoplePage")
        self.peoplePageLayout = QVBoxLayout(self.peoplePage)
        self.peoplePageLayout.setObjectName(u"peoplePageLayout")
        self.peoplePageLayout.setContentsMargins(0, 0, 0, 0)
        self.adminStack.addWidget(self.peoplePage)

        self.adminLayout.addWidget(self.adminStack)


        self.retranslateUi(AdminForm)

        QMetaObject.connectSlotsByName(AdminForm)
    # setupUi

    def retranslateUi(self, AdminForm):
        AdminForm.setWindowTitle(QCoreApplication.translate("AdminForm", u"Admin", None))
        self.adminTitleLabel.setText(QCoreApplication.translate("AdminForm", u"Admin", None))
        self.auditReviewNudgeLabel.setText("")
        self.auditReviewNowButton.setText(QCoreApplication.translate("AdminForm", u"Review &now", None))
#if QT_CONFIG(tooltip)
        self.auditReviewNowButton.setToolTip(QCoreApplication.translate("AdminForm", u"Open the daily audit review at the oldest day not yet reviewed.", None))
#endif // QT_CONFIG(tooltip)
        self.epcsUserControlsGroup.setTitle(QCoreApplication.translate("AdminForm", u"EPCS User Controls", None))
        self.epcsDeviceManagementLink.setText(QCoreApplication.translate("AdminForm", u"EPCS Device &Management", None))
        self.epcsDeviceManagementLink.setDescription(QCoreApplication.translate("AdminForm", u"Confirm it is you with a code sent to your phone, then add and sync your hardware token.", None))
        self.epcsRestrictedLabel.setText("")
        self.epcsAccessControlLink.setText(QCoreApplication.translate("AdminForm", u"EPCS A&ccess Control", None))
        self.epcsAccessControlLink.setDescription(QCoreApplication.translate("AdminForm", u"Who may sign controlled substances: two designated people grant and revoke it (21 CFR 1311.125).", None))
        self.practiceGroup.setTitle(QCoreApplication.translate("AdminForm", u"Practice", None))
        self.peopleLink.setText(QCoreApplication.translate("AdminForm", u"P&eople", None))
        self.peopleLink.setDescription(QCoreApplication.translate("AdminForm", u"Add prescribers and staff, give roles, deactivate people who left, unlock accounts.", None))
        self.peopleRestrictedLabel.setText("")
        self.auditGroup.setTitle(QCoreApplication.translate("AdminForm", u"Audit", None))
        self.auditLink.setText(QCoreApplication.translate("AdminForm", u"Audit &log", None))
        self.auditLink.setDescription(QCoreApplication.translate("AdminForm", u"Review sign-ins, token changes and signatures, and check that the log was not altered.", None))
        self.auditRestrictedLabel.setText("")
        self.auditReviewLink.setText(QCoreApplication.translate("AdminForm", u"Daily audit &review", None))
        self.auditReviewLink.setDescription(QCoreApplication.translate("AdminForm", u"Read each day's security events and mark the day reviewed (practice administrators).", None))
        self.auditReviewRestrictedLabel.setText("")
    # retranslateUi

