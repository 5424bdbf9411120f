"""The three concepts of ../shared/CONCEPTS.md shipped as built-in templates (Tønder's styringsaftale,
Randers' aftale, Odder's lederaftale): each loaded through the registry, an agreement created and
every field of every section and of a goal of every kind filled, exported to Word and read back by
LibreOffice as a reader would check it: the title page, the sections in order with their numbers,
the goals numbered as the concept says, every text filled in. Odder's personal development plan is
in the Word file but never in a bundle."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from exporters.bundle_write import bundle_members
from exporters.docx_export import export_agreement
from storage import edits, goal_rules
from storage.agreements import create_agreement, load_agreement
from storage.database import Store
from storage.field_types import cell_text, check_rows, check_scalar, columns_of, description
from storage.formatting import format_amount, format_date
from storage.model import JSONValue
from storage.outline import outline, walk
from storage.template_model import FieldDef, FieldType, Template, section_fields
from storage.templates import builtin_template_files, load_registry
from tests.exporters.libreoffice import LibreOffice, find_in_order, normalise

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Filled:
    """What was typed into an agreement, as a reader finds it in the Word file."""

    uuid: str
    template: Template
    #: outline uuid → the texts of its fields, in field order, as Word shows them
    texts: dict[str, list[str]] = field(default_factory=dict)


def template(template_id: str) -> Template:
    registry = load_registry()
    assert not registry.errors, [str(e) for e in registry.errors]
    found = registry.get(template_id)
    assert found is not None, f"{template_id} is not a built-in template"
    return found


def _stored(fdef: FieldDef, value: JSONValue) -> JSONValue:
    """A scalar as the field type accepts it (the filler must write only valid values)."""
    checked = check_scalar(fdef, value)
    assert checked == value, (fdef.id, value, checked)
    return checked


def fill_field(store: Store, agreement: str, owner: str, fdef: FieldDef, tag: str, year: int) -> list[str]:
    """Fill one field with a realistic value valid for its type; the texts Word shows for it."""
    label = fdef.label.lower()
    if description(fdef.type).has_rows:
        shown = []
        for data in check_rows(fdef, _rows(fdef, tag, year)):
            edits.add_row(store, agreement, owner, fdef.id, None, data)
            shown += [cell_text(fdef, c.key, data[c.key]) for c in columns_of(fdef)]
        return shown
    value: JSONValue
    match fdef.type:
        case FieldType.TEXT:
            first = f"{fdef.label} ({tag}): Vi har drøftet {label} med medarbejderne, og det er beskrevet her."
            second = f"Andet afsnit om {label} ({tag}) med det, der skal følges op i {year + 1}."
            edits.set_value(store, agreement, owner, fdef.id, _stored(fdef, f"{first}\n\n{second}"))
            return [first, second]
        case FieldType.LINE:
            value = f"{fdef.label} – {tag}"
        case FieldType.NUMBER:
            value = fdef.minimum if fdef.minimum is not None else 12
        case FieldType.CHOICE:
            value = fdef.options[-1]
        case FieldType.DATE:
            value = f"{year}-03-14"
            edits.set_value(store, agreement, owner, fdef.id, _stored(fdef, value))
            return [format_date(value)]
        case FieldType.AMOUNT:
            value = {"amount": 48_250_000 + len(tag), "text": f"netto ({tag})"}
            edits.set_value(store, agreement, owner, fdef.id, _stored(fdef, value))
            return [format_amount(48_250_000 + len(tag)), f"netto ({tag})"]
        case FieldType.PERSON:
            value = {"name": f"Kirsten Lund ({tag})", "role": "Konsulent"}
            edits.set_value(store, agreement, owner, fdef.id, _stored(fdef, value))
            return [f"Kirsten Lund ({tag})"]
        case _:
            raise AssertionError(f"no filler for {fdef.type}")
    edits.set_value(store, agreement, owner, fdef.id, _stored(fdef, value))
    return [str(value)]


def _rows(fdef: FieldDef, tag: str, year: int) -> list[dict[str, str]]:
    label = fdef.label.lower()
    match fdef.type:
        case FieldType.LETTERED_LIST:
            return [{"text": f"Første punkt under {label} ({tag})"}, {"text": f"Andet punkt under {label} ({tag})"}]
        case FieldType.ACTION_TABLE:
            return [{"activity": f"Kortlægning af arbejdsgange ({tag})", "responsible": "Afdelingsleder",
                     "deadline": f"1. kvt. {year}", "status": "I gang"},
                    {"activity": f"Evaluering med MED-udvalget ({tag})", "responsible": "Leder",
                     "deadline": f"december {year + 1}", "status": "Ikke startet"}]
        case FieldType.MILESTONES:
            return [{"when": f"{year}-04-30", "text": f"Plan godkendt ({tag})"},
                    {"when": f"3. kvt. {year}", "text": f"Første del i drift ({tag})"},
                    {"when": f"marts–juni {year + 1}", "text": f"Årlig opfølgning ({tag})"}]
        case FieldType.PERSON_LIST:
            return [{"name": f"Mette Holm ({tag})", "role": "Fagchef"},
                    {"name": f"Jens Bæk ({tag})", "role": "Direktør"}]
        case FieldType.TABLE:
            return [{key: f"{header} {i} ({tag})" for key, header in fdef.columns} for i in (1, 2)]
    raise AssertionError(f"no rows for {fdef.type}")


def make(store: Store, template_id: str, unit: str, year: int, period_end: str,
         goals: dict[str, list[str]], metadata: dict[str, JSONValue]) -> Filled:
    """An agreement of the built-in template with every field of every section and of ``goals``
    (kind → titles) filled, and the metadata as given."""
    tpl = template(template_id)
    uuid = create_agreement(store, tpl, unit, year)
    for kind_id, titles in goals.items():
        for _ in titles:
            goal_rules.add_goal(store, tpl, uuid, kind_id)
    assert {k.id for k in tpl.goal_kinds} == set(goals), "a goal of every kind"
    for key, value in {"period_start": f"{year}-01-01", "period_end": period_end, **metadata}.items():
        fdef = next(f for f in tpl.metadata if f.id == key)
        if fdef.type.has_rows:
            for data in check_rows(fdef, value):
                edits.add_row(store, uuid, uuid, key, None, data)
        else:
            edits.set_value(store, uuid, uuid, key, _stored(fdef, value))
    filled = Filled(uuid, tpl)
    agreement = load_agreement(store, uuid)
    for part in walk(outline(agreement, tpl)):
        if part.type == "section":
            definition = tpl.section(part.key)
            assert definition is not None
            fields = section_fields(definition)
            tag = f"afsnit {part.number}"
        else:
            kind = tpl.goal_kind(part.key)
            assert kind is not None
            title = goals[part.key][agreement.goals_of_kind(part.key).index(part.node)]  # type: ignore[arg-type]
            edits.set_value(store, uuid, part.uuid, kind.title_field, title)
            fields = tuple(f for f in kind.fields if f.id != kind.title_field)
            tag = part.number.rstrip(":.")
        filled.texts[part.uuid] = [t for f in fields for t in fill_field(store, uuid, part.uuid, f, tag, year)]
    return filled


def read_back(store: Store, filled: Filled, tmp_path: Path, libreoffice: LibreOffice) -> tuple[str, list[str]]:
    """The Word file as LibreOffice reads it (body text), and the headings of the body in order."""
    docx = export_agreement(store, filled.uuid, tmp_path / f"{filled.template.id}.docx")
    text = normalise(libreoffice.text(docx))
    agreement = load_agreement(store, filled.uuid)
    return text, [part.heading for part in walk(outline(agreement, filled.template))]


def check_body(text: str, store: Store, filled: Filled, start: int) -> int:
    """Every part's heading, then every text filled into it, in document order."""
    agreement = load_agreement(store, filled.uuid)
    expected = []
    for part in walk(outline(agreement, filled.template)):
        expected += [part.heading, *filled.texts[part.uuid]]
    return find_in_order(text, expected, start)


