"""La boîte aux lettres entre les fils du serveur et la fenêtre.

Règle d'or de tkinter : seul le fil principal touche la fenêtre. Les fils du
serveur ne font donc que déposer leurs événements ici (``put``, rapide, jamais
bloquant) ; la fenêtre vient les prendre par paquets (``take``).

Deux soucis de salle de classe sont réglés ici :

- **la mémoire est bornée** : au-delà de ``capacity`` événements en attente, ou
  de ``budget`` octets (leur poids, ``serveur.events.weight``), la fenêtre ne suit
  plus : les suivants sont comptés puis jetés, et la fenêtre le dit (``dropped``)
  au lieu de grossir sans fin. Le démarrage et l'arrêt du serveur ne sont jamais
  jetés ;
- **au repos, personne ne tourne en rond** : quand la boîte était vide, un
  dépôt réveille la fenêtre en écrivant un octet dans un tube que Tcl surveille
  (``wake_fd``). Écrire dans un tube n'est pas un appel à tkinter : aucun fil du
  serveur n'attend jamais la fenêtre. Là où Tcl ne sait pas surveiller un tube
  (Windows), la fenêtre regarde la boîte à intervalles réguliers.

Pas de tkinter ici : ce module se teste sans fenêtre.
"""

import collections
import os
import threading

from serveur.events import STARTED, STOPPED, WAITING_OVERHEAD, weight

CAPACITY = 50000              # événements en attente, au plus
BUDGET = 32 * 1024 * 1024     # octets d'événements en attente, au plus : 32 Mio (un événement
                              # ordinaire pèse 4 à 6 Kio, un événement au pire 320 Kio)
KEPT_ANYWAY = (STARTED, STOPPED)   # jamais jetés : la fenêtre doit savoir si le serveur tourne


class Inbox:
    """Une file bornée d'événements (en nombre et en octets), qui sait réveiller la fenêtre."""

    def __init__(self, capacity=CAPACITY, wakeable=True, budget=BUDGET):
        self.capacity = capacity
        self.budget = budget
        self._items = collections.deque()   # des paires (événement, poids)
        self._lock = threading.Lock()
        self.waiting_bytes = 0    # poids des événements en attente (au plus ``budget``)
        self.dropped = 0          # événements jetés parce que la boîte était pleine
        self.dropped_last = 0     # … et le plus grand numéro d'échange parmi eux
        self._asleep = False      # la fenêtre attend-elle d'être réveillée ?
        self.wake_fd = self._write_fd = None
        if wakeable and hasattr(os, "pipe"):
            self.wake_fd, self._write_fd = os.pipe()
            os.set_blocking(self._write_fd, False)
            os.set_blocking(self.wake_fd, False)

    def put(self, event):
        """Dépose un événement (depuis n'importe quel fil ; ne bloque jamais)."""
        cost = weight(event) + WAITING_OVERHEAD   # mesuré hors du verrou : quelques µs
        with self._lock:
            if (len(self._items) >= self.capacity or self.waiting_bytes + cost > self.budget) \
                    and getattr(event, "kind", None) not in KEPT_ANYWAY:
                self.dropped += 1
                self.dropped_last = max(self.dropped_last, getattr(event, "exchange", 0) or 0)
                return
            self._items.append((event, cost))
            self.waiting_bytes += cost
            wake = self._asleep
            self._asleep = False
        if wake and self._write_fd is not None:
            try:
                os.write(self._write_fd, b"!")
            except OSError:
                pass   # tube plein : la fenêtre est déjà réveillée

    def take(self, limit):
        """Jusqu'à ``limit`` événements, les plus anciens d'abord (fil de la fenêtre)."""
        with self._lock:
            count = min(limit, len(self._items))
            taken = [self._items.popleft() for _ in range(count)]
            self.waiting_bytes -= sum(cost for _, cost in taken)
        return [event for event, _ in taken]

    def take_dropped(self):
        """Le nombre d'événements jetés depuis le dernier appel (et on repart de zéro)."""
        with self._lock:
            dropped, self.dropped = self.dropped, 0
            return dropped

    def take_dropped_last(self):
        """Le plus grand numéro d'échange des événements jetés depuis le dernier appel (0 :
        aucun) : la requête qui porte ce numéro est arrivée, même si on ne la montre pas."""
        with self._lock:
            last, self.dropped_last = self.dropped_last, 0
            return last

    def sleep(self):
        """La fenêtre va attendre : vrai si elle peut compter sur un réveil (boîte vide,
        tube disponible) ; faux s'il reste à faire ou s'il faut regarder plus tard."""
        with self._lock:
            if self._items or self.wake_fd is None:
                return False
            self._asleep = True
            return True

    def woken(self):
        """Vide le tube du réveil (fil de la fenêtre)."""
        try:
            while os.read(self.wake_fd, 4096):
                pass
        except (OSError, TypeError):
            pass

    def empty(self):
        with self._lock:
            return not self._items

    def qsize(self):
        with self._lock:
            return len(self._items)

    def close(self):
        for fd in (self.wake_fd, self._write_fd):
            if fd is not None:
                try:
                    os.close(fd)
                except OSError:
                    pass
        self.wake_fd = self._write_fd = None
