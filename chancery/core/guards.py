"""What a page that changes a record asks first: that its user may see the record (else 404, the
answer for a record that does not exist) and holds the permission of what the page changes (else
403). The registry's own forms ask the same (`views.RecordFormMixin`)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _


def record_to_change(user, model, pk, permission=None):
    """The record `pk` of `model` as `user` may see it, if `user` holds `permission` (by default
    the change permission of `model`; the add permission of another model for a page that adds
    to the record, as a custody check or a journal entry)."""
    record = model.objects.visible_to(user).filter(pk=pk).first()
    if record is None:
        raise Http404(_("No such record, or you may not see it."))
    meta = model._meta
    if not user.has_perm(permission or f"{meta.app_label}.change_{meta.model_name}"):
        raise PermissionDenied(_("You may not change this record."))
    return record
