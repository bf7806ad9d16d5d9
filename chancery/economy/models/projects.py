"""Energy, transport and digital projects: their components as a tree, partners and milestones."""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connection, models
from django.db.models import Case, DateField, DurationField, F, Q, Value, When
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from chancery.core.models import (
    Record,
    check_date_order,
    date_precision_field,
    in_language,
    partial_date_bounds,
    show_partial_date,
    show_partial_period,
    translated_names,
)
from chancery.core.uniqueness import UniqueInSight


class Kind(models.TextChoices):
    """What a project or a corridor carries."""

    ENERGY = "energy", _("Energy")
    TRANSPORT = "transport", _("Transport")
    DIGITAL = "digital", _("Digital")


class CapacityUnit(models.TextChoices):
    BCM_YEAR = "bcm_year", _("bcm/year")
    MCM_DAY = "mcm_day", _("million m³/day")
    MT_YEAR = "mt_year", _("million tonnes/year")
    BBL_DAY = "bbl_day", _("barrels/day")
    MW = "mw", _("MW")
    GW = "gw", _("GW")
    TEU_YEAR = "teu_year", _("TEU/year")
    PASSENGERS_YEAR = "passengers_year", _("passengers/year")
    TBPS = "tbps", _("Tbit/s")


class LengthUnit(models.TextChoices):
    KM = "km", _("km")
    M = "m", _("m")


