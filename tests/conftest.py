"""Qt runs offscreen in tests, chosen before anything imports it."""

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("QT_API", "pyside6")
