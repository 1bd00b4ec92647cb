"""Montrer sans danger ce qui vient d'un client : échappé, raccourci, décodé.

Un chemin, un en-tête, un corps ou un nom de champ a été choisi par le client :
il est montré tel qu'il a voyagé, jamais mis en forme par ``typography``, et
toujours :

- ``escape``       : un caractère de contrôle (retour à la ligne, séquence
  d'échappement de terminal ``\\x1b[…``, caractère qui inverse le sens du
  texte…) est montré sous la forme ``\\x1b`` au lieu d'être interprété : un
  client ne peut ni fabriquer de fausses lignes dans le journal, ni piloter le
  terminal ;
- ``shorten``      : un texte trop long est coupé, en disant combien il en manque ;
- ``shown_path``   : un chemin est montré décodé (« /Séance 1.txt »), avec sa forme
  brute à côté (« /S%C3%A9ance%201.txt »), comme les paramètres d'une adresse.

Le narrateur (``formatter.py``) et les explications (``explanations.py``) s'en servent.
"""

import re
import urllib.parse

from .french import number, say

MAX_VALUE_CHARS = 500   # caractères d'une valeur montrés au plus (le reste est résumé)

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


def shorten(text, limit):
    """Coupe un texte trop long et dit combien de caractères ont été omis."""
    if len(text) <= limit:
        return text
    return text[:limit] + say("… (%s caractères de plus)", number(len(text) - limit))


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
    return say("%s (reçu : %s)", escape(shorten(decoded, MAX_VALUE_CHARS)), raw)


def header_value(headers, wanted):
    """La valeur d'un en-tête (nom sans tenir compte de la casse), ou ``""``."""
    for name, value in headers:
        if name.lower() == wanted:
            return value
    return ""
