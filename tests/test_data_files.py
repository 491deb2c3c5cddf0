"""Every data file under src/frontlines/data/ loads through the loader the code uses, and the
files agree with each other and with ACLED's vocabulary.

No model is loaded: the loaders read and validate files only.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from frontlines import events, gazetteer, knowledge
from frontlines.errors import KnowledgeError
from frontlines import contradictions, fusion
from frontlines.events import AbsorptionRow, TypingRow, absorption, typing_table
from frontlines.knowledge import DATA_DIR, load_rows
from frontlines.mentions import figures, numbers, places, times
from frontlines.mentions.actors import ActorRow, CountryRow, actor_lexicon, countries, country_lexicon
from frontlines.mentions.attribution import verb_lexicon
from frontlines.mentions.triggers import CueRow, TriggerRow, cue_lexicon, trigger_lexicon

ACLED_SUB_EVENT_TYPES: dict[str, frozenset[str]] = {
    "Battles": frozenset(
        {
            "Armed clash",
            "Government regains territory",
            "Non-state actor overtakes territory",
        }
    ),
    "Explosions/Remote violence": frozenset(
        {
            "Chemical weapon",
            "Air/drone strike",
            "Suicide bomb",
            "Shelling/artillery/missile attack",
            "Remote explosive/landmine/IED",
            "Grenade",
        }
    ),
    "Violence against civilians": frozenset(
        {
            "Sexual violence",
            "Attack",
            "Abduction/forced disappearance",
        }
    ),
    "Protests": frozenset(
        {
            "Peaceful protest",
            "Protest with intervention",
            "Excessive force against protesters",
        }
    ),
    "Riots": frozenset(
        {
            "Violent demonstration",
            "Mob violence",
        }
    ),
    "Strategic developments": frozenset(
        {
            "Agreement",
            "Arrests",
            "Change to group/activity",
            "Disrupted weapons use",
            "Headquarters or base established",
            "Looting/property destruction",
            "Non-violent transfer of territory",
            "Other",
        }
    ),
}
"""ACLED's 6 event types and their 25 sub-event types (ACLED codebook)."""

INTER_CODES = range(1, 9)
"""ACLED inter codes: 1 state forces ... 8 external/other forces."""


def _figures() -> object:
    rows = load_rows(figures.LEXICON, figures.FigureTerm)
    context = figures.FigureContext.model_validate(knowledge.load_json(numbers.LEXICON)["figure_context"])
    return rows, context


def _times() -> object:
    return times._lexicon()  # the module's own loader (validates against its schema)


LOADERS: dict[str, Callable[[], object]] = {
    "lexicons/triggers.v1.jsonl": trigger_lexicon,
    "lexicons/cues.v1.jsonl": cue_lexicon,
    "lexicons/attribution.v1.jsonl": verb_lexicon,
    "lexicons/figures.v1.jsonl": _figures,
    "lexicons/numbers.v1.json": numbers.numbers_lexicon,
    "lexicons/times.v1.json": _times,
    "actors.v1.jsonl": actor_lexicon,
    "countries.v1.csv": country_lexicon,
    "ontology/event_typing.v1.csv": typing_table,
    "ontology/absorption.v1.csv": absorption,
    "ontology/fusion.v1.json": fusion.rules,
    "lexicons/stances.v1.jsonl": contradictions.stance_rows,
    "lexicons/places.v1.json": places._words,
    "gazetteer_supplement.v1.csv": lambda: load_rows("gazetteer_supplement.v1.csv", gazetteer.SupplementRow),
}
"""Each data file and the function the code reads it with."""

NOT_DATA = {"SOURCES.md", "gazetteer_supplement.SOURCES.md"}


def _data_files() -> set[str]:
    return {
        path.relative_to(DATA_DIR).as_posix()
        for path in DATA_DIR.rglob("*")
        if path.is_file() and path.name not in NOT_DATA and "__pycache__" not in path.parts
    }


def test_data_files_every_file_has_a_loader() -> None:
    assert _data_files() == set(LOADERS), "add the new data file and its loader to LOADERS"


@pytest.mark.parametrize("name", sorted(LOADERS))
def test_data_files_loads_and_validates(name: str) -> None:
    loaded = LOADERS[name]()
    assert loaded


def _trigger_classes() -> set[str]:
    """Classes of the trigger rows; stop phrases (empty class) trigger nothing."""
    return {row.cls for row in load_rows("lexicons/triggers.v1.jsonl", TriggerRow) if row.cls}


def test_data_files_every_trigger_class_has_a_typing_row() -> None:
    typed = {row.cls for row in typing_table()}
    missing = _trigger_classes() - typed
    assert not missing, f"trigger classes with no row in event_typing.v1.csv: {sorted(missing)}"


def test_data_files_every_typing_class_has_a_trigger() -> None:
    unused = {row.cls for row in typing_table()} - _trigger_classes()
    assert not unused, f"typing rows for classes no trigger has: {sorted(unused)}"


def test_data_files_absorption_names_trigger_classes() -> None:
    classes = _trigger_classes()
    rows = load_rows("ontology/absorption.v1.csv", AbsorptionRow)
    assert rows
    for row in rows:
        assert row.host in classes, f"absorption host {row.host!r} is not a trigger class"
        assert row.part in classes, f"absorption part {row.part!r} is not a trigger class"


