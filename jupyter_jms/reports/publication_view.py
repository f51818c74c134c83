"""What the publication report notebook shows: its sections as displayable objects.

The notebook runs ``show(report)`` in one cell, as papermill writes the whole notebook
before and after every cell; ``sections`` is what tests read.
"""

from __future__ import annotations

from typing import Any

from IPython.display import Markdown, display

from . import charts
from .publication import PublicationReport
from .tables import markdown_table

NOTHING_YET = (
    "**Nothing yet.** No post was submitted in this period and none is waiting for review: "
    "submit a notebook for review from JupyterLab, then run this report again."
)
STAGES = ("submitted", "approved", "published")
TOP_AFFILIATIONS = 10


def _share(value: float | None) -> str:
    return "–" if value is None else f"{value:.0%}"


def by_channel_and_month(report: PublicationReport) -> charts.Chart:
    panels = [
        (
            stage,
            {
                channel: [per_month.get(m, 0) for m in report.months]
                for channel, per_month in sorted(report.by_channel_month[stage].items())
            },
        )
        for stage in STAGES
    ]
    counts = ", ".join(
        f"{sum(sum(v) for v in stacks.values())} {stage}" for stage, stacks in panels
    )
    return charts.stacked_panels(
        panels,
        report.months,
        title="Posts by channel and month",
        description=(
            f"Three bar charts sharing one scale, from {report.months[0]} to "
            f"{report.months[-1]}: posts submitted, approved and published per month, each bar "
            f"stacked by channel. In the period: {counts} (a post counts once per channel)."
        ),
        y_label="posts",
    )


def turnaround(report: PublicationReport) -> Markdown:
    return Markdown(
        markdown_table(
            [
                (t["label"], f"{t['n']} of {t['of']}", t["median_days"], t["p90_days"])
                for t in report.turnaround
            ],
            ["stage", "posts that reached it", "median (days)", "p90 (days)"],
        )
    )


def backlog(report: PublicationReport) -> Markdown:
    if not report.backlog:
        return Markdown("The backlog is empty.")
    ages = [b["age_days"] for b in report.backlog]
    return Markdown(
        f"**{len(report.backlog)}** post(s) waiting; median age "
        f"{sorted(ages)[len(ages) // 2]:.1f} days, oldest {ages[0]:.1f} days.\n\n"
        + markdown_table(
            [(b["id"], b["title"], b["state"], b["age_days"]) for b in report.backlog[:15]],
            ["draft", "title", "state", "age (days)"],
        )
    )


def shares(report: PublicationReport) -> Markdown:
    tp, amp = report.third_party, report.amplification
    return Markdown(
        f"- Third-party posts: **{tp['count']} of {tp['of']}** ({_share(tp['share'])}).\n"
        f"- Blog posts published in the period: **{amp['blog_posts']}**, of which "
        f"**{amp['amplified']}** were amplified on a social channel ({_share(amp['share'])})."
    )


def languages(report: PublicationReport) -> charts.Chart:
    langs = list(report.languages.items())
    listed = ", ".join(f"{k}: {v}" for k, v in langs)
    return charts.bars(
        [k for k, _ in langs],
        [v for _, v in langs],
        title="Posts by language",
        description=f"Posts submitted in the period by language: {listed}.",
    )


def affiliations(report: PublicationReport) -> charts.Chart:
    top = list(report.affiliations.items())[:TOP_AFFILIATIONS]
    listed = "; ".join(f"{k}: {v:g}" for k, v in top)
    return charts.bars(
        [k for k, _ in top],
        [v for _, v in top],
        title="Authorship by affiliation (one share per post)",
        description=(
            "Posts submitted in the period, each shared equally between its authors and "
            f"counted by the authors' affiliations on the roster: {listed}."
        ),
        horizontal=True,
        colour="#CC79A7",
    )


def sections(report: PublicationReport) -> list[Any]:
    """Everything the report shows, in order."""
    out: list[Any] = [Markdown(f"Period: **{report.start}** up to **{report.end}** (exclusive).")]
    if report.empty:
        return [*out, Markdown(NOTHING_YET)]
    out += [
        Markdown("## Submitted, approved and published by channel and month"),
        by_channel_and_month(report) if report.months else Markdown("The period is empty."),
        Markdown(
            "## Review turnaround\n\nDays from submission, for posts submitted in the period "
            "(median and 90th percentile)."
        ),
        turnaround(report),
        Markdown(
            "## Backlog\n\nPosts not yet published, rejected or withdrawn at the end of the "
            "period, oldest first."
        ),
        backlog(report),
        Markdown("## Languages, third-party content, affiliations and amplification"),
        shares(report),
    ]
    if report.languages:
        out.append(languages(report))
    if report.affiliations:
        out.append(affiliations(report))
    return out


def show(report: PublicationReport) -> None:
    """Display the report in the running notebook."""
    display(*sections(report))
