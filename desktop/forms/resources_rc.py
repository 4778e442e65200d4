# Resource object code (Python 3)
# Created by: object code
# Created by: The Resource Compiler for Qt version 6.11.3
# WARNING! All changes made in this file will be lost!

from PySide6 import QtCore

qt_resource_data = b"\
\x00\x00\x1c\xa0\
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
 #f4f6f8; }\x0a/* S\
crolling pages s\
how the page's o\
wn background, n\
ot a grey band w\
here the content\
 ends. */\x0aQScrol\
lArea#deviceScro\
ll, QScrollArea#\
composeScroll, Q\
ScrollArea#admin\
HomeScroll,\x0aQScr\
ollArea#accessSc\
roll, QWidget#de\
viceScrollConten\
ts, QWidget#comp\
oseScrollContent\
s,\x0aQWidget#admin\
HomeContents, QW\
idget#accessScro\
llContents { bac\
kground: transpa\
rent; }\x0aQFrame#l\
oginCard { backg\
round: #ffffff; \
border: 1px soli\
d #d5dbe1; borde\
r-radius: 8px; }\
\x0aQLabel#titleLab\
el { font-size: \
22pt; font-weigh\
t: bold; color: \
#1f5f8b; }\x0a/* Ce\
ntred here rathe\
r than in login.\
ui: the form the\
n paints without\
 loading Python'\
s\x0a   Qt enum nam\
espace, which co\
sts ~45 ms befor\
e the first pain\
t (bench/startup\
.py). */\x0aQLabel#\
titleLabel, QLab\
el#subtitleLabel\
 { qproperty-ali\
gnment: AlignCen\
ter; }\x0aQLabel#pa\
tientsTitleLabel\
, QLabel#adminTi\
tleLabel, QLabel\
#deviceTitleLabe\
l, QLabel#auditT\
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
\x0aQDialog QPushBu\
tton:default, QP\
ushButton#loginB\
utton, QPushButt\
on#composeRxButt\
on,\x0aQPushButton#\
tokenSubmitButto\
n, QPushButton#p\
honeCodeSubmitBu\
tton, QPushButto\
n#signConfirmBut\
ton,\x0aQPushButton\
#signButton {\x0a  \
  background: #1\
f5f8b; color: #f\
fffff; border: 1\
px solid #174a6d\
; font-weight: b\
old;\x0a}\x0aQPushButt\
on:disabled, QPu\
shButton#loginBu\
tton:disabled, Q\
PushButton#compo\
seRxButton:disab\
led,\x0aQPushButton\
#tokenSubmitButt\
on:disabled, QPu\
shButton#phoneCo\
deSubmitButton:d\
isabled,\x0aQPushBu\
tton#signConfirm\
Button:disabled,\
 QPushButton#sig\
nButton:disabled\
 {\x0a    backgroun\
d: #e6e9ec; colo\
r: #8a949e; bord\
er: 1px solid #c\
dd3d9;\x0a}\x0aQProgre\
ssBar#syncProgre\
ss { border: 1px\
 solid #9aa7b3; \
border-radius: 4\
px; text-align: \
center;\x0a        \
                \
    background: \
#ffffff; min-hei\
ght: 22px; }\x0aQPr\
ogressBar#syncPr\
ogress::chunk { \
background: #9cc\
3de; }\x0aQLineEdit\
 { padding: 5px;\
 border: 1px sol\
id #9aa7b3; bord\
er-radius: 4px; \
background: #fff\
fff; }\x0aQLineEdit\
:focus { border:\
 2px solid #1f5f\
8b; }\x0aQLineEdit[\
invalid=\x22true\x22] \
{ border: 2px so\
lid #b3261e; }\x0a/\
* The text field\
 inside a combo \
or spin box is f\
ramed by its box\
: the padding an\
d border of\x0a   a\
 plain line edit\
 would push its \
text below the b\
ox's bottom edge\
. */\x0aQComboBox Q\
LineEdit, QAbstr\
actSpinBox QLine\
Edit { padding: \
0; border: none;\
 background: tra\
nsparent; }\x0aQLab\
el[tone=\x22error\x22]\
 { color: #b3261\
e; font-weight: \
bold; }\x0aQLabel[t\
one=\x22ok\x22] { colo\
r: #1b6e3a; font\
-weight: bold; }\
\x0aQLabel[tone=\x22in\
fo\x22] { color: #3\
7474f; }\x0aQLabel[\
tone=\x22muted\x22] { \
color: #5f6b76; \
}\x0aQTableWidget {\
 background: #ff\
ffff; alternate-\
background-color\
: #f1f5f9; gridl\
ine-color: #e2e7\
ec; }\x0aQHeaderVie\
w::section { bac\
kground: #e9eef3\
; padding: 4px; \
border: none; fo\
nt-weight: bold;\
 }\x0a/* Flat scrol\
l bars: the plat\
form's gradient \
ones cost 2-5 ms\
 to repaint when\
ever a screen's\x0a\
   height change\
s (the sync's an\
swer repaints th\
e Device Managem\
ent scroll bar t\
hree times). */\x0a\
QScrollBar:verti\
cal { background\
: #eef1f4; width\
: 12px; margin: \
0; border: none;\
 }\x0aQScrollBar:ho\
