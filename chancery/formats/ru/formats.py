# Russian dates as Azerbaijani ones: 05.12.2026
from chancery.formats.az.formats import *  # noqa: F403
