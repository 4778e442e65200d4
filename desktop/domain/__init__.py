"""Pure-Python domain: models, validation, OTP maths and errors. No Qt, no I/O."""

DEMO_BANNER = "Demo workstation: fictional patients, not for patient care"
"""Above every screen of a demo data folder. Here, not beside the practice's record: the
window paints it before the first paint loads anything of the domain (bench/startup.py)."""
