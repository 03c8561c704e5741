"""What the directory page tests share: addresses, finding a service and reading result names."""

import re

from thrivegrids.directory.models import Service

SEARCH = "/services/"


def service_named(name):
    return Service.objects.get(name=name)


def names(response):
    """Service names in the order the results list shows them."""
    html = response.content.decode()
    return re.findall(
        r'<h[23] class="nhsuk-card__heading[^"]*"><a class="nhsuk-link" href="[^"]*">([^<]*)</a>',
        html,
    )


def unescape(text):
    return text.replace("&#39;", "'").replace("&amp;", "&")


def all_names(client, query=""):
    """Every result across pages."""
    found, page = [], 1
    while True:
        response = client.get(f"{SEARCH}?{query}&page={page}")
        found += [unescape(name) for name in names(response)]
        if f"page={page + 1}" not in response.content.decode():
            return found
        page += 1


def report_url(service):
    return f"/services/{service.pk}/report-a-problem/"


def add(client, service, headers=None, **extra):
    data = {"service": service.pk, **extra}
    return client.post("/services/shortlist/add/", data, headers=headers)
