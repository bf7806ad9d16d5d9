"""The dates of each language as a ministry writes them (FORMAT_MODULE_PATH): day before month
in English too ("5 December 2026", "05/12/2026"), and 05.12.2026 in Azerbaijani and Russian."""
