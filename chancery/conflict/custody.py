"""The chain of custody of evidence files: where they are kept (content-addressed, never
overwritten), how their SHA-256 is computed, and how a stored file is checked against it."""

import hashlib
import os
import tempfile
from pathlib import Path

from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import FileSystemStorage
from django.utils.translation import gettext as _

CHUNK = 1024 * 1024
READ_ONLY = 0o444


def sha256_of(chunks) -> tuple[str, int]:
    """The SHA-256 (hex) and the size in bytes of what `chunks` yields."""
    digest, size = hashlib.sha256(), 0
    for chunk in chunks:
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


def address_of(sha256: str) -> str:
    """Where a file with this hash is kept: `evidence/ab/ab12...` (its name says its content)."""
    return f"evidence/{sha256[:2]}/{sha256}"


class EvidenceStorage(FileSystemStorage):
    """Files kept under their content's address, written once and made read-only.

    The same content uploaded twice is kept once (the same address), so no file is ever written
    over another: a name that exists already holds exactly this content, which is checked; one
    that does not match is refused (the stored file was changed, which `verify-evidence`
    reports)."""

    def get_available_name(self, name, max_length=None):
        return name  # the address is the content: an existing name holds this very content

    def _save(self, name, content):
        full = Path(self.path(name))
        if full.exists():
            self._check_same(full, name)
            return name
        full.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=full.parent, prefix=".incoming-")
        try:
            with os.fdopen(handle, "wb") as out:
                for chunk in content.chunks():
                    out.write(chunk)
            os.chmod(temporary, READ_ONLY)
            try:
                os.link(temporary, full)  # atomic, and never over an existing file
            except FileExistsError:  # the same content stored at the same moment by another
                self._check_same(full, name)
        finally:
            os.unlink(temporary)
        return name

    def _check_same(self, full, name):
        with open(full, "rb") as stored:
            found, _size = sha256_of(iter(lambda: stored.read(CHUNK), b""))
        if found != Path(name).name:
            raise SuspiciousFileOperation(
                _("The stored file %(name)s does not match its address; it was altered.")
                % {"name": name}
            )


evidence_storage_instance = EvidenceStorage()


def evidence_storage():
    return evidence_storage_instance
