"""Article -> sentences: the cheap pass that every sentence of every article goes through.

Paragraphs (blank-line separated) never share a sentence; inside a paragraph spaCy's
rule-based sentencizer splits. The title, when there is one, is sentence 0 and body
sentences count from 1, so indices match how an analyst numbers them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from .nlp import load_splitter
from .types import Article, Sentence

_PARAGRAPH = re.compile(r"\n\s*\n")


@dataclass(frozen=True)
class SplitArticle:
    """Sentences with their cheap (tokenised, unparsed) tokens, index-aligned."""

    sentences: tuple[Sentence, ...]
    docs: tuple[Doc | Span, ...]


def _paragraphs(text: str) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    pos = 0
    for match in _PARAGRAPH.finditer(text):
        out.append((pos, text[pos : match.start()]))
        pos = match.end()
    out.append((pos, text[pos:]))
    return [(start, para) for start, para in out if para.strip()]


def split_sentences(article: Article) -> SplitArticle:
    """Every sentence of the article, title first (index 0) when there is one."""
    splitter = load_splitter()
    sentences: list[Sentence] = []
    docs: list[Doc | Span] = []
    if article.title.strip():
        title = article.title.strip()
        offset = article.title.index(title)
        sentences.append(Sentence(0, title, offset, offset + len(title)))
        docs.append(splitter.make_doc(title))
    paragraphs = _paragraphs(article.text)
    index = 1
    for (start, _), doc in zip(paragraphs, splitter.pipe(p for _, p in paragraphs)):
        for sent in doc.sents:
            text = sent.text.strip()
            if not text:
                continue
            lead = sent.text.index(text)
            begin = start + sent.start_char + lead
            sentences.append(Sentence(index, text, begin, begin + len(text)))
            docs.append(sent)
            index += 1
    return SplitArticle(tuple(sentences), tuple(docs))
