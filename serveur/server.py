"""Le serveur HTTP lui-même : il écoute un port et confie chaque connexion à un fil.

``ThreadingHTTPServer`` de la bibliothèque standard fait déjà l'essentiel :
il accepte les connexions et lance un *fil d'exécution* (thread) par
connexion, qui utilise une classe « gestionnaire » (handler) pour lire les
requêtes et répondre. ``ClassroomServer`` y ajoute ce qu'il faut pour une
salle de classe :

- il raconte ce qui se passe en appelant ``report(event)`` (voir events.py) :
  un fait et ses valeurs, jamais une phrase ;
- il ne demande pas le nom complet de la machine au DNS au démarrage
  (``HTTPServer.server_bind`` appelle ``socket.getfqdn()``, qui peut bloquer
  des dizaines de secondes sur un réseau d'établissement mal configuré) ;
- il n'accepte qu'un nombre limité de connexions simultanées (au-delà : 503) ;
- il réutilise ses fils d'une connexion à l'autre (un « réservoir » de fils),
  au lieu d'en créer un neuf à chaque connexion ;
- il garde la liste des connexions ouvertes pour pouvoir toutes les fermer
  d'un coup à l'arrêt (``close_connections``) : arrêter ne laisse derrière
  soi ni fil ni socket, même si un navigateur garde une connexion ouverte ;
- une erreur dans un fil devient une ligne calme dans le journal, pas une
  trace d'erreur (traceback) dans la console.

Piège : ``shutdown()`` (hérité de ``socketserver``) attend la fin de
``serve_forever()`` ; l'appeler depuis le fil qui sert les requêtes bloque
pour toujours. C'est le contrôleur (controller.py) qui l'appelle, depuis un
autre fil.
"""

import collections
import errno
import itertools
import os
import queue
import socket
import socketserver
import sys
import threading
import time
from http.server import HTTPServer

from . import warden
from .events import ERROR, NOTICE, Event, bound
from .pages import BUSY_PAGE
from .wire import Wire


WORKER_IDLE_SECONDS = 30   # un fil du réservoir sans travail depuis 30 s s'arrête


def reuse_options(platform_name):
    """Les options de socket à poser avant ``bind``, selon le système.

    - Linux, macOS : ``SO_REUSEADDR`` permet de redémarrer aussitôt sur le
      même port, même si d'anciennes connexions sont encore dans l'état
      TIME_WAIT. Deux serveurs ne peuvent pas pour autant écouter le même port.
    - Windows : ``SO_REUSEADDR`` y a un autre sens, dangereux : il laisse un
      second programme écouter le même port en silence (cpython#85307). On
      pose à la place ``SO_EXCLUSIVEADDRUSE`` : le port est à nous seuls.

    Rend une liste de noms d'options (``"SO_REUSEADDR"``…) de ``SOL_SOCKET``.
    """
    if platform_name == "win32":
        return ["SO_EXCLUSIVEADDRUSE"]
    return ["SO_REUSEADDR"]


def apply_reuse_options(sock, platform_name=sys.platform):
    """Pose sur ``sock`` les options de ``reuse_options`` (avant ``bind``)."""
    for name in reuse_options(platform_name):
        option = getattr(socket, name, None)
        if option is not None:
            sock.setsockopt(socket.SOL_SOCKET, option, 1)


def is_client_gone(exc):
    """Vrai si l'exception dit seulement que le client a raccroché."""
    if isinstance(exc, (ConnectionError, socket.timeout)):
        return True
    return isinstance(exc, OSError) and exc.errno in (errno.EPIPE, errno.ECONNRESET,
                                                     errno.ECONNABORTED, errno.ENOTCONN,
                                                     errno.EBADF)


