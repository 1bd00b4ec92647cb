"""Masquer les mots de passe sur l'écran projeté.

Un élève tape un mot de passe dans le formulaire : le journal le montre, c'est
la leçon (« il a voyagé EN CLAIR »). Mais l'écran est projeté devant toute la
classe. Avec « Masquer les mots de passe à l'écran », chaque valeur d'un champ
mot de passe devient ``••••`` partout où elle apparaît à l'écran : le champ
décodé, le corps brut, l'adresse (formulaire GET), l'en-tête Referer, la page
renvoyée par le serveur. La ligne qui dit qu'il a voyagé en clair reste.

Le journal complet de la séance (le fichier) garde les vraies valeurs : c'est
le professeur qui décide de l'enregistrer, et où.

Le serveur dit quels champs sont des mots de passe (``event.secrets``) dans
l'événement qui porte les champs (DATA pour un POST, REQUEST pour un GET) ;
l'échange complet (EXCHANGE) arrive ensuite sous le même numéro : ``Masker``
retient les valeurs à cacher de chaque numéro, le temps de le montrer.

Pas de tkinter ici : ce module se teste sans fenêtre.
"""

import collections
import dataclasses
import re
import urllib.parse

from serveur.events import Field, same_cut

HIDDEN = "••••"
REMEMBERED = 1000   # numéros de requête dont on retient les valeurs à cacher, au plus


class Masker:
    """Retient les mots de passe vus et rend des événements où ils sont cachés."""

    def __init__(self):
        self._secrets = collections.OrderedDict()   # numéro de requête -> valeurs à cacher
        self._forms = collections.OrderedDict()     # toutes les formes vues (clé : la forme)

    def learn(self, event):
        """Note les valeurs des champs mot de passe d'un événement (s'il en a)."""
        if not event.secrets or not event.fields:
            return
        values = [item.value for item in event.fields
                  if item.name in event.secrets and item.value]
        if values:
            self._secrets[event.exchange] = values
            while len(self._secrets) > REMEMBERED:
                self._secrets.popitem(last=False)
            for form in _forms(values):
                self._forms[form] = True
            while len(self._forms) > REMEMBERED:
                self._forms.popitem(last=False)

    def forms(self):
        """Chaque mot de passe vu, sous toutes ses formes, le plus long d'abord."""
        return sorted(self._forms, key=len, reverse=True)

    def hide(self, text):
        """``text`` où chaque mot de passe vu est remplacé par ``••••`` (un texte déjà
        affiché : une ligne de tableau, le détail d'un échange)."""
        return _hide_text(text, self.forms()) if self._forms else text

    def mask(self, event):
        """``event`` lui-même s'il n'a rien à cacher, sinon une copie où chaque mot de
        passe est remplacé par ``••••``."""
        values = self._secrets.get(event.exchange) if event.exchange else None
        if not values:
            return event
        forms = _forms(values)
        return dataclasses.replace(
            event, path=_hide_text(event.path, forms), body=_hide_bytes(event.body, forms),
            reply_body=_hide_bytes(event.reply_body, forms),
            headers=tuple((name, _hide_text(value, forms)) for name, value in event.headers),
            fields=tuple(_hide_field(item, event.secrets, forms) for item in event.fields))

    def clear(self):
        self._secrets.clear()
        self._forms.clear()


def _forms(values):
    """Chaque valeur, telle qu'elle peut apparaître : en clair et codée dans une adresse
    ou un formulaire (« %C3%A9 », « + » pour l'espace), la plus longue d'abord."""
    forms = set()
    for value in values:
        forms.update((value, urllib.parse.quote_plus(value), urllib.parse.quote(value)))
    return sorted((form for form in forms if form), key=len, reverse=True)


def _whole(form):
    """Le motif d'une valeur entière : jamais collée à une lettre ou un chiffre (le mot
    de passe « anneau » ne masque pas « PanneauServeur »)."""
    return r"(?<!\w)%s(?!\w)" % re.escape(form)


def _hide_text(text, forms):
    hidden = text
    for form in forms:
        hidden = re.sub(_whole(form), HIDDEN, hidden)
    return same_cut(text, hidden)   # un texte coupé par events.bound le reste, avec son compte


def _hide_bytes(data, forms):
    text = data.decode("utf-8", errors="surrogateescape")
    hidden = _hide_text(text, forms).encode("utf-8", errors="surrogateescape")
    return same_cut(data, hidden)


def is_whole(text, start, end):
    """Vrai si ``text[start:end]`` n'est collé à aucune lettre ni aucun chiffre."""
    before = text[start - 1:start] if start else ""
    after = text[end:end + 1]
    return not (before and (before.isalnum() or before == "_")) and \
        not (after and (after.isalnum() or after == "_"))


def _hide_field(item, secrets, forms):
    if item.name not in secrets or not item.value:
        return item
    return Field(item.name, HIDDEN, item.filename, item.size, item.content_type,
                 "%s=%s" % (item.name, HIDDEN) if item.raw else item.raw)
