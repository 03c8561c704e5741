"""Provenance for locations: the feed that wrote each one, as services and organisations have."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Coalesce


def feed_of_its_services(apps, schema_editor):
    """A location imported before provenance belongs to the feed of the services offered there."""
    Location = apps.get_model("directory", "Location")
    ServiceAtLocation = apps.get_model("directory", "ServiceAtLocation")
    feed = ServiceAtLocation.objects.filter(location=OuterRef("pk")).exclude(service__feed="")
    first = Subquery(feed.order_by("service__feed").values("service__feed")[:1])
    Location.objects.update(feed=Coalesce(first, Value("")))


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0005_service_search_text"),
    ]

    operations = [
        migrations.AddField(
            model_name="location",
            name="feed",
            field=models.CharField(blank=True, max_length=100),
        ),
        migrations.RunPython(feed_of_its_services, migrations.RunPython.noop),
    ]
