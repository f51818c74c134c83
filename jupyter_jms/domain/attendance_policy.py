"""The attendance rule's settings: which records count how, over which window, for whom.

The defaults are the charter's: more than two thirds missed in 90 days, excused absences
out of the count, and the editors, the chair and the admins expected at meetings.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import Any

from .access import MEMBER_ROLES

ATTENDED = "attended"
ABSENT = "absent"
EXCUSED = "excused"
UNKNOWN = "unknown"
STATUSES = (ATTENDED, ABSENT, EXCUSED, UNKNOWN)

# How an excused absence counts.
EXCUSED_LEAVE = "leave"  # out of the count entirely (neither missed nor eligible)
EXCUSED_ATTENDED = "attended"
EXCUSED_MISSED = "missed"
EXCUSED_MODES = (EXCUSED_LEAVE, EXCUSED_ATTENDED, EXCUSED_MISSED)


class PolicyError(ValueError):
    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(frozen=True)
class Policy:
    """The rule's settings. Defaults are the charter's: 2/3, 90 days, excused leave the count."""

    threshold: Fraction = Fraction(2, 3)
    window_days: int = 90
    excused: str = EXCUSED_LEAVE
    min_eligible: int = 4
    effective: date | None = None
    # By default the JMS members attend (the same roles that vote).
    roles: frozenset[str] = MEMBER_ROLES

    def __post_init__(self) -> None:
        if not 0 < self.threshold < 1:
            raise PolicyError("threshold is a fraction between 0 and 1, e.g. 2/3.", "threshold")
        if not 1 <= self.window_days <= 3660:
            raise PolicyError(
                "window_days is a whole number of days from 1 to 3660.", "window_days"
            )
        if self.excused not in EXCUSED_MODES:
            raise PolicyError(f"excused is one of {', '.join(EXCUSED_MODES)}.", "excused")
        if not 0 <= self.min_eligible <= 1000:
            raise PolicyError("min_eligible is a whole number from 0 to 1000.", "min_eligible")
        if not self.roles:
            raise PolicyError("roles lists at least one role whose holders attend.", "roles")

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any] | None) -> Policy:
        """Build a policy from settings (config, query, CLI); PolicyError names a bad field."""
        data = dict(data or {})
        unknown = set(data) - {
            "threshold",
            "window_days",
            "excused",
            "min_eligible",
            "effective",
            "roles",
        }
        if unknown:
            raise PolicyError(f"Unknown policy setting '{sorted(unknown)[0]}'.", sorted(unknown)[0])
        kwargs: dict[str, Any] = {}
        if "threshold" in data:
            kwargs["threshold"] = _fraction(data["threshold"])
        for key in ("window_days", "min_eligible"):
            if key in data:
                value = data[key]
                if isinstance(value, str) and value.strip().isdigit():
                    value = int(value)
                if isinstance(value, bool) or not isinstance(value, int):
                    raise PolicyError(f"{key} must be a whole number.", key)
                kwargs[key] = value
        if "excused" in data:
            kwargs["excused"] = data["excused"]
        if data.get("effective") not in (None, ""):
            value = data["effective"]
            if isinstance(value, date):
                kwargs["effective"] = value
            else:
                try:
                    kwargs["effective"] = date.fromisoformat(str(value))
                except ValueError:
                    raise PolicyError("effective is a date (YYYY-MM-DD).", "effective") from None
        if "roles" in data:
            roles = data["roles"]
            if isinstance(roles, str):
                roles = [r.strip() for r in roles.split(",") if r.strip()]
            if not isinstance(roles, (list, tuple, set, frozenset)) or not all(
                isinstance(r, str) for r in roles
            ):
                raise PolicyError("roles is a list of role names.", "roles")
            kwargs["roles"] = frozenset(roles)
        return cls(**kwargs)

    def as_dict(self) -> dict[str, Any]:
        return {
            "threshold": f"{self.threshold.numerator}/{self.threshold.denominator}",
            "window_days": self.window_days,
            "excused": self.excused,
            "min_eligible": self.min_eligible,
            "effective": self.effective.isoformat() if self.effective else None,
            "roles": sorted(self.roles),
        }


def _fraction(value: Any) -> Fraction:
    try:
        if isinstance(value, bool):
            raise ValueError
        if isinstance(value, float):
            frac = Fraction(value).limit_denominator(1000)
        else:
            frac = Fraction(str(value).strip())
    except (ValueError, ZeroDivisionError):
        raise PolicyError("threshold is a fraction such as 2/3.", "threshold") from None
    return frac
