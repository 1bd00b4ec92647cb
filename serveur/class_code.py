"""Le code de la classe : qui a le droit d'entrer, et comment le serveur s'en souvient.

Sur le réseau local, n'importe quel poste du lycée peut ouvrir le serveur du
professeur. Le code de la classe (4 à 6 chiffres, projeté au tableau) fait le
tri : un poste qui ne l'a pas reçoit une page « Code de la classe » ; qui le tape
juste reçoit un **cookie**, et son navigateur le renvoie avec chaque requête
suivante : le serveur le reconnaît sans redemander le code. Ce module est la
logique seule, sans socket ni phrase :

- ``new_code()`` tire un code au hasard, ``clean_code(texte)`` vérifie un code tapé ;
- ``Passes`` : les laissez-passer donnés (la valeur du cookie). Un laissez-passer
  est tiré par ``secrets.token_urlsafe`` : impossible à deviner, et ce n'est pas le
  code (un cookie volé ne donne pas le code, et on peut le retirer) ;
- ``pass_in(cookies)`` lit le laissez-passer dans les en-têtes ``Cookie``, en temps
  linéaire (une expression simple sur les premiers caractères : pas de
  ``SimpleCookie``, lent sur certains en-têtes, CVE-2024-7592) ;
- ``Guesses`` : les codes faux de chaque adresse. Au plus ``TRIES`` par minute ;
  au-delà, l'adresse attend (``wait``) : on ne devine pas 10 000 codes un par un ;
- ``code_typed(corps)`` : le code tapé dans le formulaire de la page.

Bornes : ``Passes`` et ``Guesses`` gardent au plus ``MAX_PASSES`` et ``MAX_ADDRESSES``
entrées (les plus anciennes sont oubliées). Sûr entre fils : chaque objet a son verrou.
"""

import collections
import re
import secrets
import threading
import time
import urllib.parse

COOKIE = "panneau_classe"   # le nom du cookie qui laisse entrer
FIELD = "code_classe"       # le nom du champ de la page « Code de la classe »
DIGITS = 4                  # un code tiré au hasard a 4 chiffres…
MIN_DIGITS, MAX_DIGITS = 4, 6   # … un code tapé par le professeur, de 4 à 6
TRIES = 5                   # codes faux permis par adresse…
WINDOW = 60.0               # … par minute
MAX_PASSES = 4096           # laissez-passer gardés, au plus
MAX_ADDRESSES = 4096        # adresses dont on compte les codes faux, au plus
COOKIE_LIMIT = 65536        # caractères d'un en-tête Cookie examinés, au plus (une ligne d'en-tête)
BODY_LIMIT = 2048           # octets du formulaire « Code de la classe » lus, au plus

_PASS = re.compile(r"(?:^|;)[ \t]*" + COOKIE + r"=\"?([A-Za-z0-9_-]{16,64})\"?[ \t]*(?=;|$)")
_CODE = re.compile(r"[0-9]{%d,%d}" % (MIN_DIGITS, MAX_DIGITS))


def new_code():
    """Un code de ``DIGITS`` chiffres tiré au hasard (« 0482 » compris)."""
    return "%0*d" % (DIGITS, secrets.randbelow(10 ** DIGITS))


def clean_code(text):
    """Le code tapé, sans espaces, s'il a de 4 à 6 chiffres ; sinon None."""
    text = str(text or "").strip().replace(" ", "")
    return text if text.isascii() and _CODE.fullmatch(text) else None


def pass_in(cookie_headers):
    """Le laissez-passer trouvé dans ces en-têtes ``Cookie`` (textes), ou "" ."""
    found = ""
    for text in cookie_headers or ():
        match = _PASS.search(text[:COOKIE_LIMIT])
        if match:
            found = match.group(1)
    return found


def code_typed(body):
    """Le code tapé dans le formulaire (corps ``code_classe=4821``), ou "" ."""
    text = body[:BODY_LIMIT].decode("ascii", errors="replace")
    try:
        pairs = urllib.parse.parse_qsl(text, keep_blank_values=True, max_num_fields=20)
    except ValueError:   # plus de 20 champs : ce n'est pas le formulaire de la page
        return ""
    for name, value in pairs:
        if name == FIELD:
            return value.strip()
    return ""


def same_code(typed, code):
    """Vrai si ``typed`` est le code (comparaison à temps constant)."""
    return secrets.compare_digest(typed.encode("utf-8"), code.encode("utf-8"))


class Passes:
    """Les laissez-passer donnés depuis que ce code est en service."""

    def __init__(self):
        self._given = collections.OrderedDict()   # laissez-passer -> adresse qui l'a reçu
        self._lock = threading.Lock()

    def give(self, address):
        """Un laissez-passer neuf pour ``address`` (la valeur de son cookie)."""
        token = secrets.token_urlsafe(24)
        with self._lock:
            self._given[token] = address
            while len(self._given) > MAX_PASSES:
                self._given.popitem(last=False)
        return token

    def valid(self, token):
        return bool(token) and token in self._given   # une lecture de dict : sans verrou

    def __len__(self):
        return len(self._given)


class Guesses:
    """Les codes faux de chaque adresse, dans la dernière minute."""

    def __init__(self, tries=TRIES, window=WINDOW, clock=time.monotonic):
        self.tries, self.window, self.clock = tries, window, clock
        self._wrong = collections.OrderedDict()   # adresse -> heures des codes faux
        self._lock = threading.Lock()

    def wait(self, address):
        """Secondes que ``address`` doit attendre avant un nouvel essai (0 : il peut)."""
        with self._lock:
            times = self._recent(address)
            if len(times) < self.tries:
                return 0
            return max(1, int(times[0] + self.window - self.clock() + 0.999))

    def wrong(self, address):
        """Un code faux de plus ; rend combien dans la dernière minute."""
        with self._lock:
            times = self._recent(address)
            times.append(self.clock())
            self._wrong[address] = times
            self._wrong.move_to_end(address)
            while len(self._wrong) > MAX_ADDRESSES:
                self._wrong.popitem(last=False)
            return len(times)

    def _recent(self, address):
        now = self.clock()
        times = self._wrong.get(address, collections.deque(maxlen=self.tries))
        while times and now - times[0] >= self.window:
            times.popleft()
        return times
