import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def recorded_by_from_last_change(apps, schema_editor):
    """Before corrections, nothing changed a recorded conversation after it was recorded, so the
    last person to change one is the person who recorded it."""
    Conversation = apps.get_model("conversations", "Conversation")
    Conversation.objects.filter(status="recorded", recorded_by__isnull=True).update(
        recorded_by=models.F("updated_by")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("conversations", "0004_draft_revisions"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="conversation",
            name="recorded_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.CreateModel(
            name="Correction",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("number", models.PositiveIntegerField()),
                ("before", models.JSONField()),
                ("after", models.JSONField()),
                ("changed", models.JSONField(default=list)),
                (
                    "reason",
                    models.CharField(max_length=500, verbose_name="Why are you correcting it?"),
                ),
                ("corrected_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "conversation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="corrections",
                        to="conversations.conversation",
                    ),
                ),
                (
                    "corrected_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["conversation", "number"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("conversation", "number"), name="one_correction_per_number"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("reason", ""), _negated=True),
                        name="correction_has_reason",
                    ),
                ],
            },
        ),
        migrations.RunPython(recorded_by_from_last_change, migrations.RunPython.noop),
    ]
