/* frontlines dashboard: what every page shares (configuration, API calls, DOM helpers).
   Plain browser JavaScript, no build step; every text goes into the page as text, never as HTML. */
"use strict";

const FL = (() => {
  const config = JSON.parse(document.body.dataset.config || "{}");
  const root = config.root || "";

  /* An element: el("li", {class: "x", dataset: {id: "1"}, onclick: f}, "text", child, ...). */
  function el(tag, attrs, ...children) {
    const node = tag.startsWith("svg:")
      ? document.createElementNS("http://www.w3.org/2000/svg", tag.slice(4))
      : document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "dataset") Object.assign(node.dataset, value);
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else if (key === "text") node.textContent = value;
      else node.setAttribute(key, value === true ? "" : String(value));
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : String(child));
    }
    return node;
  }

  /* GET an API route as JSON; a 4xx/5xx answer becomes an Error with the API's message. */
  async function api(path, params) {
    const query = params ? `?${new URLSearchParams(params)}` : "";
    const response = await fetch(`${root}${path}${query}`, { headers: { Accept: "application/json" } });
    let body = null;
    try { body = await response.json(); } catch (err) { body = null; }
    if (!response.ok) {
      const found = body && (body.error || body.detail || body.message);
      const text = typeof found === "string" ? found
        : found && found.message ? found.message
        : found ? JSON.stringify(found) : `${response.status} ${response.statusText}`;
      const error = new Error(text);
      error.status = response.status;
      throw error;
    }
    return body;
  }

  function colour(type) {
    return (config.colours || {})[type] || config.otherColour || "#6b6b6b";
  }

  /* The sentence with the cited span [start, end) in a <mark>. */
  function marked(text, start, end) {
    const node = el("span", { class: "sentence" });
    const s = Number.isInteger(start) ? Math.max(0, Math.min(start, text.length)) : null;
    const e = Number.isInteger(end) ? Math.max(s || 0, Math.min(end, text.length)) : null;
    if (s === null || e === null || e <= s) {
      node.append(text);
      return node;
    }
    node.append(text.slice(0, s), el("mark", {}, text.slice(s, e)), text.slice(e));
    return node;
  }

  /* Where a record's span lies in its sentence, as [start, end) offsets into `evidence.text`.
     The store counts offsets in the article: with `evidence.sentence_start` they are made
     relative; a span as long as the sentence is the whole sentence; else the record's own
     words (`hint`: a claim's content, a figure's text) are looked for in the sentence, quote
     marks aside; else the offsets are taken as they are when they fit in the sentence. */
  const QUOTES = /["\u201c\u201d\u00ab\u00bb]/;
  function spanOf(evidence, hint) {
    const text = evidence.text || "";
    const { start, end } = evidence;
    if (!Number.isInteger(start) || !Number.isInteger(end)) return null;
    if (Number.isInteger(evidence.sentence_start)) return [start - evidence.sentence_start, end - evidence.sentence_start];
    if (end - start === text.length) return [0, text.length];
    if (hint) {
      const kept = [];
      let folded = "";
      for (let i = 0; i < text.length; i += 1) {
        if (QUOTES.test(text[i])) continue;
        kept.push(i);
        folded += text[i].toLowerCase();
      }
      const wanted = hint.replace(new RegExp(QUOTES.source, "g"), "").toLowerCase().trim();
      const at = wanted ? folded.indexOf(wanted) : -1;
      if (at >= 0) {
        const last = kept[at + wanted.length - 1];
        const inside = text.slice(kept[at], last + 1).split("").filter((c) => QUOTES.test(c)).length;
        const closing = inside % 2 === 1 && QUOTES.test(text[last + 1] || "");
        return [kept[at], last + 1 + (closing ? 1 : 0)];
      }
    }
    return end <= text.length ? [start, end] : null;
  }

  /* The evidence sentence with the record's span marked. */
  function evidenceOf(evidence, hint) {
    const span = spanOf(evidence || {}, hint);
    return span ? marked(evidence.text, span[0], span[1]) : el("span", { class: "sentence" }, (evidence || {}).text || hint || "");
  }

  /* A claimant's track record in brief: a bar and "12 records: 5 corroborated, ...". */
  function record(brief) {
    if (!brief) return el("span", { class: "record" }, "no track record (unnamed, or no outlet)");
    const total = brief.records || 0;
    const part = (name) => el("span", {
      class: name, style: `width:${total ? (100 * (brief[name] || 0)) / total : 0}%`,
    });
    const ratio = brief.figure_ratio === null || brief.figure_ratio === undefined ? ""
      : `; its figures run ${brief.figure_ratio}× the others'`;
    return el("span", { class: "record", title: "track record" },
      el("span", { class: "bar", "aria-hidden": "true" }, part("corroborated"), part("contradicted"), part("alone")),
      `${total} record${total === 1 ? "" : "s"}: ${brief.corroborated || 0} corroborated, `
      + `${brief.contradicted || 0} contradicted, ${brief.alone || 0} alone${ratio}`);
  }

  /* Who claims something: name, kind and, when known, the track record. */
  function claimant(name, kind, brief) {
    return el("div", { class: "who" },
      el("span", { class: "claimant" }, name || "unknown"),
      kind ? el("span", { class: "kind" }, ` (${kind})`) : null,
      brief !== undefined ? record(brief) : null);
  }

  /* Who claims a record, whichever way the API names it: `claimant` or `claimed_by` as
     {text, kind, record}, or `speaker` / `claimed_by` as text with `*_kind` beside it. */
  function whoOf(item) {
    const found = item.claimant || item.claimed_by;
    if (found && typeof found === "object") return { name: found.text, kind: found.kind, record: found.record ?? null };
    return {
      name: found || item.speaker || "unknown",
      kind: item.claimed_by_kind || item.speaker_kind || "",
      record: item.record ?? item.claimed_by_record ?? null,
    };
  }

  function claimantOf(item) {
    const who = whoOf(item);
    return claimant(who.name, who.kind, who.record);
  }

  function status(node, text, isError) {
    node.textContent = text;
    node.classList.toggle("error", Boolean(isError));
  }

  function plural(n, word) {
    return `${n.toLocaleString("en")} ${word}${n === 1 ? "" : "s"}`;
  }

  return { config, root, el, api, colour, marked, spanOf, evidenceOf, record, claimant, whoOf, claimantOf, status, plural };
})();
