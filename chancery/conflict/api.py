"""The evidence endpoint beyond the generic one: the fingerprint is shown and never written, the
file is given once (a changed file answers 400), the file's address is the checked download, and
evidence is never deleted (405)."""

from chancery.core.api import RecordSerializer, RecordViewSet


class EvidenceSerializer(RecordSerializer):
    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None and "file" in fields:
            # an edit need not repeat the file; one that gives a file is refused by the model
            fields["file"].required = False
        return fields

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        url = instance.get_file_url()
        data["file"] = request.build_absolute_uri(url) if request and url else url
        return data


class EvidenceViewSet(RecordViewSet):
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