def _amount(value) -> str:
    """A decimal without trailing zeros: 16, 1850, 0.5 (not 16.000)."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _tree_sql(pk: int, *, whole_tree: bool) -> RawSQL:
    """The ids of a project and its ancestors up to the root, and with `whole_tree` every
    descendant of that root too (the whole tree the project is part of), as a subquery.

    One recursive query, so that a page shows a tree of any size in a constant number of
    queries. It reads ids only: callers filter the records through `visible_to`. UNION, not
    UNION ALL, so that it ends even on a cycle (which `Project.clean` refuses)."""
    table = connection.ops.quote_name(Project._meta.db_table)
    sql = (
        f"WITH RECURSIVE up(id, parent_id) AS ("
        f"SELECT id, parent_id FROM {table} WHERE id = %s "
        f"UNION SELECT p.id, p.parent_id FROM {table} p JOIN up ON p.id = up.parent_id)"
    )
    if not whole_tree:
        return RawSQL(f"{sql} SELECT id FROM up", (pk,))
    sql += (
        f", down(id) AS (SELECT id FROM up WHERE parent_id IS NULL "
        f"UNION SELECT p.id FROM {table} p JOIN down ON p.parent_id = down.id) "
        f"SELECT id FROM up UNION SELECT id FROM down"
    )
    return RawSQL(sql, (pk,))


def ancestors_of(pk: int) -> RawSQL:
    """The ids of a project and of every project it is a component of, up to the root."""
    return _tree_sql(pk, whole_tree=False)


def tree_of(pk: int) -> RawSQL:
    """The ids of every project in the tree a project belongs to."""
    return _tree_sql(pk, whole_tree=True)


class Project(Record):
    """An energy, transport or digital project. A project may be a component of another (Shah
    Deniz-2, TANAP and TAP of the Southern Gas Corridor): the components form a tree."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        UNDER_CONSTRUCTION = "under_construction", _("Under construction")
        IN_OPERATION = "in_operation", _("In operation")
        SUSPENDED = "suspended", _("Suspended")
        CANCELLED = "cancelled", _("Cancelled")

    name = models.CharField(_("name"), max_length=300, db_index=True)
    name_az, name_ru = translated_names(_("name"), 300)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        blank=True,
        help_text=_("Left empty when the source does not say."),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="components",
        verbose_name=_("component of"),
        help_text=_("The larger project this one is a part of."),
    )
    capacity_value = models.DecimalField(
        _("capacity"),
        max_digits=14,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    capacity_unit = models.CharField(
        _("capacity unit"), max_length=20, choices=CapacityUnit.choices, blank=True
    )
    length_value = models.DecimalField(
        _("length"),
        max_digits=10,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    length_unit = models.CharField(
        _("length unit"), max_length=5, choices=LengthUnit.choices, blank=True
    )
    start = models.DateField(_("start"), null=True, blank=True)
    start_precision = date_precision_field(_("start precision"))
    end = models.DateField(_("end"), null=True, blank=True)
    end_precision = date_precision_field(_("end precision"))
    description = models.TextField(_("description"), blank=True)
    notes = models.TextField(_("notes"), blank=True)

    desk_links = ("partners__state", "partners__organization")

    unique_in_sight = (UniqueInSight(("name",)),)

    class Meta:
        ordering = ["name"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")

    def __str__(self):
        return in_language(self)

    def clean(self):
        errors = {}
        self._check_no_cycle(errors)
        for measure, label in (("capacity", _("capacity")), ("length", _("length"))):
            value, unit = getattr(self, f"{measure}_value"), getattr(self, f"{measure}_unit")
            if (value is None) != (not unit):
                errors.setdefault(f"{measure}_unit", []).append(
                    _("Give the %(measure)s's value and its unit together, or neither.")
                    % {"measure": label}
                )
        check_date_order(errors, self, "start", "end", _("the start"), _("The end"))
        if errors:
            raise ValidationError(errors)

    def _check_no_cycle(self, errors):
        if self.parent_id is None or self.pk is None:
            return  # a new project has no components yet, so it cannot close a cycle
        if self.parent_id == self.pk or (
            Project.objects.filter(pk=self.pk).filter(pk__in=ancestors_of(self.parent_id)).exists()
        ):
            errors["parent"] = [
                _(
                    "%(parent)s is %(project)s itself or one of its components: a project "
                    "cannot be a component of itself."
                )
                % {"parent": self.parent, "project": self}
            ]

    @property
    def capacity_display(self):
        if self.capacity_value is None:
            return ""
        return f"{_amount(self.capacity_value)} {self.get_capacity_unit_display()}"

    capacity_display.fget.short_description = _("capacity")

    @property
    def length_display(self):
        if self.length_value is None:
            return ""
        return f"{_amount(self.length_value)} {self.get_length_unit_display()}"

    length_display.fget.short_description = _("length")

    @property
    def period_display(self):
        return show_partial_period(self, "start", "end")

    period_display.fget.short_description = _("period")


class ProjectPartner(Record):
    """A state or an organisation (a company, a bank, an agency) taking part in a project, and
    in which role."""

    class Role(models.TextChoices):
        SHAREHOLDER = "shareholder", _("Shareholder")
        OPERATOR = "operator", _("Operator")
        FINANCIER = "financier", _("Financier")
        HOST = "host", _("Host or transit state")
        SUPPLIER = "supplier", _("Supplier")
        BUYER = "buyer", _("Buyer")
        MEMBER = "member", _("Member (participating state)")
        INITIATOR = "initiator", _("Initiator")
        OTHER = "other", _("Other")

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="partners", verbose_name=_("project")
    )
    state = models.ForeignKey(
        "reference.Country",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="project_partnerships",
        verbose_name=_("state"),
    )
    organization = models.ForeignKey(
        "reference.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="project_partnerships",
        verbose_name=_("organisation or company"),
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices)
    share_percent = models.DecimalField(
        _("share (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    notes = models.TextField(_("notes"), blank=True)

    # a partner that is a hidden state or organisation is hidden with it
    required_links = ("state", "organization")

    class Meta:
        ordering = ["project__name", "role", "pk"]
        verbose_name = _("project partner")
        verbose_name_plural = _("project partners")

    def __str__(self):
        return f"{self.partner} · {self.get_role_display()} · {self.project}"

    @property
    def partner(self):
        return self.state or self.organization

    partner.fget.short_description = _("partner")

    def clean(self):
        if self.state_id is not None and self.organization_id is not None:
            raise ValidationError(
                {"organization": _("Give a state or an organisation as the partner, not both.")}
            )
        if self.state_id is None and self.organization_id is None:
            raise ValidationError(
                {"state": _("Give the partner: a state or an organisation, exactly one.")}
            )


def with_slippage(queryset, today: datetime.date | None = None):
    """Milestones with their slippage computed by the database (`slippage_interval`): reached
    ones against their due date, late ones not yet reached against today; none for one not yet
    due, cancelled, or without a planned date."""
    today = today or timezone.localdate()
    return queryset.annotate(
        slippage_interval=Case(
            When(
                reached_on__isnull=False,
                due_on__isnull=False,
                then=F("reached_on") - F("due_on"),
            ),
            When(
                Q(reached_on__isnull=True, status=Milestone.Status.PLANNED, due_on__lt=today),
                then=Value(today, output_field=DateField()) - F("due_on"),
            ),
            default=None,
            output_field=DurationField(),
        )
    )


class Milestone(Record):
    """A step of a project, planned and actually reached. Slippage is measured against the last
    day the planned date allows (planned "2018" is due by 2018-12-31) and from the first day the
    actual date allows: never more than the known dates prove."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Not yet reached")
        REACHED = "reached", _("Reached")
        CANCELLED = "cancelled", _("Cancelled")

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("project")
    )
    title = models.CharField(_("title"), max_length=300)
    planned = models.DateField(_("planned date"), null=True, blank=True)
    planned_precision = date_precision_field(_("planned date precision"))
    actual = models.DateField(_("actual date"), null=True, blank=True)
    actual_precision = date_precision_field(_("actual date precision"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    # kept from the dates on each save, so that the database can compute slippage
    due_on = models.DateField(_("due by"), null=True, editable=False)
    reached_on = models.DateField(_("reached on or after"), null=True, editable=False)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["project__name", "planned", "pk"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self):
        return f"{self.project} · {self.title}"

    def clean(self):
        errors = {}
        if self.actual is not None and self.status != self.Status.REACHED:
            errors["actual"] = [_("An actual date is given only for a milestone reached.")]
        if self.actual is None and self.status == self.Status.REACHED:
            errors["actual"] = [_("Give the date on which the milestone was reached.")]
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.due_on = (
            partial_date_bounds(self.planned, self.planned_precision)[1] if self.planned else None
        )
        self.reached_on = (
            partial_date_bounds(self.actual, self.actual_precision)[0] if self.actual else None
        )
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "due_on", "reached_on"}
        super().save(*args, **kwargs)

    @property
    def planned_display(self):
        return show_partial_date(self.planned, self.planned_precision)

    @property
    def actual_display(self):
        return show_partial_date(self.actual, self.actual_precision)

    def compute_slippage_days(self, today: datetime.date | None = None) -> int | None:
        """In Python, what `with_slippage` asks of the database, for one milestone."""
        if self.planned is None:
            return None
        due = partial_date_bounds(self.planned, self.planned_precision)[1]
        if self.actual is not None:
            return (partial_date_bounds(self.actual, self.actual_precision)[0] - due).days
        today = today or timezone.localdate()
        if self.status == self.Status.PLANNED and due < today:
            return (today - due).days
        return None

    @property
    def slippage_days(self) -> int | None:
        """Days late (positive) or early (negative): computed by the database where the
        milestone was listed, else here."""
        if hasattr(self, "slippage_interval"):
            interval = self.slippage_interval
            return None if interval is None else interval.days
        return self.compute_slippage_days()

    slippage_days.fget.short_description = _("slippage (days)")

    @property
    def slippage_display(self) -> str:
        days = self.slippage_days
        if days is None:
            if self.status == self.Status.PLANNED and self.planned is not None:
                return str(_("not yet due"))
            return ""
        if self.actual is None:
            return ngettext("overdue by %(n)d day", "overdue by %(n)d days", days) % {"n": days}
        if days == 0:
            return str(_("on time"))
        if days > 0:
            return ngettext("%(n)d day late", "%(n)d days late", days) % {"n": days}
        return ngettext("%(n)d day early", "%(n)d days early", -days) % {"n": -days}

    slippage_display.fget.short_description = _("slippage")


__all__ = [
    "Milestone",
    "Project",
    "ProjectPartner",
    "ancestors_of",
    "tree_of",
    "with_slippage",
]
