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

Le module ``cgi`` que l'on trouve dans de vieux tutoriels a disparu de
Python 3.13 : les parties d'un ``multipart/form-data`` sont lues ici avec le
module ``email`` de la bibliothèque standard (le format est le même que celui
des pièces jointes d'un courriel).
"""

import email.parser
import html.parser
import email.policy
import email.utils
import json
import urllib.parse
from collections import namedtuple

from .events import Field
from .french import say

# Résultat du décodage : la forme reconnue, les champs, et un problème éventuel.
DecodedBody = namedtuple("DecodedBody", "format fields problem")

# Au-delà, on refuse de découper le corps (protection contre les abus).
MAX_FIELDS = 1000

URLENCODED = "urlencoded"
MULTIPART = "multipart"
JSON = "json"
TEXT = "text"
EMPTY = "empty"
OTHER = "other"


def to_text(data):
    """Octets -> texte UTF-8 ; un octet invalide devient « � » au lieu de planter."""
    return data.decode("utf-8", errors="replace")


def media_type(content_type):
    """``"text/html; charset=utf-8"`` -> ``"text/html"`` (en minuscules)."""
    return content_type.split(";", 1)[0].strip().lower()


def decode_body(body, content_type):
    """Découpe ``body`` (octets) selon ``content_type`` (texte de l'en-tête)."""
    kind = media_type(content_type or "")
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
        fields.append(Field(urllib.parse.unquote_plus(name, errors="replace"),
                            urllib.parse.unquote_plus(value, errors="replace"), raw=piece))
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


def _decode_multipart(body, content_type):
    # On recolle l'en-tête Content-Type devant le corps : on obtient un
    # « message » au format des courriels, que le module email sait découper.
    head = ("Content-Type: %s\r\n\r\n" % content_type).encode("utf-8", errors="replace")
    try:
        message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + body)
        parts = message.get_payload() if message.is_multipart() else None
    except Exception as exc:  # le parseur ne devrait pas lever, mais un corps hostile…
        return DecodedBody(MULTIPART, (), "corps multipart illisible (%s)" % exc)
    if not isinstance(parts, list) or not parts:
        return DecodedBody(MULTIPART, (), say("corps multipart mal formé : aucune partie trouvée "
                                              "(la limite « boundary » est-elle la bonne ?)"))
    fields = []
    for part in parts[:MAX_FIELDS]:
        try:
            fields.append(_multipart_field(part))
        except Exception as exc:
            fields.append(Field("?", "partie illisible (%s)" % exc))
    problem = None
    if len(parts) > MAX_FIELDS:
        problem = say("plus de %d parties : les suivantes sont ignorées", MAX_FIELDS)
    elif message.defects or any(p.defects for p in parts if hasattr(p, "defects")):
        problem = "corps multipart incomplet ou mal formé"
    return DecodedBody(MULTIPART, tuple(fields), problem)


def _multipart_field(part):
    name = part.get_param("name", header="content-disposition") or ""
    if isinstance(name, tuple):  # nom encodé selon la RFC 2231
        name = email.utils.collapse_rfc2231_value(name)
    filename = part.get_filename()
    payload = part.get_payload(decode=True) or b""
    if filename is not None:
        # Un fichier : on ne garde que son nom, sa taille et son type.
        return Field(str(name), "", str(filename), len(payload), part.get_content_type())
    charset = part.get_content_charset() or "utf-8"
    try:
        value = payload.decode(charset, errors="replace")
    except LookupError:  # charset inconnu
        value = to_text(payload)
    return Field(str(name), value)


def _decode_json(body):
    try:
        data = json.loads(to_text(body))
    except (ValueError, RecursionError) as exc:
        return DecodedBody(JSON, (), "JSON invalide (%s)" % exc)
    if isinstance(data, dict):
        fields = [Field(str(key), value if isinstance(value, str)
                        else json.dumps(value, ensure_ascii=False))
                  for key, value in list(data.items())[:MAX_FIELDS]]
        return DecodedBody(JSON, tuple(fields), None)
    return DecodedBody(JSON, (Field("(valeur)", json.dumps(data, ensure_ascii=False)),), None)


def _decode_text_plain(body):
    # enctype="text/plain" : une ligne « nom=valeur » par champ, sans encodage.
    fields = []
    for line in to_text(body).splitlines()[:MAX_FIELDS]:
        if line:
            name, _, value = line.partition("=")
            fields.append(Field(name, value))
    return DecodedBody(TEXT, tuple(fields), None)
