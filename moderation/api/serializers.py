"""Input and output shapes of the moderation API; no domain logic here."""

from rest_framework import serializers

from moderation.models import APPEAL_TEXT_MAX_LENGTH, REPORT_TEXT_MAX_LENGTH, Appeal, Report, ReportReason


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


class AppealInputSerializer(serializers.Serializer):
    # Parsed generously; the service states the limit (1 to APPEAL_TEXT_MAX_LENGTH characters, trimmed).
    text = serializers.CharField(
        max_length=APPEAL_TEXT_MAX_LENGTH * 5,
        allow_blank=True,
        trim_whitespace=False,
        help_text=f"Why the decision is wrong: 1 to {APPEAL_TEXT_MAX_LENGTH} characters.",
    )


class AppealOutputSerializer(serializers.ModelSerializer):
    content_kind = serializers.CharField(help_text="comment or repost")
    object_id = serializers.IntegerField()

    class Meta:
        model = Appeal
        fields = ["id", "content_kind", "object_id", "text", "status", "created_at"]
        read_only_fields = fields
