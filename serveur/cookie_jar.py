"""Ce que le client garde : les cookies de chaque poste, vus depuis le serveur.

Un cookie vit chez le client : le serveur l'envoie (``Set-Cookie: couleur=bleu;
Path=/``), le navigateur le garde, puis le renvoie dans l'en-tête ``Cookie`` de
chaque requête suivante vers le même hôte. Le serveur ne voit jamais la réserve
du navigateur ; il sait seulement ce qu'il a envoyé et ce qui revient. Ce carnet
tient ces deux comptes pour chaque client (la même adresse que « Poste 3 » dans
``clients.py``) :

- chaque ``Set-Cookie`` envoyé : nom, valeur, durée (cookie de session, ou
  ``Max-Age`` / ``Expires`` ; ``Max-Age=0`` le supprime), ``Path``, ``SameSite``,
  ``HttpOnly``, ``Secure`` ;
- chaque retour dans ``Cookie`` : combien de fois, la dernière heure, la valeur
  revenue. Un cookie qui revient sans avoir été vu partir a été posé par un autre
  serveur du même hôte (un autre port) ou avant « Effacer ».

Le carnet se nourrit des événements EXCHANGE (``note(event)`` : ``event.headers``
sont ceux de la requête, ``event.reply_headers`` ceux de la réponse). Il est borné
quoi qu'envoient les clients : ``MAX_CLIENTS`` postes (le plus ancien est oublié),
``MAX_COOKIES`` cookies par poste, chaque en-tête ``Cookie`` lu sur ses
``HEADER_LIMIT`` premiers caractères, en temps linéaire (pas de ``SimpleCookie`` :
CVE-2024-7592). Sans fenêtre : le panneau le montre dans « Qui est connecté ? ».
"""

import collections
import time
from email.utils import parsedate_to_datetime

from .bounds import kept
from .display import escape, shorten
from .events import EXCHANGE
from .french import number, say

MAX_CLIENTS = 500        # postes suivis au plus (comme une classe entière, et de la marge)
MAX_COOKIES = 30         # cookies par poste au plus (le plus ancien est oublié)
HEADER_LIMIT = 8192      # caractères d'un en-tête Cookie ou Set-Cookie examinés au plus
MAX_PAIRS = 100          # paires nom=valeur lues au plus dans un en-tête Cookie
MAX_NAME, MAX_VALUE = 100, 300   # caractères gardés d'un nom, d'une valeur


class Cookie:
    """Un cookie d'un poste, tel que le serveur le connaît."""

    __slots__ = ("name", "value", "max_age", "expires", "path", "samesite", "httponly",
                 "secure", "domain", "set_count", "set_time", "removed", "returned",
                 "last_returned", "returned_value", "mismatch")

    def __init__(self, name):
        self.name = name
        self.value = ""              # la dernière valeur envoyée par Set-Cookie
        self.max_age = None          # secondes (Max-Age), ou None
        self.expires = ""            # la date d'Expires, telle qu'envoyée
        self.path = ""
        self.samesite = ""
        self.httponly = False
        self.secure = False
        self.domain = ""
        self.set_count = 0           # combien de Set-Cookie pour ce nom (0 : jamais vu partir)
        self.set_time = None         # heure du dernier Set-Cookie
        self.removed = False         # Max-Age=0, ou Expires passé : le navigateur l'efface
        self.returned = 0            # combien de fois il est revenu dans Cookie
        self.last_returned = None    # heure du dernier retour
        self.returned_value = ""     # la valeur revenue la dernière fois
        self.mismatch = False        # revenue avec une autre valeur que celle posée

    def lifetime(self):
        """« session », « Max-Age=3600 », « Expires=… » ou « supprimé »."""
        if self.removed:
            return "supprimé"
        if self.max_age is not None:
            return "Max-Age=%d" % self.max_age
        if self.expires:
            return "Expires=" + self.expires
        return "session" if self.set_count else "?"

    def rules(self):
        """Les autres attributs, en une ligne : « Path=/ SameSite=Lax HttpOnly »."""
        parts = ["Path=" + self.path] if self.path else []
        parts += ["Domain=" + self.domain] if self.domain else []
        parts += ["SameSite=" + self.samesite] if self.samesite else []
        parts += [flag for flag, on in (("HttpOnly", self.httponly), ("Secure", self.secure))
                  if on]
        return " ".join(parts)


