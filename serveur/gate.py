"""L'entrée du serveur : qui entre, qui attend, qui cède sa place, combien de corps à la fois.

``Gate`` regroupe ce que fait le serveur quand une connexion arrive
(``process_request``, appelée par la boucle d'écoute) et ce qu'il surveille à
chaque tour de cette boucle (``service_actions``) :

- **le gardien** (``warden.py`` choisit, ``Wire.evict`` coupe) : sous pression, les
  connexions les plus lentes cèdent leur place ;
- **la file d'attente** : serveur complet et personne d'assez lent pour céder sa
  place, la connexion attend son tour, sans fil d'exécution (au plus
  ``max_waiting`` connexions et ``wait_for_room`` secondes, puis 503) ;
- **le budget des corps** : les corps de POST lus en même temps se partagent
  ``body_budget`` octets (``take_body_room``, ``give_body_room``) ;
- **les postes bloqués** (``block``, ``unblock`` ; les règles d'entrée : admission.py) :
  les connexions ouvertes d'un poste bloqué sont coupées d'un coup ; une rafale de
  requêtes refusées (429) qui se calme donne sa ligne au journal (``service_actions``).

C'est un « mélange » (mixin) de ``ClassroomServer`` (server.py), qui fournit
le réservoir de fils (``_start_worker``, ``_idle``, ``_jobs``), le verrou et la
liste des connexions ouvertes.
"""

import socket
import time

from . import warden
from .events import ERROR, NOTICE, Event
from .pages import BUSY_PAGE
from .wire import Wire


