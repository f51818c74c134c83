"""Vault references, and text that looks like a secret.

The registry records *where* a channel's credential lives, never the credential. A vault
reference is ``SCHEME://PATH``:

- ``SCHEME`` is one of :data:`VAULT_SCHEMES`: ``op`` (1Password secret reference,
  ``op://vault/item[/field]``), ``vault`` (HashiCorp Vault path), ``bitwarden``, ``keepass``,
  ``pass`` (passwordstore.org / gopass), ``lastpass``, ``keeper``, ``aws-sm`` (AWS Secrets
  Manager), ``gcp-sm`` (Google Secret Manager), ``azure-kv`` (Azure Key Vault), ``env``
  (an environment variable of the service, ``env://NAME``), ``file`` (``file:///path``);
- ``PATH`` is one or more ``/``-separated segments of letters, digits, spaces and
  ``. _ - @ + :`` (at most 300 characters) that name the item: a vault, an item name, a
  field, or an item's UUID. No query string, no ``user:password@``.

Anything that looks like a secret is refused, wherever it is pasted: known token prefixes
(``ghp_``, ``github_pat_``, ``xoxb-``, ``glpat-``, ``AKIA``, ``sk-`` ...), PEM private keys,
JSON web tokens, ``password=...`` pairs, credentials inside URLs, and long high-entropy
strings (20+ characters mixing upper case, lower case and digits, or 32+ hex digits).
"""

from __future__ import annotations

import math
import re
from collections import Counter

VAULT_SCHEMES = (
    "op",
    "vault",
    "bitwarden",
    "keepass",
    "pass",
    "lastpass",
    "keeper",
    "aws-sm",
    "gcp-sm",
    "azure-kv",
    # Resolved by the publisher itself (services/publishing/vault.py): an environment
    # variable of the service, and a file only the service's user can read.
    "env",
    "file",
)
MAX_REF = 300
EXAMPLE_REF = "op://JMS/Mastodon ProjectJupyter/password"

_REF_RE = re.compile(
    r"^(?P<scheme>[a-z][a-z0-9-]*)://(?P<path>/?[A-Za-z0-9 ._@+:-]+(?:/[A-Za-z0-9 ._@+:-]+)*)/?$"
)
_UUID_RE = re.compile(r"^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")

# (pattern, what it is). Prefixes of tokens issued by the platforms a channel team uses;
# the distinctive ones match even glued to other text, the short ones need a word start.
_KNOWN: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----"), "a private key"),
    (re.compile(r"(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{20,}"), "a GitHub token"),
    (re.compile(r"github_pat_[A-Za-z0-9_]{20,}"), "a GitHub token"),
    (re.compile(r"glpat-[A-Za-z0-9_-]{16,}"), "a GitLab token"),
    (re.compile(r"xox[abposr]-[A-Za-z0-9-]{8,}"), "a Slack token"),
    (re.compile(r"(?<![A-Z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])"), "an AWS access key"),
    (re.compile(r"\bsk-[A-Za-z0-9_-]{16,}"), "an API secret key"),
    (re.compile(r"[sr]k_(?:live|test)_[A-Za-z0-9]{16,}"), "a Stripe key"),
    (re.compile(r"\bAIza[0-9A-Za-z_-]{35}"), "a Google API key"),
    (re.compile(r"npm_[A-Za-z0-9]{36}"), "an npm token"),
    (re.compile(r"pypi-[A-Za-z0-9_-]{16,}"), "a PyPI token"),
    (
        re.compile(r"eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*"),
        "a JSON web token",
    ),
    (re.compile(r"[a-z][a-z0-9+.-]*://[^/\s:@]+:[^/\s@]+@", re.I), "a password inside a URL"),
]
# "password: s3cret!" and friends; the value must look like a credential, not a sentence.
_PAIR_RE = re.compile(
    r"\b(?:password|passwd|pwd|passphrase|secret|token|api[_-]?key|client[_-]?secret|"
    r"access[_-]?token)\s*[:=]\s*(?P<value>\S{6,})",
    re.I,
)
_WORD_RE = re.compile(r"[A-Za-z0-9+/_=-]{20,}")
_HEX_RE = re.compile(r"^[0-9a-fA-F]{32,}$")


def shannon_entropy(text: str) -> float:
    """Bits per character of ``text``'s own character distribution."""
    if not text:
        return 0.0
    n = len(text)
    return -sum(c / n * math.log2(c / n) for c in Counter(text).values())


def _credential_like(value: str) -> bool:
    """A value after ``password:``: a credential mixes digits, symbols or inner capitals."""
    value = value.rstrip(".,;)")
    return (
        any(c.isdigit() for c in value)
        or any(not c.isalnum() for c in value)
        or any(c.isupper() for c in value[1:])
    )


def _high_entropy(word: str) -> bool:
    core = word.strip("=+-_")
    if _UUID_RE.match(core):
        return False
    if any(_HEX_RE.match(piece) for piece in re.split(r"[-_+=]", core)):
        return True
    if len(core) < 20:
        return False
    classes = sum(
        (
            any(c.islower() for c in core),
            any(c.isupper() for c in core),
            any(c.isdigit() for c in core),
        )
    )
    return classes == 3 and shannon_entropy(core) >= 3.5


def secret_reason(text: str) -> str | None:
    """What secret ``text`` seems to contain (e.g. "a GitHub token"), or None."""
    for pattern, what in _KNOWN:
        if pattern.search(text):
            return what
    for m in _PAIR_RE.finditer(text):
        if _credential_like(m.group("value")):
            return "a password or token"
    for word in _WORD_RE.findall(text):
        for part in word.split("/"):
            if _high_entropy(part):
                return "a long random string (a token or password)"
    return None


def looks_like_secret(text: str) -> bool:
    return secret_reason(text) is not None


def vault_ref_error(ref: str) -> str | None:
    """Why ``ref`` is not an acceptable vault reference, or None. Empty means 'not recorded'."""
    if ref == "":
        return None
    what = secret_reason(ref)
    if what is not None:
        return (
            f"this looks like {what}, not a vault reference: never paste a credential here; "
            f"record where it lives, e.g. {EXAMPLE_REF}"
        )
    if len(ref) > MAX_REF:
        return f"a vault reference has at most {MAX_REF} characters"
    m = _REF_RE.match(ref)
    if m is None:
        return (
            "a vault reference is SCHEME://PATH (e.g. "
            f"{EXAMPLE_REF}); PATH is letters, digits, spaces, . _ - @ + : and /"
        )
    if m.group("scheme") not in VAULT_SCHEMES:
        return f"the scheme is one of {', '.join(VAULT_SCHEMES)}"
    if m.group("path").startswith("/") and m.group("scheme") != "file":
        return "only a file reference has an absolute path: file:///path/to/file"
    return None
