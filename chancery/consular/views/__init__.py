"""Consular pages beyond the registry's, one module per part of the work: the citizens' own
registration pages (public), the mission's confirmation of them (registrations), the case
workflow, crisis accounting, and the counts everyone may see (dashboard)."""
