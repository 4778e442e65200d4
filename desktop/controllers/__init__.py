"""One QObject per screen: signals out, async slots in; they own the flow state."""
