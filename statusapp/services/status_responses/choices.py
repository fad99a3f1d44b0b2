"""Which code /status/{code} answers: one, a list, ranges, weights; no 1xx."""

import random
import re

from flask_babel import gettext as _

from statusapp.services.errors import InvalidValue

MAX_CHOICES = 100
_CHOICE = re.compile(r"([0-9]{3})(?:-([0-9]{3}))?(?::([0-9]{1,6}(?:\.[0-9]{1,6})?))?")


def parse_choices(text: str) -> tuple[tuple[int, float], ...]:
    """Read ``200``, ``200,500``, ``200:0.9,500:0.1`` or ``500-504`` into
    (code, weight) pairs; raise InvalidValue naming ``code`` if malformed."""
    choices: list[tuple[int, float]] = []
    for part in text.split(","):
        match = _CHOICE.fullmatch(part.strip())
        if not match:
            raise InvalidValue(
                "code",
                _(
                    "Give a status code from 100 to 599, a range such as 500-504, "
                    "or a list such as 200,500 or 200:0.9,500:0.1."
                ),
            )
        low = int(match.group(1))
        high = int(match.group(2) or low)
        weight = float(match.group(3) or 1)
        if not (100 <= low <= high <= 599):
            raise InvalidValue(
                "code",
                _("Codes run from 100 to 599, and a range from low to high."),
            )
        if len(choices) + high - low + 1 > MAX_CHOICES:
            raise InvalidValue(
                "code",
                _("Give at most %(limit)s codes to choose from.", limit=MAX_CHOICES),
            )
        choices.extend((code, weight) for code in range(low, high + 1))
    if sum(weight for _code, weight in choices) <= 0:
        raise InvalidValue("code", _("At least one weight must be above 0."))
    return tuple(choices)


def choose(choices: tuple[tuple[int, float], ...], rng: random.Random) -> int:
    """Pick one code by weight; a code of weight 0 is never picked."""
    if len(choices) == 1:
        return choices[0][0]
    codes = [code for code, weight in choices if weight > 0]
    weights = [weight for _code, weight in choices if weight > 0]
    return rng.choices(codes, weights)[0]


def interim_problem(code: int) -> str | None:
    """Say why a 1xx cannot be answered, or return None for a final status."""
    if code == 100:
        return _(
            "100 Continue is not a final answer: a server sends it before the "
            "final status to a client that sent Expect: 100-continue, to say it "
            "may send the body. The WSGI server sends it on its own; ask for a "
            "final status, 200 to 599."
        )
    if code == 101:
        return _(
            "101 Switching Protocols is sent only when a server takes over the "
            "connection in the protocol a client asked for in Upgrade, which a "
            "WSGI application cannot do; ask for a final status, 200 to 599."
        )
    if code < 200:
        return _(
            "%(code)s is an interim (1xx) status, sent before a final one, which "
            "a WSGI application cannot send; ask for a final status, 200 to 599.",
            code=code,
        )
    return None
