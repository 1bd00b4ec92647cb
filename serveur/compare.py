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

from .bounds import kept, received, true_length
from .display import shown
from .french import bytes_text, number, say
from .paper_wording import FIELDS_GET, FIELDS_POST
from .printable import HIDDEN, decoded_fields, secret_pattern
from .sections import exchange_sections

SHOWN = 80   # caractères d'une valeur cités au plus dans une différence

# kind : « method », « path », « version », « place », « same-fields », « field-changed »,
# « field-left », « field-right », « header-changed », « header-left », « header-right »,
# « body », « status », « reply-header-… », « reply-body » (ou « same » : aucune).
Difference = namedtuple("Difference", "kind name left right names", defaults=("", "", "", ()))

CHANGED, ONLY = "changed", "only"   # les deux façons d'être surligné
TITLE, LABEL = "title", "label"      # les lignes de ``side_lines`` qui ne sont pas du message


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


def side_lines(item, client_label=None, mask=False):
    """Un côté à montrer, comme dans « Échange brut » (mêmes parties, mêmes titres) :
    ``[(texte, clés, style)]``, une ligne par en-tête et par champ. ``clés`` : celles
    de ``marks`` que cette ligne montre ; ``style`` : ``TITLE``, ``LABEL`` ou None."""
    side = _Side(item, mask)
    sections = [(label, side.hide(text)) for label, text in
                exchange_sections(item.event, client_label)]
    lines = [(sections[0][1], (), TITLE)]
    request = side.request
    lines.append((sections[1][0], (), LABEL))
    lines.append(("%s %s %s" % (request["method"], request["path"], request["version"]),
                  ("method", "path", "version"), None))
    lines.extend(_part(sections[2], side.headers, "header"))
    lines.extend(_part(sections[3], {}, None))
    lines.append((sections[4][0], (), LABEL))
    lines.append((sections[4][1], ("body",), None))
    if side.fields:
        label = FIELDS_GET if side.place == "query" else FIELDS_POST
        lines.append((say(label, number(received(side.all_fields))), (), LABEL))
        lines.extend((say("%s = « %s »", name, value), (("field", key),), None)
                     for key, (name, value) in side.fields.items())
    lines.append((sections[5][1], (), TITLE))
    lines.append((sections[6][0], (), LABEL))
    lines.append((sections[6][1], ("status",), None))
    lines.extend(_part(sections[7], side.reply_headers, "reply-header"))
    lines.extend(_part(sections[8], {}, None))
    lines.append((sections[9][0], (), LABEL))
    lines.append((sections[9][1], ("reply-body",), None))
    return lines


def _part(section, headers, key):
    """Le titre d'une partie, puis une ligne par en-tête (ou son texte, s'il n'en a pas)."""
    label, text = section
    yield label, (), LABEL
    if headers:
        for name, (shown_name, values) in headers.items():
            for value in values:
                yield "%s: %s" % (shown_name, value), ((key, name),), None
    elif text:
        yield text, (), None


class _Side:
    """Un côté de la comparaison, déjà montrable."""

    def __init__(self, item, mask):
        event = item.event
        fields, in_address = decoded_fields(item)
        pattern = secret_pattern(fields, item.secrets) if mask else None
        hide = (lambda text: pattern.sub(HIDDEN, text)) if pattern else (lambda text: text)
        self.hide, self.all_fields = hide, fields
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


class _Values(tuple):
    """Les valeurs d'un en-tête répété (deux ``Set-Cookie``), comparées ensemble, montrées
    une par ligne ; ``str`` les joint pour une phrase."""

    def __str__(self):
        return " | ".join(self)


def _headers(headers, hide):
    """``nom en minuscules -> (nom montré, valeurs)``, dans l'ordre d'arrivée."""
    found = {}
    for name, value in kept(headers):
        key = name.lower()
        label, values = found.get(key, (shown(name), _Values()))
        found[key] = (label, _Values(values + (hide(shown(value)),)))
    return found


def _size(data):
    return bytes_text(true_length(data)) if data else "vide"


def _cut(text):
    text = str(text)
    return text if len(text) <= SHOWN else text[:SHOWN] + "…"
