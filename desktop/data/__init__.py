"""Data files that ship inside the package (the formulary), found with importlib.resources."""
