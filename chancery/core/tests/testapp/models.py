"""A record type registered only in the tests."""

from django.db import models

from chancery.core.models import Record, date_precision_field


class Dispatch(Record):
    """A diplomatic dispatch: enough field kinds to exercise the registry."""

    class Channel(models.TextChoices):
        CABLE = "cable", "Cable"
        COURIER = "courier", "Courier"

    subject = models.CharField(max_length=200)
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.CABLE)
    sent_on = models.DateField(null=True, blank=True)
    sent_on_precision = date_precision_field("sent on precision")
    country = models.ForeignKey(
        "reference.Country", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    pages = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["subject"]
        verbose_name = "dispatch"
        verbose_name_plural = "dispatches"

    def __str__(self):
        return self.subject
