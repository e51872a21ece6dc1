"""Read a news piece in the plain-text format agencies and reporters send us.

The format, as in the BerlinMorgen seed: the first line is the headline, the second
the lead (our teaser); then one paragraph per line. A short line without final
punctuation, or one ending in "?", is a subheading. A last line that ends in a
one-word sentence ("… Wir bleiben am Ball für Sie. BerlinMorgen.") is the sign-off.
"""

import re
from dataclasses import dataclass, field

SUBHEADING_MAX_LENGTH = 80
SENTENCE_END = (".", "!", ":", ";", "…", '"', "“", "”", "»", "«")
SIGN_OFF = re.compile(r"[.!?…]\s+\S+\.$")


class PlainTextError(ValueError):
    """The text is not a piece we can import; the message says why, in one line."""


@dataclass
class PlainTextPiece:
    headline: str
    teaser: str
    body: str
    subheadings: list[str] = field(default_factory=list)
    sign_off: str = ""


def decode(data):
    """Bytes from a file to text: UTF-8 with or without BOM, LF or CRLF."""
    if b"\x00" in data:
        raise PlainTextError("Binärdatei, kein Text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise PlainTextError(f"kein gültiges UTF-8 (Byte {error.start})") from None


def is_subheading(line):
    if line.endswith("?"):
        return len(line) <= SUBHEADING_MAX_LENGTH
    return len(line) <= SUBHEADING_MAX_LENGTH and not line.endswith(SENTENCE_END)


def parse(text):
    lines = [line.strip() for line in text.splitlines()]
    lines = [line for line in lines if line]
    if not lines:
        raise PlainTextError("die Datei ist leer")
    if len(lines) < 3:
        raise PlainTextError(
            "kein Text: erwartet werden Überschrift, Vorspann und Text"
        )

    headline, teaser, *rest = lines
    sign_off = ""
    if len(rest) > 1 and SIGN_OFF.search(rest[-1]):
        sign_off = rest.pop()

    blocks, subheadings = [], []
    for line in rest:
        if is_subheading(line):
            subheadings.append(line)
            blocks.append(f"## {line}")
        else:
            blocks.append(line)
    if not any(not block.startswith("## ") for block in blocks):
        raise PlainTextError("kein Text: nur Überschriften gefunden")
    return PlainTextPiece(
        headline=headline,
        teaser=teaser,
        body="\n\n".join(blocks),
        subheadings=subheadings,
        sign_off=sign_off,
    )
