"""The link checker on a tiny hand-made site."""

from __future__ import annotations

from pathlib import Path

from builder import linkcheck


def write(root: Path, rel: str, text: str) -> None:
    (root / rel).parent.mkdir(parents=True, exist_ok=True)
    (root / rel).write_text(text, encoding="utf-8")


def test_broken_links_and_anchors_are_found_and_good_ones_are_not(tmp_path):
    write(tmp_path, "index.html", '<a href="countries/mexico/">ok</a> <a href="countries/mexico/#figures">ok</a>'
          '<a href="#top" id="top">ok</a> <a href="https://example.org/x">external</a> <a href="mailto:a@b">m</a>'
          '<img src="charts/a.svg"> <a href="countries/peru/">broken page</a>'
          '<a href="countries/mexico/#nowhere">broken anchor</a> <a href="#missing">broken local anchor</a>')
    write(tmp_path, "countries/mexico/index.html", '<h2 id="figures">F</h2><a href="../../">home</a>'
          '<figure data-spec="../../charts/a.vl.json"></figure><figure data-spec="../../charts/b.vl.json"></figure>'
          '<input data-filter-target="t"><table id="t"></table><a href="/assets/app.js">abs</a>'
          '<a href="../../../up.html">above</a>')
    write(tmp_path, "charts/a.svg", "<svg/>")
    write(tmp_path, "charts/a.vl.json", "{}")
    write(tmp_path, "assets/app.js", "")
    write(tmp_path, "assets/js/charts.js", 'new URL("../vendor/bundle.js", here); new URL("../app.js", here)')
    problems, checked = linkcheck.check_site(tmp_path)
    assert {(p.page, p.link) for p in problems} == {
        ("index.html", "countries/peru/"),
        ("index.html", "countries/mexico/#nowhere"),
        ("index.html", "#missing"),
        ("countries/mexico/index.html", "../../charts/b.vl.json"),
        ("countries/mexico/index.html", "../../../up.html"),
        ("assets/js/charts.js", "../vendor/bundle.js"),
    }
    assert checked == 15


def test_a_clean_site_has_no_problems(tmp_path):
    write(tmp_path, "index.html", '<a href="about/">a</a> <a name="x"></a> <a href="#x">x</a>')
    write(tmp_path, "about/index.html", '<a href="../#x">back</a> <a href="../index.html">home</a>')
    assert linkcheck.check(tmp_path) == []