rizontal { backg\
round: #eef1f4; \
height: 12px; ma\
rgin: 0; border:\
 none; }\x0aQScroll\
Bar::handle:vert\
ical { backgroun\
d: #b8c2cc; bord\
er-radius: 4px; \
min-height: 28px\
; margin: 2px; }\
\x0aQScrollBar::han\
dle:horizontal {\
 background: #b8\
c2cc; border-rad\
ius: 4px; min-wi\
dth: 28px; margi\
n: 2px; }\x0aQScrol\
lBar::handle:hov\
er { background:\
 #9aa7b3; }\x0aQScr\
ollBar::add-line\
, QScrollBar::su\
b-line { width: \
0; height: 0; bo\
rder: none; back\
ground: none; }\x0a\
QScrollBar::add-\
page, QScrollBar\
::sub-page { bac\
kground: none; }\
\x0a/* The focus ri\
ng: where the ke\
yboard is, on ev\
ery control, in \
the house blue; \
amber on the\x0a   \
blue buttons, wh\
ere blue would n\
ot show. Borders\
 grow by 1px, so\
 padding shrinks\
 by 1px and\x0a   n\
othing moves whe\
n focus arrives.\
 */\x0aQPushButton:\
focus { border: \
2px solid #1f5f8\
b; padding: 5px \
13px; }\x0aQDialog \
QPushButton:defa\
ult:focus, QPush\
Button#loginButt\
on:focus, QPushB\
utton#composeRxB\
utton:focus,\x0aQPu\
shButton#tokenSu\
bmitButton:focus\
, QPushButton#ph\
oneCodeSubmitBut\
ton:focus,\x0aQPush\
Button#signConfi\
rmButton:focus, \
QPushButton#sign\
Button:focus {\x0a \
   border: 2px s\
olid #f0a202;\x0a}\x0a\
QCommandLinkButt\
on:focus { borde\
r: 2px solid #1f\
5f8b; background\
: #eaf2f8; }\x0aQTa\
bleWidget:focus,\
 QTableView:focu\
s, QListWidget:f\
ocus, QPlainText\
Edit:focus {\x0a   \
 border: 2px sol\
id #1f5f8b;\x0a}\x0aQR\
adioButton, QChe\
ckBox { border: \
2px solid transp\
arent; border-ra\
dius: 3px; paddi\
ng: 1px 3px; }\x0aQ\
RadioButton:focu\
s, QCheckBox:foc\
us { border: 2px\
 solid #1f5f8b; \
}\x0aQTabBar::tab:f\
ocus { border: 2\
px solid #1f5f8b\
; }\x0a/* The demo \
token's display:\
 big digits, as \
on the key-fob. \
*/\x0aQLabel#simDis\
play { font-fami\
ly: \x22DejaVu Sans\
 Mono\x22; font-siz\
e: 30pt; font-we\
ight: bold;\x0a    \
                \
background: #c9e\
4d2; color: #123\
01f; border: 2px\
 solid #2d3e50;\x0a\
                \
    border-radiu\
s: 8px; padding:\
 6px 12px; min-h\
eight: 64px; }\x0a/\
* \x22To\x22 is measur\
ed with the T-o \
kerning pair and\
 drawn without i\
t (the mnemonic'\
s underline\x0a   s\
plits the word),\
 so its last let\
ter was clipped \
to \x22Tc\x22. */\x0aQLab\
el#auditToLabel \
{ padding-right:\
 3px; }\x0a/* A dem\
o workstation sa\
ys so on every s\
creen: fictional\
 patients, not f\
or patient care.\
 */\x0aQLabel#demoB\
annerLabel { bac\
kground: #fff4ce\
; color: #5c3c00\
; font-weight: b\
old;\x0a           \
              pa\
dding: 6px 16px;\
 border-bottom: \
1px solid #e0c36\
b; }\x0aQLabel#demo\
StatusLabel { co\
lor: #5c3c00; fo\
nt-weight: bold;\
 padding: 0 8px;\
 }\x0a/* While the \
identity server'\
s certificate is\
 not checked (\x22v\
erify_tls\x22: fals\
e). */\x0aQLabel#tl\
sBannerLabel { b\
ackground: #fde7\
e9; color: #8a1c\
25; font-weight:\
 bold;\x0a         \
               p\
adding: 6px 16px\
; border-bottom:\
 1px solid #e8a3\
aa; }\x0aQLabel#tls\
StatusLabel { co\
lor: #8a1c25; fo\
nt-weight: bold;\
 padding: 0 8px;\
 }\x0aQFrame#setupC\
ard, QFrame#chan\
gePasswordCard {\
 background: #ff\
ffff; border: 1p\
x solid #d5dbe1;\
\x0a               \
                \
               b\
order-radius: 8p\
x; }\x0aQLabel#setu\
pTitleLabel, QLa\
bel#changePasswo\
rdTitleLabel, QL\
abel#peopleTitle\
Label {\x0a    font\
-size: 15pt; fon\
t-weight: bold; \
color: #1d2b36;\x0a\
}\x0aQLabel#oneTime\
PasswordLabel { \
background: #e8f\
3ec; border: 1px\
 solid #9cc9ab; \
border-radius: 4\
px;\x0a            \
                \
  padding: 8px; \
font-size: 11.5p\
t; }\x0aQLabel#oneT\
imePasswordLabel\
[tone=\x22ok\x22] { co\
lor: #1b4d2e; }\x0a\
QPushButton#setu\
pFinishButton, Q\
PushButton#chang\
ePasswordButton,\
 QPushButton#sav\
ePersonButton {\x0a\
    background: \
#1f5f8b; color: \
#ffffff; border:\
 1px solid #174a\
6d; font-weight:\
 bold;\x0a}\x0aQPushBu\
tton#setupFinish\
Button:disabled,\
 QPushButton#cha\
ngePasswordButto\
n:disabled,\x0aQPus\
hButton#savePers\
onButton:disable\
d { background: \
#e6e9ec; color: \
#8a949e; border:\
 1px solid #cdd3\
d9; }\x0aQDateEdit \
{ padding: 4px; \
border: 1px soli\
d #9aa7b3; borde\
r-radius: 4px; b\
ackground: #ffff\
ff; }\x0aQDateEdit[\
invalid=\x22true\x22] \
{ border: 2px so\
lid #b3261e; }\x0a\
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
\x00\x00\x00(\x00\x00\x00\x00\x00\x01\x00\x00\x1c\xa4\
\x00\x00\x00@\x00\x00\x00\x00\x00\x01\x00\x00\x1d\xbc\
"

def qInitResources():
    QtCore.qRegisterResourceData(0x01, qt_resource_struct, qt_resource_name, qt_resource_data)

def qCleanupResources():
    QtCore.qUnregisterResourceData(0x01, qt_resource_struct, qt_resource_name, qt_resource_data)

qInitResources()
