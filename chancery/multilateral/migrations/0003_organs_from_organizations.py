"""Organisations recorded as kind "organ" (the Security Council under the UN) become organs of
their parent organisation: their memberships become seats in the organ, and engagements name the
organ beside the parent. An organisation nothing else refers to any more is then removed."""

from django.db import migrations
from django.db.models import ProtectedError


def organ_kind(name):
    lowered = name.lower()
    if "assembly" in lowered:
        return "plenary"
    if "council" in lowered:
        return "council"
    if "summit" in lowered:
        return "summit"
    return "other"


def organs_from_organizations(apps, schema_editor):
    Organization = apps.get_model("reference", "Organization")
    Organ = apps.get_model("multilateral", "Organ")
    Membership = apps.get_model("multilateral", "Membership")
    Engagement = apps.get_model("bilateral", "Engagement")
    for old in Organization.objects.filter(kind="organ", parent__isnull=False):
        organ = Organ.objects.create(
            organization_id=old.parent_id,
            name=old.name,
            acronym=old.acronym,
            kind=organ_kind(old.name),
            notes=old.description,
            classification=old.classification,
        )
        Membership.objects.filter(organization=old).update(
            organization_id=old.parent_id, organ=organ
        )
        for engagement in Engagement.objects.filter(organizations=old):
            engagement.organizations.remove(old)
            engagement.organizations.add(old.parent_id)
            engagement.organs.add(organ)
        try:
            old.delete()
        except ProtectedError:
            pass  # still named elsewhere (a mission's host, say): kept as it was


class Migration(migrations.Migration):
    dependencies = [
        ("multilateral", "0002_organs_candidacies_offices_resolutions"),
        ("bilateral", "0006_engagement_organs"),
    ]

    operations = [
        migrations.RunPython(organs_from_organizations, migrations.RunPython.noop, elidable=True)
    ]
