"""Qui entre : le code de la classe, le débit permis, les postes bloqués.

Trois règles décident, pour chaque requête, si elle est servie :

- **le code de la classe** (``class_code.py``) : sur le réseau local, un poste
  doit l'avoir tapé une fois (son navigateur garde alors un cookie) ;
- **le débit** (``rate.py``) : au plus ``limit`` requêtes par seconde par adresse
  (le double d'un coup), au-delà 429 ;
- **les postes bloqués** : le professeur bloque un poste (« Qui est connecté ? ») :
  403 à chaque connexion, et ses connexions ouvertes sont coupées (``gate.py``).

**Cet ordinateur** (celui du professeur : sa boucle locale ``127.0.0.1``, ``::1``,
ou l'adresse du serveur lui-même) n'est jamais arrêté par défaut : son navigateur,
ses tests et les mesures de performance passent. ``Rules.code_here`` et
``Rules.limit_here`` (``--code``, ``--limite`` de la ligne de commande) le font
compter comme les autres ; ``Rules.here`` nomme à la main les adresses de « cet
ordinateur » (pour les tests : ``127.0.0.2`` devient alors un autre poste).

``Rules`` est une donnée (elle passe d'un processus à l'autre), ``Admission`` l'état
d'un serveur qui tourne, partagé par ses fils. Le chemin le plus courant ne coûte rien :
sans code ni limite, le contrôleur ne met pas l'entrée devant le gestionnaire (une
lecture par connexion reste : ce poste est-il bloqué ?) ; sinon, une lecture de
dictionnaire par requête dit ce qui s'applique à l'adresse.
"""

from dataclasses import dataclass, field
from typing import Tuple

from .class_code import Guesses, Passes, clean_code, new_code
from .network import SAME_COMPUTER, route_between
from .rate import Buckets

LAN_LIMIT = 50          # requêtes par seconde permises à un poste du réseau local (par défaut)
MAX_KNOWN = 10000       # adresses dont on retient ce qui s'applique, au plus
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1", "")


@dataclass(frozen=True)
class Rules:
    """Les règles d'entrée d'un serveur. Rien que des données."""

    code: str = ""              # le code de la classe ("" : aucun)
    code_here: bool = False     # demandé aussi à cet ordinateur (--code)
    limit: int = 0              # requêtes par seconde par adresse (0 : pas de limite)
    limit_here: bool = False    # compte aussi pour cet ordinateur (--limite)
    here: Tuple[str, ...] = field(default=())   # les adresses de « cet ordinateur »
                                # (vide : la boucle locale et l'adresse du serveur)


def is_lan_host(host):
    """Vrai si le serveur écoute au-delà de cet ordinateur (0.0.0.0, 192.168.1.23…)."""
    return host not in LOOPBACK_HOSTS and not host.startswith("127.")


def command_line_rules(host, code=None, no_code=False, limit=None):
    """Les règles de ``python3 -m serveur`` : ``--code`` pour tous, ``--hote`` sur le réseau
    local seul tire un code au hasard (pour les autres postes) ; ``--sans-code`` ; ``--limite``
    pour tous (0 : aucune), sinon ``LAN_LIMIT`` pour les autres postes. ``code`` est déjà
    vérifié (``clean_code``)."""
    lan = is_lan_host(host)
    if no_code:
        chosen, here = "", False
    elif code:
        chosen, here = code, True
    else:
        chosen, here = (new_code() if lan else ""), False
    if limit is not None:
        return Rules(code=chosen, code_here=here, limit=limit, limit_here=bool(limit))
    return Rules(code=chosen, code_here=here, limit=LAN_LIMIT if lan else 0)


def window_rules(lan, asked, typed=""):
    """Les règles du panneau : sur le réseau local, le code (tapé, ou tiré au hasard à chaque
    démarrage) si ``asked``, et ``LAN_LIMIT`` pour les autres postes ; sinon, aucune."""
    if not lan:
        return Rules()
    code = (clean_code(typed) or new_code()) if asked else ""
    return Rules(code=code, limit=LAN_LIMIT)


class Admission:
    """L'état des règles d'entrée d'un serveur qui tourne (partagé par ses fils)."""

    def __init__(self, rules=Rules(), blocked=(), passes=None):
        self.rules = rules
        self.active = bool(rules.code or rules.limit)   # lu à chaque requête
        self.passes = passes if passes is not None else Passes()
        self.guesses = Guesses()
        self.buckets = Buckets(rules.limit) if rules.limit else None
        self.blocked = dict.fromkeys(blocked, 0)   # adresse -> connexions refusées depuis
        self._known = {}    # adresse -> (code demandé, débit limité)
        self.here = {}      # adresse -> vrai si c'est cet ordinateur (vue au moins une fois)

    def screen(self, address, connection):
        """``(code demandé, débit limité)`` pour cette adresse : une lecture de dict, sauf
        la première fois (``connection`` : le socket, pour l'adresse du serveur)."""
        known = self._known.get(address)
        if known is None:
            known = self._learn(address, connection)
        return known

    def _learn(self, address, connection):
        try:
            server_side = connection.getsockname()[0]
        except (OSError, AttributeError, IndexError):
            server_side = ""
        here = self.is_here(address, server_side)
        rules = self.rules
        known = (bool(rules.code) and (rules.code_here or not here),
                 bool(rules.limit) and (rules.limit_here or not here))
        if len(self._known) < MAX_KNOWN:   # au-delà, recalculé (borné, jamais faux)
            self._known[address] = known
            self.here[address] = here
        return known

    def is_here(self, address, server_side=""):
        """Vrai si ``address`` est cet ordinateur (voir le haut du module)."""
        if self.rules.here:
            return address in self.rules.here
        if self.here.get(address):
            return True
        return route_between(address, server_side) == SAME_COMPUTER

    def block(self, address):
        """Bloque ``address`` ; faux si elle l'était déjà."""
        if address in self.blocked:
            return False
        self.blocked[address] = 0
        return True

    def unblock(self, address):
        """Débloque ``address`` ; rend le nombre de connexions refusées (None : pas bloquée)."""
        return self.blocked.pop(address, None)

    def refused(self, address):
        """Une connexion de plus refusée à ``address`` (bloquée)."""
        if address in self.blocked:
            self.blocked[address] += 1


class RemoteAdmission:
    """Les mêmes ordres pour le serveur d'un autre processus (mélangé à
    ``process.ProcessController``) : chacun passe par le tuyau des ordres, et les
    règles et les postes bloqués sont gardés dans ``options`` pour le prochain
    processus (il en naît un neuf après un plantage ou le serveur d'un élève)."""

    ORDERS = ("admit", "block", "unblock")

    def admit(self, rules):
        with self._lock:
            self.options["admission"] = rules
            if self._alive():
                self._ask("admit", rules)

    def block(self, address):
        return self._blocking("block", address)

    def unblock(self, address):
        return self._blocking("unblock", address)

    def _blocking(self, order, address):
        with self._lock:
            blocked = set(self.options.get("blocked", ()))
            answer = self._ask(order, address) if self._alive() else None
            done = bool(answer and answer[1])
            if order == "block" and done:
                blocked.add(address)
            elif order == "unblock":
                blocked.discard(address)
            self.options["blocked"] = tuple(sorted(blocked))
            return done
