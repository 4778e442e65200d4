# Resource object code (Python 3)
# Created by: object code
# Created by: The Resource Compiler for Qt version 6.12.0
# WARNING! All changes made in this file will be lost!

from PySide6 import QtCore

qt_resource_data = b"\
\x00\x00\x07\x91\
/\
* iCoreRx house \
style: calm, hig\
h-contrast, read\
able at a busy f\
ront desk. */\x0aQW\
idget { font-siz\
e: 10.5pt; }\x0aQMa\
inWindow, QStack\
edWidget#mainSta\
ck { background:\
 #f4f6f8; }\x0aQFra\
me#loginCard { b\
ackground: #ffff\
ff; border: 1px \
solid #d5dbe1; b\
order-radius: 8p\
x; }\x0aQLabel#titl\
eLabel { font-si\
ze: 22pt; font-w\
eight: bold; col\
or: #1f5f8b; }\x0aQ\
Label#patientsTi\
tleLabel, QLabel\
#adminTitleLabel\
, QLabel#deviceT\
itleLabel {\x0a    \
font-size: 15pt;\
 font-weight: bo\
ld; color: #1d2b\
36;\x0a}\x0aQLabel#pat\
ientBannerLabel \
{ font-size: 12p\
t; font-weight: \
bold; color: #1d\
2b36; padding-le\
ft: 8px; }\x0aQGrou\
pBox { font-weig\
ht: bold; border\
: 1px solid #d5d\
be1; border-radi\
us: 6px; margin-\
top: 14px;\x0a     \
       backgroun\
d: #ffffff; padd\
ing-top: 6px; }\x0a\
QGroupBox::title\
 { subcontrol-or\
igin: margin; le\
ft: 10px; paddin\
g: 0 4px; color:\
 #1f5f8b; }\x0aQGro\
upBox QLabel, QG\
roupBox QTableWi\
dget, QGroupBox \
QPushButton, QGr\
oupBox QLineEdit\
 { font-weight: \
normal; }\x0aQPushB\
utton { padding:\
 6px 14px; borde\
r-radius: 4px; b\
order: 1px solid\
 #9aa7b3; backgr\
ound: #ffffff; }\
\x0aQPushButton:def\
ault, QPushButto\
n#loginButton, Q\
PushButton#compo\
seRxButton,\x0aQPus\
hButton#tokenSub\
mitButton, QPush\
Button#phoneCode\
SubmitButton {\x0a \
   background: #\
1f5f8b; color: #\
ffffff; border: \
1px solid #174a6\
d; font-weight: \
bold;\x0a}\x0aQPushBut\
ton:disabled { b\
ackground: #e6e9\
ec; color: #8a94\
9e; border: 1px \
solid #cdd3d9; }\
\x0aQLineEdit { pad\
ding: 5px; borde\
r: 1px solid #9a\
a7b3; border-rad\
ius: 4px; backgr\
ound: #ffffff; }\
\x0aQLineEdit:focus\
 { border: 2px s\
olid #1f5f8b; }\x0a\
QLineEdit[invali\
d=\x22true\x22] { bord\
er: 2px solid #b\
3261e; }\x0aQLabel[\
tone=\x22error\x22] { \
color: #b3261e; \
font-weight: bol\
d; }\x0aQLabel[tone\
=\x22ok\x22] { color: \
#1b6e3a; font-we\
ight: bold; }\x0aQL\
abel[tone=\x22info\x22\
] { color: #3747\
4f; }\x0aQLabel[ton\
e=\x22muted\x22] { col\
or: #5f6b76; }\x0aQ\
TableWidget { ba\
ckground: #fffff\
f; alternate-bac\
kground-color: #\
f1f5f9; gridline\
-color: #e2e7ec;\
 }\x0aQHeaderView::\
section { backgr\
ound: #e9eef3; p\
adding: 4px; bor\
der: none; font-\
weight: bold; }\x0a\
\
\x00\x00\x01\x14\
<\
svg xmlns=\x22http:\
//www.w3.org/200\
0/svg\x22 width=\x2248\
\x22 height=\x2248\x22 vi\
ewBox=\x220 0 48 48\
\x22>\x0a  <rect x=\x226\x22\
 y=\x2210\x22 width=\x223\
6\x22 height=\x2228\x22 r\
x=\x228\x22 fill=\x22#2d3\
e50\x22/>\x0a  <rect x\
=\x2211\x22 y=\x2215\x22 wid\
th=\x2220\x22 height=\x22\
9\x22 rx=\x222\x22 fill=\x22\
#b8e0c8\x22/>\x0a  <ci\
rcle cx=\x2235\x22 cy=\
\x2230\x22 r=\x224\x22 fill=\
\x22#ffffff\x22/>\x0a</sv\
g>\x0a\
\x00\x00\x013\
<\
svg xmlns=\x22http:\
//www.w3.org/200\
0/svg\x22 width=\x2264\
\x22 height=\x2264\x22 vi\
ewBox=\x220 0 64 64\
\x22>\x0a  <rect x=\x224\x22\
 y=\x224\x22 width=\x2256\
\x22 height=\x2256\x22 rx\
=\x2212\x22 fill=\x22#1f5\
f8b\x22/>\x0a  <text x\
=\x2232\x22 y=\x2242\x22 fon\
t-family=\x22DejaVu\
 Sans, sans-seri\
f\x22 font-size=\x2226\
\x22 font-weight=\x22b\
old\x22\x0a        tex\
t-anchor=\x22middle\
\x22 fill=\x22#ffffff\x22\
>Rx</text>\x0a</svg\
>\x0a\
"

qt_resource_name = b"\
\x00\x05\
\x00o\xa6S\
\x00i\
\x00c\x00o\x00n\x00s\
\x00\x09\
\x00(\xad#\
\x00s\
\x00t\x00y\x00l\x00e\x00.\x00q\x00s\x00s\
\x00\x09\
\x01\xc1\xac\x07\
\x00t\
\x00o\x00k\x00e\x00n\x00.\x00s\x00v\x00g\
\x00\x07\
\x08sZ\x07\
\x00a\
\x00p\x00p\x00.\x00s\x00v\x00g\
"

qt_resource_struct = b"\
\x00\x00\x00\x00\x00\x02\x00\x00\x00\x02\x00\x00\x00\x01\
\x00\x00\x00\x10\x00\x00\x00\x00\x00\x01\x00\x00\x00\x00\
\x00\x00\x00\x00\x00\x02\x00\x00\x00\x02\x00\x00\x00\x03\
\x00\x00\x00(\x00\x00\x00\x00\x00\x01\x00\x00\x07\x95\
\x00\x00\x00@\x00\x00\x00\x00\x00\x01\x00\x00\x08\xad\
"

def qInitResources():
    QtCore.qRegisterResourceData(0x01, qt_resource_struct, qt_resource_name, qt_resource_data)

def qCleanupResources():
    QtCore.qUnregisterResourceData(0x01, qt_resource_struct, qt_resource_name, qt_resource_data)

qInitResources()
