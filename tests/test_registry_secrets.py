"""Vault references are accepted in the documented format; secrets are refused anywhere."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jupyter_jms.domain.secrets import (
    VAULT_SCHEMES,
    looks_like_secret,
    secret_reason,
    shannon_entropy,
    vault_ref_error,
)

WORDS = st.sampled_from(
    ["JMS", "Social", "Mastodon", "ProjectJupyter", "password", "app password", "bluesky",
     "jupyter.org", "linkedin", "secret", "data", "blog", "Medium", "api-key", "owner@jupyter"]
)  # fmt: skip
TOKENS = st.sampled_from(
    [
        "ghp_" + "aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3z",
        "github_pat_11ABCDEFG0123456789_abcdefghijklmnop",
        "glpat-xY3zAb5CdE7fGh9IjK1l",
        "xoxb-123456789012-abcdefghijklmn",
        "xoxp-1234-5678-abcdef",
        "AKIAIOSFODNN7EXAMPLE",
        "sk-proj-ABCdef1234567890xyz",
        "sk_live_abcdefghijklmnop1234",
        "-----BEGIN OPENSSH PRIVATE KEY-----",
        "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
        "Q7vK2mX9pL4wR8tZ3nB6yH1c",
        "0123456789abcdef0123456789abcdef",
        "password=Tr0ub4dor&3",
    ]
)


@given(st.sampled_from(VAULT_SCHEMES), st.lists(WORDS, min_size=1, max_size=4))
def test_references_in_the_documented_format_are_accepted(scheme, segments):
    ref = f"{scheme}://" + "/".join(segments)
    assert vault_ref_error(ref) is None, ref


@given(
    st.sampled_from(VAULT_SCHEMES),
    st.lists(WORDS, max_size=2),
    TOKENS,
    st.sampled_from(["/", " ", "?token=", "#", "-", ":"]),
)
def test_a_secret_anywhere_in_a_reference_is_refused(scheme, segments, token, glue):
    ref = f"{scheme}://" + "/".join(segments) + glue + token
    error = vault_ref_error(ref)
    assert error is not None and "looks like" in error
    assert token not in error  # the secret is never echoed back


@given(st.uuids())
def test_item_uuids_are_identifiers_not_secrets(uuid):
    assert vault_ref_error(f"bitwarden://{uuid}") is None


@pytest.mark.parametrize(
    "ref",
    [
        "hunter2",
        "bitwarden:item",
        "https://vault.example.org/item",
        "ftp://x/y",
        "op://",
        "op://a//b",
    ],
)
def test_anything_else_is_not_a_vault_reference(ref):
    assert vault_ref_error(ref) is not None


@pytest.mark.parametrize(
    "text",
    [
        "Posts release announcements for the JupyterLab team.",
        "Token rotated after the incident: see the JMS meeting notes of 2026-03-04.",
        "password: stored in the JMS vault",
        "https://hachyderm.io/@ProjectJupyter",
    ],
)
def test_ordinary_sentences_are_not_secrets(text):
    assert not looks_like_secret(text), secret_reason(text)


def test_entropy_of_repeated_and_varied_text():
    assert shannon_entropy("aaaaaaaa") == 0
    assert shannon_entropy("abcd") == 2
