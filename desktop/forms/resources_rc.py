# Resource object code (Python 3)
# Created by: object code
# Created by: The Resource Compiler for Qt version 6.12.0
# WARNING! All changes made in this file will be lost!

from PySide6 import QtCore

qt_resource_data = b"\
\x00\x00\x0a\x0b\
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
or: #1f5f8b; }\x0a/\
* Centred here r\
ather than in lo\
gin.ui: the form\
 then paints wit\
hout loading Pyt\
hon's\x0a   Qt enum\
 namespace, whic\
h costs ~45 ms b\
efore the first \
paint (bench/sta\
rtup.py). */\x0aQLa\
bel#titleLabel, \
QLabel#subtitleL\
abel { qproperty\
-alignment: Alig\
nCenter; }\x0aQLabe\
l#patientsTitleL\
abel, QLabel#adm\
inTitleLabel, QL\
abel#deviceTitle\
Label {\x0a    font\
-size: 15pt; fon\
t-weight: bold; \
color: #1d2b36;\x0a\
}\x0aQLabel#patient\
BannerLabel { fo\
nt-size: 12pt; f\
ont-weight: bold\
; color: #1d2b36\
; padding-left: \
8px; }\x0aQGroupBox\
 { font-weight: \
bold; border: 1p\
x solid #d5dbe1;\
 border-radius: \
6px; margin-top:\
 14px;\x0a         \
   background: #\
ffffff; padding-\
top: 6px; }\x0aQGro\
upBox::title { s\
ubcontrol-origin\
: margin; left: \
10px; padding: 0\
 4px; color: #1f\
5f8b; }\x0aQGroupBo\
x QLabel, QGroup\
Box QTableWidget\
, QGroupBox QPus\
hButton, QGroupB\
ox QLineEdit { f\
ont-weight: norm\
al; }\x0aQPushButto\
n { padding: 6px\
 14px; border-ra\
dius: 4px; borde\
r: 1px solid #9a\
a7b3; background\
: #ffffff; }\x0aQPu\
shButton:default\
, QPushButton#lo\
ginButton, QPush\
Button#composeRx\
Button,\x0aQPushBut\
ton#tokenSubmitB\
utton, QPushButt\
on#phoneCodeSubm\
itButton {\x0a    b\
ackground: #1f5f\
8b; color: #ffff\
ff; border: 1px \
solid #174a6d; f\
ont-weight: bold\
;\x0a}\x0aQPushButton:\
disabled, QPushB\
utton#loginButto\
n:disabled, QPus\
hButton#composeR\
xButton:disabled\
,\x0aQPushButton#to\
kenSubmitButton:\
disabled, QPushB\
utton#phoneCodeS\
ubmitButton:disa\
bled {\x0a    backg\
round: #e6e9ec; \
color: #8a949e; \
border: 1px soli\
d #cdd3d9;\x0a}\x0aQPr\
ogressBar#syncPr\
ogress { border:\
 1px solid #9aa7\
b3; border-radiu\
s: 4px; text-ali\
gn: center;\x0a    \
                \
        backgrou\
nd: #ffffff; min\
-height: 22px; }\
\x0aQProgressBar#sy\
ncProgress::chun\
k { background: \
#9cc3de; }\x0aQLine\
Edit { padding: \
5px; border: 1px\
 solid #9aa7b3; \
border-radius: 4\
px; background: \
#ffffff; }\x0aQLine\
Edit:focus { bor\
der: 2px solid #\
1f5f8b; }\x0aQLineE\
dit[invalid=\x22tru\
e\x22] { border: 2p\
x solid #b3261e;\
 }\x0aQLabel[tone=\x22\
error\x22] { color:\
 #b3261e; font-w\
eight: bold; }\x0aQ\
Label[tone=\x22ok\x22]\
 { color: #1b6e3\
a; font-weight: \
bold; }\x0aQLabel[t\
one=\x22info\x22] { co\
lor: #37474f; }\x0a\
QLabel[tone=\x22mut\
ed\x22] { color: #5\
f6b76; }\x0aQTableW\
idget { backgrou\
nd: #ffffff; alt\
ernate-backgroun\
d-color: #f1f5f9\
; gridline-color\
: #e2e7ec; }\x0aQHe\
aderView::sectio\
n { background: \
#e9eef3; padding\
: 4px; border: n\
one; font-weight\
: bold; }\x0a\
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
\x00\x00\x00(\x00\x00\x00\x00\x00\x01\x00\x00\x0a\x0f\
\x00\x00\x00@\x00\x00\x00\x00\x00\x01\x00\x00\x0b'\
"

def qInitResources():
    QtCore.qRegisterResourceData(0x01, qt_resource_struct, qt_resource_name, qt_resource_data)

def qCleanupResources():
    QtCore.qUnregisterResourceData(0x01, qt_resource_struct, qt_resource_name, qt_resource_data)

qInitResources()
