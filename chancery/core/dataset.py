"""Loading a reviewable data set (YAML) into records, through the same forms as the UI.

A data set file has one section per record type, named by the type's slug (`organizations`,
`memberships`, ...) plus `priorities`. Each entry gives field values; related records are named by
their natural keys (a country by ISO code, an organisation by acronym or name, a document by its
`key` or title, a priority by code). Dates may be partial (`2011`, `2011-05`) where the model keeps
a precision. The load is idempotent: an entry whose values are already stored is not saved again,
so a second load writes nothing, not even a change-log entry. Any bad entry aborts the whole load
with a message naming it.
"""

import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django import forms
from django.db import transaction
from django.db.models import Q

from chancery.strategy.models import Priority

from .forms import form_over
from .models import SYSTEM
from .registry import registry
from .services import record_write, save_if_changed

PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")
FROM_FILE = "_from_file"


class _YamlLoader(yaml.SafeLoader):
    """Safe YAML, but dates stay text, so that the loader checks them and names a bad one."""


_YamlLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class DatasetError(Exception):
    """The data set has bad entries; `errors` names each."""

    def __init__(self, errors):
        self.errors = errors
        super().__init__("\n".join(errors))


@dataclass
class LoadResult:
    created: dict = field(default_factory=dict)
    updated: dict = field(default_factory=dict)
    unchanged: dict = field(default_factory=dict)

    def count(self, bucket, section):
        target = getattr(self, bucket)
        target[section] = target.get(section, 0) + 1

    @property
    def written(self):
        return sum(self.created.values()) + sum(self.updated.values())


class PriorityForm(forms.ModelForm):
    class Meta:
        model = Priority
        fields = ["code", "order", "title", "short_title", "summary"]


def _natural_key_lookup(model, value, aliases):
    """The record of `model` that a data set names by `value`."""
    if isinstance(value, str) and (model, value) in aliases:
        return aliases[(model, value)]
    if model is Priority:
        return Priority.objects.filter(code=value).first()
    keys = getattr(registry.get(model), "natural_keys", ()) or ("pk",)
    query = Q()
    for key in keys:
        query |= Q(**{key: value})
    matches = list(model.objects.filter(query)[:2])
    return matches[0] if len(matches) == 1 else None


class Loader:
    """Loads data set files into records as the system actor, all or nothing."""

    def __init__(self):
        self.aliases = {}
        self.errors = []
        self.result = LoadResult()

    def load(self, paths):
        documents = []
        for path in paths:
            path = Path(path)
            try:
                data = yaml.load(path.read_text(encoding="utf-8"), Loader=_YamlLoader) or {}
            except (OSError, yaml.YAMLError) as exc:
                raise DatasetError([f"{path.name}: cannot read: {exc}"]) from exc
            if not isinstance(data, dict):
                raise DatasetError([f"{path.name}: the file must be a mapping of sections"])
            documents.append((path, data))
        sections = self._sections()
        with record_write(SYSTEM):
            for path, data in documents:
                unknown = set(data) - set(sections) - {"version"}
                for name in sorted(unknown):
                    self.errors.append(f"{path.name}: unknown section '{name}'")
                for name, form_class in sections.items():
                    for index, entry in enumerate(data.get(name) or []):
                        self._load_entry(path, name, index, entry, form_class)
            if self.errors:
                transaction.set_rollback(True)
        if self.errors:
            raise DatasetError(self.errors)
        return self.result

    def _sections(self):
        sections = {"priorities": PriorityForm}
        for rt in registry:
            sections[rt.slug] = rt
        return sections

    def _load_entry(self, path, section, index, entry, target):
        where = f"{path.name}: {section}[{index}]"
        if not isinstance(entry, dict):
            self.errors.append(f"{where}: an entry must be a mapping of fields")
            return
        entry = dict(entry)
        alias = entry.pop("key", None)
        form_class = target if isinstance(target, type) else target.form_class
        model = form_class._meta.model
        label = alias or entry.get("name") or entry.get("title") or entry.get("code") or ""
        where = f"{where} ({label})" if label else where
        try:
            values = self._form_values(path, form_class, entry)
        except ValueError as exc:
            self.errors.append(f"{where}: {exc}")
            return
        instance = self._existing(target, model, values)
        kwargs = {} if form_class is PriorityForm else {"user": SYSTEM}
        form = form_over(form_class, instance, values, **kwargs)
        if not form.is_valid():
            for name, errors in form.errors.items():
                self.errors.append(
                    f"{where}: {name if name != '__all__' else 'entry'}: {' '.join(errors)}"
                )
            return
        outcome, instance = save_if_changed(
            form, SYSTEM, check_visible=form_class is not PriorityForm
        )
        self.result.count(outcome, section)
        if alias:
            self.aliases[(model, alias)] = instance

    def _form_values(self, path, form_class, entry):
        model = form_class._meta.model
        allowed = set(form_class.base_fields)
        values = {}
        for name, value in entry.items():
            from_file = name.endswith(FROM_FILE)
            if from_file:
                name = name[: -len(FROM_FILE)]
            if name not in allowed:
                raise ValueError(f"unknown field '{name}'")
            if from_file:
                try:
                    value = (path.parent / str(value)).read_text(encoding="utf-8")
                except OSError as exc:
                    raise ValueError(f"{name}: cannot read '{value}': {exc.strerror}") from exc
            model_field = model._meta.get_field(name)
            if model_field.is_relation:
                value = self._resolve(model_field, name, value)
            elif model_field.get_internal_type() == "DateField" and value is not None:
                value = self._date(model, name, value, values)
            values[name] = value
        return values

    def _resolve(self, model_field, name, value):
        target = model_field.related_model
        if model_field.many_to_many:
            if not isinstance(value, list):
                raise ValueError(f"{name}: expected a list")
            return [self._resolve_one(target, name, item).pk for item in value]
        return None if value is None else self._resolve_one(target, name, value).pk

    def _resolve_one(self, target, name, value):
        found = _natural_key_lookup(target, value, self.aliases)
        if found is None:
            raise ValueError(f"{name}: unknown {target._meta.verbose_name} '{value}'")
        return found

    def _date(self, model, name, value, values):
        if isinstance(value, datetime.date):
            return value
        match = PARTIAL_DATE.match(str(value))
        if not match:
            raise ValueError(f"{name}: '{value}' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")
        year, month, day = match.groups()
        precision_field = f"{name}_precision"
        has_precision = any(f.name == precision_field for f in model._meta.fields)
        if day is None and not has_precision:
            raise ValueError(f"{name}: a full date (YYYY-MM-DD) is needed, not '{value}'")
        if has_precision:
            values[precision_field] = "day" if day else "month" if month else "year"
        try:
            return datetime.date(int(year), int(month or 1), int(day or 1))
        except ValueError as exc:
            raise ValueError(f"{name}: '{value}' is not a valid date ({exc})") from exc

    def _existing(self, target, model, values):
        keys = ("code",) if model is Priority else target.dataset_keys
        if not keys:
            return None
        lookup = {}
        for key in keys:
            value = values.get(key)
            if value is None and not model._meta.get_field(key).null:
                return None
            lookup[key] = value
        return model.objects.filter(**lookup).first()


def load_dataset(paths):
    """Load data set files; raises DatasetError naming every bad entry, loading nothing."""
    return Loader().load(paths)
