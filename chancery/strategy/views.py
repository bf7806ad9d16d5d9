"""The home page (the ten priorities) and a priority's page."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from chancery.core.registry import registry

from .models import Priority
from .summary import priority_summaries


@login_required
def home(request):
    return render(request, "strategy/home.html", {"summaries": priority_summaries(request.user)})


@login_required
def priority_detail(request, code):
    priority = get_object_or_404(Priority, code=code)
    sections = []
    for rt in registry:
        queryset = rt.list_queryset(request.user).filter(priorities=priority)
        items = list(queryset.order_by("-created_at")[:26])
        if items:
            sections.append({"record_type": rt, "items": items[:25], "more": len(items) > 25})
    return render(
        request, "strategy/priority_detail.html", {"priority": priority, "sections": sections}
    )
