"""Uniqueness among the records a user may see.

A name (or a combination of fields) that no two records may share is checked among the records
the saver may see, and a refusal names the record that holds it. A record out of the saver's
sight never refuses a save: a refusal would confirm it by its name. So two records of one name
may stand on either side of a line of sight, and those who see both (leadership, administrators)
may merge them. The database cannot know who saves, so it does not hold these rules: they are
declared on the model (`unique_in_sight`) and checked here, for the forms, the API and restores;
imports and the data set save as the system, which sees every record, and so keep them among all.
Identifiers that are no secret (ISO and COW codes of states, UN roll-call numbers) and keys the
system makes itself (the references of registrations and cases) stay unique in the database.
See docs/security.md, "Side paths".
"""

from dataclasses import dataclass

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.text import get_text_list
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class UniqueInSight:
    """Fields no two records in one user's sight share, unless one of them is empty. `message`
    may name the record holding them (`%(record)s`)."""

    fields: tuple[str, ...]
    message: str | None = None

    def holder(self, instance, user):
        """The record in `user`'s sight, other than `instance`, that holds the same values; None
        when a value is empty (no two empty values clash) or no such record is in sight."""
        model = type(instance)
        lookup = {}
        for name in self.fields:
            attname = model._meta.get_field(name).attname
            value = getattr(instance, attname)
            if value is None:
                return None
            lookup[attname] = value
        records = _readable(model, user).filter(**lookup)
        if instance.pk is not None:
            records = records.exclude(pk=instance.pk)
        return records.first()

    def error(self, instance, holder):
        model = type(instance)
        if self.message:
            text = self.message % {"record": holder}
        else:
            labels = [str(model._meta.get_field(name).verbose_name) for name in self.fields]
            text = _("This %(fields)s is already taken by %(record)s.") % {
                "fields": get_text_list(labels, _("and")),
                "record": holder,
            }
        key = self.fields[0] if len(self.fields) == 1 else NON_FIELD_ERRORS
        return key, text


def _readable(model, user):
    """The records of `model` as `user` reads them, with what their names need."""
    from .registry import registry

    if getattr(user, "is_superuser", False):  # the system, an import: every record
        return model._base_manager.all()
    record_type = registry.get(model)
    if record_type is not None:
        return record_type.list_queryset(user)
    return model.objects.visible_to(user)


def check_unique_in_sight(instance, user, exclude=()):
    """Raise ValidationError if a record in `user`'s sight holds what `instance` must hold alone
    (by `unique_in_sight`); rules on an `exclude`d field are left out, as Django leaves them."""
    errors = {}
    for rule in getattr(type(instance), "unique_in_sight", ()):
        if set(rule.fields) & set(exclude or ()):
            continue
        holder = rule.holder(instance, user)
        if holder is not None:
            key, text = rule.error(instance, holder)
            errors.setdefault(key, []).append(text)
    if errors:
        raise ValidationError(errors)
