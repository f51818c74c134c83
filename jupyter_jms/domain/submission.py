"""Who may submit a post, and how much one member may keep under review."""

from __future__ import annotations

from collections.abc import Iterable, Sequence


def effective_authors(listed: Sequence[str] | None, default: str) -> list[str]:
    """The post's authors: those ``metadata.jms.authors`` lists, else ``default`` alone."""
    return list(listed) if listed else [default]


def authorship_problem(
    submitter: str, authors: Sequence[str], members: Iterable[str]
) -> tuple[str, str] | None:
    """Why ``submitter`` may not send a post with these authors (field, sentence), or None.

    The submitter must be one of the authors, so nobody submits (and so locks) another
    member's post. Every other author must be on the roster, so a post cannot name people
    who do not exist, or every editor, to keep it from review. The submitter is already known
    by whoever authenticated them, on the roster or not (a personal server's user)."""
    if submitter not in authors:
        return (
            "metadata.jms.authors",
            f"You ({submitter}) are not among the post's authors "
            f"({', '.join(authors)}): only an author submits a post. Add yourself to "
            "metadata.jms.authors if you wrote it.",
        )
    known = set(members)
    unknown = [a for a in authors if a != submitter and a not in known]
    if unknown:
        return (
            "metadata.jms.authors",
            f"Not members: {', '.join(unknown)}. Every author must be on the roster; "
            "remove them or ask an admin to add them.",
        )
    return None


def reviewers_problem(
    submitter: str, authors: Sequence[str], editors: Iterable[str], required: int
) -> tuple[str, str] | None:
    """Why naming these co-authors would keep the post from review (field, sentence), or None.

    Authors never approve their own post, so every editor named as a co-author is one
    reviewer fewer. Naming co-authors may not leave fewer editors outside the authors than
    the approvals a post needs; a group too small for that even without the co-authors is
    not refused here (nothing the submitter named made it so)."""
    editors = set(editors)
    without_coauthors = len(editors - {submitter})
    left = len(editors - set(authors))
    if left >= required or without_coauthors < required:
        return None
    named = sorted(a for a in set(authors) & editors if a != submitter)
    return (
        "metadata.jms.authors",
        f"Naming {', '.join(named)} as author(s) leaves {left} editor(s) outside the authors, "
        f"and a post needs {required} approval(s) from editors who are not its authors. "
        "Name fewer editors as co-authors, or credit them in the text.",
    )


def open_drafts_problem(open_drafts: int, limit: int) -> str | None:
    """Why a member with ``open_drafts`` open drafts may not open one more, or None
    (a limit of 0 is no limit)."""
    if limit > 0 and open_drafts >= limit:
        return (
            f"You have {open_drafts} open drafts; the limit is {limit} per member. "
            "Withdraw a draft you no longer need, or wait until one is published or rejected, "
            "and submit again."
        )
    return None


def stored_bytes_problem(stored: int, incoming: int, limit: int) -> str | None:
    """Why storing ``incoming`` more bytes over ``stored`` is refused, or None (0: no limit).

    ``stored`` counts every revision the member submitted on drafts not published: nothing
    is deleted, so a withdrawn or rejected draft's revisions still take their room."""
    if limit > 0 and stored + incoming > limit:
        return (
            f"Your drafts store {stored / 1e6:.1f} MB (every revision you submitted of a post "
            f"not yet published) and this notebook is {incoming / 1e6:.1f} MB; the limit is "
            f"{limit / 1e6:.1f} MB per member. Clear large outputs and submit again; "
            "withdrawing a draft keeps its revisions, so it frees no room. An admin can raise "
            "JmsApp.max_stored_bytes_per_member."
        )
    return None
