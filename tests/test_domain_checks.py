"""Character counting per platform and the editors' pre-checks."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from jupyter_jms.domain import charcount
from jupyter_jms.domain.prechecks import ChannelInfo, run_checks
from jupyter_jms.sample.posts import make_post


def test_mastodon_counts_every_url_as_23():
    url = "https://blog.jupyter.org/" + "a" * 200
    assert charcount.count(f"Read {url}", "mastodon") == len("Read ") + 23


def test_mastodon_counts_only_the_local_part_of_a_mention():
    assert charcount.count("@ProjectJupyter@hachyderm.io", "mastodon") == len("@ProjectJupyter")


def test_bluesky_counts_graphemes():
    family = "👩‍👩‍👧"  # one grapheme, five code points
    assert charcount.count(family, "bluesky") == 1
    assert charcount.count("e\u0301", "bluesky") == 1  # e + combining acute
    assert charcount.count("🇪🇸🇵🇹", "bluesky") == 2  # two flags


def test_x_weighs_cjk_and_emoji_double_and_urls_23():
    assert charcount.count("abc", "x") == 3
    assert charcount.count("日本", "x") == 4
    assert charcount.count("🎉", "x") == 2
    assert charcount.count("see https://jupyter.org/a/very/long/path", "x") == 4 + 23


def test_linkedin_counts_characters():
    assert charcount.count("é" * 10, "linkedin") == 10


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=200))
def test_graphemes_partition_the_text(text):
    parts = list(charcount.graphemes(text))
    assert "".join(parts) == text
    assert charcount.grapheme_length(text) <= len(text)


@given(st.text(alphabet="abcdefghij klmnop.,", max_size=300))
def test_plain_ascii_counts_the_same_everywhere(text):
    for platform in ("mastodon", "bluesky", "linkedin", "x"):
        assert charcount.count(text, platform) == len(text)


CHANNELS = {
    "blog": ChannelInfo("blog", "medium", None, False, "blog"),
    "mastodon": ChannelInfo("mastodon", "mastodon", 500, True),
    "bluesky": ChannelInfo("bluesky", "bluesky", 300, False),
}


def checks_of(nb):
    return {c.id: c for c in run_checks(nb, nb["metadata"]["jms"], CHANNELS)}


def test_clean_post_passes_every_check():
    nb = make_post("JupyterLab news", channels=["blog"])
    nb["cells"][2]["source"] = "![JupyterLab](x.png)"
    assert {k: c.status for k, c in checks_of(nb).items()} == {
        "metadata": "ok",
        "error_outputs": "ok",
        "image_alt": "ok",
        "char_limits": "ok",
        "blog_link": "ok",
        "language": "ok",
    }


def test_checks_flag_errors_images_limits_links_and_language():
    from jupyter_jms.sample.posts import LOREM_ES

    nb = make_post(
        "Noticias",
        body=LOREM_ES,
        error=True,
        social={"bluesky": "x" * 301, "mastodon": "no link but preferred"},
        image={"path": "cover.png"},
    )
    nb["cells"][2]["source"] = '![](a.png) <img src="b.png">'
    found = checks_of(nb)
    assert found["error_outputs"].status == "warning"
    assert found["error_outputs"].cells == [nb["cells"][1]["id"]]
    assert found["image_alt"].status == "warning" and "cover image" in found["image_alt"].message
    assert (
        found["char_limits"].status == "warning"
        and "bluesky: 301/300" in found["char_limits"].message
    )
    # the preferred channel may carry its own conversation; the others must link the post
    assert "bluesky" in found["blog_link"].message and "mastodon" not in found["blog_link"].message
    assert found["language"].status == "warning" and "'es'" in found["language"].message
