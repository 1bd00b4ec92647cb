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
Python 3.13. Le module ``email`` sait découper un ``multipart`` (le format est
celui des pièces jointes d'un courriel), mais certains corps lui coûtent des
secondes de calcul (des milliers de parties vides, des milliers de paramètres
« ; a=b » dans un en-tête) : les parties sont donc lues ici, en un seul
passage (``_decode_multipart``).
"""

import binascii
import encodings
import encodings.aliases
import html.parser
import json
import pkgutil
import re
from collections import namedtuple
from itertools import islice

from .events import Field
from .french import say

# Résultat du décodage : la forme reconnue, les champs, et un problème éventuel.
DecodedBody = namedtuple("DecodedBody", "format fields problem")

# Au-delà, on refuse de découper le corps (protection contre les abus).
MAX_FIELDS = 1000
MAX_BOUNDARY = 70          # caractères d'une limite « boundary » (RFC 2046)
MAX_PART_HEADERS = 50      # lignes d'en-tête lues par partie (un navigateur en met 2)
MAX_PARAMETERS = 20        # paramètres lus par en-tête (« ; name=… ; filename=… »)
MAX_CHARSET = 40           # caractères du nom d'un jeu de caractères (« iso-8859-15 »)
MAX_NUMBER = 100           # caractères d'un nombre JSON converti ; au-delà, gardé en texte

URLENCODED = "urlencoded"
MULTIPART = "multipart"
JSON = "json"
TEXT = "text"
EMPTY = "empty"
OTHER = "other"


def to_text(data):
    """Octets -> texte UTF-8 ; un octet invalide devient « � » au lieu de planter."""
    return data.decode("utf-8", errors="replace")


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


def media_type(content_type):
    """``"text/html; charset=utf-8"`` -> ``"text/html"`` (en minuscules)."""
    return content_type.split(";", 1)[0].strip().lower()


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
_ESCAPES = re.compile(r"((?:%[0-9A-Fa-f]{2})+)")   # une suite de %XX
_HEX = "0123456789abcdefABCDEF"
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
    pieces = _ESCAPES.split(text)   # texte, suite de %XX, texte, suite de %XX…
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


# -- multipart/form-data ----------------------------------------------------------
# Un corps multipart (RFC 7578), limite « XYZ » :
#
#     --XYZ\r\n
#     Content-Disposition: form-data; name="nom"\r\n
#     \r\n
#     Frédéric\r\n
#     --XYZ\r\n
#     Content-Disposition: form-data; name="piece"; filename="photo.png"\r\n
#     Content-Type: image/png\r\n
#     \r\n
#     (les octets du fichier)\r\n
#     --XYZ--\r\n
#
# Chaque partie commence par une ligne « --XYZ » et finit au saut de ligne qui
# précède la limite suivante ; « --XYZ-- » ferme le corps.

# Un paramètre d'en-tête : « ; nom=valeur » ou « ; nom="valeur \" entre guillemets" ».
# Une valeur entre guillemets non refermés va jusqu'au bout : jamais de retour arrière.
_PARAMETER = re.compile(r';[ \t]*([^\s;=]+)[ \t]*=[ \t]*("[^"\\]*(?:\\.[^"\\]*)*"?|[^;]*)',
                        re.DOTALL)
_MARK = "\udfff"   # un demi-caractère : aucun texte lu en UTF-8 (to_text) n'en contient
_NOT_NAME = re.compile("[^a-z0-9]+")
# Des codecs de Python qui ne sont pas des jeux de caractères : punycode et idna sont
# écrits en Python et lents (punycode : quadratique) ; les deux suivants lisent les
# « \\x41 » de Python, avec un avertissement pour chaque échappement inconnu.
_NOT_CHARSETS = {"punycode", "idna", "unicode_escape", "raw_unicode_escape"}
_charsets = None   # les noms de jeux de caractères connus (calculés une fois)


def header_parameters(value):
    """``'form-data; name="nom"; filename="a.txt"'`` -> ``{"name": "nom", "filename": "a.txt"}``.

    Les noms sont mis en minuscules ; au plus ``MAX_PARAMETERS`` paramètres."""
    found = {}
    for match in islice(_PARAMETER.finditer(value), MAX_PARAMETERS):
        name, text = match.group(1).lower(), match.group(2)
        if text.startswith('"'):
            text = text[1:-1] if text.endswith('"') and len(text) > 1 else text[1:]
            if "\\" in text:   # « \" » -> « " », « \\ » -> « \ » : en trois remplacements,
                # sans appel de fonction par échappement (500 000 « \" » restent rapides)
                text = (text.replace("\\\\", _MARK).replace("\\", "")
                        .replace(_MARK, "\\"))
        else:
            text = text.strip()
        found.setdefault(name, text)
    return found


def _known_charsets():
    """Les noms (normalisés) des jeux de caractères de Python : ses alias et ses modules."""
    global _charsets
    if _charsets is None:
        names = set(encodings.aliases.aliases)
        names.update(module.name for module in pkgutil.iter_modules(encodings.__path__))
        _charsets = frozenset(names - _NOT_CHARSETS)
    return _charsets


def decode_with_charset(data, charset):
    """Des octets lus avec le jeu de caractères annoncé (``charset``), sinon en UTF-8.

    On ne demande à Python que des noms qu'il connaît : chaque nom inconnu
    demandé resterait gardé en mémoire (``encodings._cache``), et un client
    pourrait en inventer des millions. Les codecs qui ne sont pas des jeux de
    caractères (punycode, lent, ou unicode_escape) sont écartés."""
    name = _NOT_NAME.sub("_", (charset or "")[:MAX_CHARSET + 1].lower()).strip("_")
    if len(name) <= MAX_CHARSET and name in _known_charsets():
        try:
            return data.decode(name, errors="replace")
        except (LookupError, UnicodeError, ValueError):   # « base64 », « undefined »…
            pass
    return to_text(data)


def _rfc2231_value(parameters, key):
    """La valeur de ``key`` (``"name"``, ``"filename"``), écrite selon la RFC 2231
    (``filename*=UTF-8''r%C3%A9sum%C3%A9.txt``, ou découpée en ``filename*0*=``,
    ``filename*1*=``…) si elle l'est, sinon telle quelle ; None si elle manque."""
    if key + "*" in parameters:
        charset, quote, rest = parameters[key + "*"].partition("'")
        if not quote:   # pas de « utf-8'' » devant : la valeur telle quelle
            return parameters[key + "*"]
        return decode_with_charset(_percent_bytes(rest.partition("'")[2]), charset)
    if key + "*0" not in parameters and key + "*0*" not in parameters:
        return parameters.get(key)
    pieces, charset = [], "utf-8"
    for number in range(MAX_PARAMETERS):
        if "%s*%d*" % (key, number) in parameters:
            text = parameters["%s*%d*" % (key, number)]
            if number == 0 and text.count("'") >= 2:
                charset, _, text = text.partition("'")
                text = text.partition("'")[2]
            pieces.append(_percent_bytes(text))
        elif "%s*%d" % (key, number) in parameters:
            pieces.append(parameters["%s*%d" % (key, number)].encode("utf-8", "replace"))
        else:
            break
    return decode_with_charset(b"".join(pieces), charset)


def _percent_bytes(text):
    """``"r%C3%A9sum%C3%A9"`` -> ``b"r\\xc3\\xa9sum\\xc3\\xa9"`` (sans « + » -> espace)."""
    pieces = _ESCAPES.split(text)
    pieces[1::2] = [binascii.unhexlify(run.replace("%", "")) for run in pieces[1::2]]
    pieces[0::2] = [piece.encode("utf-8", "replace") for piece in pieces[0::2]]
    return b"".join(pieces)


def _boundary_of(content_type):
    """La limite annoncée (octets) ; ou ``(None, problème)``."""
    boundary = header_parameters(content_type).get("boundary", "")
    if not boundary:
        return None, say("corps multipart mal formé : l'en-tête Content-Type ne donne pas "
                         "de limite « boundary »")
    if len(boundary) > MAX_BOUNDARY:
        return None, say("limite « boundary » de plus de %d caractères : corps non découpé",
                         MAX_BOUNDARY)
    try:   # l'en-tête a été lu en Latin-1 : on retrouve ainsi ses octets
        return boundary.encode("latin-1"), None
    except UnicodeEncodeError:
        return boundary.encode("utf-8", "replace"), None


def _decode_multipart(body, content_type):
    boundary, problem = _boundary_of(content_type)
    if boundary is None:
        return DecodedBody(MULTIPART, (), problem)
    parts, closed, too_many = _split_parts(body, boundary)
    if not parts:
        return DecodedBody(MULTIPART, (), say("corps multipart mal formé : aucune partie trouvée "
                                              "(la limite « boundary » est-elle la bonne ?)"))
    fields, complete = [], closed
    for raw in parts:
        item, whole = _multipart_field(raw)
        fields.append(item)
        complete = complete and whole
    if too_many:
        problem = say("plus de %d parties : les suivantes sont ignorées", MAX_FIELDS)
    elif not complete:
        problem = "corps multipart incomplet ou mal formé"
    return DecodedBody(MULTIPART, tuple(fields), problem)


def _split_parts(body, boundary):
    """Les parties d'un corps multipart (octets de chacune, en-têtes compris).

    Rend ``(parties, fermé, trop)`` : ``fermé`` si la limite de fin « --XYZ-- »
    est là, ``trop`` si le corps a plus de ``MAX_FIELDS`` parties (les suivantes
    ne sont pas découpées : ``split`` s'arrête après ``MAX_FIELDS + 1`` limites).
    """
    delimiter = b"\n--" + boundary   # une limite commence une ligne
    pieces = (b"\r\n" + body).split(delimiter, MAX_FIELDS + 1)
    capped = len(pieces) == MAX_FIELDS + 2
    last = len(pieces) - 1
    parts, current = [], None   # current : les morceaux de la partie en cours
    closed = too_many = False
    for index in range(1, len(pieces)):
        piece, rest = pieces[index], b""
        if piece.startswith(b"--"):   # « --XYZ-- » : fin du corps
            closed = True
        elif capped and index == last:
            too_many = True   # la partie MAX_FIELDS + 1 (et les suivantes)
        else:
            line, _, rest = piece.partition(b"\n")
            if line.strip(b" \t\r"):
                # « --XYZabc » n'est pas une limite : c'est la suite de la partie en cours.
                if current is not None:
                    current.extend((delimiter, piece))
                continue
        if current is not None:
            part = _without_last_cr(b"".join(current))
            if part:   # « --XYZ » suivi aussitôt d'une autre limite : rien à montrer
                parts.append(part)
            current = None
        if closed or too_many or (index == last and not rest):
            break   # (un corps coupé juste après « --XYZ » : pas de partie vide en plus)
        current = [rest]
    if current is not None:   # corps coupé avant la limite suivante
        parts.append(b"".join(current))
    return parts, closed, too_many


def _without_last_cr(data):
    # Le « \r » du saut de ligne qui précède la limite appartient à la limite.
    return data[:-1] if data.endswith(b"\r") else data


def _part_headers(raw):
    """``(en-têtes, contenu, entière)`` d'une partie : les en-têtes utiles (nom en
    minuscules -> valeur), au plus ``MAX_PART_HEADERS`` lignes lues ; ``entière``
    est faux si la ligne vide qui finit les en-têtes manque."""
    if raw.startswith(b"\r\n") or raw.startswith(b"\n"):
        head, content, whole = b"", raw[raw.index(b"\n") + 1:], True
    else:
        end, size = raw.find(b"\r\n\r\n"), 4
        bare = raw.find(b"\n\n", 0, end if end >= 0 else len(raw))
        if bare >= 0:
            end, size = bare, 2
        if end < 0:
            head, content, whole = raw, b"", False
        else:
            head, content, whole = raw[:end], raw[end + size:], True
    headers, last = {}, None
    for line in head.split(b"\n", MAX_PART_HEADERS)[:MAX_PART_HEADERS]:
        line = line.rstrip(b"\r")
        if line[:1] in (b" ", b"\t"):   # suite de l'en-tête précédent (pliage)
            if last is not None:
                headers[last] += " " + to_text(line.strip())
            continue
        name, colon, value = line.partition(b":")
        last = None
        if colon:
            name = to_text(name).strip().lower()
            if name in ("content-disposition", "content-type", "content-transfer-encoding") \
                    and name not in headers:
                headers[name], last = to_text(value).strip(), name
    return headers, content, whole


def _multipart_field(raw):
    """Une partie -> ``(champ, entière)``."""
    headers, content, whole = _part_headers(raw)
    disposition = header_parameters(headers.get("content-disposition", ""))
    name = _rfc2231_value(disposition, "name") or ""
    filename = _rfc2231_value(disposition, "filename")
    encoding = headers.get("content-transfer-encoding", "").lower()
    try:   # un navigateur n'en met jamais, mais un courriel (et curl) peut
        if encoding == "base64":
            content = binascii.a2b_base64(content)
        elif encoding == "quoted-printable":
            content = binascii.a2b_qp(content)
    except (binascii.Error, ValueError):
        pass   # on garde les octets tels qu'ils sont arrivés
    type_header = headers.get("content-type", "")
    if filename is not None:
        # Un fichier : on ne garde que son nom, sa taille et son type.
        kind = media_type(type_header)
        if kind.count("/") != 1:
            kind = "text/plain"   # le type par défaut d'une partie (RFC 7578)
        return field(name, "", filename, len(content), kind), whole
    charset = header_parameters(type_header).get("charset", "utf-8")
    return field(name, decode_with_charset(content, charset)), whole


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
