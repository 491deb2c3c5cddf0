/* frontlines dashboard, the map page: markers, list, timeline and the detail panel, all from
   GET /events (with the filters of the page's URL) and GET /events/{id}. */
"use strict";

(() => {
  const { config, el, api, colour, evidenceOf, whoOf, claimantOf, status, plural } = FL;
  const statusNode = document.getElementById("status");
  const listNode = document.getElementById("event-list");
  const detailNode = document.getElementById("detail");
  const detailBody = document.getElementById("detail-body");
  const svg = document.getElementById("timeline");
  const caption = document.getElementById("timeline-caption");
  const DAY = 86400000;

  /* --- the filters: the page's URL is the state -------------------------------------------- */

  const pageParams = new URLSearchParams(window.location.search);
  const filters = {};
  for (const name of config.filters || []) {
    const value = (pageParams.get(name) || "").trim();
    if (!value) continue;
    if (name === "contested") {
      if (["true", "1", "on"].includes(value)) filters.contested = "true";
    } else filters[name] = value;
  }

  function setUrlParam(name, value) {
    const params = new URLSearchParams(window.location.search);
    if (value) params.set(name, value); else params.delete(name);
    const query = params.toString();
    history.replaceState(null, "", `${window.location.pathname}${query ? `?${query}` : ""}`);
  }

  /* --- the map ----------------------------------------------------------------------------- */

  const map = L.map("map", { worldCopyJump: true, zoomControl: true, minZoom: 2, maxZoom: config.tiles ? 18 : 14 });
  map.setView([25, 20], 2);
  if (config.tiles) {
    L.tileLayer(config.tiles, { maxZoom: 18, attribution: `tiles: ${config.tilesHost || "configured server"}` }).addTo(map);
  } else {
    document.getElementById("map").classList.add("offline");
    map.attributionControl.addAttribution("offline map: no tiles configured");
    graticule(map);
  }

  /* Lines of latitude and longitude, denser as one zooms in: a sense of place without tiles. */
  function graticule(target) {
    target.createPane("graticule");
    target.getPane("graticule").style.zIndex = 250;
    const layer = L.layerGroup().addTo(target);
    const style = { pane: "graticule", color: "#9fb2c0", weight: 1, opacity: 0.7, interactive: false };
    const label = (text, latlng) => L.marker(latlng, {
      pane: "graticule", interactive: false, keyboard: false,
      icon: L.divIcon({ className: "fl-grid-label", html: text, iconSize: null, iconAnchor: [-3, 12] }),
    });
    function draw() {
      layer.clearLayers();
      const zoom = target.getZoom();
      const step = zoom < 3 ? 30 : zoom < 5 ? 10 : zoom < 7 ? 5 : zoom < 9 ? 1 : zoom < 11 ? 0.5 : 0.1;
      const b = target.getBounds().pad(0.5);
      const west = Math.floor(b.getWest() / step) * step;
      const east = Math.ceil(b.getEast() / step) * step;
      const south = Math.max(-85, Math.floor(b.getSouth() / step) * step);
      const north = Math.min(85, Math.ceil(b.getNorth() / step) * step);
      const digits = step < 1 ? 1 : 0;
      const view = target.getBounds();
      for (let lon = west; lon <= east + 1e-9; lon += step) {
        layer.addLayer(L.polyline([[south, lon], [north, lon]], style));
        const wrapped = ((((lon + 180) % 360) + 360) % 360) - 180;
        const text = `${Math.abs(wrapped).toFixed(digits)}°${wrapped < 0 ? "W" : wrapped > 0 ? "E" : ""}`;
        layer.addLayer(label(text, [view.getSouth(), lon]));
      }
      for (let lat = south; lat <= north + 1e-9; lat += step) {
        layer.addLayer(L.polyline([[lat, west], [lat, east]], style));
        const text = `${Math.abs(lat).toFixed(digits)}°${lat < 0 ? "S" : lat > 0 ? "N" : ""}`;
        layer.addLayer(label(text, [lat, view.getWest()]));
      }
    }
    target.on("zoomend moveend", draw);
    draw();
  }

  const cluster = L.markerClusterGroup({
    maxClusterRadius: 40,
    showCoverageOnHover: false,
    spiderfyOnMaxZoom: true,
    iconCreateFunction: clusterIcon,
  });
  map.addLayer(cluster);
  const markers = new Map();
  let selected = null;

  /* A cluster: its count in a ring whose arcs show the share of each event type. */
  function clusterIcon(group) {
    const counts = new Map();
    for (const marker of group.getAllChildMarkers()) {
      const type = marker.options.eventType;
      counts.set(type, (counts.get(type) || 0) + 1);
    }
    const total = group.getChildCount();
    let at = 0;
    const stops = [];
    for (const [type, n] of [...counts.entries()].sort()) {
      const end = at + (360 * n) / total;
      stops.push(`${colour(type)} ${at}deg ${end}deg`);
      at = end;
    }
    const size = total < 10 ? 34 : total < 100 ? 42 : 50;
    const html = `<span class="ring" style="background: conic-gradient(${stops.join(", ")})">`
      + `<span class="count">${total}</span></span>`;
    return L.divIcon({ html, className: "fl-cluster", iconSize: L.point(size, size) });
  }

  function markerFor(item) {
    const html = `<span class="dot" style="background:${colour(item.event_type)}"></span>`;
    const marker = L.marker([item.latitude, item.longitude], {
      eventType: item.event_type,
      title: `${item.event_date || "undated"} · ${item.sub_event_type} · ${item.location || ""}`,
      alt: item.sub_event_type,
      icon: L.divIcon({
        html, className: `fl-marker${item.contested ? " contested" : ""}`, iconSize: L.point(18, 18),
      }),
    });
    marker.on("click", () => openDetail(item.event_id));
    marker.on("add", () => {
      const node = marker.getElement();
      if (node) node.dataset.eventId = item.event_id;
    });
    return marker;
  }

  /* --- the events: every page of GET /events up to the map's limit -------------------------- */

  async function loadEvents() {
    const items = [];
    let total = 0;
    let exact = true;
    for (let offset = 0; offset < config.limit; offset += config.pageSize) {
      const page = await api("/events", { ...filters, limit: Math.min(config.pageSize, config.limit - offset), offset, sort: "-date" });
      const found = page.events || page.items || [];
      total = page.total;
      exact = page.total_exact !== false;
      items.push(...found);
      if (found.length < config.pageSize || (exact && items.length >= total)) break;
    }
    return { items, total, exact };
  }

  function describeTotal(shown, total, exact) {
    if (!total) return Object.keys(filters).length ? "No event matches these filters." : "The store holds no event yet.";
    const more = total > shown ? ` (showing the newest ${shown.toLocaleString("en")})` : "";
    const many = exact ? plural(total, "event") : `At least ${plural(total, "event")}`;
    return `${many} match${total === 1 && exact ? "es" : ""}${more}.`;
  }

  function render(items, total, exact) {
    const layers = [];
    for (const item of items) {
      if (item.latitude === null || item.latitude === undefined || item.longitude === null || item.longitude === undefined) continue;
      const marker = markerFor(item);
      markers.set(item.event_id, marker);
      layers.push(marker);
    }
    const pointless = items.length - layers.length;
    status(statusNode, describeTotal(items.length, total, exact)
      + (pointless ? ` ${plural(pointless, "event")} without a point ${pointless === 1 ? "is" : "are"} listed, not mapped.` : ""));
    if (layers.length) {
      map.fitBounds(L.latLngBounds(layers.map((m) => m.getLatLng())).pad(0.2), { maxZoom: 8, animate: false });
    }
    cluster.addLayers(layers);
    listNode.replaceChildren(...items.map(row));
    timeline(items);
    let width = svg.clientWidth;
    new ResizeObserver(() => {
      if (svg.clientWidth !== width) { width = svg.clientWidth; timeline(items); }
    }).observe(svg);
    document.body.dataset.loadedMs = String(Math.round(performance.now()));
    document.body.dataset.loaded = String(items.length);
  }

  function row(item) {
    const actors = [item.actor1, item.actor2].filter(Boolean).join(" → ");
    const place = [item.location, item.admin1, item.country].filter(Boolean).filter((v, i, a) => a.indexOf(v) === i).join(", ");
    const li = el("li", {
      tabindex: 0, role: "button", dataset: { eventId: item.event_id },
      onclick: () => openDetail(item.event_id, { pan: true }),
      onkeydown: (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); openDetail(item.event_id, { pan: true }); } },
    },
    el("span", { class: "swatch", style: `background:${colour(item.event_type)}`, title: item.event_type }),
    el("span", { class: "what" }, `${item.event_date || "undated"} · ${item.sub_event_type}`,
      item.contested ? el("span", { class: "badge contested" }, "contested") : null),
    el("span", { class: "who" }, actors || "actors unknown"),
    el("span", { class: "where" }, `${place || "place unknown"} · ${plural(item.sources || 1, "source")}`
      + (item.fatalities ? ` · ${item.fatalities} killed` : "")));
    return li;
  }

  /* --- the timeline: events per day (week, month when the span is long) by type, in SVG ----- */

  function timeline(items) {
    const dated = items.filter((item) => item.event_date);
    const undated = items.length - dated.length;
    svg.replaceChildren();
    if (!dated.length) {
      caption.textContent = undated ? `No dated event (${undated} undated)` : "No event to draw";
      return;
    }
    const days = dated.map((item) => Date.parse(`${item.event_date}T00:00:00Z`));
    const first = Math.min(...days);
    const last = Math.max(...days);
    const spanDays = Math.round((last - first) / DAY) + 1;
    const unit = spanDays <= 120 ? "day" : spanDays <= 730 ? "week" : "month";
    const bucketOf = (time) => {
      const d = new Date(time);
      if (unit === "day") return time;
      if (unit === "week") return time - ((d.getUTCDay() + 6) % 7) * DAY;  // weeks start on Monday
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
    };
    const next = (time) => {
      if (unit === "day") return time + DAY;
      if (unit === "week") return time + 7 * DAY;
      const d = new Date(time);
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
    };
    const buckets = [];
    for (let t = bucketOf(first); t <= last; t = next(t)) buckets.push(t);
    const counts = new Map(buckets.map((t) => [t, new Map()]));
    dated.forEach((item, i) => {
      const bucket = counts.get(bucketOf(days[i]));
      bucket.set(item.event_type, (bucket.get(item.event_type) || 0) + 1);
    });
    const iso = (t) => new Date(t).toISOString().slice(0, unit === "month" ? 7 : 10);
    caption.textContent = `Events per ${unit} by type, ${iso(buckets[0])} to ${iso(buckets[buckets.length - 1])}`
      + (undated ? ` (${undated} undated not shown)` : "") + "; click a bar to keep its dates";

    const width = svg.clientWidth || 600;
    const height = 110;
    const top = 6;
    const bottom = 18;
    const left = 28;
    svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
    const most = Math.max(...[...counts.values()].map((m) => [...m.values()].reduce((a, b) => a + b, 0)));
    const slot = (width - left) / buckets.length;
    const barWidth = Math.max(1, Math.min(slot * 0.8, 36));
    const scale = (height - top - bottom) / most;
    const types = [...Object.keys(config.colours || {})];
    svg.append(el("svg:line", { class: "axis", x1: left, x2: width, y1: height - bottom + 0.5, y2: height - bottom + 0.5 }));
    svg.append(el("svg:text", { x: left - 4, y: top + 8, "text-anchor": "end" }, String(most)));
    svg.append(el("svg:text", { x: left - 4, y: height - bottom, "text-anchor": "end" }, "0"));
    buckets.forEach((t, i) => {
      const bucket = counts.get(t);
      const x = left + i * slot + (slot - barWidth) / 2;
      let y = height - bottom;
      const order = [...bucket.keys()].sort((a, b) => (types.indexOf(a) + 99 * (types.indexOf(a) < 0)) - (types.indexOf(b) + 99 * (types.indexOf(b) < 0)));
      const end = next(t) - DAY;
      for (const type of order) {
        const h = bucket.get(type) * scale;
        y -= h;
        const label = `${iso(t)}${unit === "day" ? "" : ` to ${new Date(end).toISOString().slice(0, 10)}`}: ${type} ${bucket.get(type)}`;
        svg.append(el("svg:rect", {
          class: "bar", x, y, width: barWidth, height: Math.max(h, 0.5), fill: colour(type),
          dataset: { since: new Date(t).toISOString().slice(0, 10), until: new Date(end).toISOString().slice(0, 10) },
          onclick: () => keepDates(new Date(t).toISOString().slice(0, 10), new Date(end).toISOString().slice(0, 10)),
        }, el("svg:title", {}, label)));
      }
    });
    const ticks = Math.min(buckets.length, Math.max(2, Math.floor((width - left) / 90)));
    for (let k = 0; k < ticks; k += 1) {
      const i = Math.round((k * (buckets.length - 1)) / Math.max(1, ticks - 1));
      const x = left + i * slot + slot / 2;
      svg.append(el("svg:text", { x, y: height - 4, "text-anchor": k === 0 ? "start" : k === ticks - 1 ? "end" : "middle" }, iso(buckets[i])));
    }
  }

  function keepDates(since, until) {
    const params = new URLSearchParams(window.location.search);
    params.set("since", since);
    params.set("until", until);
    params.delete("event");
    window.location.search = params.toString();
  }

  /* --- the detail panel: GET /events/{id} -------------------------------------------------- */

  const layout = document.querySelector(".map-layout");
  function showPanel(shown) {
    if (detailNode.hidden !== shown) return;
    detailNode.hidden = !shown;
    layout.classList.toggle("with-detail", shown);
    map.invalidateSize({ pan: false });
  }

  async function openDetail(id, options) {
    showPanel(true);
    detailBody.replaceChildren(el("p", { class: "status" }, "Loading the event…"));
    setUrlParam("event", id);
    for (const node of listNode.querySelectorAll("li[aria-selected]")) node.removeAttribute("aria-selected");
    const li = listNode.querySelector(`li[data-event-id="${CSS.escape(id)}"]`);
    if (li) { li.setAttribute("aria-selected", "true"); li.scrollIntoView({ block: "nearest" }); }
    const marker = markers.get(id);
    if (selected && selected.getElement()) selected.getElement().classList.remove("selected");
    selected = marker || null;
    if (marker && options && options.pan) {
      cluster.zoomToShowLayer(marker, () => { if (marker.getElement()) marker.getElement().classList.add("selected"); });
    } else if (marker && marker.getElement()) marker.getElement().classList.add("selected");
    try {
      const event = await api(`/events/${encodeURIComponent(id)}`);
      detailBody.replaceChildren(...detail(event));
    } catch (err) {
      detailBody.replaceChildren(el("p", { class: "status error" }, `Cannot show ${id}: ${err.message}`));
    }
  }

  function closeDetail() {
    showPanel(false);
    setUrlParam("event", null);
    if (selected && selected.getElement()) selected.getElement().classList.remove("selected");
    for (const node of listNode.querySelectorAll("li[aria-selected]")) node.removeAttribute("aria-selected");
  }
  document.getElementById("detail-close").addEventListener("click", closeDetail);
  document.addEventListener("keydown", (e) => { if (e.key === "Escape" && !detailNode.hidden) closeDetail(); });

  function detail(event) {
    const record = event.event || event;
    const parts = [];
    parts.push(el("h2", {},
      el("span", { class: "swatch", style: `background:${colour(record.event_type)}` }), " ",
      `${record.sub_event_type || record.event_type}`,
      record.contested ? el("span", { class: "badge contested" }, "contested") : null));
    const place = [record.location, record.admin2, record.admin1, record.country].filter(Boolean)
      .filter((v, i, a) => a.indexOf(v) === i).join(", ");
    parts.push(el("dl", {},
      el("dt", {}, "Date"), el("dd", {}, record.event_date || "undated"),
      el("dt", {}, "Type"), el("dd", {}, `${record.event_type} / ${record.sub_event_type}`),
      el("dt", {}, "Actors"), el("dd", {}, [record.actor1, record.actor2].filter(Boolean).join(" → ") || "unknown"),
      el("dt", {}, "Place"), el("dd", {}, place || "unknown",
        record.latitude !== null && record.latitude !== undefined ? ` (${record.latitude}, ${record.longitude})` : ""),
      el("dt", {}, "Fatalities"), el("dd", {}, String(record.fatalities ?? "?"),
        record.fatalities_flag ? ` (${record.fatalities_flag})` : ""),
      el("dt", {}, "Sources"), el("dd", {}, `${plural(record.sources || 0, "article")}`,
        record.independent_sources ? `, ${plural(record.independent_sources, "outlet")}` : ""),
      el("dt", {}, "Id"), el("dd", {}, el("code", {}, record.event_id || record.id))));

    const reports = event.history || event.reports || [];
    const byReport = new Map(reports.map((r) => [r.report_id, r]));
    const evidence = event.evidence || reports.filter((r) => r.evidence).map((r) => ({ ...r.evidence, report_id: r.report_id }));
    parts.push(el("h3", {}, "Evidence"));
    parts.push(evidence.length
      ? el("ol", { class: "evidence" }, evidence.map((e) => {
        const r = byReport.get(e.report_id) || {};
        return el("li", { dataset: { reportId: e.report_id || "" } },
          el("blockquote", {}, evidenceOf(e)),
          el("div", { class: "cite" }, `${r.publisher || "unknown outlet"}${r.published ? `, ${r.published}` : ""}`
            + ` · sentence ${e.sentence} · claimed by ${whoOf(r).name}`));
      }))
      : el("p", { class: "status" }, "No evidence sentence returned."));

    parts.push(el("h3", {}, `Sources (${reports.length})`));
    parts.push(el("ol", { class: "sources" }, reports.map((r) => el("li", { dataset: { reportId: r.report_id } },
      el("div", {}, el("strong", {}, r.publisher || "unknown outlet"), r.published ? ` · ${r.published}` : "",
        r.sub_event_type && r.sub_event_type !== record.sub_event_type ? el("span", { class: "badge contested" }, r.sub_event_type) : null,
        r.title ? el("div", { class: "kind" }, r.title) : null,
        r.url ? el("div", {}, el("a", { href: r.url, rel: "noopener noreferrer", target: "_blank" }, "article")) : null),
      claimantOf(r)))));

    const claims = event.claims || [];
    if (claims.length) {
      parts.push(el("h3", {}, "Claims"));
      parts.push(el("ol", { class: "evidence" }, claims.map((c) => el("li", {},
        el("blockquote", {}, c.evidence && c.evidence.text ? evidenceOf(c.evidence, c.content) : c.content),
        claimantOf(c),
        (c.contradicts || []).map((o) => el("div", { class: "cite" },
          el("span", { class: "badge contested" }, "contradicted"), ` by ${whoOf(o.claim).name}: “${o.claim.content}”`))))));
    }
    const figures = event.figures || [];
    if (figures.length) {
      parts.push(el("h3", {}, "Figures"));
      parts.push(el("table", { class: "support" },
        el("thead", {}, el("tr", {}, el("th", {}, "Kind"), el("th", {}, "Count"), el("th", {}, "Claimed by"))),
        el("tbody", {}, figures.map((f) => el("tr", {},
          el("td", {}, f.kind), el("td", {}, range(f)),
          el("td", {}, whoOf(f).name,
            (f.contradicts || []).length ? el("span", { class: "badge contested" }, "contradicted") : null))))));
    }
    if (record.support && Object.keys(record.support).length) {
      parts.push(el("h3", {}, "What each report says"));
      parts.push(el("table", { class: "support" },
        el("thead", {}, el("tr", {}, el("th", {}, "Field"), el("th", {}, "Value"), el("th", {}, "Reports"))),
        el("tbody", {}, Object.entries(record.support).flatMap(([field, values]) => values.map((v, i) => el("tr", {
          dataset: { field }, class: values.length > 1 ? "disagree" : null },
          el("td", {}, i ? "" : field), el("td", {}, String(v.value ?? "")),
          el("td", {}, (v.reports || []).join(", "))))))));
    }
    return parts;
  }

  function range(figure) {
    const bounds = figure.low !== null && figure.low !== undefined && figure.high !== null && figure.high !== undefined
      && (figure.low !== figure.best || figure.high !== figure.best) ? ` (${figure.low}–${figure.high})` : "";
    return `${figure.qualifier ? `${figure.qualifier} ` : ""}${figure.best}${bounds}`;
  }

  /* --- go ------------------------------------------------------------------------------------ */

  loadEvents()
    .then(({ items, total, exact }) => {
      render(items, total, exact);
      const wanted = pageParams.get("event");
      if (wanted) openDetail(wanted, { pan: true });
    })
    .catch((err) => {
      status(statusNode, `Cannot load the events: ${err.message}`, true);
      document.body.dataset.loaded = "error";
    });
})();
