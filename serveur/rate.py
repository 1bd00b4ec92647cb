"""Personne n'inonde la classe : un débit de requêtes par adresse (« seau à jetons »).

Un navigateur demande une page et ce qu'elle contient (une feuille de style, des
images : dix, vingt requêtes d'un coup), puis plus rien pendant que l'élève lit.
Un script, lui, peut en envoyer des milliers par seconde. Chaque adresse a donc un
**seau à jetons** : il contient au plus ``burst`` jetons (deux secondes de débit :
une page et ses ressources, un rechargement), se remplit de ``rate`` jetons par
seconde, et chaque requête en prend un. Seau vide : la requête reçoit 429 (« trop
de requêtes ») avec ``Retry-After``, sans rien coûter d'autre au serveur.

Le journal ne doit pas être inondé à son tour : une **rafale** (des requêtes
refusées de suite) donne une ligne quand elle commence, une autre quand elle
finit (``calm``), avec le nombre de requêtes refusées, jamais une par requête.

``Buckets.take(adresse)`` rend ``(permis, rafale_qui_commence, secondes_à_attendre)``.
Bornes : au plus ``MAX_ADDRESSES`` seaux (les plus anciens, pleins, sont oubliés).
Sûr entre fils (un verrou, tenu le temps de quelques additions).
"""

import collections
import threading
import time

MAX_ADDRESSES = 4096   # seaux gardés, au plus
QUIET = 2.0            # une rafale est finie après ce silence (secondes sans refus)


class Bucket:
    __slots__ = ("tokens", "time", "refused", "since", "last_refused")

    def __init__(self, tokens, now):
        self.tokens = tokens
        self.time = now
        self.refused = 0          # requêtes refusées dans la rafale en cours (0 : pas de rafale)
        self.since = 0.0          # début de la rafale
        self.last_refused = 0.0


class Buckets:
    """Un seau à jetons par adresse : ``rate`` requêtes par seconde, ``burst`` d'un coup."""

    def __init__(self, rate, burst=None, clock=time.monotonic):
        self.rate = float(rate)
        self.burst = float(burst if burst is not None else 2 * rate)
        self.clock = clock
        self._buckets = collections.OrderedDict()   # adresse -> Bucket
        self._lock = threading.Lock()

    def take(self, address):
        """Une requête de ``address`` : ``(permise, rafale_qui_commence, attente)``."""
        now = self.clock()
        with self._lock:
            bucket = self._buckets.get(address)
            if bucket is None:
                bucket = self._buckets[address] = Bucket(self.burst, now)
                if len(self._buckets) > MAX_ADDRESSES:
                    self._forget()
            else:
                bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.time) * self.rate)
                bucket.time = now
            if bucket.tokens >= 1.0:
                bucket.tokens -= 1.0
                return True, False, 0
            starts = not bucket.refused
            if starts:
                bucket.since = now
            bucket.refused += 1
            bucket.last_refused = now
            return False, starts, max(1, int((1.0 - bucket.tokens) / self.rate + 0.999))

    def calm(self, quiet=QUIET):
        """Les rafales finies (aucun refus depuis ``quiet`` secondes) : des
        ``(adresse, refusées, durée)``, chacune rendue une seule fois."""
        now = self.clock()
        ended = []
        with self._lock:
            for address, bucket in self._buckets.items():
                if bucket.refused and now - bucket.last_refused >= quiet:
                    ended.append((address, bucket.refused,
                                  round(bucket.last_refused - bucket.since, 1)))
                    bucket.refused = 0
        return ended

    def _forget(self):
        """(Verrou pris.) Trop de seaux : on oublie les plus anciens sans rafale en cours."""
        for address in list(self._buckets):
            if len(self._buckets) <= MAX_ADDRESSES // 2:
                break
            if not self._buckets[address].refused:
                del self._buckets[address]
