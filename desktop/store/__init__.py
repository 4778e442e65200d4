"""The application's own data (users, patients) in its SQLite file, via sqlite-utils."""

from desktop.store.database import AppStore, open_app_store

__all__ = ["AppStore", "open_app_store"]
