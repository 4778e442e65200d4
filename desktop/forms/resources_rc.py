# Resource object code (Python 3)
# Created by: object code
# Created by: The Resource Compiler for Qt version 6.11.3
# WARNING! All changes made in this file will be lost!

from PySide6 import QtCore

qt_resource_data = b"\
\x00\x00\x12\x99\
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
f; }\x0aQDialog QPu\
shButton:default\
, QPushButton#lo\
ginButton, QPush\
Button#composeRx\
Button,\x0aQPushBut\
ton#tokenSubmitB\
utton, QPushButt\
on#phoneCodeSubm\
itButton, QPushB\
utton#signConfir\
mButton,\x0aQPushBu\
tton#signButton \
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
led, QPushButton\
#signButton:disa\
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
 }\x0a/* The text f\
ield inside a co\
mbo or spin box \
is framed by its\
 box: the paddin\
g and border of\x0a\
   a plain line \
edit would push \
its text below t\
he box's bottom \
edge. */\x0aQComboB\
ox QLineEdit, QA\
bstractSpinBox Q\
LineEdit { paddi\
ng: 0; border: n\
one; background:\
 transparent; }\x0a\
QLabel[tone=\x22err\
or\x22] { color: #b\
3261e; font-weig\
ht: bold; }\x0aQLab\
el[tone=\x22ok\x22] { \
color: #1b6e3a; \
font-weight: bol\
d; }\x0aQLabel[tone\
=\x22info\x22] { color\
: #37474f; }\x0aQLa\
bel[tone=\x22muted\x22\
] { color: #5f6b\
76; }\x0aQTableWidg\
et { background:\
 #ffffff; altern\
ate-background-c\
olor: #f1f5f9; g\
ridline-color: #\
e2e7ec; }\x0aQHeade\
rView::section {\
 background: #e9\
eef3; padding: 4\
px; border: none\
; font-weight: b\
old; }\x0a/* Flat s\
croll bars: the \
platform's gradi\
ent ones cost 2-\
5 ms to repaint \
whenever a scree\
n's\x0a   height ch\
anges (the sync'\
s answer repaint\
s the Device Man\
agement scroll b\
ar three times).\
 */\x0aQScrollBar:v\
ertical { backgr\
ound: #eef1f4; w\
idth: 12px; marg\
in: 0; border: n\
one; }\x0aQScrollBa\
r:horizontal { b\
ackground: #eef1\
f4; height: 12px\
; margin: 0; bor\
der: none; }\x0aQSc\
rollBar::handle:\
vertical { backg\
round: #b8c2cc; \
border-radius: 4\
px; min-height: \
28px; margin: 2p\
x; }\x0aQScrollBar:\
:handle:horizont\
al { background:\
 #b8c2cc; border\
-radius: 4px; mi\
n-width: 28px; m\
argin: 2px; }\x0aQS\
crollBar::handle\
:hover { backgro\
und: #9aa7b3; }\x0a\
QScrollBar::add-\
line, QScrollBar\
::sub-line { wid\
th: 0; height: 0\
; border: none; \
background: none\
; }\x0aQScrollBar::\
add-page, QScrol\
lBar::sub-page {\
 background: non\
e; }\x0a/* The focu\
s ring: where th\
e keyboard is, o\
n every control,\
 in the house bl\
ue; amber on the\
\x0a   blue buttons\
, where blue wou\
ld not show. Bor\
ders grow by 1px\
, so padding shr\
inks by 1px and\x0a\
   nothing moves\
 when focus arri\
ves. */\x0aQPushBut\
ton:focus { bord\
er: 2px solid #1\
f5f8b; padding: \
5px 13px; }\x0aQDia\
log QPushButton:\
default:focus, Q\
PushButton#login\
Button:focus, QP\
ushButton#compos\
eRxButton:focus,\
\x0aQPushButton#tok\
enSubmitButton:f\
ocus, QPushButto\
n#phoneCodeSubmi\
tButton:focus,\x0aQ\
PushButton#signC\
onfirmButton:foc\
us, QPushButton#\
signButton:focus\
 {\x0a    border: 2\
px solid #f0a202\
;\x0a}\x0aQCommandLink\
Button:focus { b\
order: 2px solid\
 #1f5f8b; backgr\
ound: #eaf2f8; }\
\x0aQTableWidget:fo\
cus, QTableView:\
focus, QListWidg\
et:focus, QPlain\
TextEdit:focus {\
\x0a    border: 2px\
 solid #1f5f8b;\x0a\
}\x0aQRadioButton, \
QCheckBox { bord\
er: 2px solid tr\
ansparent; borde\
r-radius: 3px; p\
adding: 1px 3px;\
 }\x0aQRadioButton:\
focus, QCheckBox\
:focus { border:\
 2px solid #1f5f\
8b; }\x0aQTabBar::t\
ab:focus { borde\
r: 2px solid #1f\
5f8b; }\x0a\
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
\x00\x00\x00(\x00\x00\x00\x00\x00\x01\x00\x00\x12\x9d\
\x00\x00\x00@\x00\x00\x00\x00\x00\x01\x00\x00\x13\xb5\
"

def qInitResources():
    QtCore.qRegisterResourceData(0x01, qt_resource_struct, qt_resource_name, qt_resource_data)

def qCleanupResources():
    QtCore.qUnregisterResourceData(0x01, qt_resource_struct, qt_resource_name, qt_resource_data)

qInitResources()
