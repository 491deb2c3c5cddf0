"""The embedded place index: build, name variants, admin1 lookups, GeoNames dumps, download.

One small index (a few countries, places of 15,000 people or more) is built once per
session; tests that grow it work on a copy. The dumps are written here, in GeoNames'
19-column format; the download goes to an HTTP server on 127.0.0.1 that the test starts.
"""

from __future__ import annotations

import http.server
import shutil
import threading
import zipfile
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest

import frontlines
from typer.testing import CliRunner

from frontlines import gazetteer
from frontlines.cli import app
from frontlines.gazetteer import INDEX_NAME, add_dump, admin1_key, build, candidates, fold, is_admin1, loose_key

COUNTRIES = ("SY", "IQ", "LY", "LB", "YE", "TR")


@pytest.fixture(scope="session")
def small_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("gazetteer")
    build(path=folder / INDEX_NAME, countries=COUNTRIES, min_population=15000)
    gazetteer.reset()
    return folder


@pytest.fixture
def index(small_index: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The session's small index, read-only."""
    monkeypatch.setenv("FRONTLINES_DATA", str(small_index))
    gazetteer.reset()
    yield small_index
    gazetteer.reset()


@pytest.fixture
def own_index(small_index: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of the small index that a test may grow."""
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy(small_index / INDEX_NAME, folder / INDEX_NAME)
    monkeypatch.setenv("FRONTLINES_DATA", str(folder))
    gazetteer.reset()
    yield folder
    gazetteer.reset()


def dump_line(gid: int, name: str, alternates: str, lat: str, lon: str, *, cc: str = "SY", admin1: str = "09",
              population: str = "1200", fcode: str = "PPL") -> str:
    fields = [str(gid), name, name, alternates, lat, lon, "P", fcode, cc, "", admin1, "", "", "", population,
              "", "350", "Asia/Damascus", "2024-01-01"]
    assert len(fields) == 19
    return "\t".join(fields)


VILLAGE = dump_line(99000001, "Umm Zaytunah", "Om Zeitouneh,Umm al Zaytunah", "36.31234", "37.41234")


# --- name keys ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("names",),
    [
        (["Idlib", "Idleb"],),
        (["Deir ez-Zor", "Deir al-Zour", "Dayr az Zawr", "Deir Ezzor"],),
        (["Hasakah Road", "Al-Hasakeh Road", "Hasaka Road"],),
        (["Dhi Qar", "Thi Qar", "Zi Qar"],),
    ],
)
def test_gazetteer_loose_key_equates_transliterations(names: list[str]) -> None:
    keys = {loose_key(name) for name in names}
    assert len(keys) == 1 and "" not in keys


def test_gazetteer_loose_key_of_a_short_name_keeps_its_vowels() -> None:
    # a three-letter skeleton "hmn" would match Xiamen: a short name is spelled out instead
    assert loose_key("Hmeimin") != loose_key("Xiamen")
    assert loose_key("Hmeimin", spelled=False) == ""
    assert loose_key("Doura") == loose_key("Dura") != ""
    assert loose_key("Shaddadah") == loose_key("Shadadah") != ""
    assert loose_key("Tyr") == ""  # too short either way


def test_gazetteer_loose_key_keeps_homs_and_khums_apart() -> None:
    assert loose_key("Homs") != loose_key("Al Khums")


def test_gazetteer_fold_drops_non_latin_scripts() -> None:
    assert fold("حلب") == ""


# --- lookups -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected", "admin1"),
    [
        ("Idleb", "Idlib", "Idlib"),
        ("Idlib", "Idlib", "Idlib"),
        ("Deir ez-Zor", "Deir ez-Zor", "Deir ez-Zor"),
        ("Deir al-Zour", "Deir ez-Zor", "Deir ez-Zor"),
        ("Dayr az Zawr", "Deir ez-Zor", "Deir ez-Zor"),
        ("Hasakeh", "Al Ḩasakah", "Al-Hasakah"),
        ("Al-Hasakah", "Al Ḩasakah", "Al-Hasakah"),
        ("Aleppo", "Aleppo", "Aleppo"),
        ("Rakka", "Ar Raqqah", "Ar-Raqqah"),
    ],
)
def test_gazetteer_candidates_resolve_spelling_variants(index: Path, name: str, expected: str, admin1: str) -> None:
    best = candidates(name)[0]
    assert (best.name, best.iso3, best.admin1, best.source) == (expected, "SYR", admin1, "geonames")
    assert isinstance(best.geonameid, int) and best.admin1_code


@pytest.mark.parametrize(
    ("name", "admin1"),
    [
        ("Idlib province", "Idlib"),
        ("Idleb governorate", "Idlib"),
        ("countryside of Aleppo", "Aleppo"),
        ("Aleppo countryside", "Aleppo"),
        ("Deir al-Zour province", "Deir ez-Zor"),
        ("Anbar province", "Anbar"),
    ],
)
def test_gazetteer_province_phrases_give_the_admin1_area_first(index: Path, name: str, admin1: str) -> None:
    best = candidates(name)[0]
    assert is_admin1(best)
    assert admin1_key(admin1) == admin1_key(best.admin1)


def test_gazetteer_plain_name_gives_the_city_before_its_province(index: Path) -> None:
    found = candidates("Idlib")
    assert found[0].feature == "city"
    assert any(c.feature.startswith("admin1:") and c.geonameid == "SY-ID" for c in found)


def test_gazetteer_homonyms_most_populous_first_and_country_filter(index: Path) -> None:
    found = candidates("Tripoli")
    assert [c.iso3 for c in found[:2]] == ["LBY", "LBN"]
    assert {c.iso3 for c in candidates("Tripoli", country="LB")} == {"LBN"}
    assert gazetteer.likely_country("Tripoli", prefer="LBN") == "LBN"


def test_gazetteer_unknown_name_has_no_candidates(index: Path) -> None:
    assert candidates("Qzxvw") == ()


# --- building ----------------------------------------------------------------------------


def test_gazetteer_build_records_versions_and_sources(index: Path) -> None:
    facts = gazetteer.info()
    assert facts.versions["builder"] == gazetteer.BUILDER_VERSION
    assert facts.per_source["geonames"] > 500 and facts.per_source["iso3166-2"] > 50
    assert facts.attribution == "GeoNames (geonames.org), CC BY 4.0"


def test_gazetteer_failed_build_leaves_no_index(tmp_path: Path) -> None:
    target = tmp_path / INDEX_NAME
    with pytest.raises(RuntimeError, match="stopped"):
        build(path=target, countries=["SY"], min_population=15000, fail_after=5)
    assert list(tmp_path.iterdir()) == []


def test_gazetteer_failed_rebuild_keeps_the_old_index(own_index: Path) -> None:
    before = (own_index / INDEX_NAME).read_bytes()
    with pytest.raises(RuntimeError):
        build(path=own_index / INDEX_NAME, countries=["SY"], min_population=15000, fail_after=5)
    assert (own_index / INDEX_NAME).read_bytes() == before
    assert [p.name for p in own_index.iterdir()] == [INDEX_NAME]


def test_gazetteer_rebuilds_when_the_data_version_changes(own_index: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    add_dump(write_dump(own_index / "dl", "SY.txt", [VILLAGE]), index=own_index / INDEX_NAME)
    calls: list[Path] = []
    real_build = gazetteer.build

    def small_build(*, path: Path | None = None, **_: object) -> Path:
        calls.append(path or gazetteer.index_path())
        return real_build(path=path, countries=["SY"], min_population=15000)

    monkeypatch.setattr(gazetteer, "BUILDER_VERSION", "test-next")
    monkeypatch.setattr(gazetteer, "build", small_build)
    gazetteer.reset()
    assert candidates("Om Zeitouneh")[0].source == "dump:SY.txt"  # carried over into the rebuilt index
    assert calls == [own_index / INDEX_NAME]
    assert gazetteer.info().versions["builder"] == "test-next"


# --- dumps -------------------------------------------------------------------------------


def write_dump(folder: Path, name: str, lines: list[str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_gazetteer_dump_adds_a_place_only_it_holds(own_index: Path, tmp_path: Path) -> None:
    assert candidates("Umm Zaytunah") == ()
    folder = tmp_path / "dump"
    path = write_dump(folder, "SY.txt", [VILLAGE])
    (folder / "admin1CodesASCII.txt").write_text("SY.09\tAleppo\tAleppo\t170062\n", encoding="utf-8")
    report = add_dump(path)
    assert (report.places, report.errors) == (1, [])
    best = candidates("Om Zeitouneh")[0]
    assert (best.name, best.iso3, best.admin1, best.source, best.geonameid) == (
        "Umm Zaytunah", "SYR", "Aleppo", "dump:SY.txt", 99000001)
    assert best.feature == "geonames:P.PPL"
    assert candidates("Umm Zaytuna")[0].geonameid == 99000001  # the loose key too


def test_gazetteer_dump_place_then_locates_an_event(own_index: Path, tmp_path: Path) -> None:
    folder = tmp_path / "dump"
    path = write_dump(folder, "SY.txt", [VILLAGE])
    (folder / "admin1CodesASCII.txt").write_text("SY.09\tAleppo\tAleppo\t170062\n", encoding="utf-8")
    add_dump(path)
    ex = frontlines.extract("Government forces shelled Umm Zaytunah in Aleppo province on Monday.", published="2019-11-05")
    place = next(e.place for e in ex.events if e.place is not None)
    assert (place.geonameid, place.geo_precision, place.fallback) == ("99000001", 1, False)


def test_gazetteer_bad_dump_lines_are_reported_with_file_and_line(own_index: Path, tmp_path: Path) -> None:
    lines = [
        VILLAGE,
        "99000002\tBroken\tonly five fields",
        dump_line(99000003, "Tall Qasrawi", "", "north", "37.1"),
        dump_line(99000004, "Khirbat Nuqtah", "", "36.1", "37.2"),
    ]
    path = write_dump(tmp_path / "dump", "SY.txt", lines)
    report = add_dump(path)
    assert report.places == 2
    assert len(report.errors) == 2
    assert report.errors[0].startswith("[E501] SY.txt:2: 3 tab-separated fields")
    assert report.errors[1].startswith("[E501] SY.txt:3: latitude/longitude")
    assert candidates("Khirbat Nuqtah")[0].geonameid == 99000004


def test_gazetteer_dump_zip_with_known_places_adds_their_names(own_index: Path, tmp_path: Path) -> None:
    aleppo = candidates("Aleppo")[0]
    known = dump_line(int(aleppo.geonameid), "Aleppo", "Frontlinesopolis", "36.20124", "37.16117",
                      population="2098210", fcode="PPLA")
    archive = tmp_path / "SY.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("SY.txt", VILLAGE + "\n" + known + "\n")
        zf.writestr("readme.txt", "not a dump\n")
    report = add_dump(archive)
    assert (report.places, report.known, report.errors) == (1, 1, [])
    assert candidates("Frontlinesopolis")[0].geonameid == aleppo.geonameid


# --- CLI ---------------------------------------------------------------------------------


@pytest.fixture
def dump_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An HTTP server on 127.0.0.1 serving a folder as GeoNames' export server."""
    folder = tmp_path / "export"
    folder.mkdir()

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setenv("FRONTLINES_GEONAMES_URL", f"http://127.0.0.1:{server.server_address[1]}/dump/")
    (folder / "dump").mkdir()
    try:
        yield folder / "dump"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def test_gazetteer_cli_add_downloads_a_dump(own_index: Path, dump_server: Path) -> None:
    with zipfile.ZipFile(dump_server / "SY.zip", "w") as zf:
        zf.writestr("SY.txt", VILLAGE + "\n")
    result = CliRunner().invoke(app, ["gazetteer", "add", "SY"])
    assert result.exit_code == 0, result.output
    assert "1 places added" in result.stdout
    assert (own_index / "dumps" / "SY.zip").is_file()
    assert candidates("Umm Zaytunah")[0].source == "dump:SY.txt"


def test_gazetteer_cli_add_reports_a_failed_download(own_index: Path, dump_server: Path) -> None:
    result = CliRunner().invoke(app, ["gazetteer", "add", "IQ"])
    assert result.exit_code == 1
    assert result.stderr.startswith("error: [E503] Cannot download http://127.0.0.1:")


def test_gazetteer_cli_add_from_file_reports_bad_lines(own_index: Path, tmp_path: Path) -> None:
    path = write_dump(tmp_path / "dump", "SY.txt", [VILLAGE, "bad line"])
    result = CliRunner().invoke(app, ["gazetteer", "add", "--from", str(path)])
    assert result.exit_code == 0
    assert result.stderr.splitlines() == ["error: [E501] SY.txt:2: 1 tab-separated fields, a GeoNames dump line "
                                          "has 19; the line was skipped, the rest of the dump loads."]
    assert "1 places added" in result.stdout


def test_gazetteer_cli_info_and_lookup(index: Path) -> None:
    info = CliRunner().invoke(app, ["gazetteer", "info"])
    assert info.exit_code == 0
    assert "attribution: GeoNames (geonames.org), CC BY 4.0" in info.stdout
    lookup = CliRunner().invoke(app, ["gazetteer", "lookup", "Idleb", "--country", "SY"])
    assert lookup.exit_code == 0
    assert lookup.stdout.startswith("Idlib\tSYR\tIdlib\t")
    missing = CliRunner().invoke(app, ["gazetteer", "lookup", "Qzxvw"])
    assert missing.exit_code == 1 and "[E505]" in missing.stderr
