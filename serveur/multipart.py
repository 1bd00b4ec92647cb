"""Lire un corps ``multipart/form-data`` : le formulaire qui envoie aussi des fichiers.

Un formulaire ``<form method="post" enctype="multipart/form-data">`` met chaque
champ dans sa propre *partie* : quelques lignes d'en-tête, une ligne vide, puis
le contenu. Les parties sont séparées par une *limite* (« boundary ») que
l'en-tête ``Content-Type`` de la requête annonce (le schéma est plus bas).

``decode_multipart`` lit ces parties en un seul passage. De chacune, il tire un
champ : son nom (l'en-tête ``Content-Disposition``, y compris la forme
``filename*=UTF-8''r%C3%A9sum%C3%A9.txt`` de la RFC 2231), sa valeur lue dans le
jeu de caractères annoncé (``charset``, sinon UTF-8) ; pour un fichier, seulement
son nom, sa taille et son type : son contenu n'est ni gardé ni écrit sur le disque.
Un contenu en ``base64`` ou en ``quoted-printable`` (``Content-Transfer-Encoding`` :
un navigateur n'en met jamais, curl ou un courriel peuvent) est décodé.

C'est ``serveur/body.py`` qui l'appelle (``decode_body``) et qui fait les champs.
Ce module-ci ne dépend pas de lui ; les petits outils qu'ils partagent sont donc
ici : ``to_text``, ``media_type``, ``ESCAPES``.

Pourquoi pas le module ``email`` ? Il sait découper un ``multipart`` (le format
est celui des pièces jointes d'un courriel), mais certains corps lui coûtent des
secondes de calcul : des milliers de parties vides, des milliers de paramètres
« ; a=b » dans un en-tête. (Le module ``cgi`` des vieux tutoriels, lui, a disparu
de Python 3.13.)

Ses bornes, comptées *avant* de découper : au plus ``max_parts`` parties
(``MAX_FIELDS`` de ``body.py`` ; les suivantes sont ignorées, et c'est dit), une
limite d'au plus ``MAX_BOUNDARY`` caractères, ``MAX_PART_HEADERS`` lignes
d'en-tête et ``MAX_PARAMETERS`` paramètres par en-tête, un nom de jeu de
caractères d'au plus ``MAX_CHARSET`` caractères et connu de Python. Le travail sur
chaque octet est fait par des fonctions de la bibliothèque standard écrites en C
(``split``, ``find``, expressions régulières sans retour arrière) : un corps
hostile de 1 Mio se lit en quelques centièmes de seconde (``bench/corps.py``).
"""

import binascii
import encodings
import encodings.aliases
import pkgutil
import re
from itertools import islice

from .french import say

# Au-delà, on refuse de découper (protection contre les abus).
MAX_BOUNDARY = 70          # caractères d'une limite « boundary » (RFC 2046)
MAX_PART_HEADERS = 50      # lignes d'en-tête lues par partie (un navigateur en met 2)
MAX_PARAMETERS = 20        # paramètres lus par en-tête (« ; name=… ; filename=… »)
MAX_CHARSET = 40           # caractères du nom d'un jeu de caractères (« iso-8859-15 »)


# -- lire des octets et des en-têtes -----------------------------------------------
ESCAPES = re.compile(r"((?:%[0-9A-Fa-f]{2})+)")   # une suite de %XX


def to_text(data):
    """Octets -> texte UTF-8 ; un octet invalide devient « � » au lieu de planter."""
    return data.decode("utf-8", errors="replace")


def media_type(content_type):
    """``"text/html; charset=utf-8"`` -> ``"text/html"`` (en minuscules)."""
    return content_type.split(";", 1)[0].strip().lower()


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
    pieces = ESCAPES.split(text)
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


def decode_multipart(body, content_type, max_parts):
    """Les parties de ``body`` (octets), découpées à la limite que donne ``content_type``
    (le texte de l'en-tête), au plus ``max_parts``. Rend ``(parties, problème)`` ;
    chaque partie est rendue comme les arguments d'un champ (``body.field``) :
    ``(nom, valeur)``, ou ``(nom, "", nom du fichier, taille, type)`` pour un fichier."""
    boundary, problem = _boundary_of(content_type)
    if boundary is None:
        return (), problem
    parts, closed, too_many = _split_parts(body, boundary, max_parts)
    if not parts:
        return (), say("corps multipart mal formé : aucune partie trouvée "
                       "(la limite « boundary » est-elle la bonne ?)")
    fields, complete = [], closed
    for raw in parts:
        item, whole = _multipart_field(raw)
        fields.append(item)
        complete = complete and whole
    if too_many:
        problem = say("plus de %d parties : les suivantes sont ignorées", max_parts)
    elif not complete:
        problem = "corps multipart incomplet ou mal formé"
    return tuple(fields), problem


def _split_parts(body, boundary, max_parts):
    """Les parties d'un corps multipart (octets de chacune, en-têtes compris).

    Rend ``(parties, fermé, trop)`` : ``fermé`` si la limite de fin « --XYZ-- »
    est là, ``trop`` si le corps a plus de ``max_parts`` parties (les suivantes
    ne sont pas découpées : ``split`` s'arrête après ``max_parts + 1`` limites).
    """
    delimiter = b"\n--" + boundary   # une limite commence une ligne
    pieces = (b"\r\n" + body).split(delimiter, max_parts + 1)
    capped = len(pieces) == max_parts + 2
    last = len(pieces) - 1
    parts, current = [], None   # current : les morceaux de la partie en cours
    closed = too_many = False
    for index in range(1, len(pieces)):
        piece, rest = pieces[index], b""
        if piece.startswith(b"--"):   # « --XYZ-- » : fin du corps
            closed = True
        elif capped and index == last:
            too_many = True   # la partie max_parts + 1 (et les suivantes)
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
    """Une partie -> ``(champ, entière)`` ; le champ : les arguments de ``body.field``."""
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
        return (name, "", filename, len(content), kind), whole
    charset = header_parameters(type_header).get("charset", "utf-8")
    return (name, decode_with_charset(content, charset)), whole

