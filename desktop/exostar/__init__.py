"""The identity-service adapter (Exostar's role): a Protocol, a registry, implementations."""