# --- Tønder ------------------------------------------------------------------------------------

TOENDER_GOALS = {
    "strategisk": ["Flere borgere betjener sig selv digitalt", "Mindre CO2 fra kommunens bygninger"],
    "fagspecifik": ["Veje og stier holdes i god stand"],
    "personalepolitisk": ["Sygefraværet nedbringes"],
}


def test_toender_styringsaftale_reads_back_with_one_series_across_three_kinds(
        store: Store, tmp_path: Path, libreoffice: LibreOffice) -> None:
    filled = make(store, "toender-styringsaftale", "Ejendom, Plan og Drift", 2015, "2018-12-31", TOENDER_GOALS, {
        "chief": "Mette Holm", "committee": "Teknisk Udvalg", "approval_date": "2015-02-26",
        "revision": "Revideret efter opfølgning 2016",
        "parties": [{"name": "Mette Holm", "role": "Fagchef"}, {"name": "Jens Bæk", "role": "Kommunaldirektør"}]})
    text, headings = read_back(store, filled, tmp_path, libreoffice)
    title_page = find_in_order(text, [
        "Ejendom, Plan og Drift", "Styringsaftale 2015–18", "Aftaleperiode: 01.01.2015 – 31.12.2018",
        "Fagchef: Mette Holm", "Fagudvalg: Teknisk Udvalg", "Revideret efter opfølgning 2016 · 26.02.2015",
        "Tønder Kommune – Styringsaftale"])
    contents = find_in_order(text, ["Indholdsfortegnelse", "1 Generelt", "1.1 Aftalens parter og formål",
                                    "2 Budget og ressourcer", "2.1 Budget", "3 Mål", "3.1 Strategiske mål",
                                    "3.2 Fagspecifikke mål", "3.3 Personalepolitiske mål"], title_page)
    assert headings == [
        "1 Generelt", "1.1 Aftalens parter og formål", "1.2 Løbetid, opfølgning og revision", "1.3 Fagområdets opgaver",
        "2 Budget og ressourcer", "2.1 Budget", "2.2 Personale og øvrige ressourcer",
        "3 Mål", "3.1 Strategiske mål", "Mål 1: Flere borgere betjener sig selv digitalt",
        "Mål 2: Mindre CO2 fra kommunens bygninger", "3.2 Fagspecifikke mål", "Mål 3: Veje og stier holdes i god stand",
        "3.3 Personalepolitiske mål", "Mål 4: Sygefraværet nedbringes"]
    end = check_body(text, store, filled, contents)
    find_in_order(text, ["Underskrifter", "Tønder, den 26. februar 2015", "Mette Holm", "Fagchef",
                         "Jens Bæk", "Kommunaldirektør"], end)
    # the kinds keep their own labels of the shared fields
    find_in_order(text, ["Mål 1:", "Strategisk tema", "Sundhed og trivsel",
                         "Mål 4:", "Ønsket effekt for medarbejderne"], contents)
    assert "Mål 5" not in text


