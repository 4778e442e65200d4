"""One QWidget per screen: set up its Designer form, connect, render. No logic."""
