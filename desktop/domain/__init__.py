"""Pure-Python domain: models, validation, OTP maths and errors. No Qt, no I/O."""
