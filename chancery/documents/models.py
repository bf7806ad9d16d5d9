"""Documents (note verbale, statement, speech, report, treaty text...): the sources of facts."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from chancery.core.models import Record, date_precision_field, show_partial_date
from chancery.core.uniqueness import UniqueInSight


class Document(Record):
    """A text the ministry keeps; any record can cite it as a source."""

    class Kind(models.TextChoices):
        ARTICLE = "article", _("Article")
        NOTE_VERBALE = "note_verbale", _("Note verbale")
        STATEMENT = "statement", _("Statement")
        SPEECH = "speech", _("Speech")
        REPORT = "report", _("Report")
        TREATY_TEXT = "treaty_text", _("Treaty text")
        RESOLUTION = "resolution", _("Resolution")
        DECLARATION = "declaration", _("Declaration")
        LETTER = "letter", _("Letter")
        OTHER = "other", _("Other")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=500)
    date = models.DateField(_("date"), null=True, blank=True)
    date_precision = date_precision_field(_("date precision"))
    language = models.CharField(
        _("language"), max_length=8, choices=[*settings.LANGUAGES, ("other", _("Other"))]
    )
    author = models.CharField(_("author or issuer"), max_length=300, blank=True)
    text = models.TextField(_("text"), blank=True)
    file = models.FileField(_("file"), upload_to="documents/%Y/", blank=True)

    unique_in_sight = (UniqueInSight(("title", "date")),)

    class Meta:
        ordering = ["-date", "title"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self):
        return self.title

    def get_file_url(self):
        return reverse("documents:document_file", args=[self.pk]) if self.file else ""

    @property
    def date_display(self):
        return show_partial_date(self.date, self.date_precision)
