from django.db import migrations, models


class Migration(migrations.Migration):
    """The content generation counter moves from grids to core (grids 0005 carries its value)."""

    dependencies = [
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="ContentGeneration",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("value", models.PositiveBigIntegerField(default=1)),
            ],
        ),
    ]
