"""The keys a template file may use, table by table (docs/templates.md): the one list a file is checked against.

A key that is not listed for its table is refused when the file loads ("'lable' kendes ikke – mente du
'label'?", see storage/template_problems.py), and so is a value of the wrong kind. So a new template
key is one line here, next to the parser code that reads it:

    TEMPLATE_KEYS["goal_kind"]["numbering_start"] = WHOLE   # or: add it to the dict literal below

Tables (the first key of :data:`TEMPLATE_KEYS`):

- ``template``: the top level of the file;
- ``export``: ``[export]``;
- ``field``: one field, wherever it stands (``[[metadata]]``, ``[field_sets]``, ``[[sections.fields]]``,
  a goal kind's ``fields``); one list for all fields, so a field key means the same everywhere;
- ``section``: ``[[sections]]`` and ``[[sections.children]]`` at any depth;
- ``goal_kind``: ``[[goal_kinds]]``;
- ``field_set_use``: a field set in a goal kind's ``fields`` with labels of its own,
  ``{ set = "fem_dele", labels = { objective = "Faglige målsætninger" } }``;
- ``status_level``: ``[[status_scale]]``.

A new table (e.g. the columns of a table field) gets its own entry here, and the walk in
storage/template_problems.py is told where it stands (one line in ``_Walker``).

The value kinds are the Danish words the messages use ("'private' skal være true eller false"):
:data:`TEXT`, :data:`WHOLE` (an integer), :data:`NUMBER` (an integer or a decimal number), :data:`FLAG`,
:data:`LIST`, :data:`TABLE` and :data:`ANY` (not checked here, e.g. a ``default``).
"""

from __future__ import annotations

TEXT = "tekst"
WHOLE = "et helt tal"
NUMBER = "et tal"
FLAG = "true eller false"
LIST = "en liste"
TABLE = "en tabel"
ANY = "en værdi"

#: table -> {key: the kind of value it takes}
TEMPLATE_KEYS: dict[str, dict[str, str]] = {
    "template": {
        "format_version": WHOLE, "id": TEXT, "name": TEXT, "description": TEXT, "agreement_kind": TEXT,
        "title_pattern": TEXT, "empty_fields": TEXT, "metadata": LIST, "field_sets": TABLE, "sections": LIST,
        "goal_kinds": LIST, "status_scale": LIST, "export": TABLE, "period_years": WHOLE,
    },
    "export": {
        "signatures": TEXT, "signature_caption": TEXT, "place_field": TEXT, "date_field": TEXT,
        "title_page": FLAG, "contents": FLAG, "subtitle": TEXT, "period_label": TEXT, "contents_title": TEXT,
    },
    "field": {
        "id": TEXT, "label": TEXT, "type": TEXT, "guidance": TEXT, "options": LIST, "default": ANY,
        "empty": TEXT, "follow_up": TEXT, "show": TEXT,
        "columns": LIST, "min": WHOLE, "max": WHOLE, "sum": WHOLE,  # a table's columns, a number's rules
    },
    "section": {
        "key": TEXT, "number": TEXT, "title": TEXT, "guidance": TEXT, "text": TEXT, "fields": LIST,
        "children": LIST, "private": FLAG,
    },
    "goal_kind": {
        "id": TEXT, "name": TEXT, "placement": TEXT, "numbering": TEXT, "numbering_single": TEXT,
        "title_prefix": TEXT, "title_field": TEXT, "fields": LIST, "private": FLAG,
        "series": TEXT, "start": WHOLE, "single": FLAG,
    },
    "field_set_use": {
        "set": TEXT, "labels": TABLE,
    },
    "status_level": {
        "key": TEXT, "name": TEXT, "colour": TEXT, "symbol": TEXT,
    },
}
