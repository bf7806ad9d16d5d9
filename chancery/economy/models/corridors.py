"""Corridors: the states an energy, transport or digital route crosses, in order, and the projects
that make it up."""

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from chancery.core.models import Record
from chancery.core.uniqueness import UniqueInSight

from .projects import Kind, Project


class Corridor(Record):
    """A route made up of projects (the North-South transport corridor, the Southern Gas
    Corridor). The states it crosses are its stops (`CorridorState`), in order."""

    name = models.CharField(_("name"), max_length=300, db_index=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    description = models.TextField(_("description"), blank=True)
    projects = models.ManyToManyField(
        Project,
        blank=True,
        related_name="corridors",
        verbose_name=_("projects"),
        help_text=_("The projects that make up the corridor."),
    )

    desk_links = ("stops__state",)

    unique_in_sight = (UniqueInSight(("name",)),)

    class Meta:
        ordering = ["name"]
        verbose_name = _("corridor")
        verbose_name_plural = _("corridors")

    def __str__(self):
        return self.name

    @property
    def route_display(self):
        """The states crossed, in order; lists prefetch them (`CorridorType.list_queryset`)."""
        return " → ".join(str(stop.state) for stop in self.stops.all())

    route_display.fget.short_description = _("route")


class CorridorState(Record):
    """A state a corridor crosses, and where it comes on the route (1 for the first)."""

    corridor = models.ForeignKey(
        Corridor, on_delete=models.CASCADE, related_name="stops", verbose_name=_("corridor")
    )
    state = models.ForeignKey(
        "reference.Country",
        on_delete=models.PROTECT,
        related_name="corridor_stops",
        verbose_name=_("state"),
    )
    order = models.PositiveSmallIntegerField(
        _("order"),
        validators=[MinValueValidator(1)],
        help_text=_("Where the state comes on the route: 1 for the first."),
    )

    unique_in_sight = (
        UniqueInSight(("corridor", "order")),
        UniqueInSight(("corridor", "state")),
    )

    class Meta:
        ordering = ["corridor__name", "order"]
        verbose_name = _("state on a corridor")
        verbose_name_plural = _("states on corridors")

    def __str__(self):
        return f"{self.corridor} · {self.order}. {self.state}"
