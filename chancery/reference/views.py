"""The world map page: states shaded by a figure an area offers (`map_measures` of its app
config), as the user may count it; drawn whole on its own, or as the fragment a home or country
page asks for once it has loaded."""

from functools import lru_cache

from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import render
from django.utils.module_loading import import_string
from django.views.decorators.http import require_GET

from chancery.core.figures import kept

from .models import Country
from .worldmap import world_map


@lru_cache(maxsize=1)
def measures():
    """{key: (label, function)} of every area's measures, in the order of the top bar's areas."""
    configs = sorted(apps.get_app_configs(), key=lambda c: getattr(c, "nav_order", 1000))
    return {
        key: (label, path)
        for config in configs
        for key, label, path in getattr(config, "map_measures", ())
    }


@login_required
@require_GET
def world_map_page(request):
    """The map of the measure asked for (the first by default); `state`, a code, is outlined."""
    offered = measures()
    key = request.GET.get("measure", "")
    if key not in offered:
        key = next(iter(offered))
    label, path = offered[key]
    measure = import_string(path)
    figures = kept(request.user, "world map", lambda: measure(request.user), key)
    outlined = request.GET.get("state", "").upper()[:2]
    # the outlined state is drawn as one the user may open even when it has no figure
    wanted = Q(pk__in=list(figures)) | Q(alpha_2=outlined) if outlined else Q(pk__in=list(figures))
    countries = list(Country.objects.visible_to(request.user).filter(wanted))
    drawn = world_map({country: figures.get(country.pk, 0) for country in countries}, label)
    state = next((c for c in countries if outlined and c.alpha_2 == outlined), None)
    # a state too small for the map's scale (Malta, Bahrain) is said to be, not left unseen
    too_small = state and not state.end and all(s.code != outlined for s in drawn.states)
    context = {
        "map": drawn,
        "measure": key,
        "measures": [(k, v[0]) for k, v in offered.items()],
        "outlined": outlined,
        "too_small": state if too_small else None,
    }
    template = "reference/_world_map.html" if request.htmx else "reference/world_map.html"
    return render(request, template, context)
