"""Une file d'événements bornée entre les fils du serveur et celui qui les lit.

Les fils du serveur déposent (``put``) ; un seul lecteur prend (``take``) : le
terminal de ``python3 -m serveur``, ou le fil qui envoie les événements du
processus du serveur à la fenêtre (``process.py``). Deux promesses :

- **le serveur n'attend jamais son lecteur** : ``put`` ne bloque pas ;
- **la mémoire est bornée** : au plus ``limit`` événements et ``budget`` octets
  (leur poids, ``events.weight``). Au-delà, l'événement est compté et jeté (jamais
  le démarrage ni l'arrêt) ; à sa place dans la file, une « lacune » devient, pour
  le lecteur, un événement ``events-dropped`` qui dit combien manquent, et où,
  avec le plus grand numéro d'échange parmi eux (``last``) : une requête dont tous
  les événements ont été jetés est encore comptée.
"""

import collections
import threading

from .events import NOTICE, STARTED, STOPPED, WAITING_OVERHEAD, Event, weight


class Outbox:
    """File bornée en nombre et en octets, qui compte ce qu'elle jette."""

    def __init__(self, limit=2000, budget=16 * 1024 * 1024, reader="panneau"):
        self.limit = limit
        self.budget = budget
        self.reader = reader              # qui lit : « terminal », « panneau » (pour la phrase)
        self.waiting_bytes = 0            # poids des événements qui attendent
        self._items = collections.deque()   # (événement, poids) et lacunes ([nombre])
        self._gap = None                  # la lacune en cours, ou None
        self._closed = False
        self._ready = threading.Condition(threading.Lock())

    def put(self, event):
        """Dépose un événement (n'importe quel fil ; ne bloque jamais)."""
        cost = weight(event) + WAITING_OVERHEAD   # mesuré hors du verrou : quelques µs
        with self._ready:
            if (len(self._items) >= self.limit or self.waiting_bytes + cost > self.budget) \
                    and event.kind not in (STARTED, STOPPED):
                if self._gap is None:
                    self._gap = [0, 0]   # combien, et le plus grand numéro d'échange
                    self._items.append(self._gap)
                self._gap[0] += 1
                self._gap[1] = max(self._gap[1], getattr(event, "exchange", 0) or 0)
                return
            self._gap = None   # un événement gardé : la lacune suivante sera après lui
            self.waiting_bytes += cost
            self._items.append((event, cost))
            self._ready.notify()

    def take(self, count=1, timeout=None):
        """Jusqu'à ``count`` événements, les plus anciens d'abord ; attend le premier au
        plus ``timeout`` secondes (None : sans limite). Rend ``[]`` si rien n'est venu,
        ``None`` si la file est fermée et vide."""
        with self._ready:
            if not self._items and not self._closed:
                self._ready.wait(timeout)
            if not self._items:
                return None if self._closed else []
            taken = []
            while self._items and len(taken) < count:
                item = self._items.popleft()
                if isinstance(item, list):   # une lacune : combien d'événements manquent ici
                    if self._gap is item:
                        self._gap = None
                    taken.append(Event(NOTICE, fact="events-dropped", values=(
                        ("count", item[0]), ("reader", self.reader), ("last", item[1]))))
                else:
                    event, cost = item
                    self.waiting_bytes -= cost
                    taken.append(event)
            return taken

    def close(self):
        """Plus rien ne viendra : le lecteur prend ce qui reste, puis reçoit None."""
        with self._ready:
            self._closed = True
            self._ready.notify_all()

    def __len__(self):
        with self._ready:
            return len(self._items)
