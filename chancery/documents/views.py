"""A document's file, served only to a user who may see the document."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from .models import Document


@login_required
@require_GET
def document_file(request, pk):
    document = Document.objects.visible_to(request.user).filter(pk=pk).first()
    if document is None or not document.file:
        raise Http404(_("No such document, or you may not see it."))
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404(_("The document's file is missing.")) from exc
    return FileResponse(handle, as_attachment=True, filename=document.file.name.rsplit("/", 1)[-1])
