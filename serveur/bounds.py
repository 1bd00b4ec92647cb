"""Les bornes d'un événement : il reste petit, quoi qu'envoie un client.

Un ``Event`` (``serveur/events.py``) ne garde de ce qu'envoie un client que le
début, de quoi raconter : ``bound`` coupe chaque texte venu de lui (méthode,
chemin, en-têtes, corps, champs, citations) aux bornes ``MAX_*`` ci-dessous,
*avant* que l'événement soit créé. Une requête ordinaire n'est que mesurée :
ce qui est assez court reste le même objet, rien n'est copié.

Ce qui a été coupé le sait, pour que le narrateur dise ce que le client a
vraiment envoyé : un texte coupé est un ``Clipped`` (des octets, un
``ClippedBytes``) qui retient combien il en manque (``missing``,
``true_length``) ; une suite d'en-têtes ou de champs écourtée finit par une
entrée ``Omitted`` qui dit combien n'ont pas été gardées (``omitted``, ``kept``,
``received``).

``weight`` donne le poids approximatif d'un événement en octets (au pire
``MAX_EVENT_WEIGHT``) : les files d'attente (la boîte aux lettres de la fenêtre,
le terminal) se bornent en octets autant qu'en nombre, chaque événement en
attente coûtant ``WAITING_OVERHEAD`` de plus.

``events.py`` importe ce module et redonne tous ses noms (``from
serveur.events import bound`` marche toujours). Ce module-ci ne cherche donc
``Event`` et ``Field`` qu'au moment de s'en servir : les importer en se
chargeant ferait une importation circulaire.
"""

import sys
from itertools import chain

# -- un événement borné, quoi qu'envoie un client ------------------------------------
# La bibliothèque standard accepte une ligne de requête et chaque ligne d'en-tête
# jusqu'à 64 Ko, 100 en-têtes, et ce serveur un corps de 1 Mo. Un événement n'en garde
# que le début, de quoi raconter : ces bornes-ci.
MAX_METHOD = 40            # caractères d'une méthode (« PROPFIND » en a 8)
MAX_VERSION = 40           # caractères d'une version (« HTTP/1.1 » en a 8)
MAX_NAME = 200             # caractères d'un nom : en-tête, champ, fichier envoyé, type de contenu
MAX_TEXT = 2000            # caractères d'un texte : chemin, valeur d'en-tête ou de champ, forme
                           # brute d'un champ, citation du client dans ``values``, ``detail``
MAX_ENTRIES = 100          # en-têtes (ou champs) d'un événement, au plus (la bibliothèque
                           # standard refuse déjà plus de 100 en-têtes)
MAX_ENTRIES_CHARS = 16384  # caractères de tous les en-têtes (ou de tous les champs) d'un
                           # événement : au-delà, une seule entrée ``Omitted`` dit combien manquent
MAX_BODY = 8192            # octets du corps de la requête (et du début de la réponse) gardés
MAX_HEAD = 32768           # octets bruts de l'en-tête de la requête (ou de la réponse) gardés :
                           # le plafond de l'en-tête que le serveur accepte (``wire.py``)

# Le poids d'un événement borné (``weight``), au pire : chaque texte au plus long, chaque
# suite d'en-têtes et de champs à sa borne, cinq citations du client dans ``values``.
# Mesuré (tests/test_events.py) : environ 290 Ko quand les textes sont latins (un octet par
# caractère), environ 375 Ko quand les champs, le chemin et les citations sont des émojis
# (4 octets par caractère), les deux en-têtes bruts compris (2 × 32 Kio). Une requête
# ordinaire de navigateur : 5 à 7 Ko.
MAX_EVENT_WEIGHT = 384 * 1024
EVENT_OVERHEAD = 500       # octets d'un ``Event`` vide (l'objet et ses attributs), mesurés
WAITING_OVERHEAD = 100     # octets d'un événement dans une file d'attente, en plus de son poids
                           # (le n-uplet (événement, poids), le nombre, la case de la file)


