/* frontlines dashboard, the contested claims page: GET /claims?contested=true and
   GET /figures?contested=true, each pair of records that contradict each other side by side
   with their claimants and the claimants' track records. */
"use strict";

(() => {
  const { root, el, api, evidenceOf, claimantOf, status, plural } = FL;
  const PAGE = 200;
  const LIMIT = 2000;

  /* Every page of a list route, up to LIMIT records. */
  async function loadAll(path, key) {
    const items = [];
    let total = 0;
    for (let offset = 0; offset < LIMIT; offset += PAGE) {
      const page = await api(path, { contested: "true", limit: PAGE, offset });
      const found = page.items || page[key] || [];
      total = page.total ?? found.length;
      items.push(...found);
      if (found.length < PAGE || items.length >= total) break;
    }
    return { items, total };
  }

  /* Each contradiction once: (record, other record, reason), ordered by the records' ids. */
  function pairsOf(items, key) {
    const seen = new Set();
    const pairs = [];
    for (const item of items) {
      for (const link of item.contradicts || item.opposed || []) {
        const other = link[key] || link;
        const id = [item.id, other.id].sort().join("|");
        if (seen.has(id)) continue;
        seen.add(id);
        pairs.push(item.id <= other.id ? [item, other, link.reason] : [other, item, link.reason]);
      }
    }
    return pairs;
  }

  function source(item) {
    return el("div", { class: "source" },
      `${item.publisher || "unknown outlet"}${item.published ? `, ${item.published}` : ""}`,
      item.date ? ` · about ${item.date}` : "",
      item.url ? [" · ", el("a", { href: item.url, rel: "noopener noreferrer", target: "_blank" }, "article")] : null,
      item.event_id ? [" · ", el("a", { href: `${root}/?event=${encodeURIComponent(item.event_id)}` }, "the event on the map")] : null);
  }

  function claimSide(claim) {
    const evidence = claim.evidence || {};
    return el("div", { class: "claim", dataset: { claimId: claim.id } },
      claimantOf(claim),
      el("blockquote", {}, claim.content),
      evidence.text ? el("p", { class: "context" }, "in: ", evidenceOf(evidence, claim.content)) : null,
      source(claim));
  }

  function figureSide(figure) {
    const evidence = figure.evidence || {};
    const range = figure.low !== null && figure.low !== undefined && figure.high !== null && figure.high !== undefined
      && (figure.low !== figure.best || figure.high !== figure.best) ? ` (${figure.low}–${figure.high})` : "";
    return el("div", { class: "claim", dataset: { figureId: figure.id } },
      claimantOf(figure),
      el("blockquote", {}, `${figure.kind}: ${figure.qualifier ? `${figure.qualifier} ` : ""}${figure.best}${range}`),
      evidence.text ? el("p", { class: "context" }, "in: ", evidenceOf(evidence, figure.text)) : null,
      source(figure));
  }

  function pairNode([a, b, reason], side) {
    return el("article", { class: "pair" },
      reason ? el("p", { class: "about" }, reason) : null,
      el("div", { class: "sides" }, side(a), el("span", { class: "versus", "aria-label": "against" }, "vs"), side(b)));
  }

  async function show(path, key, side, nodes, words) {
    try {
      const { items, total } = await loadAll(path, key);
      const pairs = pairsOf(items, key);
      status(nodes.status, pairs.length
        ? `${plural(pairs.length, "contradiction")} among ${plural(total, `contested ${words}`)}.`
        : `No ${words} in the store is contradicted by another.`);
      nodes.pairs.replaceChildren(...pairs.map((pair) => pairNode(pair, side)));
      return pairs.length;
    } catch (err) {
      status(nodes.status, `Cannot load the ${words}s: ${err.message}`, true);
      return null;
    }
  }

  Promise.all([
    show("/claims", "claim", claimSide,
      { status: document.getElementById("status"), pairs: document.getElementById("pairs") }, "claim"),
    show("/figures", "figure", figureSide,
      { status: document.getElementById("figure-status"), pairs: document.getElementById("figure-pairs") }, "figure"),
  ]).then(([claims, figures]) => {
    document.body.dataset.loadedMs = String(Math.round(performance.now()));
    document.body.dataset.figures = String(figures ?? "error");
    document.body.dataset.loaded = claims === null ? "error" : String(claims);
  });
})();
