"""Input and output shapes of the moderation API; no domain logic here."""

from rest_framework import serializers

from moderation.models import Report, ReportReason


class ReportInputSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(choices=ReportReason.choices)
    text = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class ReportOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = Report
        fields = ["id", "comment", "reason", "text", "created_at"]
        read_only_fields = fields