class Clipped(str):
    """Un texte coupé par ``clip`` : ``missing`` caractères envoyés par le client
    n'ont pas été gardés. Il s'utilise comme n'importe quel texte (un morceau ou une
    copie redeviennent un ``str`` ordinaire)."""

    missing = 0


class ClippedBytes(bytes):
    """Des octets coupés par ``clip`` : ``missing`` octets n'ont pas été gardés."""

    missing = 0


class Omitted(str):
    """Le nom de la dernière entrée d'une suite d'en-têtes (ou de champs) écourtée :
    elle remplace ``count`` entrées non gardées. Son texte est « … » ; un client ne
    peut pas en fabriquer une (c'est le type qui compte, pas le texte)."""

    count = 0


def clip(value, limit):
    """``value`` (texte ou octets) si sa longueur est au plus ``limit`` ; sinon son
    début, de type ``Clipped`` ou ``ClippedBytes``, qui retient combien il en manque.
    Des octets sont coupés entre deux caractères UTF-8, jamais au milieu d'un."""
    size = len(value)
    if size <= limit:
        return value
    before = getattr(value, "missing", 0)
    if isinstance(value, str):
        part = Clipped(value[:limit])
    else:
        part = ClippedBytes(value[:cut_point(value, limit)])
    part.missing = before + size - len(part)
    return part


def cut_point(data, limit):
    """Où couper les octets ``data`` pour en garder au plus ``limit`` sans couper un
    caractère UTF-8 en deux (à la borne même si ``data`` n'est pas de l'UTF-8)."""
    if limit >= len(data):
        return len(data)
    end = limit
    # Un caractère a au plus 3 octets de suite (0b10xxxxxx) : on recule jusqu'à son début.
    while end > max(limit - 3, 0) and 0x80 <= data[end] < 0xC0:
        end -= 1
    return limit if 0x80 <= data[end] < 0xC0 else end


def same_cut(original, value):
    """``value``, tiré de ``original`` (par exemple le même texte, un mot de passe
    masqué), avec le même ``missing`` : ce qui manquait à l'un manque à l'autre."""
    cut = getattr(original, "missing", 0)
    if not cut or getattr(value, "missing", 0) == cut:
        return value
    part = Clipped(value) if isinstance(value, str) else ClippedBytes(value)
    part.missing = cut
    return part


def missing(value):
    """Combien de caractères (ou d'octets) de ``value`` n'ont pas été gardés."""
    return getattr(value, "missing", 0)


def true_length(value):
    """La longueur de ce que le client a envoyé : ``len(value)`` et ce qui a été coupé."""
    return len(value) + getattr(value, "missing", 0)


def omitted(entries):
    """Combien d'entrées (en-têtes, champs) remplace la dernière de ``entries`` (0 si
    la suite est complète)."""
    if entries:
        name = entries[-1][0]
        if type(name) is Omitted:
            return name.count
    return 0


def kept(entries):
    """``entries`` sans l'entrée ``Omitted`` finale."""
    return entries[:-1] if omitted(entries) else entries


def received(entries):
    """Le nombre d'entrées envoyées par le client (gardées ou non)."""
    count = omitted(entries)
    return len(entries) - 1 + count if count else len(entries)


_TEXTS = (("method", MAX_METHOD), ("path", MAX_TEXT), ("version", MAX_VERSION),
          ("detail", MAX_TEXT))
_DATA = (("body", MAX_BODY), ("reply_body", MAX_BODY), ("request_head", MAX_HEAD),
         ("reply_head", MAX_HEAD))
_PAIRS = ("headers", "reply_headers")


