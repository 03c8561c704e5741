"""System checks: the application refuses to start with a coding file exports could not use."""

from django.core import checks

from thrivegrids.core.content_yaml import ContentError


@checks.register()
def coding_file_is_valid(app_configs, **kwargs):
    from thrivegrids.careplans import coding

    path = coding.CODING_FILE
    try:
        coding.parse_text(path.read_text(encoding="utf-8"), str(path))
    except OSError as error:
        return [checks.Critical(f"Coding file cannot be read: {error}", id="careplans.E001")]
    except ContentError as error:
        return [
            checks.Critical(f"Coding file is not valid: {problem}", id="careplans.E002")
            for problem in error.problems
        ]
    return []
