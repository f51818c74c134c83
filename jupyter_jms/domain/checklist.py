"""The editorial-principles checklist, from the charter."""

from __future__ import annotations

from collections.abc import Mapping

ITEMS: dict[str, str] = {
    "jupyter_focus": "About the work of Project Jupyter or its subprojects",
    "community_benefit": "Beneficial to the Jupyter community",
    "third_party_benefit": "Third-party content is beneficial to the Jupyter community",
    "language_vetted": "Non-English content vetted by a member of the Union of Councils",
    "blog_first": "Social copy amplifies a blog post (except on the preferred channel)",
    "broadcast_only": "No two-way engagement asked for (except on the preferred channel)",
    "vendor_neutral": "Vendor neutral",
    "code_of_conduct": "Follows the Jupyter Code of Conduct",
}
VALUES = ("pass", "fail", "n/a")
# Items that only apply in some cases; the rest apply to every post.
CONDITIONAL = {"third_party_benefit", "language_vetted"}
# Set from vetting records, never ticked by hand.
DERIVED = {"language_vetted"}


def applicable_items(*, third_party: bool, needs_vetting: bool) -> list[str]:
    items = []
    for key in ITEMS:
        if key == "third_party_benefit" and not third_party:
            continue
        if key == "language_vetted" and not needs_vetting:
            continue
        items.append(key)
    return items


def all_passed(*, third_party: bool = False, needs_vetting: bool = False) -> dict[str, str]:
    """A checklist with every applicable item ticked by hand marked pass."""
    return {
        key: "pass"
        for key in applicable_items(third_party=third_party, needs_vetting=needs_vetting)
        if key not in DERIVED
    }


def validate_checklist(
    checklist: Mapping[str, object], *, third_party: bool, needs_vetting: bool, verdict: str
) -> list[tuple[str, str]]:
    """Field errors for a submitted checklist; an approval needs every applicable item passed.

    ``language_vetted`` is derived from vetting, so it may not be given by hand.
    """
    errors: list[tuple[str, str]] = []
    for key, value in checklist.items():
        if key not in ITEMS:
            errors.append((f"checklist.{key}", f"unknown checklist item '{key}'"))
        elif key in DERIVED:
            errors.append((f"checklist.{key}", "set by council vetting, not by hand"))
        elif value not in VALUES:
            errors.append((f"checklist.{key}", "must be one of pass, fail, n/a"))
    if verdict == "approve":
        for key in applicable_items(third_party=third_party, needs_vetting=needs_vetting):
            if key in DERIVED:
                continue
            given = checklist.get(key)
            if given is None:
                errors.append((f"checklist.{key}", "Not marked yet: mark it pass to approve."))
            elif given != "pass":
                errors.append((f"checklist.{key}", f"Marked {given}: approving needs pass."))
    return errors
