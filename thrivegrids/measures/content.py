"""Reading measure files (docs/measures.md): validate every file before anything is stored.

The file's shape is declared once, in format.py. Parsing never touches the database:
`parse_files` returns documents or raises one ContentError listing every problem as file:line, so
the loader can refuse the whole batch.
"""

from dataclasses import dataclass, field

from thrivegrids.core.content_yaml import ContentError, load_yaml, parse_content_files
from thrivegrids.core.yaml_models import validate
from thrivegrids.measures.format import MeasureFile, label


@dataclass
class MeasureDocument:
    """A validated measure file, in plain Python values."""

    path: str
    slug: str
    version: int
    validated: bool
    # The licence's name, where it is published (url) or what it says (statement), and the
    # attribution it requires; at least one of url and statement.
    licence: str
    licence_url: str
    licence_statement: str
    attribution: str
    # Days from the conversation being recorded during which answers are taken.
    answering_window_days: int
    # {} or {"source", "year", "url", "item", "comparable", "question": {lang: str},
    #  "population": {lang: str}, "differences": {lang: str},
    #  "figures": [{"role", "percent", "label": {lang: str}}]}: see docs/measures.md.
    benchmark: dict
    languages: list
    respondent_roles: list
    scoring_rule: str
    scoring_parameters: dict
    name: dict
    description: dict
    # [{"key", "concept", "text": {lang: str}, "scale": [{"value", "label": {lang: str}}]}]
    items: list = field(default_factory=list)
    # Line of `validated` in the file, for problems found when loading (not compared).
    validated_line: int = field(default=0, compare=False)


def parse_text(source_text, path="<text>"):
    """Parse one file's text into a MeasureDocument, or raise ContentError."""
    data = load_yaml(source_text, path)
    measure, problems = validate(MeasureFile, data, path, label)
    if problems:
        raise ContentError(sorted(problems, key=lambda problem: problem.line))
    scales = {
        scale.key: [option.model_dump() for option in scale.options] for scale in measure.scales
    }
    licence, benchmark = measure.licence, measure.benchmark
    return MeasureDocument(
        path=path,
        slug=measure.slug,
        version=measure.version,
        validated=measure.validated,
        licence=licence.name,
        licence_url=licence.url or "",
        licence_statement=licence.statement,
        attribution=licence.attribution,
        answering_window_days=measure.answering_window_days,
        benchmark=_benchmark(benchmark) if benchmark else {},
        languages=measure.languages,
        respondent_roles=measure.respondent_roles,
        scoring_rule=measure.scoring.rule,
        scoring_parameters=measure.scoring.parameters,
        name=measure.name,
        description=measure.description or {},
        items=[
            {
                "key": item.key,
                "concept": item.concept or "",
                "text": item.text,
                "scale": scales[item.scale],
            }
            for item in measure.items
        ],
        validated_line=data.line_of("validated"),
    )


def _benchmark(benchmark):
    return {
        **benchmark.model_dump(),
        "url": benchmark.url or "",
        "differences": benchmark.differences or {},
    }


def parse_files(paths):
    """Parse every file; raise one ContentError listing the problems of all of them."""
    return parse_content_files(
        paths,
        parse_text,
        identity=lambda document: (document.slug, document.version),
        what="instrument version",
    )
