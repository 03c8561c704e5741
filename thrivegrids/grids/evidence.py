"""The parts of a grid file a clinician signs off: its age range, its reviewers, its sources
(each naming the recommendation it rests on) and each option's benefits and harms in numbers.
Structure only, each problem as file:line; whether the content is good enough is quality.py's."""

from urllib.parse import urlsplit

from thrivegrids.core.content_yaml import LineList

AGE_LIMITS = (5, 25)
BENEFIT_EVIDENCE = ("numbers", "not-known")
EVIDENCE = ("research", "expert-consensus")


def age_range(data, checker):
    age_range = checker.mapping(data.get("age_range"), data.line_of("age_range"), "age_range")
    if age_range is None:
        return None, None
    low, high = age_range.get("min"), age_range.get("max")
    for name, value in (("min", low), ("max", high)):
        if isinstance(value, bool) or not isinstance(value, int):
            checker.problem(age_range.line_of(name), f"age_range.{name} must be a whole number")
            return None, None
        if not AGE_LIMITS[0] <= value <= AGE_LIMITS[1]:
            checker.problem(
                age_range.line_of(name),
                f"age_range.{name} must be between {AGE_LIMITS[0]} and {AGE_LIMITS[1]}",
            )
            return None, None
    if low > high:
        checker.problem(age_range.line_of("max"), "age_range.max must not be below min")
        return None, None
    return low, high


def clinical_review(data, checker, example):
    """Who signed the version off; content that is not example content needs at least one."""
    reviews = checker.listing(
        data.get("clinical_review", LineList()), data.line_of("clinical_review"), "clinical_review"
    )
    result = []
    for index, review in enumerate(reviews or []):
        what = f"clinical reviewer {index + 1}"
        review = checker.mapping(review, reviews.line_of(index), what)
        if review is None:
            continue
        entry = {
            "name": checker.text(review, "name", f"{what} name", max_length=200),
            "role": checker.text(review, "role", f"{what} role", max_length=200),
        }
        reviewed_on = checker.date(review, "reviewed_on", f"{what} reviewed_on", required=True)
        entry["reviewed_on"] = reviewed_on.isoformat() if reviewed_on else ""
        for name in review:
            if name not in ("name", "role", "reviewed_on"):
                checker.problem(review.line_of(name), f"{what} has an unknown field {name!r}")
        result.append(entry)
    if example is False and not result:
        checker.problem(
            data.line_of("example_content"),
            "example_content is false, so clinical_review must name at least one clinical "
            "reviewer with their role and sign-off date",
        )
    return result


def names(data, checker):
    if "names" not in data:
        return []
    names = checker.listing(data["names"], data.line_of("names"), "names")
    result = []
    for index, name in enumerate(names or []):
        if not isinstance(name, str) or not name.strip() or len(name) > 80:
            checker.problem(names.line_of(index), "each of names must be a word or short name")
            continue
        result.append(name.strip())
    return result


def sources(data, checker):
    result = []
    for index, source, key in checker.keyed_mappings(data, "sources", "source"):
        title = checker.text(source, "title", f"source {key or index + 1} title", max_length=300)
        recommendation = checker.text(
            source, "recommendation", f"source {key or index + 1} recommendation", max_length=200
        )
        url = checker.text(source, "url", f"source {key or index + 1} url", max_length=500)
        if url and not url.startswith(("https://", "http://")):
            checker.problem(source.line_of("url"), f"source {key} url must start with https://")
        elif url and not urlsplit(url).path.strip("/"):
            checker.problem(
                source.line_of("url"),
                f"source {key} url is a home page: link the page with the recommendation",
            )
        evidence = source.get("evidence")
        if evidence not in EVIDENCE:
            checker.problem(
                source.line_of("evidence"),
                f"source {key} evidence must be research or expert-consensus",
            )
        for name in source:
            if name not in ("key", "title", "recommendation", "url", "evidence"):
                checker.problem(source.line_of(name), f"source {key} has an unknown field {name!r}")
        if key:
            result.append(
                {
                    "key": key,
                    "title": title,
                    "recommendation": recommendation,
                    "url": url,
                    "evidence": evidence,
                }
            )
    return result


def benefits_and_harms(option, checker, label, languages):
    """Numbers with their sources, or a plain statement that they are not known."""
    what = f"{label} benefits_and_harms"
    value = checker.mapping(
        option.get("benefits_and_harms"), option.line_of("benefits_and_harms") or option.line, what
    )
    if value is None:
        return {}
    evidence = value.get("evidence")
    if evidence not in BENEFIT_EVIDENCE:
        checker.problem(value.line_of("evidence"), f"{what} evidence must be numbers or not-known")
        return {}
    for name in value:
        if name not in ("evidence", "numbers", "not_known"):
            checker.problem(value.line_of(name), f"{what} has an unknown field {name!r}")
    result = {"evidence": evidence, "numbers": []}
    numbers = checker.listing(
        value.get("numbers", LineList()), value.line_of("numbers") or value.line, f"{what} numbers"
    )
    for index, item in enumerate(numbers or []):
        item = checker.mapping(item, numbers.line_of(index), f"{what} number {index + 1}")
        if item is None:
            continue
        source = item.get("source")
        if not isinstance(source, str) or not source:
            checker.problem(item.line_of("source"), f"{what} number {index + 1} needs a source")
            source = ""
        for name in item:
            if name not in ("source", "text"):
                checker.problem(
                    item.line_of(name), f"{what} number {index + 1} has an unknown field {name!r}"
                )
        text = checker.translations(
            item.get("text"), item.line_of("text"), f"{what} number {index + 1}", languages
        )
        result["numbers"].append({"source": source, "text": text})
    if "not_known" in value:
        result["not_known"] = checker.translations(
            value["not_known"], value.line_of("not_known"), f"{what} not_known", languages
        )
    return result
