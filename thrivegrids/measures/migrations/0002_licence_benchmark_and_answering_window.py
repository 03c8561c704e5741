from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("measures", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="instrument",
            name="licence",
            field=models.CharField(help_text="The licence's name", max_length=300),
        ),
        migrations.AddField(
            model_name="instrument",
            name="licence_url",
            field=models.URLField(blank=True, max_length=500),
        ),
        migrations.AddField(
            model_name="instrument",
            name="licence_statement",
            field=models.CharField(blank=True, max_length=500),
        ),
        migrations.AddField(
            model_name="instrument",
            name="benchmark",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.AddField(
            model_name="instrument",
            name="answering_window_days",
            field=models.PositiveSmallIntegerField(default=14),
        ),
    ]
