"""A text catalogue (CSV, Excel's tab text) as str: which encoding, and whether bytes were lost.

In: the uploaded bytes (already bounded by MAX_UPLOAD_BYTES). Out: `DecodedText` (the text, the
encoding used, how many undecodable byte sequences became U+FFFD); `CatalogueFileError` when the
bytes are no text we know. The caller names the cells that hold U+FFFD (line and column).

The rules, in order, and where they come from:
1. A byte-order mark decides: EF BB BF is UTF-8; FF FE / FE FF is UTF-16 (Excel's
   "Unicode テキスト" save writes UTF-16LE with a BOM). A broken UTF-16 file is refused: it is
   not a stray byte but a damaged file.
2. Bytes that are valid UTF-8 are UTF-8. Random CP932 text with any Japanese in it is almost never
   valid UTF-8 (UTF-8's lead/continuation structure), which is why the WHATWG and ICU detectors
   take a clean UTF-8 decode as proof.
3. Bytes that are UTF-8 except for a few invalid sequences (a Latin-1 `×` pasted into a UTF-8
   file: tests/data/shop_files/enc_utf8_stray_byte.csv) are UTF-8 with those bytes replaced. They
   must never be re-read as CP932: CP932 accepts most UTF-8 byte pairs, so the whole file would
   turn into mojibake (繧, 縺) with no error at all. "A few" is at least UTF8_VALID_PER_BAD valid
   multi-byte characters per invalid sequence: read as UTF-8, the CP932 files we hold (tests/data)
   give at most 0.15 accidentally valid characters per invalid sequence, the stray-byte file 100,
   and a two-line file with a Japanese header and one bad byte still 7.
4. Anything else is CP932 or UTF-16 without a BOM, chosen by charset-normalizer (a maintained
   detector) among exactly those; CP932 rather than Shift_JIS because Japanese Excel writes CP932
   (①, Ⅱ, 髙, ～ U+FF5E); `shift_jis_2004` would read 髙 as 郄 without an error.
"""

from __future__ import annotations

from dataclasses import dataclass

from horologen.services.catalogue.problems import CatalogueFileError

UTF8_VALID_PER_BAD = 2
# Python codec names charset-normalizer may choose from when there is no BOM and no clean UTF-8.
DETECTED_ENCODINGS = ("cp932", "utf_16_le", "utf_16_be")
_ASCII = bytes(range(128))
_REPLACEMENT = "\ufffd"
_REPLACEMENT_UTF8 = _REPLACEMENT.encode()
_UNREADABLE = "文字コードを判別できません。UTF-8 または Shift_JIS（CP932）の CSV で保存してください。"


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str  # utf-8 | utf-16 | cp932 | utf_16_le | utf_16_be
    replaced: int = 0  # undecodable byte sequences now U+FFFD in `text`


def decode_text(data: bytes) -> DecodedText:
    """The file's text by the rules in the module docstring."""
    if data.startswith(b"\xef\xbb\xbf"):
        return _lenient_utf8(data[3:])
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return DecodedText(data.decode("utf-16"), "utf-16")
        except UnicodeDecodeError:
            raise CatalogueFileError(
                "文字コードを判別できません（UTF-16 として読めません）。"
                "UTF-8 または Shift_JIS（CP932）で保存してください。"
            ) from None
    try:
        return DecodedText(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    mostly_utf8 = _lenient_utf8(data)
    if _few_bad_sequences(data, mostly_utf8):
        return mostly_utf8
    return _detected(data)


def _lenient_utf8(data: bytes) -> DecodedText:
    text = data.decode("utf-8", errors="replace")
    replaced = text.count(_REPLACEMENT) - data.count(_REPLACEMENT_UTF8)  # a real U+FFFD is not a bad byte
    return DecodedText(text, "utf-8", replaced)


def _few_bad_sequences(data: bytes, decoded: DecodedText) -> bool:
    """Rule 3: valid multi-byte UTF-8 characters outnumber invalid sequences UTF8_VALID_PER_BAD to 1.

    Counted without a Python loop: ASCII bytes decode one to one, so every other character of the
    lenient decode is a valid multi-byte character or a replacement."""
    ascii_bytes = len(data) - len(data.translate(None, _ASCII))
    valid_multibyte = len(decoded.text) - ascii_bytes - decoded.replaced
    return decoded.replaced > 0 and valid_multibyte >= UTF8_VALID_PER_BAD * decoded.replaced


def _detected(data: bytes) -> DecodedText:
    """Rule 4. charset-normalizer's default threshold (20 % "chaos") rejects a short, honest CP932
    file full of ①②③ and ㎜; we only rank our three candidates, so nothing is rejected for noise,
    and bytes none of them decodes (random binary) still get no answer."""
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=list(DETECTED_ENCODINGS), threshold=1.0).best()
    if best is None:
        raise CatalogueFileError(_UNREADABLE)
    text = data.decode(best.encoding, errors="replace")
    return DecodedText(text, best.encoding, text.count(_REPLACEMENT))
