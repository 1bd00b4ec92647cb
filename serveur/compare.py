"""Deux échanges côte à côte : ce qui les distingue, en simples données.

Le même formulaire envoyé en GET puis en POST : la méthode change, les données
passent de l'adresse (après le « ? ») au corps, des en-têtes apparaissent
(``Content-Type``, ``Content-Length``, ``Origin``), et les champs décodés sont
les mêmes. ``differences(gauche, droite)`` le dit dans l'ordre de l'échange :
ligne de requête, place des données, champs décodés, en-têtes présents d'un seul
côté ou changés (comparés par leur nom, sans tenir compte des majuscules),
corps ; puis la réponse (statut, en-têtes, corps). ``marks`` dit, pour chaque
côté, quelles parties surligner : la vue (``fenetre/compare_view.py``) les
colore, ``paper_wording.difference_line`` met chaque différence en phrase.

Les deux côtés sont des ``printable.Item`` (l'échange, ses champs décodés et les
noms des champs mot de passe). Ce qui vient d'un client est rendu montrable
(``display.shown`` : échappé, raccourci) ; avec ``mask``, les mots de passe le
sont aussi. Pas de tkinter ici.
"""

from collections import namedtuple

from .bounds import kept
from .display import shown
from .french import bytes_text
from .bounds import true_length
from .printable import HIDDEN, decoded_fields, secret_pattern

SHOWN = 80   # caractères d'une valeur cités au plus dans une différence

# kind : « method », « path », « version », « place », « same-fields », « field-changed »,
# « field-left », « field-right », « header-changed », « header-left », « header-right »,
# « body », « status », « reply-header-… », « reply-body » (ou « same » : aucune).
Difference = namedtuple("Difference", "kind name left right names", defaults=("", "", "", ()))

CHANGED, ONLY = "changed", "only"   # les deux façons d'être surligné


def differences(left, right, mask=False):
    """Les différences entre deux ``Item``, dans l'ordre de l'échange (une seule,
    « same », si les deux requêtes et leurs réponses sont pareilles)."""
    found = [difference for difference, _ in _compared(left, right, mask)]
    return found or [Difference("same")]


def marks(left, right, mask=False):
    """Ce qu'il faut surligner de chaque côté : deux dicts ``clé -> CHANGED ou ONLY``.

    Clés : « method », « path », « version », « body », « status », « reply-body »,
    ``("header", nom en minuscules)``, ``("reply-header", …)``, ``("field", nom)``."""
    sides = ({}, {})
    for difference, key in _compared(left, right, mask):
        if key is None:
            continue
        if difference.kind.endswith("-left"):
            sides[0][key] = ONLY
        elif difference.kind.endswith("-right"):
            sides[1][key] = ONLY
        else:
            sides[0][key] = sides[1][key] = CHANGED
    return sides


def _compared(left, right, mask):
    """Chaque différence avec la clé de ce qu'elle surligne (ou None)."""
    one, two = _Side(left, mask), _Side(right, mask)
    for kind in ("method", "path", "version"):
        if one.request[kind] != two.request[kind]:
            yield Difference(kind, "", one.request[kind], two.request[kind]), kind
    if one.place != two.place:
        yield Difference("place", "", one.place, two.place), None
    yield from _pairs(one.fields, two.fields, "field", "field")
    if one.fields and one.fields == two.fields:
        yield Difference("same-fields", names=tuple(one.fields)), None
    yield from _pairs(one.headers, two.headers, "header", "header")
    if one.body != two.body:
        yield Difference("body", "", one.body_size, two.body_size), "body"
    if one.status != two.status:
        yield Difference("status", "", one.status, two.status), "status"
    yield from _pairs(one.reply_headers, two.reply_headers, "reply-header", "reply-header")
    if one.reply_body != two.reply_body:
        yield Difference("reply-body"), "reply-body"


def _pairs(first, second, kind, key):
    """Les différences de deux dicts ``clé -> (nom montré, valeur)`` (en-têtes, champs)."""
    for name, (label, value) in first.items():
        if name not in second:
            yield Difference(kind + "-left", label, _cut(value), ""), (key, name)
        elif second[name][1] != value:
            yield Difference(kind + "-changed", label, _cut(value),
                             _cut(second[name][1])), (key, name)
    for name, (label, value) in second.items():
        if name not in first:
            yield Difference(kind + "-right", label, "", _cut(value)), (key, name)


class _Side:
    """Un côté de la comparaison, déjà montrable."""

    def __init__(self, item, mask):
        event = item.event
        fields, in_address = decoded_fields(item)
        pattern = secret_pattern(fields, item.secrets) if mask else None
        hide = (lambda text: pattern.sub(HIDDEN, text)) if pattern else (lambda text: text)
        self.request = {"method": shown(event.method, 40), "path": hide(shown(event.path)),
                        "version": shown(event.version, 40)}
        self.place = "query" if in_address else "body" if event.body else "none"
        self.fields = {}
        for field in kept(fields):
            if field.name not in self.fields:
                secret = mask and field.name in item.secrets and field.value
                value = HIDDEN if secret else hide(shown(field.value or field.filename or ""))
                self.fields[field.name] = (shown(field.name), value)
        self.headers = _headers(event.headers, hide)
        self.body, self.body_size = event.body, _size(event.body)
        self.status = "%d %s" % (event.status, shown(event.reason))
        self.reply_headers = _headers(event.reply_headers, hide)
        self.reply_body = event.reply_body


def _headers(headers, hide):
    """``nom en minuscules -> (nom montré, valeur)`` ; un en-tête répété : ses valeurs jointes."""
    found = {}
    for name, value in kept(headers):
        key = name.lower()
        value = hide(shown(value))
        if key in found:
            found[key] = (found[key][0], found[key][1] + ", " + value)
        else:
            found[key] = (shown(name), value)
    return found


def _size(data):
    return bytes_text(true_length(data)) if data else "vide"


def _cut(text):
    return text if len(text) <= SHOWN else text[:SHOWN] + "…"
