"""The Python side of Qt's classes, made ahead of the first sign-in, a few classes a turn
(and a first widget of the kinds the signed-in screens add: `first_widgets`); once that is
done, start-up's objects are frozen out of the garbage collector's reach (`set_aside_start_up`).

PySide makes a Qt class's Python type (and its enums) the first time Python meets the class.
The first time Python is handed a Qt object of a class PySide does not expose (a line
edit's `QWidgetLineControl`, an animation's timer), PySide looks through every `QObject`
subclass of the loaded modules for the nearest match and makes all their types at once:
~140 enums, 40-80 ms on one turn. The idle lock's filter (every event of the application,
from sign-in on) met such an object on the sign-in's turn, the longest turn of a cold start.

The classes that search makes are made here first, a chunk a turn of the event loop, while
the sign-in form waits; `discover` then runs the search itself, which finds them all made.
A class this version of PySide does not have is skipped: if the list falls behind PySide,
the search still runs before sign-in, on a longer turn.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

QOBJECT_SUBCLASSES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "PySide6.QtCore",
        (
            "QAbstractAnimation",
            "QAbstractEventDispatcher",
            "QAbstractItemModel",
            "QAbstractListModel",
            "QAbstractProxyModel",
            "QAbstractTableModel",
            "QAnimationGroup",
            "QBuffer",
            "QConcatenateTablesProxyModel",
            "QFile",
            "QFileDevice",
            "QFileSelector",
            "QFileSystemWatcher",
        ),
    ),
    (
        "PySide6.QtCore",
        (
            "QIODevice",
            "QIODeviceBase",
            "QIdentityProxyModel",
            "QItemSelectionModel",
            "QLibrary",
            "QMimeData",
            "QParallelAnimationGroup",
            "QPauseAnimation",
            "QPluginLoader",
            "QProcess",
            "QPropertyAnimation",
            "QRangeModel",
            "QSaveFile",
        ),
    ),
    (
        "PySide6.QtCore",
        (
            "QSequentialAnimationGroup",
            "QSettings",
            "QSharedMemory",
            "QSignalMapper",
            "QSortFilterProxyModel",
            "QStringListModel",
            "QTemporaryFile",
            "QThreadPool",
            "QTimeLine",
            "QTranslator",
            "QTransposeProxyModel",
            "QVariantAnimation",
        ),
    ),
    (
        "PySide6.QtGui",
        (
            "QAbstractTextDocumentLayout",
            "QAccessibilityHints",
            "QActionGroup",
            "QClipboard",
            "QDoubleValidator",
            "QDrag",
            "QInputDevice",
            "QInputMethod",
            "QIntValidator",
            "QMovie",
            "QOffscreenSurface",
            "QOpenGLContext",
        ),
    ),
    (
        "PySide6.QtGui",
        (
            "QOpenGLContextGroup",
            "QPagedPaintDevice",
            "QPaintDeviceWindow",
            "QPdfWriter",
            "QPointingDevice",
            "QRasterWindow",
            "QRegularExpressionValidator",
            "QSessionManager",
            "QShortcut",
            "QStandardItemModel",
            "QStyleHints",
            "QSurface",
        ),
    ),
    (
        "PySide6.QtGui",
        (
            "QSyntaxHighlighter",
            "QTextBlockGroup",
            "QTextDocument",
            "QTextFrame",
            "QTextList",
            "QTextObject",
            "QTextObjectInterface",
            "QTextTable",
            "QUndoGroup",
            "QUndoStack",
            "QValidator",
            "QWindow",
        ),
    ),
    (
        "PySide6.QtWidgets",
        (
            "QAbstractItemDelegate",
            "QAbstractSlider",
            "QAbstractSpinBox",
            "QButtonGroup",
            "QCalendarWidget",
            "QCheckBox",
            "QColorDialog",
            "QColumnView",
            "QComboBox",
            "QCommandLinkButton",
            "QCommonStyle",
            "QCompleter",
        ),
    ),
    (
        "PySide6.QtWidgets",
        (
            "QDataWidgetMapper",
            "QDateEdit",
            "QDateTimeEdit",
            "QDial",
            "QDialogButtonBox",
            "QDockWidget",
            "QDoubleSpinBox",
            "QErrorMessage",
            "QFileDialog",
            "QFileSystemModel",
            "QFocusFrame",
            "QFontComboBox",
        ),
    ),
    (
        "PySide6.QtWidgets",
        (
            "QFontDialog",
            "QGesture",
            "QGraphicsAnchor",
            "QGraphicsBlurEffect",
            "QGraphicsColorizeEffect",
            "QGraphicsDropShadowEffect",
            "QGraphicsEffect",
            "QGraphicsItem",
            "QGraphicsItemAnimation",
            "QGraphicsLayoutItem",
            "QGraphicsObject",
            "QGraphicsOpacityEffect",
        ),
    ),
    (
        "PySide6.QtWidgets",
        (
            "QGraphicsProxyWidget",
            "QGraphicsRotation",
            "QGraphicsScale",
            "QGraphicsScene",
            "QGraphicsTextItem",
            "QGraphicsTransform",
            "QGraphicsView",
            "QGraphicsWidget",
            "QGroupBox",
            "QInputDialog",
            "QItemDelegate",
            "QKeySequenceEdit",
        ),
    ),
    (
        "PySide6.QtWidgets",
        (
            "QLCDNumber",
            "QListView",
            "QListWidget",
            "QMdiArea",
            "QMdiSubWindow",
            "QPanGesture",
            "QPinchGesture",
            "QPlainTextDocumentLayout",
            "QPlainTextEdit",
            "QProgressBar",
            "QProgressDialog",
            "QProxyStyle",
            "QRadioButton",
        ),
    ),
    (
        "PySide6.QtWidgets",
        (
            "QRhiWidget",
            "QRubberBand",
            "QScrollArea",
            "QScrollBar",
            "QSizeGrip",
            "QSlider",
            "QSpinBox",
            "QSplashScreen",
            "QSplitter",
            "QSplitterHandle",
            "QStackedLayout",
            "QStyledItemDelegate",
            "QSwipeGesture",
        ),
    ),
    (
        "PySide6.QtWidgets",
        (
            "QSystemTrayIcon",
            "QTabBar",
            "QTabWidget",
            "QTapAndHoldGesture",
            "QTapGesture",
            "QTextBrowser",
            "QTextEdit",
            "QTimeEdit",
            "QToolBar",
            "QToolBox",
            "QToolButton",
            "QTreeView",
            "QTreeWidget",
            "QUndoView",
            "QWizard",
            "QWizardPage",
        ),
    ),
)
"""What PySide 6.11's search makes (measured on the sign-in's turn), a chunk a turn."""


def makers() -> list[Callable[[], None]]:
    """A building step per chunk of `QOBJECT_SUBCLASSES`."""

    def chunk(module: str, names: tuple[str, ...]) -> Callable[[], None]:
        def make() -> None:
            loaded = importlib.import_module(module)
            for name in names:
                getattr(loaded, name, None)

        return make

    return [chunk(module, names) for module, names in QOBJECT_SUBCLASSES]


def discover() -> None:
    """PySide's search for an unexposed class, now: a line edit's control object is one."""
    from PySide6.QtWidgets import QLineEdit

    QLineEdit().children()


def first_widgets() -> None:
    """One widget of each kind the signed-in screens add to the sign-in window's, styled and
    measured once off the screen, then deleted.

    The first widget of a kind pays for its style's first use (the style sheet's rules
    for it, its sub-controls' metrics): Compose Rx's form, the first to have tabs, an
    editable combo box, a spin box and group boxes, took ~13 ms to set up on its turn
    after sign-in, ~10 ms once these were made while the sign-in form waits (~5 ms here).
    """
    from PySide6.QtWidgets import (
        QComboBox,
        QCommandLinkButton,
        QCompleter,
        QGroupBox,
        QLabel,
        QProgressBar,
        QScrollArea,
        QSpinBox,
        QTabWidget,
        QVBoxLayout,
        QWidget,
    )

    host = QWidget()
    layout = QVBoxLayout(host)
    tabs = QTabWidget(host)
    tabs.addTab(QWidget(), "Compose Rx")
    combo = QComboBox(host)
    combo.setEditable(True)
    combo.setCompleter(QCompleter(combo.model(), combo))
    group = QGroupBox("Pending", host)
    QVBoxLayout(group).addWidget(QLabel("Medication", group))
    scroll = QScrollArea(host)
    scroll.setWidgetResizable(True)
    scroll.setWidget(QWidget())
    link = QCommandLinkButton("EPCS Device Management", host)
    for widget in (tabs, combo, QSpinBox(host), group, scroll, link, QProgressBar(host)):
        layout.addWidget(widget)
    host.ensurePolished()
    host.sizeHint()
    host.deleteLater()


def set_aside_start_up() -> None:
    """Once a process, when start-up's building is done: its objects (modules, classes, Qt's
    Python types, the sign-in window) are frozen out of the garbage collector's reach.

    They live as long as the process, yet a full collection walked all ~60,000 of them,
    ~30 ms of the GUI thread on whatever turn set it off: one landing while the screens
    are built made that turn the longest. Frozen, a full collection walks only what was
    made since (~3 ms). A young collection first: nothing collectable is frozen with them
    (measured: there is nothing left to collect at that point). Asked again (every
    sign-in prepares the patient list) it does nothing: `gc.get_freeze_count()` would walk
    the frozen objects to count them.
    """
    import gc

    if not _start_up_set_aside:
        _start_up_set_aside.append(True)
        gc.collect(1)
        gc.freeze()


_start_up_set_aside: list[bool] = []
"""Not empty once `set_aside_start_up` has frozen start-up's objects."""
