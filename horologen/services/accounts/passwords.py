"""bcrypt hashing with the 72-byte limit handled explicitly (rejected, never truncated)."""

from __future__ import annotations

import secrets

import bcrypt

BCRYPT_COST = 12
MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_BYTES = 72


class PasswordPolicyError(ValueError):
    """The password is not acceptable; the message is shown to the user as is."""


def check_policy(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise PasswordPolicyError(f"パスワードは{MIN_PASSWORD_LENGTH}文字以上にしてください。")
    if len(password.encode("utf-8")) > MAX_PASSWORD_BYTES:
        raise PasswordPolicyError(
            f"パスワードが長すぎます（UTF-8で{MAX_PASSWORD_BYTES}バイトまで。日本語は1文字3バイトです）。"
        )


def hash_password(password: str, *, cost: int = BCRYPT_COST) -> str:
    check_policy(password)
    return bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt(rounds=cost)).decode("ascii")


def verify_password(password: str, password_hash: str) -> bool:
    """False for a wrong password, an over-long one or a malformed hash; never raises."""
    data = password.encode("utf-8")
    if len(data) > MAX_PASSWORD_BYTES or not password_hash:
        return False
    try:
        return bcrypt.checkpw(data, password_hash.encode("ascii"))
    except ValueError:
        return False


def random_password() -> str:
    """A temporary password that passes the policy and reads without ambiguity."""
    alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(14))
