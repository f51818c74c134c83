"""Resolve a grant's vault reference to the credential, at the moment of posting.

The credential is never stored: it is read here, handed to the connector, and dropped.
Resolvers:

- ``env://NAME``: the service's environment variable ``NAME``;
- ``file:///path``: a file only the service's user may read (a file the group or others
  can read is refused, as ssh refuses a readable private key);
- ``op://vault/item/field``: 1Password's ``op read`` when the ``op`` CLI is on PATH.

Any other reference, or one that does not resolve, is a ``VaultError`` whose message is one
sentence naming the reference (never the secret).
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from pathlib import Path

OP_TIMEOUT = 20.0


class VaultError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def resolve(ref: str) -> str:
    """The credential ``ref`` names, stripped of surrounding whitespace."""
    if not ref:
        raise VaultError(
            "The publisher grant records no vault reference: an admin sets one "
            "(env://NAME, file:///path or op://vault/item/field)."
        )
    scheme, sep, rest = ref.partition("://")
    if not sep:
        raise VaultError(f"'{ref}' is not a vault reference (SCHEME://PATH).")
    if scheme == "env":
        return _env(ref, rest)
    if scheme == "file":
        return _file(ref, rest)
    if scheme == "op":
        return _op(ref)
    raise VaultError(
        f"The service cannot read '{scheme}://' references; use env://, file:// or op:// "
        "for a publishing credential."
    )


def _env(ref: str, name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise VaultError(f"{ref}: the service has no environment variable {name}.")
    return value


def _file(ref: str, path: str) -> str:
    p = Path(path)
    if not p.is_absolute():
        raise VaultError(f"{ref}: a file reference is an absolute path (file:///path).")
    try:
        info = p.stat()
    except OSError:
        raise VaultError(f"{ref}: the service cannot find that file.") from None
    if not stat.S_ISREG(info.st_mode):
        raise VaultError(f"{ref}: that is not a regular file.")
    if info.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise VaultError(
            f"{ref}: the file can be read by others ({stat.filemode(info.st_mode)}); "
            f"make it readable by the service's user only (chmod 600)."
        )
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        raise VaultError(f"{ref}: the file belongs to another user than the service's.")
    try:
        value = p.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        raise VaultError(f"{ref}: the service cannot read that file.") from None
    if not value:
        raise VaultError(f"{ref}: the file is empty.")
    return value


def _op(ref: str) -> str:
    exe = shutil.which("op")
    if exe is None:
        raise VaultError(f"{ref}: 1Password's op command is not installed where the service runs.")
    try:
        done = subprocess.run(
            [exe, "read", "--no-newline", ref],
            capture_output=True,
            text=True,
            timeout=OP_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        raise VaultError(f"{ref}: op read did not answer.") from None
    if done.returncode != 0:
        first = (done.stderr or "").strip().splitlines()
        why = f" ({first[0][:200]})" if first else ""
        raise VaultError(f"{ref}: op read failed{why}.")
    value = done.stdout.strip()
    if not value:
        raise VaultError(f"{ref}: op read returned nothing.")
    return value
