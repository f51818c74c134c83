"""The public media strategy page, generated from the registry.

It lists exactly the active channels (the preferred one first and marked), the charter's
editorial principles and how to submit content, as Markdown or as HTML. Every value from
the registry is escaped for the format it lands in.
"""

from __future__ import annotations

import html
import re
from typing import Any

from ...errors import InvalidInput
from .channels import ChannelService

TITLE = "Jupyter Media Strategy"
MISSION = (
    "The Jupyter Media Strategy Working Group (JMS) makes sure that communications in "
    "Jupyter's official channels are strategic and benefit Project Jupyter. It is vendor "
    "neutral, and it gives the community ways to speak publicly through the official "
    "channels listed here."
)
# The charter's editorial principles, in its words.
PRINCIPLES = (
    "Prioritize content about the work of Project Jupyter and its subprojects that is "
    "beneficial to the Jupyter community.",
    "Ensure that any third party content is beneficial to the Jupyter community.",
    "Content may be written in any language, provided it has been vetted by a member of the "
    "Jupyter Union of Councils.",
    "The Jupyter blog is the primary channel with which Jupyter communicates with the community.",
    "Social media channels are used to amplify the reach of the blog. Posting on a particular "
    "platform is not an endorsement of that platform by Project Jupyter, but a means to "
    "communicate news to the Jupyter community. With the exception of our preferred channel, "
    "these channels broadcast messages only: we do not engage in two-way communication on them.",
    "The working group designates a preferred channel that it determines best reflects the "
    "values of Project Jupyter, used for high-bandwidth interactions such as event promotion "
    "and interacting with members of the community.",
)
HOW_TO_SUBMIT = (
    "Write your blog post or announcement as a Jupyter notebook, and fill in its post "
    "metadata (title, summary, authors, language, the channels you would like it on, and "
    "social copy per channel).",
    'Submit it for review from JupyterLab with jupyter-jms ("Submit for review"). JMS '
    "editors review it against the editorial principles above, may comment on cells, and "
    "approve it, ask for changes, or decline it.",
    "Content in a language other than English is vetted by a member of the Jupyter Union of "
    "Councils who reads it.",
    "Third-party content says how it benefits the Jupyter community.",
    "Approved posts appear on the blog first; social posts amplify them.",
)
STEWARDSHIP = {
    "primary": "Project Jupyter edits it",
    "community": "community-managed, JMS oversees",
}
MODE = {"broadcast": "broadcast only", "two_way": "two-way"}

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|<>~])")


def md(text: str) -> str:
    """Escape text for Markdown (and neutralise raw HTML)."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


def md_url(url: str) -> str:
    return url.replace("<", "%3C").replace(">", "%3E").replace(" ", "%20")


def _ordered(channels: list[dict[str, Any]]) -> list[dict[str, Any]]:
    active = [c for c in channels if c["status"] == "active"]
    return sorted(
        active, key=lambda c: (not c["preferred"], c["kind"] != "blog", c["name"].lower())
    )


def _facts(c: dict[str, Any]) -> list[str]:
    facts = [c["platform"], c["kind"], STEWARDSHIP.get(c["stewardship"], c["stewardship"])]
    facts.append(MODE.get(c["mode"], c["mode"]))
    return facts


def render_markdown(channels: list[dict[str, Any]]) -> str:
    active = _ordered(channels)
    preferred = next((c for c in active if c["preferred"]), None)
    out = [f"# {TITLE}", "", MISSION, "", "## Official channels", ""]
    if preferred:
        out.append(
            f"Our **preferred channel** is [{md(preferred['name'])}](<{md_url(preferred['url'])}>): "
            "the place to talk with us."
            if preferred["url"]
            else f"Our **preferred channel** is {md(preferred['name'])}: the place to talk with us."
        )
    else:
        out.append("No preferred channel is designated at the moment.")
    out.append("")
    for c in active:
        name = f"[{md(c['name'])}](<{md_url(c['url'])}>)" if c["url"] else md(c["name"])
        handle = f" ({md(c['handle'])})" if c["handle"] else ""
        mark = " (preferred)" if c["preferred"] else ""
        facts = "; ".join(md(f) for f in _facts(c))
        out.append(f"- {name}{handle}{mark}: {facts}")
    if not active:
        out.append("No official channel is active.")
    out += ["", "## Editorial principles", ""]
    out += [f"- {p}" for p in PRINCIPLES]
    out += ["", "## How to submit", ""]
    out += [f"{i}. {step}" for i, step in enumerate(HOW_TO_SUBMIT, 1)]
    out.append("")
    return "\n".join(out)


def _a(url: str, text: str) -> str:
    esc = html.escape(text)
    if not url.startswith(("https://", "http://")):
        return esc
    return f'<a href="{html.escape(url, quote=True)}">{esc}</a>'


def render_html(channels: list[dict[str, Any]]) -> str:
    e = html.escape
    active = _ordered(channels)
    preferred = next((c for c in active if c["preferred"]), None)
    out = [
        '<article class="jms-media-strategy">',
        f"<h1>{e(TITLE)}</h1>",
        f"<p>{e(MISSION)}</p>",
        "<h2>Official channels</h2>",
    ]
    if preferred:
        out.append(
            f"<p>Our <strong>preferred channel</strong> is {_a(preferred['url'], preferred['name'])}"
            ": the place to talk with us.</p>"
        )
    else:
        out.append("<p>No preferred channel is designated at the moment.</p>")
    if active:
        out.append("<ul>")
        for c in active:
            handle = f" ({e(c['handle'])})" if c["handle"] else ""
            mark = " <strong>(preferred)</strong>" if c["preferred"] else ""
            facts = "; ".join(e(f) for f in _facts(c))
            out.append(
                f'<li data-channel="{e(c["id"], quote=True)}">{_a(c["url"], c["name"])}'
                f"{handle}{mark}: {facts}</li>"
            )
        out.append("</ul>")
    else:
        out.append("<p>No official channel is active.</p>")
    out.append("<h2>Editorial principles</h2>")
    out.append("<ul>" + "".join(f"<li>{e(p)}</li>" for p in PRINCIPLES) + "</ul>")
    out.append("<h2>How to submit</h2>")
    out.append("<ol>" + "".join(f"<li>{e(s)}</li>" for s in HOW_TO_SUBMIT) + "</ol>")
    out.append("</article>")
    return "\n".join(out) + "\n"


class PageService:
    def __init__(self, channels: ChannelService) -> None:
        self.channels = channels

    def render(self, fmt: str = "markdown") -> dict[str, Any]:
        """The page as ``{"format", "content", "channels", "preferred"}``."""
        if fmt not in ("markdown", "html"):
            raise InvalidInput("format is markdown or html.", field="format")
        channels = self.channels.list()
        active = _ordered(channels)
        content = render_markdown(channels) if fmt == "markdown" else render_html(channels)
        return {
            "format": fmt,
            "content": content,
            "channels": [c["id"] for c in active],
            "preferred": next((c["id"] for c in active if c["preferred"]), None),
        }
