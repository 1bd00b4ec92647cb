"""Montrer sans danger ce qui vient d'un client : échappé, raccourci, décodé.

Un chemin, un en-tête, un corps ou un nom de champ a été choisi par le client :
il est montré tel qu'il a voyagé, jamais mis en forme par ``typography``, et
toujours :

- ``escape``       : un caractère de contrôle (retour à la ligne, séquence
  d'échappement de terminal ``\\x1b[…``, caractère qui inverse le sens du
  texte…) est montré sous la forme ``\\x1b`` au lieu d'être interprété : un
  client ne peut ni fabriquer de fausses lignes dans le journal, ni piloter le
  terminal ;
- ``shorten``      : un texte trop long est coupé, en disant combien il en manque,
  y compris ce que l'événement n'a pas gardé (``events.Clipped``) : le compte est
  celui de ce que le client a envoyé ;
- ``shown``        : les deux à la fois, ``escape(shorten(…))`` ;
- ``shown_path``   : un chemin est montré décodé (« /Séance 1.txt »), avec sa forme
  brute à côté (« /S%C3%A9ance%201.txt »), comme les paramètres d'une adresse.

Le narrateur (``formatter.py``) et les explications (``explanations.py``) s'en servent.
"""

import re
import urllib.parse

from .events import cut_point, missing, true_length
from .french import bytes_text, number, say

MAX_VALUE_CHARS = 500   # caractères d'une valeur montrés au plus (le reste est résumé)
MAX_NAME_CHARS = 100    # caractères d'un nom (en-tête, champ, fichier, type) montrés au plus

# Caractères de contrôle (C0, DEL, C1), séparateurs de ligne Unicode,
# caractères invisibles et de direction du texte, moitiés de paires UTF-16.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e"
                     "\u2060-\u206f\ufeff\ufff9-\ufffb\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def escape(text):
    """Rend visible tout caractère de contrôle : ``"a\\nb"`` -> ``"a\\\\nb"``."""
    if not _UNSAFE.search(text):
        return text  # cas le plus courant : rien à faire, et c'est rapide
    return _UNSAFE.sub(_escape_char, text)


def _escape_char(match):
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return "\\x%02x" % code if code < 0x100 else "\\u%04x" % code


def shorten(text, limit, cut=None):
    """Coupe un texte trop long et dit combien de caractères ont été omis.

    Le compte est celui de ce que le client a envoyé : il ajoute ce que l'événement
    n'a pas gardé (``cut``, par défaut ``missing(text)`` : rien pour un texte
    ordinaire, ``Clipped.missing`` pour un texte déjà coupé par ``events.bound``)."""
    if cut is None:
        cut = missing(text)
    if len(text) <= limit and not cut:
        return text
    return text[:limit] + say("… (%s caractères de plus)",
                              number(max(len(text) - limit, 0) + cut))


def shown(text, limit=MAX_VALUE_CHARS):
    """Un texte venu d'un client, prêt à montrer : échappé, au plus ``limit``
    caractères une fois échappé (un caractère de contrôle en prend 2 à 6), suivi de
    combien de caractères le client a envoyés de plus (voir ``shorten``)."""
    part = text[:limit]
    safe = escape(part)
    if len(safe) > limit:
        part = _fitting(part, limit)
        safe = escape(part)
    cut = len(text) - len(part) + missing(text)
    if cut:
        safe += say("… (%s caractères de plus)", number(cut))
    return safe


def shown_bytes(data, limit):
    """Le début d'octets venus d'un client (un corps), en texte UTF-8 (« � » pour un
    octet invalide), prêt à montrer : au plus ``limit`` octets et ``limit`` caractères
    une fois échappé, jamais un caractère coupé en deux, suivi de combien d'octets le
    client a envoyés de plus (``events.ClippedBytes.missing`` compris)."""
    part = data[:cut_point(data, limit)]
    safe = escape(part.decode("utf-8", errors="replace"))
    if len(safe) > limit:
        # Des caractères de contrôle : on garde ce qui tient, compté en octets exacts.
        text = _fitting(part.decode("utf-8", errors="surrogateescape"), limit)
        part = text.encode("utf-8", errors="surrogateescape")
        safe = escape(part.decode("utf-8", errors="replace"))
    rest = true_length(data) - len(part)
    if rest > 0:
        safe += say("… (%s de plus)", bytes_text(rest))
    return safe


def _fitting(text, width):
    """Le plus long début de ``text`` qui tient en ``width`` caractères une fois échappé."""
    used = start = 0
    for match in _UNSAFE.finditer(text):
        if used + match.start() - start >= width:
            break
        used += match.start() - start
        size = len(_escape_char(match))
        if used + size > width:
            return text[:match.start()]
        used += size
        start = match.end()
    return text[:start + width - used]


def decoded_path(path):
    """``"/S%C3%A9ance%201.txt?x=%C3%A9"`` -> ``"/Séance 1.txt?x=%C3%A9"`` : le chemin
    décodé (les paramètres, eux, sont décodés un par un à part)."""
    base, mark, query = path.partition("?")
    return urllib.parse.unquote(base, errors="replace") + mark + query


def shown_path(path):
    """Le chemin à montrer : décodé, suivi de sa forme brute s'il en diffère
    (« /Séance 1.txt (reçu : /S%C3%A9ance%201.txt) »), échappé, raccourci."""
    raw = escape(shorten(path, MAX_VALUE_CHARS))
    decoded = decoded_path(path)
    if decoded == path:
        return raw
    return say("%s (reçu : %s)", escape(shorten(decoded, MAX_VALUE_CHARS, missing(path))), raw)


def header_value(headers, wanted):
    """La valeur d'un en-tête (nom sans tenir compte de la casse), ou ``""``."""
    for name, value in headers:
        if name.lower() == wanted:
            return value
    return ""