class Gate:
    """Admission des connexions et budget des corps (mélangé à ``ClassroomServer``)."""

    grace = warden.GRACE        # secondes laissées à une requête, serveur sous pression
    floor = warden.FLOOR        # âge minimal d'une connexion qui cède sa place
    body_budget = 16 * 1024 * 1024   # octets de corps (POST) lus en même temps, au plus
    max_waiting = 200           # connexions qui attendent une place, au plus (au-delà : 503)
    wait_for_room = 5.0         # secondes d'attente d'une place, au plus (au-delà : 503)

    def process_request(self, request, client_address):
        if self.stopping:
            self.shutdown_request(request)   # le serveur s'arrête : on ne sert plus personne
            return
        wire = Wire(request, self.request_timeout, self.patience, self.max_head)
        with self._lock:
            full = self._make_room()
            if full and len(self._waiting) < self.max_waiting:
                # Complet, et personne d'assez lent à couper : la connexion attend son
                # tour dans la file (sans fil), la première place libérée est pour elle.
                self._waiting.append((request, client_address, wire, time.monotonic()))
                return
            if not full:
                self._connections[request] = wire
                if self._idle:
                    self._idle -= 1          # un fil qui attend prendra ce travail
                else:
                    try:
                        self._start_worker()     # personne n'attend : un fil de plus
                    except RuntimeError:         # le système refuse un fil de plus
                        del self._connections[request]
                        full = True
        if full:
            self._refuse_busy(request, client_address)
            return
        self._jobs.put((request, client_address))

    def _next_waiting(self):
        """(Verrou pris.) Une connexion de la file d'attente à servir maintenant, s'il y a
        une place : ``(socket, adresse)``, inscrite parmi les connexions ; sinon None.
        Celles qui attendent depuis plus de ``wait_for_room`` secondes sont rendues dans
        ``self._expired`` (503, hors du verrou)."""
        now = time.monotonic()
        while self._waiting and not self.stopping:
            request, address, wire, since = self._waiting[0]
            if now - since > self.wait_for_room:
                self._waiting.popleft()
                self._expired.append((request, address))
                continue
            active = sum(1 for other in self._connections.values() if not other.evicted)
            if active >= self.max_connections:
                return None
            self._waiting.popleft()
            wire.since = now   # son attente dans la file ne compte pas contre elle
            self._connections[request] = wire
            return (request, address)
        return None

    def _refuse_expired(self):
        """503 pour les connexions restées trop longtemps dans la file (hors du verrou)."""
        with self._lock:
            expired, self._expired = self._expired, []
        for request, address in expired:
            self._refuse_busy(request, address)

    # -- la mémoire des corps : un budget commun ----------------------------------
    # Chaque connexion peut envoyer un corps de max_body_size octets ; cent à la fois
    # feraient cent fois plus. Les corps lus en même temps se partagent donc
    # body_budget octets : au-delà, la requête reçoit 503 (réessayer dans un instant).
    # Un formulaire d'élève (quelques centaines d'octets) n'attend jamais.
    def take_body_room(self, length):
        """Réserve ``length`` octets du budget des corps ; faux s'il n'y a pas la place."""
        with self._lock:
            if self._bodies + length > self.body_budget:
                return False
            self._bodies += length
            return True

    def give_body_room(self, length):
        with self._lock:
            self._bodies -= length

    def wire_of(self, request):
        """Le flux de lecture (Wire) de la connexion ``request``."""
        with self._lock:
            wire = self._connections.get(request)
        return wire if wire is not None else Wire(request, self.request_timeout,
                                                  self.patience, self.max_head)

    # -- le gardien (warden.py) : de la place pour ceux qui se conduisent bien ------
    def _make_room(self):
        """Une connexion arrive (verrou pris) : coupe les plus lentes si le serveur est
        sous pression ; rend vrai s'il reste complet (503)."""
        wires = list(self._connections.values())
        now = time.monotonic()
        active = sum(1 for wire in wires if not wire.evicted)
        if active + 1 >= self.max_connections * warden.PRESSURE:
            for wire in wires:
                wire.stirring()   # une requête vient d'arriver sur une connexion au repos ?
        if active >= self.max_connections:
            victim = warden.make_room(wires, now, self.max_connections, self.floor,
                                      self.request_timeout)
            if victim is None:
                return True
            victim.evict()
            active -= 1
        if active + 1 >= self.max_connections * warden.PRESSURE:
            self._relieve(wires, now, arriving=1)
        return False

    def _relieve(self, wires, now, arriving=0):
        """Sous pression : coupe les plus lentes, pour redescendre à RELIEF (en comptant
        ``arriving`` connexions qui arrivent)."""
        limit = int(self.max_connections * warden.RELIEF) - arriving
        for wire in warden.victims(wires, now, limit, self.grace, self.request_timeout):
            wire.evict()

    def service_actions(self):
        """Appelée par ``serve_forever`` à chaque tour (au moins deux fois par seconde) :
        sous pression, le gardien coupe les requêtes qui traînent."""
        with self._lock:
            if len(self._connections) >= self.max_connections * warden.PRESSURE:
                wires = list(self._connections.values())
                for wire in wires:
                    wire.stirring()
                self._relieve(wires, time.monotonic())
            jobs = []
            while self._waiting:
                # Quelqu'un attend une place : le gardien en fait une dès qu'une connexion
                # lente a l'âge de la céder (FLOOR), sans attendre la pression suivante.
                if self._make_room():
                    break
                job = self._next_waiting()
                if job is None:
                    break
                jobs.append(job)
                if self._idle:
                    self._idle -= 1
                else:
                    self._start_worker()
        for job in jobs:
            self._jobs.put(job)
        self._refuse_expired()
        buckets = self.admission.buckets
        for address, refused, seconds in (buckets.calm() if buckets is not None else ()):
            self.emit(Event(NOTICE, client=address, fact="requests-calm",
                            values=(("refused", refused), ("seconds", seconds))))

    # -- les postes bloqués (admission.py) ------------------------------------------
    def block(self, address):
        """Bloque ``address`` et coupe aussitôt ses connexions (ouvertes ou en attente) ;
        rend combien. Les suivantes reçoivent 403 (``admission_handler.refuse_blocked``)."""
        self.admission.block(address)
        with self._lock:
            sockets = [sock for sock in self._connections if _peer(sock) == address]
            waiting = [job for job in self._waiting if job[1][0] == address]
            for job in waiting:
                self._waiting.remove(job)
        for job in waiting:
            self.shutdown_request(job[0])
        for sock in sockets:
            try:
                sock.shutdown(socket.SHUT_RDWR)   # le fil qui la sert se réveille et finit
            except OSError:
                pass
        return len(sockets) + len(waiting)

    def unblock(self, address):
        """Débloque ``address`` ; rend combien de ses connexions ont été refusées."""
        return self.admission.unblock(address) or 0

    def _refuse_busy(self, request, client_address):
        """Trop de connexions : on répond 503 tout de suite et on ferme."""
        self.emit(Event(ERROR, client=client_address[0], status=503, fact="too-many-connections",
                        values=(("limit", self.max_connections),)))
        body = BUSY_PAGE.encode("utf-8")
        head = ("HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/html; charset=utf-8\r\n"
                "Content-Length: %d\r\nRetry-After: 1\r\nConnection: close\r\n\r\n" % len(body))
        try:
            request.settimeout(1)
            request.sendall(head.encode("ascii") + body)
        except OSError:
            pass
        self.shutdown_request(request)


def _peer(sock):
    """L'adresse du client de ``sock`` ("" si elle est déjà fermée)."""
    try:
        return sock.getpeername()[0]
    except (OSError, IndexError):
        return ""
