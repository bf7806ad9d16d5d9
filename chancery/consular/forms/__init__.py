"""Forms of the consular pages beyond the registry's."""