class ClassroomServer(socketserver.ThreadingMixIn, HTTPServer):
    """Serveur HTTP multi-fils qui raconte tout et s'arrête proprement.

    Pour qui l'utilise : ``serve_forever()``, ``shutdown()``, puis
    ``server_close()`` et ``close_connections()`` (le contrôleur s'en charge).
    Réglages : ``folder``, ``request_timeout`` et ``max_body_size`` (donnés à la
    création, lus par les gestionnaires) ; ``max_connections`` et
    ``daemon_threads`` (attributs de classe).
    """

    allow_reuse_address = False  # remplacé par reuse_options(), voir server_bind
    request_queue_size = 64     # connexions en attente d'être acceptées
    max_connections = 100       # au-delà : la plus lente cède sa place, sinon 503
    patience = 300.0            # silence permis dans une requête commencée (voir wire.py)
    max_head = 32768            # octets de ligne de requête + en-têtes, au plus (431)
    grace = warden.GRACE        # secondes laissées à une requête, serveur sous pression
    body_budget = 16 * 1024 * 1024   # octets de corps (POST) lus en même temps, au plus
    max_waiting = 200           # connexions qui attendent une place, au plus (au-delà : 503)
    wait_for_room = 5.0         # secondes d'attente d'une place, au plus (au-delà : 503)
    floor = warden.FLOOR        # âge minimal d'une connexion qui cède sa place

    def __init__(self, address, handler_class, report, folder,
                 request_timeout=15.0, max_body_size=1024 * 1024, exchanges=None):
        self.report = report            # fonction à appeler avec chaque Event
        self.folder = folder            # dossier servi (lu par les gestionnaires)
        self.real_folder = os.path.realpath(folder)  # liens symboliques résolus, une fois
        self.request_timeout = request_timeout  # secondes de silence entre deux requêtes
        self.max_body_size = max_body_size      # taille maximale d'un corps reçu
        self.stopping = False           # vrai pendant l'arrêt : erreurs attendues, on se tait
        self._connections = {}          # socket du client -> son flux de lecture (Wire)
        self._jobs = queue.Queue()      # connexions à servir, pour les fils du réservoir
        self._workers = set()           # les fils du réservoir
        self._idle = 0                  # combien attendent du travail
        # Numéros des requêtes : 1, 2, 3… (le contrôleur donne son compteur, pour
        # que les numéros continuent d'un démarrage à l'autre).
        self._exchanges = exchanges if exchanges is not None else itertools.count(1)
        self._lock = threading.Lock()
        self._bodies = 0                # octets de corps réservés par les requêtes en cours
        self._waiting = collections.deque()   # connexions qui attendent une place (sans fil)
        self._expired = []              # … et celles qui ont attendu trop longtemps (503)
        super().__init__(address, handler_class)

    # -- écoute -------------------------------------------------------------
    def server_bind(self):
        apply_reuse_options(self.socket)
        # On saute HTTPServer.server_bind, qui appelle socket.getfqdn() (lent).
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name = host
        self.server_port = port

    # -- les fils qui servent les connexions -----------------------------------
    # Créer un fil coûte cher (bien plus que servir une petite requête). Au lieu
    # d'un fil neuf par connexion, on garde un « réservoir » de fils : chacun
    # sert une connexion, puis attend la suivante dans la file ``_jobs``. Un fil
    # sans travail depuis WORKER_IDLE_SECONDS s'arrête ; il n'y en a jamais plus
    # que ``max_connections``.
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

    def _start_worker(self):
        worker = threading.Thread(target=self._work, name="fil de requêtes", daemon=True)
        worker.start()
        self._workers.add(worker)

    def _work(self):
        """La vie d'un fil du réservoir : servir une connexion après l'autre."""
        me = threading.current_thread()
        while True:
            try:
                job = self._jobs.get(timeout=WORKER_IDLE_SECONDS)
            except queue.Empty:
                with self._lock:
                    if self._idle:           # personne ne compte sur ce fil : il s'arrête
                        self._idle -= 1
                        self._workers.discard(me)
                        return
                continue
            if job is None:                  # le serveur s'arrête
                with self._lock:
                    self._workers.discard(me)
                return
            while job is not None:
                self.process_request_thread(*job)
                with self._lock:   # une connexion attend une place ? ce fil la sert
                    job = self._next_waiting()
                    if job is None:
                        self._idle += 1
                self._refuse_expired()

    def process_request_thread(self, request, client_address):
        try:
            super().process_request_thread(request, client_address)
        finally:
            with self._lock:
                self._connections.pop(request, None)

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

    def shutdown(self):
        """Arrête ``serve_forever`` tout de suite, sans attendre la fin de son attente.

        ``serve_forever`` attend des connexions par tranches de ``poll_interval``
        et ne vérifie qu'entre deux tranches s'il doit s'arrêter. Pour ne pas
        attendre, on le réveille en se connectant à nous-mêmes, jusqu'à ce que
        l'arrêt soit fait. Comme l'original : ne jamais appeler depuis le fil
        qui exécute ``serve_forever`` (il s'attendrait lui-même pour toujours).
        """
        waiter = threading.Thread(target=super().shutdown, name="arrêt du serveur")
        waiter.start()
        host, port = self.server_address[:2]
        host = {"0.0.0.0": "127.0.0.1", "::": "::1", "": "127.0.0.1"}.get(host, host)
        while waiter.is_alive():
            try:
                socket.create_connection((host, port), timeout=0.1).close()
            except OSError:
                pass
            waiter.join(0.005)

    def next_exchange(self):
        """Le numéro de la requête suivante (sûr entre fils : ``next`` est atomique)."""
        return next(self._exchanges)

    def number_from(self, exchanges):
        """Les numéros de requête suivants viennent de ``exchanges`` (un compteur) : la
        séance repart de 1 sans redémarrer le serveur. (Une seule affectation : sûr
        entre fils, une requête en cours prend l'ancien ou le nouveau compteur.)"""
        self._exchanges = exchanges

    def connection_count(self):
        with self._lock:
            return len(self._connections)

    def close_connections(self, timeout=1.0):
        """Coupe toutes les connexions encore ouvertes et arrête tous les fils.

        ``shutdown(SHUT_RDWR)`` réveille un fil bloqué dans ``recv`` (il lit
        alors une fin de connexion) ou dans ``send`` (il reçoit une erreur).
        Chaque fil reçoit ensuite ``None`` : il s'arrête après sa connexion.
        Rend le nombre de connexions coupées.
        """
        self.stopping = True
        with self._lock:
            sockets = list(self._connections)
            workers = list(self._workers)
            waiting = [job[0] for job in self._waiting]
            self._waiting.clear()
        for sock in waiting:   # jamais servies : fermées, simplement
            self.shutdown_request(sock)
        for sock in sockets:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass  # déjà fermée par l'autre côté
        for _ in workers:
            self._jobs.put(None)
        deadline = time.monotonic() + timeout   # une seule attente pour tous les fils
        for worker in workers:
            worker.join(max(0.0, deadline - time.monotonic()))
        return len(sockets)

    # -- erreurs -------------------------------------------------------------
    def handle_error(self, request, client_address):
        """Appelée quand un fil de requête lève une exception imprévue."""
        exc = sys.exc_info()[1]
        if self.stopping:
            return
        if is_client_gone(exc):
            self.emit(Event(NOTICE, client=client_address[0], fact="client-gone"))
        else:
            # Le message d'une exception peut citer ce qu'a envoyé le client : borné aussi.
            self.emit(Event(ERROR, **bound(dict(
                client=client_address[0], fact="internal-error",
                values=(("error_type", type(exc).__name__), ("error", str(exc)))))))

    def emit(self, event):
        """Transmet un événement ; une erreur de l'écouteur n'arrête jamais le serveur."""
        try:
            self.report(event)
        except Exception:  # l'écouteur est fautif, pas la requête : on continue
            pass


class ClassroomServer6(ClassroomServer):
    """La même chose pour une adresse IPv6 (``::1``, ``::``)."""

    address_family = socket.AF_INET6


def server_class_for(host):
    return ClassroomServer6 if ":" in host else ClassroomServer

