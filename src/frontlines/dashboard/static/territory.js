/* frontlines dashboard, the control page: GET /control?place=&on=, the holdings per area on
   the day, what is disputed, and the timeline of control records (one lane per area). */
"use strict";

(() => {
  const { config, el, api, claimant, status, plural } = FL;
  const statusNode = document.getElementById("status");
  const holdingsBody = document.querySelector("#holdings tbody");
  const svg = document.getElementById("control-timeline");
  const recordsNode = document.getElementById("control-records");
  const DAY = 86400000;
  const PALETTE = ["#d55e00", "#0072b2", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#6b6b6b"];
  const holderColours = new Map();
  const holderColour = (name) => {
    if (!holderColours.has(name)) holderColours.set(name, PALETTE[holderColours.size % PALETTE.length]);
    return holderColours.get(name);
  };

  function holdingRow(h) {
    return el("tr", { dataset: { id: h.id } },
      el("td", {}, h.area || h.place),
      el("td", {}, el("span", { class: "swatch", style: `background:${holderColour(h.held_by)}` }), " ", h.held_by,
        h.previous_holder ? el("div", { class: "kind" }, `before: ${h.previous_holder}`) : null),
      el("td", { class: "date" }, h.since || "undated"),
      el("td", {}, claimant(h.claimed_by, h.claimed_by_kind, h.claimed_by_record)),
      el("td", { class: "quote" }, h.evidence || ""));
  }

  function disputes(answer) {
    const node = document.getElementById("disputes");
    const pairs = [];
    for (const [a, b] of answer.disputed || []) {
      pairs.push(el("article", { class: "pair" },
        el("p", { class: "about" }, `${a.area || a.place}: two holders on ${a.since || "the same day"}`),
        el("div", { class: "sides" },
          el("div", { class: "claim" }, claimant(a.claimed_by, a.claimed_by_kind, a.claimed_by_record), el("blockquote", {}, a.evidence)),
          el("span", { class: "versus" }, "vs"),
          el("div", { class: "claim" }, claimant(b.claimed_by, b.claimed_by_kind, b.claimed_by_record), el("blockquote", {}, b.evidence)))));
    }
    for (const c of answer.contested_claims || []) {
      pairs.push(el("article", { class: "pair" },
        c.reason ? el("p", { class: "about" }, c.reason) : null,
        el("div", { class: "sides" },
          el("div", { class: "claim" }, claimant(c.claimant_a), el("blockquote", {}, c.claim_a)),
          el("span", { class: "versus" }, "vs"),
          el("div", { class: "claim" }, claimant(c.claimant_b), el("blockquote", {}, c.claim_b)))));
    }
    node.replaceChildren(...pairs);
    document.getElementById("disputes-section").hidden = !pairs.length;
  }

  /* One lane per area; each record holds its lane from its date to the next record's. */
  function drawTimeline(records, on) {
    svg.replaceChildren();
    const dated = records.filter((h) => h.since);
    if (!dated.length) return;
    const time = (d) => Date.parse(`${d}T00:00:00Z`);
    const lanes = [...new Set(dated.map((h) => h.area || h.place))];
    const first = Math.min(...dated.map((h) => time(h.since)));
    const lastRecord = Math.max(...dated.map((h) => time(h.since)));
    const last = Math.max(lastRecord, on ? time(on) : lastRecord) + DAY;
    const width = svg.clientWidth || 800;
    const label = Math.min(260, width * 0.35);
    const laneHeight = 26;
    const top = 8;
    const height = top + lanes.length * laneHeight + 24;
    svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
    svg.setAttribute("height", height);
    const x = (t) => label + ((t - first) / (last - first)) * (width - label - 10);
    lanes.forEach((lane, i) => {
      const y = top + i * laneHeight;
      const text = lane.length > 40 ? `${lane.slice(0, 38)}…` : lane;
      svg.append(el("svg:text", { class: "lane-label", x: 4, y: y + 16 }, text, el("svg:title", {}, lane)));
      const mine = dated.filter((h) => (h.area || h.place) === lane).sort((a, b) => time(a.since) - time(b.since));
      mine.forEach((h, k) => {
        const start = time(h.since);
        const later = mine.slice(k + 1).find((o) => time(o.since) > start);
        const end = later ? time(later.since) : last;
        const sameDay = mine.filter((o) => o.since === h.since);
        const share = sameDay.indexOf(h);
        const rowHeight = (laneHeight - 6) / sameDay.length;
        const x0 = x(start);
        const w = Math.max(2, x(end) - x0);
        svg.append(el("svg:rect", {
          x: x0, y: y + 2 + share * rowHeight, width: w, height: rowHeight, fill: holderColour(h.held_by), opacity: 0.85,
          dataset: { id: h.id },
        }, el("svg:title", {}, `${h.since}: ${h.held_by}, says ${h.claimed_by}`)));
        if (w > 80 && rowHeight >= 12) {
          svg.append(el("svg:text", { class: "inside", x: x0 + 4, y: y + 2 + share * rowHeight + rowHeight / 2 + 4 },
            h.held_by.length > w / 7 ? `${h.held_by.slice(0, Math.floor(w / 7) - 1)}…` : h.held_by));
        }
      });
    });
    const days = Math.round((last - first) / DAY);
    const ticks = Math.min(days + 1, Math.max(2, Math.floor((width - label) / 110)));
    for (let k = 0; k < ticks; k += 1) {
      const t = first + Math.round((k * days) / Math.max(1, ticks - 1)) * DAY;
      svg.append(el("svg:text", { x: x(t), y: height - 6, "text-anchor": k === ticks - 1 ? "end" : "start" },
        new Date(t).toISOString().slice(0, 10)));
    }
    if (on) {
      const t = time(on);
      svg.append(el("svg:line", { x1: x(t), x2: x(t), y1: top, y2: height - 20, stroke: "#1d232b", "stroke-dasharray": "3 3" }));
    }
  }

  function recordItem(h) {
    return el("li", {}, el("strong", {}, h.since || "undated"), ` · ${h.area || h.place}: held by ${h.held_by}`,
      h.previous_holder ? ` (before: ${h.previous_holder})` : "",
      claimant(h.claimed_by, h.claimed_by_kind, h.claimed_by_record),
      h.evidence ? el("div", { class: "kind" }, `“${h.evidence}”`) : null);
  }

  const params = { place: config.place };
  if (config.on) params.on = config.on;
  api("/control", params)
    .then((answer) => {
      const holdings = answer.holdings || [];
      const records = answer.timeline || [];
      status(statusNode, holdings.length
        ? `${plural(holdings.length, "area")} of ${answer.place}${answer.on ? ` on ${answer.on}` : ""}, from ${plural(records.length, "control record")}.`
        : `No control record for ${answer.place}${answer.on ? ` up to ${answer.on}` : ""}.`);
      holdingsBody.replaceChildren(...holdings.map(holdingRow));
      disputes(answer);
      drawTimeline(records, answer.on);
      recordsNode.replaceChildren(...records.map(recordItem));
      document.body.dataset.loadedMs = String(Math.round(performance.now()));
      document.body.dataset.loaded = String(holdings.length);
    })
    .catch((err) => {
      status(statusNode, `Cannot load the control of ${config.place}: ${err.message}`, true);
      document.body.dataset.loaded = "error";
    });
})();
