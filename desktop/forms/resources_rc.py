# Resource object code (Python 3)
# Created by: object code
# Created by: The Resource Compiler for Qt version 6.11.3
# WARNING! All changes made in this file will be lost!

from PySide6 import QtCore

qt_resource_data = b"\
\x00\x00\x12\xdf\
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
Label, QLabel#au\
ditTitleLabel {\x0a\
    font-size: 1\
5pt; font-weight\
: bold; color: #\
1d2b36;\x0a}\x0aQLabel\
#patientBannerLa\
bel { font-size:\
 12pt; font-weig\
ht: bold; color:\
 #1d2b36; paddin\
g-left: 8px; }\x0aQ\
GroupBox { font-\
weight: bold; bo\
rder: 1px solid \
#d5dbe1; border-\
radius: 6px; mar\
gin-top: 14px;\x0a \
           backg\
round: #ffffff; \
padding-top: 6px\
; }\x0aQGroupBox::t\
itle { subcontro\
l-origin: margin\
; left: 10px; pa\
dding: 0 4px; co\
lor: #1f5f8b; }\x0a\
QGroupBox QLabel\
, QGroupBox QTab\
leWidget, QGroup\
Box QPushButton,\
 QGroupBox QLine\
Edit { font-weig\
ht: normal; }\x0aQP\
ushButton { padd\
ing: 6px 14px; b\
order-radius: 4p\
x; border: 1px s\
olid #9aa7b3; ba\
ckground: #fffff\
f; }\x0aQPushButton\
:default, QPushB\
utton#loginButto\
n, QPushButton#c\
omposeRxButton,\x0a\
QPushButton#toke\
nSubmitButton, Q\
PushButton#phone\
CodeSubmitButton\
, QPushButton#si\
gnConfirmButton \
{\x0a    background\
: #1f5f8b; color\
: #ffffff; borde\
r: 1px solid #17\
4a6d; font-weigh\
t: bold;\x0a}\x0aQPush\
Button:disabled,\
 QPushButton#log\
inButton:disable\
d, QPushButton#c\
omposeRxButton:d\
isabled,\x0aQPushBu\
tton#tokenSubmit\
Button:disabled,\
 QPushButton#pho\
neCodeSubmitButt\
on:disabled,\x0aQPu\
shButton#signCon\
firmButton:disab\
led {\x0a    backgr\
ound: #e6e9ec; c\
olor: #8a949e; b\
order: 1px solid\
 #cdd3d9;\x0a}\x0aQPro\
gressBar#syncPro\
gress { border: \
1px solid #9aa7b\
3; border-radius\
: 4px; text-alig\
n: center;\x0a     \
                \
       backgroun\
d: #ffffff; min-\
height: 22px; }\x0a\
QProgressBar#syn\
cProgress::chunk\
 { background: #\
9cc3de; }\x0aQLineE\
dit { padding: 5\
px; border: 1px \
solid #9aa7b3; b\
order-radius: 4p\
x; background: #\
ffffff; }\x0aQLineE\
dit:focus { bord\
er: 2px solid #1\
f5f8b; }\x0aQLineEd\
it[invalid=\x22true\
\x22] { border: 2px\
 solid #b3261e; \
}\x0aQLabel[tone=\x22e\
rror\x22] { color: \
#b3261e; font-we\
ight: bold; }\x0aQL\
abel[tone=\x22ok\x22] \
{ color: #1b6e3a\
; font-weight: b\
old; }\x0aQLabel[to\
ne=\x22info\x22] { col\
or: #37474f; }\x0aQ\
Label[tone=\x22mute\
d\x22] { color: #5f\
6b76; }\x0aQTableWi\
dget { backgroun\
d: #ffffff; alte\
rnate-background\
-color: #f1f5f9;\
 gridline-color:\
 #e2e7ec; }\x0aQHea\
derView::section\
 { background: #\
e9eef3; padding:\
 4px; border: no\
ne; font-weight:\
 bold; }\x0a/* Flat\
 scroll bars: th\
e platform's gra\
dient ones cost \
2-5 ms to repain\
t whenever a scr\
een's\x0a   height \
changes (the syn\
c's answer repai\
nts the Device M\
anagement scroll\
 bar three times\
). */\x0aQScrollBar\
:vertical { back\
ground: #eef1f4;\
 width: 12px; ma\
rgin: 0; border:\
 none; }\x0aQScroll\
Bar:horizontal {\
 background: #ee\
f1f4; height: 12\
px; margin: 0; b\
order: none; }\x0aQ\
ScrollBar::handl\
e:vertical { bac\
kground: #b8c2cc\
; border-radius:\
 4px; min-height\
: 28px; margin: \
2px; }\x0aQScrollBa\
r::handle:horizo\
ntal { backgroun\
d: #b8c2cc; bord\
er-radius: 4px; \
min-width: 28px;\
 margin: 2px; }\x0a\
QScrollBar::hand\
le:hover { backg\
round: #9aa7b3; \
}\x0aQScrollBar::ad\
d-line, QScrollB\
ar::sub-line { w\
idth: 0; height:\
 0; border: none\
; background: no\
ne; }\x0aQScrollBar\
::add-page, QScr\
ollBar::sub-page\
 { background: n\
one; }\x0a/* A demo\
 workstation say\
s so on every sc\
reen: fictional \
patients, not fo\
r patient care. \
*/\x0aQLabel#demoBa\
nnerLabel { back\
ground: #fff4ce;\
 color: #5c3c00;\
 font-weight: bo\
ld;\x0a            \
             pad\
ding: 6px 16px; \
border-bottom: 1\
px solid #e0c36b\
; }\x0aQLabel#demoS\
tatusLabel { col\
or: #5c3c00; fon\
t-weight: bold; \
padding: 0 8px; \
}\x0aQFrame#setupCa\
rd, QFrame#chang\
ePasswordCard { \
background: #fff\
fff; border: 1px\
 solid #d5dbe1;\x0a\
                \
                \
              bo\
rder-radius: 8px\
; }\x0aQLabel#setup\
TitleLabel, QLab\
el#changePasswor\
dTitleLabel, QLa\
bel#peopleTitleL\
abel {\x0a    font-\
size: 15pt; font\
-weight: bold; c\
olor: #1d2b36;\x0a}\
\x0aQLabel#oneTimeP\
asswordLabel { b\
ackground: #e8f3\
ec; border: 1px \
solid #9cc9ab; b\
order-radius: 4p\
x;\x0a             \
                \
 padding: 8px; f\
ont-size: 11.5pt\
; }\x0aQLabel#oneTi\
mePasswordLabel[\
tone=\x22ok\x22] { col\
or: #1b4d2e; }\x0aQ\
PushButton#setup\
FinishButton, QP\
ushButton#change\
PasswordButton, \
QPushButton#save\
PersonButton {\x0a \
   background: #\
1f5f8b; color: #\
ffffff; border: \
1px solid #174a6\
d; font-weight: \
bold;\x0a}\x0aQPushBut\
ton#setupFinishB\
utton:disabled, \
QPushButton#chan\
gePasswordButton\
:disabled,\x0aQPush\
Button#savePerso\
nButton:disabled\
 { background: #\
e6e9ec; color: #\
8a949e; border: \
1px solid #cdd3d\
9; }\x0aQDateEdit {\
 padding: 4px; b\
order: 1px solid\
 #9aa7b3; border\
-radius: 4px; ba\
ckground: #fffff\
f; }\x0aQDateEdit[i\
nvalid=\x22true\x22] {\
 border: 2px sol\
id #b3261e; }\x0a\
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
\x00\x00\x00(\x00\x00\x00\x00\x00\x01\x00\x00\x12\xe3\
\x00\x00\x00@\x00\x00\x00\x00\x00\x01\x00\x00\x13\xfb\
"

def qInitResources():
    QtCore.qRegisterResourceData(0x01, qt_resource_struct, qt_resource_name, qt_resource_data)

def qCleanupResources():
    QtCore.qUnregisterResourceData(0x01, qt_resource_struct, qt_resource_name, qt_resource_data)

qInitResources()
