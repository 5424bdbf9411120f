"""Every problem of a template file at once (``python -m desktop templates check FILE``).

Loading a template stops at the first problem the parser meets; a person writing a template wants the
whole list. So: every unknown key, value of the wrong kind, unusable id and unfitting default
(storage/template_problems.py), then what the parser finds in the rest (a section that does not exist, a
repeated id, …), one problem of that kind at a time.
"""

from __future__ import annotations

from storage.template_model import Template
from storage.template_problems import TemplateProblem, parser_problem
from storage.templates import TemplateError, parse_template


def check_template(text: str, origin: str) -> tuple[Template | None, list[TemplateProblem]]:
    """(the template, []) when ``text`` can be used, else (None, every problem found, in the order of the file)."""
    try:
        return parse_template(text, origin), []
    except TemplateError as exc:
        problems = list(exc.problems)
    if any(p.key is None for p in problems):  # the file is no TOML, too large, or the parser's own problem
        return None, problems
    try:  # what the parser says about the rest, passing over the keys reported already
        parse_template(text, origin, strict=False)
    except TemplateError as exc:
        for found in exc.problems:
            where = found.message.split(": ", 1)[0]
            if not any(p.message.startswith(where) for p in problems):
                problems.append(parser_problem(origin, found.message, text))
    return None, problems
