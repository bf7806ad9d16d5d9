"""Evidence of an incident, kept under a chain of custody: a file received once, fingerprinted
on receipt (SHA-256), stored where nothing can overwrite it, and never changed nor deleted. A
changed file is a new piece of evidence that `replaces` the earlier one; each check of a stored
file against its fingerprint is kept (`EvidenceCheck`)."""

import os

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.signals import pre_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chancery.conflict.custody import CHUNK, address_of, evidence_storage, sha256_of
from chancery.core.models import Record
from chancery.core.uniqueness import UniqueInSight

# what a piece of evidence was when it was received; none of it changes afterwards
FIXED = (
    "incident",
    "file",
    "sha256",
    "size",
    "original_name",
    "replaces",
    "uploaded_by",
    "uploaded_at",
)

COMPUTED = ("sha256", "size", "original_name")


class EvidenceIsPermanent(Exception):
    """Evidence is never deleted."""


def _evidence_path(instance, filename):
    return address_of(instance.sha256)


class Evidence(Record):
    """A file that documents an incident: a photograph, a video, a statement, a report."""

    # the link the other way, as its history names it (core.display.label_for)
    reverse_labels = {"replaced_by": _("replaced by")}

    incident = models.ForeignKey(
        "conflict.Incident",
        on_delete=models.PROTECT,
        related_name="evidence",
        verbose_name=_("incident"),
    )
    file = models.FileField(
        _("file"), upload_to=_evidence_path, storage=evidence_storage, max_length=200
    )
    sha256 = models.CharField(_("SHA-256"), max_length=64, editable=False, db_index=True)
    size = models.PositiveBigIntegerField(_("size in bytes"), editable=False)
    original_name = models.CharField(_("original file name"), max_length=255, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now, editable=False)
    description = models.TextField(_("description"), blank=True)
    obtained_from = models.CharField(
        _("obtained from"),
        max_length=300,
        blank=True,
        help_text=_("Who handed it over or where it was found."),
    )
    replaces = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
        verbose_name=_("replaces"),
        help_text=_("The earlier piece of evidence this new version replaces."),
    )

    unique_in_sight = (
        UniqueInSight(("replaces",), _("That evidence has already been replaced by %(record)s.")),
    )

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self):
        return f"{self.original_name} ({self.sha256[:12]})"

    def get_file_url(self):
        return reverse("conflict:evidence_file", args=[self.pk]) if self.pk else ""

    # the fingerprint, taken once ------------------------------------------------------------
    def _is_new_file(self):
        return bool(self.file) and not self.file._committed

    def fingerprint(self):
        """Take the SHA-256, size and name of a file just received (not yet stored)."""
        if not self._is_new_file():
            return
        marker = (id(self.file.file), self.file.name)
        if getattr(self, "_fingerprinted", None) == marker:
            return
        self.sha256, self.size = sha256_of(self.file.chunks(CHUNK))
        self.file.seek(0)
        self.original_name = os.path.basename(self.file.name or "")[:255] or self.sha256
        self._fingerprinted = marker

    def changed_fixed_fields(self) -> list[str]:
        """The fields of what was received that differ from what is stored."""
        if self.pk is None:
            return []
        stored = type(self).objects.filter(pk=self.pk).values(*FIXED).first()
        if stored is None:
            return []
        changed = [
            name
            for name in FIXED
            if name != "file" and stored[name] != getattr(self, self._meta.get_field(name).attname)
        ]
        if self._is_new_file() or stored["file"] != (self.file.name or ""):
            changed.insert(0, "file")
        return changed

    def clean_fields(self, exclude=None):
        """The fingerprint is taken, not typed: it is computed before the fields are checked."""
        if self.pk is None:
            self.fingerprint()
        super().clean_fields(exclude={*(exclude or ()), *COMPUTED})

    def clean(self):
        errors = {}
        for name in self.changed_fixed_fields():
            errors[name] = _(
                "Evidence cannot be changed once received: upload the new file as a new piece "
                "of evidence that replaces this one."
            )
        if errors:
            raise ValidationError(errors)
        if self.pk is not None:
            return
        if not self.file:
            raise ValidationError({"file": _("A piece of evidence needs its file.")})
        self.fingerprint()
        if self.replaces_id is not None:
            # that it is replaced once is checked among the evidence its user may see
            # (`unique_in_sight`): a replacement out of sight is not confirmed by a refusal
            earlier = Evidence.objects.filter(pk=self.replaces_id).first()
            if earlier is not None and earlier.incident_id != self.incident_id:
                errors["replaces"] = _("A new version replaces evidence of the same incident.")
            elif earlier is not None and earlier.sha256 == self.sha256:
                errors["file"] = _(
                    "This file is identical to the evidence it would replace (the same SHA-256)."
                )
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        changed = self.changed_fixed_fields()
        if changed:
            raise ValidationError(
                {name: _("Evidence cannot be changed once received.") for name in changed}
            )
        adding = self._state.adding
        if adding:
            if not self._is_new_file():
                raise ValidationError({"file": _("A piece of evidence needs its file.")})
            self.fingerprint()
            if self.uploaded_by_id is None:
                self.uploaded_by_id = self.created_by_id
        super().save(*args, **kwargs)
        if adding:
            EvidenceCheck.verify(self, EvidenceCheck.Via.RECEIPT, self.uploaded_by)

    def delete(self, *args, **kwargs):
        raise EvidenceIsPermanent(_("Evidence is never deleted."))


