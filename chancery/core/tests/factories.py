"""One factory that makes a valid record of any model, for the tests generated from the registry."""

import collections
import datetime
import itertools
import string

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.utils import timezone
from django.utils.text import slugify

from chancery.core.models import Classification, Record

# with `fill_optional`, nullable foreign keys are filled this many levels down
OPTIONAL_DEPTH = 2
# required foreign keys that lead deeper than this go round in a cycle
MAX_DEPTH = 5
# short codes in lower case cannot clash with the upper-case ISO codes a fixture gives (AZ, AZE)
CODE_LETTERS = string.ascii_lowercase
FIRST_DAY = datetime.date(2000, 1, 1)

_LEAVE = object()  # leave the field to its default


class RecordFactory:
    """Saves a valid instance of any model, each field filled from its kind: unique text (a short
    unique code for a short field such as an ISO alpha-2), the first choice, a date, a number, a
    related object made the same way for a required foreign key and a fresh one for a one-to-one.

    `user` fills the fields that point to a user (created_by, updated_by, an owner). With
    `fill_optional`, nullable foreign keys are filled too, a few levels down, and each many-to-many
    field of a record gets one related object: what the query-count tests need to exercise joins
    and prefetching.

    `make` takes a classification and a marker text: the record's text fields hold the marker, and
    the records made for it share both, so that a search through a relation (`agreement__title`)
    finds it, and a record hidden from a reader does not show through what it points to. Give
    `related_classification` to make what it points to at another level.

    `concerning` (a Country and an Organization) makes the record, and every record made for it,
    concern them: each link to a state or an organisation, required or not, points to them (one a
    model's `clean` refuses is left out), each many-to-many one holds them, and a link the model
    reaches backwards (`desk_links = ("parties__state",)`) gets a child record made for it.

    A rule of the model's own `clean` that its fields do not tell (a mission has exactly one host)
    is met by leaving out an optional field it refuses, or filling it if it was left empty.
    """

    def __init__(self, user=None, *, fill_optional=False):
        self.user = user
        self.fill_optional = fill_optional
        self.serial = itertools.count(1)
        self.codes = collections.defaultdict(itertools.count)  # a count per short field

    def make(
        self,
        model,
        classification=Classification.UNCLASSIFIED,
        marker=None,
        *,
        related_classification=None,
        concerning=None,
        preset=None,
        made_through=None,
        depth=0,
    ):
        if depth > MAX_DEPTH:
            raise RuntimeError(f"{model.__name__}: required foreign keys form a cycle")
        related = classification if related_classification is None else related_classification
        maker = _Making(self, model, next(self.serial), (classification, related), marker, depth)
        maker.concerning = _by_label(concerning)
        instance = maker.build(preset or {})
        instance.save()
        if maker.concerning:
            maker.concern(instance, made_through)
        if self.fill_optional and depth == 0 and issubclass(model, Record):
            for field in model._meta.many_to_many:
                getattr(instance, field.name).add(maker.related(field.related_model))
        return instance

    def make_many(self, model, count, **kwargs):
        return [self.make(model, **kwargs) for _ in range(count)]


