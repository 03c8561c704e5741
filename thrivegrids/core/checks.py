"""System checks: the application refuses to start when urgent help could not be shown."""

from django.core import checks

from thrivegrids.core.content_yaml import ContentError


@checks.register()
def urgent_help_file_is_valid(app_configs, **kwargs):
    from thrivegrids.core.urgent_help import default_path, parse_text

    path = default_path()
    try:
        parse_text(path.read_text(encoding="utf-8"), str(path))
    except OSError as error:
        return [checks.Critical(f"Urgent-help file {path} cannot be read: {error}", id="core.E001")]
    except ContentError as error:
        return [
            checks.Critical(f"Urgent-help file is not valid: {problem}", id="core.E002")
            for problem in error.problems
        ]
    return []
