"""Where an instrument comes from and what its figures compare with: the licence and the
published benchmark of a measure file (docs/measures.md), each problem reported as file:line."""

from urllib.parse import urlsplit

from thrivegrids.core.content_yaml import LineDict

LICENCE_KEYS = {"name", "url", "statement", "attribution"}
BENCHMARK_KEYS = {
    "source",
    "year",
    "url",
    "item",
    "comparable",
    "question",
    "population",
    "differences",
    "figures",
}
FIGURE_KEYS = {"role", "percent", "label"}


def _url(checker, container, name, what):
    """An optional web address (http or https, with a host), or ""."""
    if name not in container:
        return ""
    value = checker.text(container, name, what, max_length=500)
    parts = urlsplit(value) if value else None
    if value and (parts.scheme not in ("http", "https") or not parts.netloc or " " in value):
        checker.problem(container.line_of(name), f"{what} must be a web address (https://...)")
        return ""
    return value


def licence_of(data, checker):
    """The licence block: name, url and/or statement, attribution. A file without it is refused."""
    empty = {"name": "", "url": "", "statement": "", "attribution": ""}
    if "licence" not in data:
        checker.problem(
            data.line, "licence is missing: give its name, a url or statement, and the attribution"
        )
        return empty
    licence = data["licence"]
    if not isinstance(licence, LineDict):
        checker.problem(
            data.line_of("licence"),
            "licence must be a mapping with name, url or statement, and attribution",
        )
        return empty
    for name in licence:
        if name not in LICENCE_KEYS:
            checker.problem(licence.line_of(name), f"licence has an unknown field {name!r}")
    result = {
        "name": checker.text(licence, "name", "licence name", max_length=300),
        "url": _url(checker, licence, "url", "licence url"),
        "statement": checker.text(
            licence, "statement", "licence statement", required=False, max_length=500
        ),
        "attribution": checker.text(licence, "attribution", "licence attribution", max_length=300),
    }
    if "url" not in licence and "statement" not in licence:
        checker.problem(licence.line, "licence needs a url or a statement (or both)")
    return result


def benchmark_of(data, checker, languages, roles, items):
    """An optional published figure to compare one item with, and how far it is comparable."""
    if "benchmark" not in data:
        return {}
    benchmark = checker.mapping(data["benchmark"], data.line_of("benchmark"), "benchmark")
    if benchmark is None:
        return {}
    for name in benchmark:
        if name not in BENCHMARK_KEYS:
            checker.problem(benchmark.line_of(name), f"benchmark has an unknown field {name!r}")
    year = benchmark.get("year")
    if isinstance(year, bool) or not isinstance(year, int) or not 1900 <= year <= 2100:
        checker.problem(benchmark.line_of("year"), "benchmark year must be a year such as 2015")
        year = 0
    item = benchmark.get("item")
    if item not in {i["key"] for i in items}:
        checker.problem(
            benchmark.line_of("item"), "benchmark item must name one of this instrument's items"
        )
    comparable = benchmark.get("comparable")
    if not isinstance(comparable, bool):
        checker.problem(
            benchmark.line_of("comparable"), "benchmark comparable must be true or false"
        )
    differences = {}
    if "differences" in benchmark:
        differences = checker.translations(
            benchmark["differences"],
            benchmark.line_of("differences"),
            "benchmark differences",
            languages,
        )
    elif comparable is False:
        checker.problem(
            benchmark.line_of("comparable"),
            "benchmark differences must say how the figure differs when comparable is false",
        )
    return {
        "source": checker.text(benchmark, "source", "benchmark source", max_length=200),
        "year": year,
        "url": _url(checker, benchmark, "url", "benchmark url"),
        "item": item if isinstance(item, str) else "",
        "comparable": comparable is True,
        "question": checker.translations(
            benchmark.get("question"),
            benchmark.line_of("question"),
            "benchmark question",
            languages,
        ),
        "population": checker.translations(
            benchmark.get("population"),
            benchmark.line_of("population"),
            "benchmark population",
            languages,
        ),
        "differences": differences,
        "figures": _figures(benchmark, checker, languages, roles),
    }


def _figures(benchmark, checker, languages, roles):
    figures = checker.listing(
        benchmark.get("figures"), benchmark.line_of("figures"), "benchmark figures"
    )
    result, seen = [], set()
    for index, figure in enumerate(figures or []):
        figure = checker.mapping(figure, figures.line_of(index), f"benchmark figure {index + 1}")
        if figure is None:
            continue
        for name in figure:
            if name not in FIGURE_KEYS:
                checker.problem(
                    figure.line_of(name), f"benchmark figure has an unknown field {name!r}"
                )
        role = figure.get("role")
        if role not in roles or role in seen:
            checker.problem(
                figure.line_of("role"),
                "benchmark figure role must be one of this instrument's respondent_roles, once",
            )
        seen.add(role)
        percent = figure.get("percent")
        if isinstance(percent, bool) or not isinstance(percent, int) or not 0 <= percent <= 100:
            checker.problem(
                figure.line_of("percent"),
                "benchmark figure percent must be a whole number 0 to 100",
            )
            percent = None
        label = checker.translations(
            figure.get("label"), figure.line_of("label"), "benchmark figure label", languages
        )
        if role in roles and percent is not None:
            result.append({"role": role, "percent": percent, "label": label})
    if figures is not None and not figures:
        checker.problem(figures.line, "benchmark figures must list at least one figure")
    return result
