"""Décoder le corps d'une requête POST en champs lisibles.

Un navigateur qui envoie un formulaire met les données dans le *corps* de la
requête, sous une forme qui dépend de l'attribut ``enctype`` du formulaire,
annoncée par l'en-tête ``Content-Type`` :

==========================================  ===================================
``Content-Type``                            allure du corps
==========================================  ===================================
``application/x-www-form-urlencoded``       ``nom=Fr%C3%A9d%C3%A9ric&age=16``
``multipart/form-data; boundary=XYZ``       des parties séparées par ``--XYZ``
``application/json``                        ``{"nom": "Frédéric"}``
``text/plain``                              ``nom=Frédéric`` (une ligne par champ)
==========================================  ===================================

``decode_body`` reconnaît ces quatre formes et rend la liste des champs.
Il ne lève jamais d'exception : des octets qui ne sont pas de l'UTF-8
deviennent des caractères de remplacement (�) et un corps mal formé est
décrit dans ``DecodedBody.problem``. Rien n'est écrit sur le disque.

Tout ce qui sort d'ici peut être montré et renvoyé au client : chaque texte
d'un champ (nom, valeur, nom de fichier, type) passe par ``clean_text`` à la
création du champ (``field``), qui remplace les « demi-caractères » isolés
(voir plus bas) par « � ».

Un corps hostile ne coûte pas cher : quelle que soit sa forme, un corps de
1 Mio se décode en quelques centièmes de seconde (``bench/corps.py``). Pour
cela, chaque boucle est bornée *avant* de découper (``MAX_FIELDS`` champs ou
parties, quelques en-têtes et paramètres par partie) et le travail sur chaque
octet est fait par des fonctions de la bibliothèque standard écrites en C
(``split``, ``find``, expressions régulières sans retour arrière).

Le module ``cgi`` que l'on trouve dans de vieux tutoriels a disparu de
Python 3.13. Les parties d'un ``multipart`` sont lues en un seul passage par
``serveur/multipart.py`` (qui dit pourquoi pas avec le module ``email``) ; ce
module-ci en fait les champs.
"""

import binascii
import html.parser
import json
import re
from collections import namedtuple
from itertools import islice

from .events import Field
from .french import say
from .multipart import (ESCAPES, MAX_BOUNDARY, MAX_CHARSET, MAX_PARAMETERS,  # noqa: F401
                        MAX_PART_HEADERS, decode_multipart, media_type, to_text)

# Résultat du décodage : la forme reconnue, les champs, et un problème éventuel.
DecodedBody = namedtuple("DecodedBody", "format fields problem")

# Au-delà, on refuse de découper le corps (protection contre les abus).
MAX_FIELDS = 1000          # champs, parties ou lignes (les autres bornes : multipart.py)
MAX_NUMBER = 100           # caractères d'un nombre JSON converti ; au-delà, gardé en texte

URLENCODED = "urlencoded"
MULTIPART = "multipart"
JSON = "json"
TEXT = "text"
EMPTY = "empty"
OTHER = "other"


# -- des textes que l'on peut toujours montrer ----------------------------------
# Un texte Python peut contenir un « demi-caractère » (surrogate, U+D800 à U+DFFF) :
# JSON l'écrit « \ud800 », l'UTF-7 « +2AA- ». Il ne s'écrit pas en UTF-8 (la page de
# confirmation ne pourrait pas partir) et Tk ne sait pas l'afficher.
_SURROGATE = re.compile("[\ud800-\udfff]")


def clean_text(text):
    """Le texte sans demi-caractère isolé : chacun devient « � » (U+FFFD).

    Deux moitiés qui vont ensemble (« \\ud83d\\ude00 ») redeviennent le caractère
    entier (😀). Ce qui n'est pas un texte (None, un nombre) est rendu tel quel."""
    if not isinstance(text, str) or not _SURROGATE.search(text):
        return text
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def field(name, value, filename=None, size=None, content_type=None, raw=None):
    """Un champ décodé : le seul endroit où ce module crée un ``Field``, chaque texte
    passé par ``clean_text``."""
    return Field(clean_text(name), clean_text(value), clean_text(filename), size,
                 clean_text(content_type), clean_text(raw))


def decode_body(body, content_type):
    """Découpe ``body`` (octets) selon ``content_type`` (texte de l'en-tête)."""
    kind = media_type(content_type or "")
    try:
        decoded = _decode(body, kind, content_type or "")
    except Exception as exc:   # filet de sécurité : une erreur ici est un défaut à corriger
        decoded = DecodedBody(OTHER, (), say("corps illisible : erreur inattendue du décodage "
                                             "(%s)", type(exc).__name__))
    return DecodedBody(decoded.format, decoded.fields, clean_text(decoded.problem))


def _decode(body, kind, content_type):
    if not body:
        return DecodedBody(EMPTY, (), None)
    if kind == "application/x-www-form-urlencoded":
        return _decode_urlencoded(body)
    if kind == "multipart/form-data":
        return _decode_multipart(body, content_type)
    if kind == "application/json" or kind.endswith("+json"):
        return _decode_json(body)
    if kind == "text/plain":
        return _decode_text_plain(body)
    if not kind and b"=" in body and b"\n" not in body:
        # Pas de Content-Type, mais cela ressemble à un formulaire classique.
        return _decode_urlencoded(body)
    return DecodedBody(OTHER, (), None)