class CookieJar:
    """Les cookies de chaque client (par adresse), dans l'ordre d'arrivée."""

    def __init__(self):
        self._clients = collections.OrderedDict()   # adresse -> OrderedDict(nom -> Cookie)
        self.forgotten = 0   # cookies oubliés faute de place (le carnet est borné)

    def note(self, event):
        """Tient compte d'un échange ; rend l'adresse du client si ses cookies ont changé."""
        if event.kind != EXCHANGE or not event.client:
            return None
        changed = False
        for name, value in kept(event.headers):        # ce qui revient d'abord…
            if name.lower() == "cookie":
                for cookie_name, cookie_value in cookie_pairs(value):
                    cookie = self._cookie(event.client, cookie_name)
                    cookie.returned += 1
                    cookie.last_returned = event.time
                    cookie.returned_value = cookie_value
                    cookie.mismatch = bool(cookie.set_count) and cookie_value != cookie.value
                    changed = True
        for name, value in kept(event.reply_headers):  # … puis ce que le serveur pose
            if name.lower() == "set-cookie":
                changed = self._set(event.client, value, event.time) or changed
        return event.client if changed else None

    def _set(self, address, header, when):
        parts = header[:HEADER_LIMIT].split(";")
        name, equals, value = parts[0].partition("=")
        name = name.strip()
        if not equals or not name:
            return False   # pas un cookie : le navigateur l'ignore aussi
        cookie = self._cookie(address, name)
        cookie.value = _clip(value.strip(), MAX_VALUE)
        cookie.max_age, cookie.expires, cookie.removed = None, "", False
        cookie.path = cookie.samesite = cookie.domain = ""
        cookie.httponly = cookie.secure = False
        for attribute in parts[1:MAX_PAIRS]:
            key, _, setting = attribute.partition("=")
            key, setting = key.strip().lower(), setting.strip()
            if key == "max-age" and setting.lstrip("-").isdigit() and len(setting) < 12:
                cookie.max_age = int(setting)
                cookie.removed = cookie.max_age <= 0
            elif key == "expires":
                cookie.expires = _clip(setting, 60)
                cookie.removed = cookie.removed or _past(setting, when)
            elif key in ("path", "samesite", "domain"):
                setattr(cookie, key, _clip(setting, MAX_NAME))
            elif key in ("httponly", "secure"):
                setattr(cookie, key, True)
        cookie.set_count += 1
        cookie.set_time = when
        return True

    def _cookie(self, address, name):
        name = _clip(name, MAX_NAME)
        jar = self._clients.get(address)
        if jar is None:
            if len(self._clients) >= MAX_CLIENTS:
                _, oldest = self._clients.popitem(last=False)
                self.forgotten += len(oldest)
            jar = self._clients[address] = collections.OrderedDict()
        cookie = jar.get(name)
        if cookie is None:
            if len(jar) >= MAX_COOKIES:
                jar.popitem(last=False)
                self.forgotten += 1
            cookie = jar[name] = Cookie(name)
        return cookie

    def clients(self):
        """Les adresses des clients qui ont des cookies, dans l'ordre d'arrivée."""
        return list(self._clients)

    def cookies_of(self, address):
        """Les cookies de ce client (liste de ``Cookie``, dans l'ordre d'arrivée)."""
        return list(self._clients.get(address, {}).values())

    def clear(self):
        self._clients.clear()
        self.forgotten = 0


def cookie_pairs(header):
    """Les paires ``(nom, valeur)`` d'un en-tête Cookie (``a=1; b=2``), bornées."""
    pairs = []
    for part in header[:HEADER_LIMIT].split(";", MAX_PAIRS)[:MAX_PAIRS]:
        name, equals, value = part.partition("=")
        if equals and name.strip():
            pairs.append((name.strip(), _clip(value.strip(), MAX_VALUE)))
    return pairs


def _clip(text, limit):
    return shorten(text, limit)


def _past(date, when):
    """Vrai si la date d'Expires est déjà passée à l'heure ``when`` (illisible : non)."""
    try:
        return parsedate_to_datetime(date[:60]).timestamp() <= when
    except (TypeError, ValueError, IndexError, OverflowError):
        return False


def _clock(moment):
    return time.strftime("%H:%M:%S", time.localtime(moment))


def describe(cookie):
    """Le cookie expliqué en français, pour la ligne sous le tableau."""
    name, value = escape(cookie.name), escape(cookie.value or cookie.returned_value)
    if not cookie.set_count:
        text = say("« %s » (valeur « %s ») revient du navigateur, mais ce serveur ne l'a pas vu "
                   "partir : posé par un autre serveur du même hôte (un autre port), ou avant "
                   "« Effacer ».", name, value)
    elif cookie.removed:
        text = say("« %s » : le serveur a demandé au navigateur de l'effacer (%s).", name,
                   "Max-Age=%d" % cookie.max_age if cookie.max_age is not None
                   else "Expires passé")
    else:
        if cookie.max_age is not None:
            kept_for = say("gardé %s s (Max-Age), même navigateur fermé",
                           number(cookie.max_age))
        elif cookie.expires:
            kept_for = say("gardé jusqu'au %s (Expires)", escape(cookie.expires))
        else:
            kept_for = say("cookie de session, gardé jusqu'à la fermeture du navigateur")
        text = say("« %s » = « %s », posé à %s (%s Set-Cookie) : %s.", name, value,
                   _clock(cookie.set_time), number(cookie.set_count), kept_for)
        rules = []
        if cookie.path:
            rules.append(say("Path=%s : renvoyé pour les chemins qui commencent ainsi",
                             escape(cookie.path)))
        if cookie.samesite:
            rules.append(say("SameSite=%s : %s", escape(cookie.samesite),
                             _SAMESITE.get(cookie.samesite.lower(), "règle inconnue")))
        if cookie.httponly:
            rules.append(say("HttpOnly : invisible pour le JavaScript de la page"))
        if cookie.secure:
            rules.append(say("Secure : envoyé seulement en HTTPS"))
        if rules:
            text += " " + ". ".join(rules) + "."
    if cookie.returned:
        text += " " + say("Revenu %s fois (dernière à %s).", number(cookie.returned),
                          _clock(cookie.last_returned))
        if cookie.mismatch:
            text += " " + say("La dernière fois, avec la valeur « %s » : le client renvoie ce "
                              "qu'il veut, un cookie se falsifie.", escape(cookie.returned_value))
    elif cookie.set_count and not cookie.removed:
        text += " " + say("Pas encore revenu : rechargez une page.")
    return text


_SAMESITE = {
    "lax": say("pas envoyé depuis un autre site, sauf en suivant un lien"),
    "strict": say("jamais envoyé depuis un autre site"),
    "none": say("envoyé aussi depuis les autres sites (exige Secure)"),
}