def bound(fields):
    """Borne ce qui vient d'un client dans ``fields``, les champs d'un ``Event`` à
    créer (``Event(kind, **bound(fields))``), et rend ce même dictionnaire.

    Chaque texte trop long devient ``Clipped``, chaque corps trop long
    ``ClippedBytes`` ; au-delà de ``MAX_ENTRIES`` en-têtes ou champs, ou de
    ``MAX_ENTRIES_CHARS`` caractères pour eux tous, les suivants sont remplacés par
    une seule entrée ``Omitted``. Ce qui est assez court reste le même objet : une
    requête ordinaire ne coûte que quelques mesures de longueur. ``clipped`` compte
    les objets coupés (chacun pèse un peu plus, voir ``weight``)."""
    cut = []   # les objets coupés
    for key, limit in _TEXTS:
        value = fields.get(key)
        if value is not None and len(value) > limit:
            fields[key] = _clip(value, limit, cut)
    for key, limit in _DATA:
        value = fields.get(key)
        if value is not None and len(value) > limit:
            fields[key] = _clip(bytes(value), limit, cut)
    for key in _PAIRS:
        value = fields.get(key)
        if value:
            fields[key] = _bound_pairs(value, cut)
    value = fields.get("fields")
    if value:
        fields["fields"] = _bound_fields(value, cut)
    value = fields.get("values")
    if value:
        fields["values"] = _bound_values(value, cut)
    if cut:
        fields["clipped"] = fields.get("clipped", 0) + len(cut)
    return fields


def _clip(value, limit, cut):
    """``clip``, en notant dans ``cut`` un objet coupé."""
    if len(value) <= limit:
        return value
    value = clip(value, limit)
    cut.append(None)
    return value


def _bound_pairs(pairs, cut):
    """Des en-têtes ``(nom, valeur)`` bornés (voir ``bound``)."""
    if len(pairs) <= MAX_ENTRIES:
        try:
            total = 0
            for name, value in pairs:
                if len(name) > MAX_NAME or len(value) > MAX_TEXT:
                    break
                total += len(name) + len(value)
            else:
                if total <= MAX_ENTRIES_CHARS:
                    return pairs if type(pairs) is tuple else tuple(pairs)
        except (TypeError, ValueError):
            pass   # une entrée qui n'est pas une paire de textes : voir plus bas
    result, total = [], 0
    for entry in pairs:
        if len(result) == MAX_ENTRIES:
            break
        name, value = _texts_of(entry)
        name, value = _clip(name, MAX_NAME, cut), _clip(value, MAX_TEXT, cut)
        total += len(name) + len(value)
        if total > MAX_ENTRIES_CHARS:
            break
        result.append((name, value))
    if len(result) < len(pairs):
        result.append((_marker(len(pairs) - len(result), cut), ""))
    return tuple(result)


def _texts_of(entry):
    try:
        name, value = entry
    except (TypeError, ValueError):
        name, value = entry, ""
    return (name if isinstance(name, str) else str(name),
            value if isinstance(value, str) else str(value))


def _marker(count, cut):
    name = Omitted("…")
    name.count = count
    cut.append(None)
    return name


# Borne de chaque attribut d'un ``Field`` (``size`` est un nombre : pas de borne).
_FIELD_LIMITS = (MAX_NAME, MAX_TEXT, MAX_NAME, None, MAX_NAME, MAX_TEXT)


def _bound_fields(fields, cut):
    """Des champs ``Field`` bornés (voir ``bound``)."""
    if len(fields) <= MAX_ENTRIES:
        try:
            total = 0
            for name, value, filename, _, content_type, raw in fields:
                sizes = (len(name), len(value or ""), len(filename or ""),
                         len(content_type or ""), len(raw or ""))
                if sizes[0] > MAX_NAME or sizes[1] > MAX_TEXT or sizes[2] > MAX_NAME or \
                        sizes[3] > MAX_NAME or sizes[4] > MAX_TEXT:
                    break
                total += sum(sizes)
            else:
                if total <= MAX_ENTRIES_CHARS:
                    return fields if type(fields) is tuple else tuple(fields)
        except (TypeError, ValueError):
            pass
    from .events import Field   # ici seulement : events importe ce module (voir le début)
    result, total = [], 0
    for item in fields:
        if len(result) == MAX_ENTRIES:
            break
        item = Field(*(_clip(value, limit, cut) if limit and isinstance(value, (str, bytes))
                       else value for value, limit in zip(item, _FIELD_LIMITS)))
        total += sum(len(value) for value in item if isinstance(value, str))
        if total > MAX_ENTRIES_CHARS:
            break
        result.append(item)
    if len(result) < len(fields):
        result.append(Field(_marker(len(fields) - len(result), cut), ""))
    return tuple(result)