def test_data_files_acled_has_6_types_and_25_sub_types() -> None:
    assert len(ACLED_SUB_EVENT_TYPES) == 6
    assert sum(len(subs) for subs in ACLED_SUB_EVENT_TYPES.values()) == 25


@pytest.mark.parametrize("row", typing_table(), ids=lambda row: f"{row.cls}-{row.sub_event_type}")
def test_data_files_typing_row_names_an_acled_type_and_sub_type(row: TypingRow) -> None:
    assert row.event_type in ACLED_SUB_EVENT_TYPES, f"{row.event_type!r} is not an ACLED event type"
    assert row.sub_event_type in ACLED_SUB_EVENT_TYPES[row.event_type], (
        f"{row.sub_event_type!r} is not a sub-event type of {row.event_type!r}"
    )


def test_data_files_typing_conditions_use_inter_codes() -> None:
    for row in typing_table():
        for cond in (row.actor1, row.actor2):
            if cond in ("*", "-"):
                continue
            codes = {int(code) for code in cond.split("|")}
            assert codes <= set(INTER_CODES), f"{row.cls}: {cond!r} names a code outside 1..8"


def test_data_files_typing_flags_are_raised_somewhere() -> None:
    raised = {row.flag for row in load_rows("lexicons/cues.v1.jsonl", CueRow) if row.flag}
    raised |= {row.flag for row in load_rows("ontology/absorption.v1.csv", AbsorptionRow) if row.flag}
    for row in typing_table():
        for flag in row.flags.split():
            assert flag.removeprefix("!") in raised, f"{row.cls}: flag {flag!r} is raised by no cue or absorption row"


def test_data_files_typing_cameo_root_is_two_digits() -> None:
    for row in typing_table():
        if row.cameo_root:
            assert len(row.cameo_root) == 2 and 1 <= int(row.cameo_root) <= 20, row


def test_data_files_every_actor_inter_code_is_1_to_8() -> None:
    rows = load_rows("actors.v1.jsonl", ActorRow)
    assert rows
    bad = [(row.canonical, row.inter) for row in rows if row.inter not in INTER_CODES]
    assert not bad


def test_data_files_actor_countries_are_known() -> None:
    known = set(countries())
    for row in load_rows("actors.v1.jsonl", ActorRow):
        assert not row.country or row.country in known, f"{row.canonical}: unknown country {row.country!r}"
        assert row.aliases, f"{row.canonical}: no aliases"


def test_data_files_country_codes_are_iso3_and_unique() -> None:
    rows = load_rows("countries.v1.csv", CountryRow)
    codes = [row.iso3 for row in rows]
    assert len(codes) == len(set(codes))
    assert all(len(code) == 3 and code.isupper() for code in codes)


# --- a bad row names its file and line -------------------------------------------------------


def _copy(name: str, tmp_path: Path) -> Path:
    target = tmp_path / Path(name).name
    shutil.copyfile(DATA_DIR / name, target)
    return target


def _append(path: Path, line: str) -> int:
    text = path.read_text(encoding="utf-8")
    if not text.endswith("\n"):
        text += "\n"
    path.write_text(text + line + "\n", encoding="utf-8")
    return text.count("\n") + 1


@pytest.mark.parametrize(
    ("name", "schema", "bad_row"),
    [
        ("actors.v1.jsonl", ActorRow, '{"canonical": "Nobody", "inter": "soldiers", "aliases": ["nobody"]}'),
        ("actors.v1.jsonl", ActorRow, '{"canonical": "Nobody", "inter": 1'),
        ("lexicons/triggers.v1.jsonl", TriggerRow, '{"lemma": "ambush"}'),
        ("lexicons/triggers.v1.jsonl", TriggerRow, '["ambush", "attack"]'),
        ("ontology/event_typing.v1.csv", events.TypingRow, "fight,*,*,,Battles"),
        ("countries.v1.csv", CountryRow, ",Nowhere,,"),
    ],
    ids=["actor-bad-inter", "actor-bad-json", "trigger-no-class", "trigger-not-object", "typing-short", "country-no-code"],
)
def test_data_files_bad_row_names_file_and_line(name: str, schema: type, bad_row: str, tmp_path: Path) -> None:
    path = _copy(name, tmp_path)
    line = _append(path, bad_row)
    assert load_rows(name, schema)  # the shipped file loads
    with pytest.raises(KnowledgeError) as caught:
        load_rows(name, schema, path=path)
    message = str(caught.value)
    assert "[E301]" in message
    assert f"{path}:{line}:" in message


def test_data_files_absorption_has_one_direction_per_pair() -> None:
    """If each of two classes could take in the other, which leads would depend on word order."""
    pairs = set(absorption())
    both = sorted((a, b) for a, b in pairs if (b, a) in pairs and a < b)
    assert not both, f"absorption.v1.csv rows in both directions: {both}"


def test_data_files_fusion_types_are_acled_types() -> None:
    types = {row.event_type for row in typing_table()}
    for pair in fusion.rules().compatible_types:
        assert {pair.a, pair.b} <= types, f"fusion pair {pair.a!r} / {pair.b!r} names a type the typing table lacks"
