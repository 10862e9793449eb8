"""Input and output shapes of the moderation API; no domain logic here."""

from rest_framework import serializers

from moderation.models import REPORT_TEXT_MAX_LENGTH, Report, ReportReason


class ReportInputSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(choices=ReportReason.choices)
    text = serializers.CharField(
        max_length=REPORT_TEXT_MAX_LENGTH, required=False, allow_blank=True, default=""
    )


class ReportOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = Report
        fields = ["id", "comment", "reason", "text", "created_at"]
        read_only_fields = fields


class PinOutputSerializer(serializers.Serializer):
    is_pinned = serializers.BooleanField()
    changed = serializers.BooleanField()