def test_a_new_agreement_has_the_years_filled_into_the_fixed_texts(store: Store) -> None:
    for template_id, key, expected in [
        ("toender-styringsaftale", "1.2", "første gang i foråret 2016 på baggrund af regnskabet for 2015"),
        ("randers-aftale", "1.4", "Aftalen gælder fra 1. januar 2015"),
        ("odder-lederaftale", "1", "lederen af Enheden X"),
    ]:
        agreement = load_agreement(store, create_agreement(store, template(template_id), "Enheden X", 2015))
        section = agreement.section_by_key(key)
        assert section is not None
        assert expected in str(section.value("text")), (template_id, section.value("text"))
        assert "{" not in str(section.value("text"))


# --- Randers -----------------------------------------------------------------------------------

RANDERS_GOALS = {
    "faelles": ["Digital kommunikation med borgerne", "Sundere arbejdspladser"],
    "eget": ["Flere børn i bevægelse hver dag", "Tættere samarbejde med forældrene"],
}


def test_randers_aftale_reads_back_with_the_shared_goals_first_and_the_dialogue_meeting(
        store: Store, tmp_path: Path, libreoffice: LibreOffice) -> None:
    filled = make(store, "randers-aftale", "Dagtilbud Nord", 2013, "2014-12-31", RANDERS_GOALS, {
        "committee": "Børne- og Skoleudvalget", "dialogue_date": "2013-01-22",
        "dialogue_committee": "Udvalgsformand Anne Vestergaard, Peter Kjær",
        "dialogue_med": "Tillidsrepræsentant Lone Riis", "dialogue_users": "Forældrebestyrelsens formand Ole Dam",
        "approval_date": "2013-01-22", "revision": "Version 2",
        "parties": [{"name": "Anne Vestergaard", "role": "Formand for Børne- og Skoleudvalget"},
                    {"name": "Susanne Friis", "role": "Dagtilbudsleder"}]})
    text, headings = read_back(store, filled, tmp_path, libreoffice)
    title_page = find_in_order(text, [
        "Dagtilbud Nord", "Randersmodellen · Aftale 2013–14", "Aftaleperiode: 01.01.2013 – 31.12.2014",
        "Politisk udvalg: Børne- og Skoleudvalget", "Randers Kommune – Aftale (Randersmodellen)"])
    contents = find_in_order(text, ["Indholdsfortegnelse", "1 Rammen", "2 Udviklingsmål", "2.1 Fælles udviklingsmål",
                                    "2.2 Aftaleenhedens egne udviklingsmål", "2.3 Opfølgning", "3 Økonomi"], title_page)
    header = find_in_order(text, [
        "Dato for dialogmøde", "22.01.2013", "Deltagere fra udvalget", "Udvalgsformand Anne Vestergaard, Peter Kjær",
        "Deltagere fra MED", "Tillidsrepræsentant Lone Riis",
        "Deltagere fra brugerne", "Forældrebestyrelsens formand Ole Dam"], contents)
    assert headings == [
        "1 Rammen", "1.1 Randers Kommunes vision og værdier", "1.2 Krav til alle aftaleenheder",
        "1.3 Aftaleenhedens opgaver og brugere", "1.4 Aftalens indgåelse og løbetid",
        "2 Udviklingsmål", "2.1 Fælles udviklingsmål", "2.1.1 Digital kommunikation med borgerne",
        "2.1.2 Sundere arbejdspladser", "2.2 Aftaleenhedens egne udviklingsmål",
        "2.2.1 Flere børn i bevægelse hver dag", "2.2.2 Tættere samarbejde med forældrene", "2.3 Opfølgning",
        "3 Økonomi"]
    end = check_body(text, store, filled, header)
    find_in_order(text, ["Aftalen er indgået", "Randers, den 22. januar 2013", "Anne Vestergaard", "Susanne Friis"],
                  end)
    find_in_order(text, ["3 Økonomi", "Samlet budget", "Budgettet fordelt", "Område", "Beløb (1.000 kr.)",
                         "Bemærkning", "Økonomiske forudsætninger"], header)


