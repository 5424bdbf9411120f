"""A template's ``period_years``: a new agreement runs that many years, so a multi-year concept's
period (and the span the document shows, "2015–18") is right without typing it."""

from __future__ import annotations

import pytest

from storage.agreements import create_agreement, load_agreement
from storage.database import Store
from storage.templates import TemplateError, TemplateRegistry, parse_template


@pytest.mark.parametrize(("template_id", "start", "end"), [
    ("toender-styringsaftale", "2015-01-01", "2018-12-31"),
    ("randers-aftale", "2013-01-01", "2014-12-31"),
    ("odder-lederaftale", "2015-01-01", "2016-12-31"),
    ("faaborg-midtfyn", "2015-01-01", "2015-12-31"),
])
def test_a_new_agreement_runs_the_years_its_template_says(store: Store, registry: TemplateRegistry,
                                                          template_id: str, start: str, end: str) -> None:
    template = registry.get(template_id)
    assert template is not None
    year = int(start[:4])
    agreement = load_agreement(store, create_agreement(store, template, "Enheden", year))
    assert (agreement.value("period_start"), agreement.value("period_end")) == (start, end)


@pytest.mark.parametrize("value", ["0", "11", "2.5", "\"4\"", "true"])
def test_a_period_outside_one_to_ten_whole_years_is_refused(registry: TemplateRegistry, value: str) -> None:
    template = registry.get("faaborg-midtfyn")
    assert template is not None
    source = template.source.replace('agreement_kind = "', f'period_years = {value}\nagreement_kind = "', 1)
    with pytest.raises(TemplateError, match="period_years"):
        parse_template(source, "flerårig.toml")
