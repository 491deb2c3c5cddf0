"""The map dashboard: server-rendered pages over the REST API, with small scripts of our own.

    from frontlines.dashboard import router
    app.include_router(router)          # in `frontlines.api.create_app`
    app.state.tiles = "https://tile.example.org/{z}/{x}/{y}.png"   # or None: offline

Pages (Jinja2 templates in `templates/`, scripts and styles in `static/`):

    /            the map: events coloured by type, clustered when dense; the filters (kept in
                 the URL), a timeline of events per day by type, the list of the matching
                 events, and a detail panel (evidence with the cited span, every source with
                 its claimant's track record)
    /contested   the contested claims, side by side with their claimants
    /territory   who held a place over time (`?place=Aleppo&on=2016-12-13`): holdings per area
                 and the timeline of control records

The pages read their data from the API (`GET /events`, `/events/{id}`, `/claims`,
`/control`) with `fetch`, so the dashboard shows exactly what the API serves. Leaflet and
its marker clustering are served from the `xstatic-leaflet` and
`xstatic-leaflet-markercluster` packages (`/static/leaflet/`, `/static/markercluster/`):
nothing is fetched from the internet unless a tile URL is configured. Without one the map
draws the points over a plain background with a graticule; no country outlines (no
package on the index ships them as data we can use; see the README).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import xstatic.pkg.leaflet as xstatic_leaflet
import xstatic.pkg.leaflet_markercluster as xstatic_markercluster
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from ..errors import Errors, FrontlinesError

HERE = Path(__file__).resolve().parent

TILES_ENV = "FRONTLINES_TILES"
"""The environment variable `frontlines serve` reads the tile URL from (`--tiles` wins)."""

TYPE_COLOURS: dict[str, str] = {
    "Battles": "#d55e00",
    "Explosions/Remote violence": "#e69f00",
    "Violence against civilians": "#cc79a7",
    "Protests": "#0072b2",
    "Riots": "#56b4e9",
    "Strategic developments": "#009e73",
}
"""The colour of each ACLED event type on the map, the timeline and the list (Okabe-Ito
colours, told apart with the common colour-vision deficiencies)."""

OTHER_COLOUR = "#6b6b6b"
"""The colour of an event whose type is none of TYPE_COLOURS."""

MAP_PAGE = 500
"""Events per `GET /events` request when the map loads the matching events."""

MAP_LIMIT = 5000
"""The most events the map draws; past it the page says how many more match."""

FILTERS = ("since", "until", "type", "actor", "claimant", "text", "contested")
"""The filters the map page offers, by their `GET /events` parameter names."""

router = APIRouter(include_in_schema=False)
"""The dashboard's pages and static files; `frontlines.api.create_app` includes it."""

router.mount("/static/dashboard", StaticFiles(directory=HERE / "static"), name="dashboard-static")
router.mount("/static/leaflet", StaticFiles(directory=xstatic_leaflet.BASE_DIR), name="leaflet")
router.mount("/static/markercluster", StaticFiles(directory=xstatic_markercluster.BASE_DIR), name="markercluster")

templates = Jinja2Templates(directory=HERE / "templates")


_PLACEHOLDERS = "{z}, {x} and {y} (e.g. https://tile.example.org/{z}/{x}/{y}.png)"


def tile_url(value: str | None) -> str | None:
    """A tile URL template as `frontlines serve --tiles` takes it (None or blank: offline).

    It must be an http(s) URL holding `{z}`, `{x}` and `{y}` (Leaflet's placeholders;
    `{s}` and `{r}` may appear too); anything else raises FrontlinesError (E830).
    """
    if value is None or not value.strip():
        return None
    text = value.strip()
    parts = urlsplit(text)
    missing = [name for name in ("{z}", "{x}", "{y}") if name not in text]
    if parts.scheme not in ("http", "https") or not parts.netloc or missing:
        reason = f"no {', '.join(missing)}" if missing else "not an http(s) URL"
        raise FrontlinesError(Errors.E830.format(value=text, reason=reason, placeholders=_PLACEHOLDERS))
    return text


@cache
def event_types() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """ACLED's event types, each with its sub-event types, as the typing table spells them."""
    from ..events import typing_table

    found: dict[str, dict[str, None]] = {}
    for row in typing_table():
        found.setdefault(row.event_type, {})[row.sub_event_type] = None
    return tuple((name, tuple(sorted(subs))) for name, subs in sorted(found.items()))


def _tiles(request: Request) -> str | None:
    value = getattr(request.app.state, "tiles", None)
    return str(value) if value else None


def _config(request: Request, **extra: Any) -> str:
    """What the page's script needs, as JSON for a `data-` attribute."""
    tiles = _tiles(request)
    config = {
        "tiles": tiles,
        "tilesHost": urlsplit(tiles).netloc if tiles else None,
        "colours": TYPE_COLOURS,
        "otherColour": OTHER_COLOUR,
        "types": {name: list(subs) for name, subs in event_types()},
        **extra,
    }
    return json.dumps(config)


def _page(
    request: Request, template: str, *, page: str, title: str, context: Mapping[str, Any], **config: Any
) -> HTMLResponse:
    root = str(request.scope.get("root_path", "")).rstrip("/")

    def static(name: str, path: str) -> str:
        return root + str(request.app.url_path_for(name, path=path))

    return templates.TemplateResponse(
        request,
        template,
        {
            "page": page,
            "title": title,
            "root": root,
            "static": static,
            "config": _config(request, root=root, **config),
            "colours": TYPE_COLOURS,
            **context,
        },
    )


@router.get("/", response_class=HTMLResponse)
def map_page(request: Request) -> HTMLResponse:
    """The map, the filters, the timeline, the list and the detail panel."""
    params = request.query_params
    values = {name: params.get(name, "") for name in FILTERS}
    return _page(
        request,
        "map.html",
        page="map",
        title="Map",
        context={"values": values, "types": event_types(), "contested": params.get("contested") in ("true", "1", "on")},
        pageSize=MAP_PAGE,
        limit=MAP_LIMIT,
        filters=list(FILTERS),
    )


@router.get("/contested", response_class=HTMLResponse)
def contested_page(request: Request) -> HTMLResponse:
    """The contested claims, side by side with their claimants."""
    return _page(request, "contested.html", page="contested", title="Contested claims", context={})


@router.get("/territory", response_class=HTMLResponse)
def territory_page(request: Request) -> HTMLResponse:
    """Who held a place over time: holdings per area on a day, and the timeline."""
    params = request.query_params
    place, on = params.get("place", "").strip(), params.get("on", "").strip()
    return _page(request, "territory.html", page="territory", title=f"Control of {place}" if place else "Control",
                 context={"place": place, "on": on}, place=place, on=on)


__all__ = ["FILTERS", "MAP_LIMIT", "MAP_PAGE", "OTHER_COLOUR", "TILES_ENV", "TYPE_COLOURS", "event_types", "router",
           "tile_url"]