class _Making:
    """One instance being made: its serial number, and what it hands on to the records it needs."""

    def __init__(self, factory, model, number, classifications, marker, depth):
        self.factory = factory
        self.model = model
        self.number = number
        self.classification, self.related_classification = classifications
        self.marker = marker
        self.depth = depth
        self.concerning = {}

    def build(self, preset):
        instance = self.model()
        if issubclass(self.model, Record):
            instance.classification = self.classification
        for field in self.model._meta.concrete_fields:
            if field.primary_key or field.auto_created or field.name == "classification":
                continue
            if field.name in preset:
                setattr(instance, field.name, preset[field.name])
                continue
            value = self.value(field, optional=self.factory.fill_optional)
            if value is not _LEAVE:
                setattr(instance, field.name, value)
        self.meet_clean(instance)
        return instance

    def related(self, target, field=None):
        return self.factory.make(
            target,
            self.related_classification,
            self.marker,
            concerning=list(self.concerning.values()),
            made_through=field,
            depth=self.depth + 1,
        )

    def concern(self, instance, made_through):
        """Make the saved `instance` concern the states and organisations of `concerning` through
        its many-to-many links and the links that reach it backwards (unless it was made for the
        record at the other end of such a link, `made_through`: a party's agreement)."""
        for field in self.model._meta.many_to_many:
            desk = self.concerning.get(field.related_model._meta.label)
            if desk is not None:
                getattr(instance, field.name).add(desk)
        for lookup in getattr(self.model, "desk_links", None) or ():
            field = self.model._meta.get_field(lookup.split("__")[0])
            if not field.auto_created or field.concrete or field.field is made_through:
                continue
            target = self.model
            for part in lookup.split("__"):
                target = target._meta.get_field(part).related_model
            # one child per lookup, concerning only its desk: a party that is a state, another
            # that is an organisation
            desk = self.concerning.get(target._meta.label)
            if desk is not None:
                self.factory.make(
                    field.related_model,
                    self.related_classification,
                    self.marker,
                    concerning=[desk],
                    preset={field.field.name: instance},
                    made_through=field.field,
                    depth=self.depth + 1,
                )

    def value(self, field, optional):
        """The value for `field`; optional fields other than text, dates and choices are filled
        only when `optional` is true."""
        if field.is_relation:
            return self.related_value(field, optional)
        if not field.editable or field.has_default():
            return _LEAVE
        if field.choices:
            return field.flatchoices[0][0]
        if isinstance(field, models.DateTimeField):
            return timezone.now()
        if isinstance(field, models.DateField):
            return FIRST_DAY + datetime.timedelta(days=self.number)
        if isinstance(field, models.TimeField):
            return datetime.time(self.number % 24, 0)
        if type(field) in (models.CharField, models.TextField):
            return self.text(field)
        required = not (field.null or field.blank)
        if not (required or optional):
            return _LEAVE
        if isinstance(field, models.URLField):
            return f"https://example.org/{self.number}"
        if isinstance(field, models.EmailField):
            return f"someone{self.number}@example.org"
        if isinstance(field, models.SlugField):
            return slugify(self.text(field))
        if isinstance(field, models.CharField | models.TextField):
            return self.text(field)
        if isinstance(field, models.BooleanField):
            return False
        if isinstance(field, models.IntegerField | models.FloatField | models.DecimalField):
            return self.number
        if isinstance(field, models.JSONField):
            return {}
        if isinstance(field, models.FileField) and not required:
            return _LEAVE
        if isinstance(field, models.FileField):  # a small text file (evidence must have one)
            name = f"{self.model._meta.model_name}-{self.number}.txt"
            return ContentFile(f"{self.model._meta.model_name} {self.number}".encode(), name=name)
        raise TypeError(f"the factory cannot fill {self.model.__name__}.{field.name}; teach it")

    def related_value(self, field, optional):
        target = field.related_model
        if target._meta.label == settings.AUTH_USER_MODEL:
            return _LEAVE if self.factory.user is None else self.factory.user
        if target._meta.label in self.concerning and not field.one_to_one:
            return self.concerning[target._meta.label]
        if field.one_to_one or not field.null:
            return self.related(target, field)  # a one-to-one needs an object of its own
        if not optional or self.depth >= OPTIONAL_DEPTH:
            return _LEAVE
        if target is self.model:
            return target.objects.order_by("pk").first()
        return self.related(target, field)

    def text(self, field):
        """The marker (followed, in a record made for another, by what makes it unique), or text
        unique within the factory; a short unique code for a field too short for either."""
        value = f"{self.model._meta.model_name} {self.number}"
        if self.marker:
            value = self.marker if self.depth == 0 else f"{self.marker}: {value}"
        width = field.max_length
        if width is None or len(value) <= width:
            return value
        return short_code(next(self.factory.codes[field]), width)

    def meet_clean(self, instance):
        """Leave out an optional field the model's `clean` refuses, or fill it if it was empty."""
        tried = set()
        while True:
            try:
                instance.full_clean(exclude=[f.name for f in self.model._meta.many_to_many])
                return
            except ValidationError as error:
                names = [
                    name
                    for name in getattr(error, "error_dict", {})
                    if name not in tried and _is_optional(self.model, name)
                ]
                if not names:
                    raise ValueError(
                        f"the factory made an invalid {self.model.__name__}: {error}"
                    ) from error
            name = names[0]
            tried.add(name)
            field = self.model._meta.get_field(name)
            if isinstance(field, models.BooleanField):
                setattr(instance, name, not getattr(instance, name))  # a consent, say
            elif getattr(instance, field.attname) in (None, ""):
                value = self.value(field, optional=True)
                if value is _LEAVE and field.is_relation:  # needed however deep we are
                    value = self.related(field.related_model, field)
                if value is not _LEAVE:
                    setattr(instance, name, value)
            else:
                setattr(instance, name, None if field.null else "")


def _by_label(objects):
    return {type(o)._meta.label: o for o in objects or () if o is not None}


def _is_optional(model, name):
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return field.concrete and (field.null or field.blank or isinstance(field, models.BooleanField))


def short_code(number, width):
    """`number` as `width` lower-case letters (0 is "aa" for two): unique text for short fields
    such as ISO codes."""
    if number >= len(CODE_LETTERS) ** width:
        raise ValueError(f"{number} cannot be made unique in {width} characters")
    letters = []
    for _ in range(width):
        number, digit = divmod(number, len(CODE_LETTERS))
        letters.append(CODE_LETTERS[digit])
    return "".join(reversed(letters))


def pages_of_each_type(user, labels):
    """The list, record, add and edit pages of each record type of `labels`, a record of each
    made (its optional fields filled) for `user`'s pages to show."""
    from django.urls import reverse

    from chancery.core.registry import registry

    factory = RecordFactory(user, fill_optional=True)
    paths = []
    for label in labels:
        rt = registry.by_label(label)
        record = factory.make(rt.model)
        paths += [rt.list_url, record.get_absolute_url(), reverse(rt.url_name("add"))]
        paths.append(reverse(rt.url_name("edit"), args=[record.pk]))
    return paths
