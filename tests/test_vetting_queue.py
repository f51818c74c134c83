"""A council vetter's queue: first what needs her vetting, then the rest."""

from __future__ import annotations


async def _queue(api, user, vetting):
    page = await api.ok(
        user, "GET", "drafts", params={"state": "submitted,in_review", "vetting": vetting}
    )
    return [d["title"] for d in page["items"]]


async def test_a_vetter_sees_first_the_drafts_in_her_languages(api):
    await api.submit("posts/en.ipynb", title="English news")
    es = await api.submit("posts/es.ipynb", title="Noticias", language="es", body="Hola " * 40)
    await api.submit("posts/mx.ipynb", title="Noticias MX", language="es-MX", body="Hola " * 40)
    await api.submit("posts/fr.ipynb", title="Nouvelles", language="fr", body="Salut " * 40)
    me = await api.ok("carla", "GET", "me")
    assert me["review_queue"]["vetting_first"] == ["es", "pt"]
    assert sorted(await _queue(api, "carla", "mine")) == ["Noticias", "Noticias MX"]
    assert sorted(await _queue(api, "carla", "other")) == ["English news", "Nouvelles"]
    # once she has vetted a draft, it leaves the first list
    await api.ok(
        "carla",
        "POST",
        f"drafts/{es['id']}/vettings",
        {"revision": 1, "verdict": "approve", "comment": ""},
    )
    assert await _queue(api, "carla", "mine") == ["Noticias MX"]
    assert "Noticias" in await _queue(api, "carla", "other")


async def test_an_editor_has_one_list(api):
    await api.submit("posts/es.ipynb", title="Noticias", language="es", body="Hola " * 40)
    me = await api.ok("ada", "GET", "me")
    assert me["review_queue"]["vetting_first"] == []
    assert await _queue(api, "ada", "mine") == []
    assert await _queue(api, "ada", "other") == ["Noticias"]


async def test_an_unknown_vetting_filter_is_a_400(api):
    code, err = await api.call("carla", "GET", "drafts", params={"vetting": "yes"})
    assert code == 400 and err["errors"][0]["field"] == "vetting"
