"""Event triggers and context cues in a parsed sentence.

A trigger is a word or phrase of `lexicons/triggers.v1.jsonl`; its class feeds the typing
table. Each trigger gets a modality from `lexicons/cues.v1.jsonl`: an event that is only
future, hypothetical, negated, denied, threatened or intended is kept out of the record.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from pydantic import BaseModel, ConfigDict, Field
from spacy.tokens import Doc, Token

from ..knowledge import load_rows
from .lexmatch import PhraseLexicon


class TriggerRow(BaseModel):
    model_config = ConfigDict(extra="forbid")  # a misspelt column is an error, not ignored

    lemma: str = ""
    phrase: str = ""
    cls: str = Field(alias="class")
    strength: int = 1
    pos: list[str] = []
    forms: list[str] = []
    needs_actor: list[int] = []
    agent_only: bool = False
    subject_is_victim: bool = False
    refers_back: bool = False

    @property
    def words(self) -> str:
        return self.phrase or self.lemma


class CueRow(BaseModel):
    model_config = ConfigDict(extra="forbid")  # a misspelt column is an error, not ignored

    lemma: str = ""
    phrase: str = ""
    flag: str = ""
    modality: str = ""
    scope: str = ""
    forms: list[str] = []
    holds: bool = False

    @property
    def words(self) -> str:
        return self.phrase or self.lemma


@dataclass(frozen=True)
class TriggerMention:
    """A trigger word or phrase in one sentence (token indices into the sentence doc)."""

    cls: str
    strength: int
    start: int
    end: int
    text: str
    modality: str
    needs_actor: tuple[int, ...] = ()
    subject_is_victim: bool = False
    refers_back: bool = False

    @property
    def happened(self) -> bool:
        return self.modality == ""


@cache
def trigger_lexicon() -> PhraseLexicon[TriggerRow]:
    rows = load_rows("lexicons/triggers.v1.jsonl", TriggerRow)
    return PhraseLexicon((r.words, r, r.pos, r.forms) for r in rows)


@cache
def cue_lexicon() -> PhraseLexicon[CueRow]:
    rows = load_rows("lexicons/cues.v1.jsonl", CueRow)
    return PhraseLexicon((r.words, r, (), r.forms) for r in rows)


def sentence_flags(doc: Doc) -> frozenset[str]:
    """Context flags (intervention, violent, ...) that the sentence's cue words raise;
    a cue that did not happen ("no arrests were made") raises none."""
    return frozenset(
        m.payload.flag for m in cue_lexicon().find(doc) if m.payload.flag and not modality(doc[m.start])
    )


@cache
def holding_verbs() -> frozenset[str]:
    """Verbs whose subject holds their object ("still hold the countryside")."""
    return frozenset(row.lemma for row in load_rows("lexicons/cues.v1.jsonl", CueRow) if row.holds)


@cache
def _cues_by_scope() -> dict[str, dict[str, str]]:
    by_scope: dict[str, dict[str, str]] = {"aux": {}, "child": {}, "head": {}, "object": {}, "argument": {}}
    for row in load_rows("lexicons/cues.v1.jsonl", CueRow):
        if row.modality:
            by_scope[row.scope][row.lemma] = row.modality
    return by_scope


_OBJECT_DEPS = {"xcomp", "pobj", "dobj", "acl", "pcomp", "prep", "advcl"}
_CLAUSE_DEPS = _OBJECT_DEPS | {"ccomp"}
_SHARES_AUX = {"csubj", "csubjpass", "xcomp", "conj", "amod", "compound", "nsubj", "nsubjpass"}


def modality(token: Token) -> str:
    """Why the event of this trigger did not (yet) happen, or "" when it did."""
    cues = _cues_by_scope()
    for child in token.children:
        lemma = child.lemma_.lower()
        if child.dep_ == "neg" or (child.dep_ == "det" and lemma == "no"):
            return "negated"
        if child.dep_ in ("aux", "auxpass") and lemma in cues["aux"]:
            return cues["aux"][lemma]
        if child.dep_ in ("mark", "advmod") and lemma in cues["child"]:
            return cues["child"][lemma]
        if child.dep_ == "prep":
            for obj in child.children:
                if obj.dep_ == "pobj" and obj.lemma_.lower() in cues["argument"]:
                    return cues["argument"][obj.lemma_.lower()]
    if token.dep_ == "relcl" and any(c.dep_ == "aux" and c.lower_ == "had" for c in token.children):
        return "background"  # "activists who had been detained": an earlier event, told in passing
    node = token
    # Walk up the head chain: "will constitute", "threatened to attack", "denied that ...",
    # "amid shelling"; stop at the clause that reports it ("X said that ...").
    while node.head.i != node.i:
        head = node.head
        lemma = head.lemma_.lower()
        if lemma in cues["head"] and node.dep_ in _CLAUSE_DEPS:
            return cues["head"][lemma]
        if lemma in cues["object"] and node.dep_ in _OBJECT_DEPS:
            return cues["object"][lemma]
        if node.dep_ in _SHARES_AUX:
            for child in head.children:
                child_lemma = child.lemma_.lower()
                if child.dep_ in ("aux", "auxpass") and child_lemma in cues["aux"]:
                    return cues["aux"][child_lemma]
                if child.dep_ == "neg" and node.dep_ in ("xcomp", "conj"):
                    return "negated"
        if node.dep_ in ("ccomp", "parataxis"):
            break
        node = head
    return ""


def find_triggers(doc: Doc) -> list[TriggerMention]:
    """Every trigger of one parsed sentence, with its modality."""
    found: list[TriggerMention] = []
    for match in trigger_lexicon().find(doc):
        row = match.payload
        if not row.cls:
            continue  # a stop phrase
        head = doc[match.start]
        if row.agent_only and doc[match.end - 1].dep_ in ("dobj", "nsubjpass", "pobj", "attr"):
            continue
        found.append(
            TriggerMention(
                cls=row.cls,
                strength=row.strength,
                start=match.start,
                end=match.end,
                text=doc[match.start : match.end].text,
                modality=modality(head),
                needs_actor=tuple(row.needs_actor),
                subject_is_victim=row.subject_is_victim,
                refers_back=row.refers_back,
            )
        )
    return found