# --- Odder -------------------------------------------------------------------------------------

ODDER_GOALS = {"maal": ["Færre elever i specialtilbud", "Et godt arbejdsmiljø"]}


def test_odder_lederaftale_has_the_private_development_plan_in_word_but_not_in_a_bundle(
        store: Store, tmp_path: Path, libreoffice: LibreOffice) -> None:
    filled = make(store, "odder-lederaftale", "Skovbakkeskolen", 2024, "2025-12-31", ODDER_GOALS, {
        "leader": "Hanne Jensen, skoleleder", "manager": "Lars Holm, chef for Børn og Unge",
        "leader_level": "Leder med personaleansvar", "approval_date": "2024-02-01",
        "parties": [{"name": "Hanne Jensen", "role": "Skoleleder"},
                    {"name": "Lars Holm", "role": "Chef for Børn og Unge"}]})
    text, headings = read_back(store, filled, tmp_path, libreoffice)
    title_page = find_in_order(text, [
        "Skovbakkeskolen", "Lederaftale 2024–25", "Aftaleperiode: 01.01.2024 – 31.12.2025",
        "Leder: Hanne Jensen, skoleleder", "Nærmeste leder: Lars Holm, chef for Børn og Unge",
        "Lederniveau: Leder med personaleansvar"])
    contents = find_in_order(text, ["Indholdsfortegnelse", "1 Aftalens grundlag", "2 Enhedens mål og indsatser",
                                    "3 Personlig udviklingsplan (fortrolig)"], title_page)
    assert headings == ["1 Aftalens grundlag", "2 Enhedens mål og indsatser", "2.1 Færre elever i specialtilbud",
                        "2.2 Et godt arbejdsmiljø", "3 Personlig udviklingsplan (fortrolig)"]
    end = check_body(text, store, filled, contents)
    find_in_order(text, ["Underskrifter", "Odder, den 1. februar 2024", "Hanne Jensen", "Lars Holm"], end)

    agreement = load_agreement(store, filled.uuid)
    private_section = agreement.section_by_key("3")
    assert private_section is not None
    private_texts = [t for t in filled.texts[private_section.uuid] if "(afsnit 3)" in t]  # not the shared times
    assert any("Styrker i min ledelse" in t for t in private_texts) and len(private_texts) >= 8
    find_in_order(text, ["3 Personlig udviklingsplan (fortrolig)", "Lederudviklingssamtale", "14.03.2024",
                         "Aktiviteter og milepæle", "Hvornår", "Milepæl", "30.04.2024"], contents)
    members = bundle_members(store, [filled.uuid], created_by="test")
    bundled = "\n".join(data.decode("utf-8") for name, data in members.items() if not name.startswith("templates"))
    document = json.loads(next(d for n, d in members.items() if n.startswith("agreements/")))
    assert "Skovbakkeskolen" in bundled and "Færre elever i specialtilbud" in bundled
    for private in private_texts:
        assert private not in bundled, f"the private part travelled: {private!r}"
    assert "2024-03-14" not in bundled  # the date of the leader-development talk
    assert "Hanne Jensen" in bundled  # the agreement's parties do travel; only section 3 is private
    assert private_section.uuid not in json.dumps(document)


# --- the command line --------------------------------------------------------------------------


def test_the_command_line_lists_every_built_in_template_without_errors(tmp_path: Path) -> None:
    env = {**os.environ, "AFTALER_DATA_DIR": str(tmp_path / "data"), "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-m", "desktop", "templates"], capture_output=True, text=True,
                            encoding="utf-8", cwd=ROOT, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == ""
    listed = [line.split("\t")[0] for line in result.stdout.splitlines() if line.strip()]
    expected = sorted(parse_id(text) for _, text in builtin_template_files())
    assert sorted(listed) == expected
    assert {"toender-styringsaftale", "randers-aftale", "odder-lederaftale"} <= set(listed)


def parse_id(text: str) -> str:
    return str(tomllib.loads(text)["id"])