def _bound_values(values, cut):
    """Les valeurs d'un fait : chaque texte au plus ``MAX_TEXT``, chaque suite d'octets (ceux
    d'une connexion chiffrée tels qu'un espion les voit, ``secure.py``) au plus ``MAX_BODY``."""
    for _, value in values:
        if isinstance(value, (str, bytes)) and len(value) > _value_limit(value):
            break
    else:
        return values
    return tuple((name, _clip(value, _value_limit(value), cut)
                  if isinstance(value, (str, bytes)) else value) for name, value in values)


def _value_limit(value):
    return MAX_BODY if isinstance(value, bytes) else MAX_TEXT


# -- le poids d'un événement -----------------------------------------------------------
_size = sys.getsizeof
_PAIR = _size(("", ""))    # une paire (nom, valeur) : le n-uplet seul
_LATIN = 80                # un texte d'en-tête, sans ses caractères (``sys.getsizeof("é")``
                           # moins 1 : 73 à 75 octets selon les versions)
_CLIPPED = 350             # le dictionnaire d'un objet coupé, qui retient ``missing`` (mesuré
                           # avec tracemalloc : 130 octets en 3.8, 340 en 3.12 et 3.13)
_Event = None              # la classe ``Event``, trouvée au premier poids (``_event_class``)


def weight(event):
    """Le poids approximatif de ``event`` en mémoire, en octets : ses textes, ses
    octets, ses n-uplets, ce que coûtent ses objets coupés, plus ``EVENT_OVERHEAD``
    pour l'objet lui-même. Un objet qui n'est pas un ``Event`` pèse ``sys.getsizeof``.

    Rapide (quelques microsecondes pour une requête ordinaire) : un en-tête compte un
    octet par caractère, ce qui est exact pour ce que reçoit et envoie le serveur
    (http.server lit et écrit les en-têtes en ISO-8859-1) ; les autres textes
    comptent leur taille réelle (``sys.getsizeof``)."""
    if type(event) is not (_Event or _event_class()):
        return _size(event)
    total = EVENT_OVERHEAD + _CLIPPED * event.clipped
    for value in (event.method, event.path, event.version, event.body, event.reason,
                  event.message, event.url, event.folder, event.detail, event.reply_body,
                  event.request_head, event.reply_head):
        if value:
            total += _size(value)
    for pairs in (event.headers, event.reply_headers):
        if pairs:
            total += (_size(pairs) + (_PAIR + 2 * _LATIN) * len(pairs)
                      + sum(map(len, chain.from_iterable(pairs))))
    if event.values:
        total += (_size(event.values) + _PAIR * len(event.values)
                  + sum(map(_size, chain.from_iterable(event.values))))
    if event.fields:
        total += (_size(event.fields) + sum(map(_size, event.fields))
                  + sum(map(_size, chain.from_iterable(event.fields))))
    if event.secrets:
        total += _size(event.secrets) + sum(map(_size, event.secrets))
    return total


def _event_class():
    """La classe ``Event``, gardée dans ``_Event`` : elle n'est pas importée au
    chargement de ce module, qu'``events`` importe (voir le début du fichier)."""
    global _Event
    from .events import Event
    _Event = Event
    return Event
