from django.db import migrations


def carry_the_counter(apps, schema_editor):
    """Start core's counter one past grids' own, so no page cached under the old number is served."""
    old = apps.get_model("grids", "ContentGeneration").objects.filter(pk=1).first()
    apps.get_model("core", "ContentGeneration").objects.update_or_create(
        pk=1, defaults={"value": (old.value if old else 1) + 1}
    )


class Migration(migrations.Migration):
    dependencies = [
        ("grids", "0004_clinical_sign_off_and_numbers"),
        ("core", "0002_content_generation"),
    ]

    operations = [
        migrations.RunPython(carry_the_counter, migrations.RunPython.noop),
        migrations.DeleteModel(name="ContentGeneration"),
    ]
