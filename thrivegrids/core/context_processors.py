from django.conf import settings


def site(request):
    return {"is_demo": settings.THRIVEGRIDS_DEMO}