@receiver(pre_delete, sender=Evidence)
def _evidence_is_never_deleted(sender, instance, **kwargs):
    """Also refuses deletes that do not call `delete()` on the instance (a queryset's)."""
    raise EvidenceIsPermanent(_("Evidence is never deleted."))


class EvidenceCheck(models.Model):
    """One check of a stored evidence file against the SHA-256 taken on receipt: on receipt, from
    the evidence page, or by `chancery verify-evidence`. Kept, never changed; read only through
    the evidence's `visible_to`."""

    class Result(models.TextChoices):
        OK = "ok", _("Matches its SHA-256")
        MISMATCH = "mismatch", _("Does not match its SHA-256")
        MISSING = "missing", _("File missing")

    class Via(models.TextChoices):
        RECEIPT = "receipt", _("On receipt")
        PAGE = "page", _("From the evidence page")
        COMMAND = "command", _("By chancery verify-evidence")

    evidence = models.ForeignKey(
        Evidence, on_delete=models.PROTECT, related_name="checks", verbose_name=_("evidence")
    )
    checked_at = models.DateTimeField(_("checked at"), default=timezone.now, db_index=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("checked by"),
    )
    via = models.CharField(_("via"), max_length=8, choices=Via.choices)
    result = models.CharField(_("result"), max_length=8, choices=Result.choices)
    found_sha256 = models.CharField(_("SHA-256 found"), max_length=64, blank=True)

    class Meta:
        ordering = ["-checked_at", "-pk"]
        verbose_name = _("evidence check")
        verbose_name_plural = _("evidence checks")

    def __str__(self):
        return f"{self.get_result_display()} ({self.checked_at:%Y-%m-%d %H:%M})"

    @classmethod
    def verify(cls, evidence, via, user=None):
        """Recompute the stored file's SHA-256, keep the result and return the check."""
        try:
            with evidence.file.storage.open(evidence.file.name, "rb") as stored:
                found, _size = sha256_of(iter(lambda: stored.read(CHUNK), b""))
        except FileNotFoundError:
            result, found = cls.Result.MISSING, ""
        else:
            result = cls.Result.OK if found == evidence.sha256 else cls.Result.MISMATCH
        checker = user if isinstance(user, models.Model) else None
        return cls.objects.create(
            evidence=evidence, via=via, result=result, found_sha256=found, checked_by=checker
        )
