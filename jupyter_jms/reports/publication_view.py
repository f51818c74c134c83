"""The publication report's sentences and table rows, from ``publication.load``'s data.

The notebook builds its tables (DataFrames) and charts in its own cells from these; every
sentence that states a figure says how the figure is defined.
"""

from __future__ import annotations

from typing import Any

from .publication import PublicationReport
from .tables import median

NOTHING_YET = (
    "**Nothing yet.** No post was submitted in this period and none is waiting for review: "
    "submit a notebook for review from JupyterLab, then run this report again."
)
STAGES = ("submitted", "approved", "published")
TOP_AFFILIATIONS = 10


def share(value: float | None) -> str:
    return "–" if value is None else f"{value:.0%}"


def moment(report: PublicationReport) -> str:
    return report.as_of.strftime("%Y-%m-%d %H:%M UTC")


def summary(report: PublicationReport) -> str:
    return (
        f"Period: **{report.start}** up to **{report.end}** (the end day not included). "
        f"The backlog and its ages are as of **{moment(report)}**."
    )


def channel_panels(report: PublicationReport) -> list[tuple[str, dict[str, list[int]]]]:
    """Per stage, per channel, the (post, channel) pairs of each month."""
    return [
        (
            stage,
            {
                channel: [per_month.get(m, 0) for m in report.months]
                for channel, per_month in sorted(report.by_channel_month[stage].items())
            },
        )
        for stage in STAGES
    ]


def channel_description(report: PublicationReport) -> str:
    """The channel chart's text alternative: what a bar counts, and the totals."""
    pairs = {
        stage: sum(sum(v) for v in stacks.values()) for stage, stacks in channel_panels(report)
    }
    posts = {stage: sum(report.posts_by_month[stage].values()) for stage in STAGES}
    totals = "; ".join(
        f"{stage}: {posts[stage]} posts, {pairs[stage]} post × channel pairs" for stage in STAGES
    )
    return (
        f"Three bar charts sharing one scale, from {report.months[0]} to {report.months[-1]}: "
        "per month, the posts submitted, approved and published, each bar stacked by channel. "
        "A post for several channels counts once in each (a post × channel pair); a post with "
        f"no channel counts once. In the period, {totals}."
    )


def turnaround_rows(report: PublicationReport) -> list[dict[str, Any]]:
    return [
        {
            "stage": t["label"],
            "posts that reached it": f"{t['n']} of {t['of']}",
            "median (days)": None if t["median_days"] is None else round(t["median_days"], 1),
            "90th percentile (days)": None if t["p90_days"] is None else round(t["p90_days"], 1),
        }
        for t in report.turnaround
    ]


def backlog_summary(report: PublicationReport) -> str:
    if not report.backlog:
        return f"The backlog is empty as of {moment(report)}."
    ages = [b["age_days"] for b in report.backlog]
    return (
        f"**{len(report.backlog)}** post(s) waiting as of {moment(report)} (submitted and not "
        f"yet published, rejected or withdrawn); all are listed below. Age: days from "
        f"submission to {moment(report)}; median {median(ages):.1f} days, oldest "
        f"{max(ages):.1f} days."
    )


def backlog_rows(report: PublicationReport) -> list[dict[str, Any]]:
    return [
        {
            "draft": b["id"],
            "title": b["title"],
            "state": b["state_label"],
            "submitted": b["submitted"].strftime("%Y-%m-%d"),
            "age (days)": round(b["age_days"], 1),
        }
        for b in report.backlog
    ]


def shares(report: PublicationReport) -> str:
    tp, amp = report.third_party, report.amplification
    return (
        f"- Third-party posts (marked so when submitted), of the posts submitted in the period: "
        f"**{tp['count']} of {tp['of']}** ({share(tp['share'])}).\n"
        f"- Blog posts published in the period: **{amp['blog_posts']}**, of which "
        f"**{amp['amplified']}** were also published on a social channel "
        f"({share(amp['share'])})."
    )


def languages_description(report: PublicationReport) -> str:
    listed = ", ".join(f"{k}: {v}" for k, v in report.languages.items())
    return f"Posts submitted in the period by language, each post once: {listed}."


def top_affiliations(report: PublicationReport) -> tuple[list[tuple[str, float]], int]:
    """The affiliations with the largest shares, and how many more there are."""
    ranked = list(report.affiliations.items())
    return ranked[:TOP_AFFILIATIONS], max(0, len(ranked) - TOP_AFFILIATIONS)


def affiliations_description(report: PublicationReport) -> str:
    top, more = top_affiliations(report)
    listed = "; ".join(f"{k}: {v:g}" for k, v in top)
    rest = f"; and {more} more affiliation(s) with smaller shares" if more else ""
    return (
        "Posts submitted in the period, each shared equally between its authors and counted "
        f"by the authors' affiliations on the roster: {listed}{rest}."
    )
