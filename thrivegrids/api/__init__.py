"""The API assembly: one NinjaAPI per published API; endpoints live in each app's api.py."""
