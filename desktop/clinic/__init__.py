"""The clinic database: one PostgreSQL server that every workstation of a clinic shares.

A single desk keeps its embedded SQLite file; a clinic's IT person points each workstation
at the clinic's server with `icorerx clinic connect` (`connect.py`). This package holds
what that needs and nothing of Qt: the setting and where its password is kept
(`settings.py`, `password.py`), opening a checked connection (`server.py`), and the
application's schema in PostgreSQL's words (`schema.py`).
"""
