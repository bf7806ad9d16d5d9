"""Consular services: registrations abroad, assistance cases, crises. Every model holding a
person's data names its responsible mission (`personal_data_mission`), which `visible_to` reads."""

from .attempts import RegistrationAttempt
from .cases import Case, CaseEntry, CasePerson
from .crises import Crisis, CrisisCheck, CrisisMessage, Delivery
from .registrations import Registration

__all__ = [
    "Case",
    "CaseEntry",
    "CasePerson",
    "Crisis",
    "CrisisCheck",
    "CrisisMessage",
    "Delivery",
    "Registration",
    "RegistrationAttempt",
]
