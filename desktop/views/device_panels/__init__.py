"""The panels of EPCS Device Management: Manage Phones, Add Token and the token list."""