# -- application/x-www-form-urlencoded (et l'adresse d'un GET) -------------------
_HEX = "0123456789abcdefABCDEF"   # (ESCAPES, une suite de %XX : multipart.py)
# Un %XX seul, le cas le plus fréquent : son caractère tout prêt (un octet au-delà
# de 127, seul, n'est pas de l'UTF-8 : « � »).
_ONE_ESCAPE = {"%" + a + b: (chr(int(a + b, 16)) if int(a + b, 16) < 128 else "\ufffd")
               for a in _HEX for b in _HEX}


def _unescape_run(run):
    """``"%C3%A9"`` -> ``"é"`` : une suite de %XX, octets lus comme de l'UTF-8."""
    return binascii.unhexlify(run.replace("%", "")).decode("utf-8", errors="replace")


def unquote_plus(text):
    """Comme ``urllib.parse.unquote_plus`` (« + » -> espace, %XX -> octet, UTF-8),
    mais en temps linéaire même pour 300 000 « % » : chaque suite de %XX est
    convertie d'un coup, et un « % » qui n'est pas suivi de deux chiffres
    hexadécimaux reste tel quel, sans traitement."""
    text = text.replace("+", " ")
    if "%" not in text:
        return text
    pieces = ESCAPES.split(text)   # texte, suite de %XX, texte, suite de %XX…
    pieces[1::2] = [_ONE_ESCAPE.get(run) or _unescape_run(run) for run in pieces[1::2]]
    return "".join(pieces)


def decode_pairs(text):
    """``"nom=Fran%C3%A7ois&ville=Lyon"`` -> champs décodés, chacun avec sa forme brute.

    C'est le format des formulaires classiques, dans le corps d'un POST comme
    dans l'adresse d'un GET (après le « ? ») : les paires sont séparées par
    « & », le nom et la valeur par « = », « + » remplace une espace et %XX
    code un octet (ici de l'UTF-8). Rend ``(champs, problème)``.
    """
    pieces = [piece for piece in text.split("&") if piece]
    if len(pieces) > MAX_FIELDS:
        return (), say("plus de %d champs : données non découpées", MAX_FIELDS)
    fields = []
    for piece in pieces:
        name, _, value = piece.partition("=")
        fields.append(field(unquote_plus(name), unquote_plus(value), raw=piece))
    return tuple(fields), None


def url_path(path):
    """``"/page.html?nom=Zoé#haut"`` -> ``"/page.html"`` : le chemin seul."""
    return path.split("?", 1)[0].split("#", 1)[0]


def decode_query(path):
    """Les paramètres de l'adresse (``/recherche?ville=Lyon`` -> ville = Lyon)."""
    query = path.partition("?")[2].partition("#")[0]
    return decode_pairs(query)[0]


def _decode_urlencoded(body):
    fields, problem = decode_pairs(to_text(body))
    return DecodedBody(URLENCODED, fields, problem)


def password_fields(page):
    """Les noms des champs ``<input type="password">`` d'une page HTML (texte)."""
    finder = _PasswordFinder()
    try:
        finder.feed(page)
        finder.close()
    except Exception:   # page mal formée : on garde ce qui a été trouvé
        pass
    return tuple(finder.names)


class _PasswordFinder(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.names = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "input" and (attributes.get("type") or "").lower() == "password":
            if attributes.get("name"):
                self.names.append(attributes["name"])


# -- multipart/form-data (découpé par multipart.py) ----------------------------------
def _decode_multipart(body, content_type):
    parts, problem = decode_multipart(body, content_type, MAX_FIELDS)
    return DecodedBody(MULTIPART, tuple(field(*part) for part in parts), problem)


# -- application/json -------------------------------------------------------------
def _number(convert):
    """Un nombre JSON converti par ``convert`` (int, float), sauf s'il a plus de
    ``MAX_NUMBER`` caractères : il reste alors le texte reçu (convertir un entier d'un
    million de chiffres prend des secondes, ou est refusé par Python 3.11 et suivants).
    Seul, il s'affiche tel quel ; dans une liste, entre guillemets comme un texte."""
    return lambda text: convert(text) if len(text) <= MAX_NUMBER else text


_INT, _FLOAT = _number(int), _number(float)


def _decode_json(body):
    try:
        data = json.loads(to_text(body), parse_int=_INT, parse_float=_FLOAT)
    except RecursionError:
        return DecodedBody(JSON, (), "JSON invalide (trop d'imbrications)")
    except ValueError as exc:
        return DecodedBody(JSON, (), "JSON invalide (%s)" % exc)
    try:
        if isinstance(data, dict):
            fields = tuple(field(key, value if isinstance(value, str) else _json_text(value))
                           for key, value in islice(data.items(), MAX_FIELDS))
            problem = None
            if len(data) > MAX_FIELDS:
                problem = say("plus de %d clés : les suivantes sont ignorées", MAX_FIELDS)
            return DecodedBody(JSON, fields, problem)
        return DecodedBody(JSON, (field("(valeur)", _json_text(data)),), None)
    except RecursionError:   # relire une imbrication profonde, plus bas dans la pile
        return DecodedBody(JSON, (), "JSON invalide (trop d'imbrications)")


def _json_text(value):
    return json.dumps(value, ensure_ascii=False)


# -- text/plain -------------------------------------------------------------------
def _decode_text_plain(body):
    # enctype="text/plain" : une ligne « nom=valeur » par champ, sans encodage.
    lines = [line for line in to_text(body).splitlines() if line]
    fields = []
    for line in lines[:MAX_FIELDS]:
        name, _, value = line.partition("=")
        fields.append(field(name, value))
    problem = None
    if len(lines) > MAX_FIELDS:
        problem = say("plus de %d lignes : les suivantes sont ignorées", MAX_FIELDS)
    return DecodedBody(TEXT, tuple(fields), problem)
