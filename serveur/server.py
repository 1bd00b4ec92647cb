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
- il n'accepte qu'un nombre limité de connexions simultanées : au-delà, la plus
  lente cède sa place, ou la nouvelle venue attend son tour (l'entrée, gate.py) ;
- il réutilise ses fils d'une connexion à l'autre (un « réservoir » de fils),
  au lieu d'en créer un neuf à chaque connexion ;
- il garde la liste des connexions ouvertes pour pouvoir toutes les fermer
  d'un coup à l'arrêt (``close_connections``) : arrêter ne laisse derrière
  soi ni fil ni socket, même si un navigateur garde une connexion ouverte ;
- une erreur dans un fil devient une ligne calme dans le journal, pas une
  trace d'erreur (traceback) dans la console ;
- avec un contexte TLS (``tls_context``, posé par le contrôleur), chaque connexion
  est chiffrée (HTTPS) : la poignée de main se fait dans le fil de la connexion,
  jamais dans la boucle d'écoute (``finish_request``, ``secure.py``).

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

from .admission import Admission
from .admission_handler import refuse_blocked
from .events import ERROR, NOTICE, Event, bound
from .gate import Gate
from .secure import open_connection


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


class ClassroomServer(Gate, socketserver.ThreadingMixIn, HTTPServer):
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
    # Les réglages de l'entrée (gardien, file d'attente, budget des corps) : voir gate.py.

    def __init__(self, address, handler_class, report, folder,
                 request_timeout=15.0, max_body_size=1024 * 1024, exchanges=None):
        self.report = report            # fonction à appeler avec chaque Event
        self.folder = folder            # dossier servi (lu par les gestionnaires)
        self.real_folder = os.path.realpath(folder)  # liens symboliques résolus, une fois
        self.private_parts = ()   # les dossiers privés du panneau dans le dossier servi (paths.py)
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
        self.tls_context = None         # HTTPS : le contexte TLS (secure.make_context), sinon HTTP
        self.admission = Admission()    # qui entre : code, débit, postes bloqués (admission.py)
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

    def finish_request(self, request, client_address):
        # HTTPS : la poignée de main TLS, ici, dans le fil de la connexion. Un client qui
        # ne la finit jamais n'attend que lui-même ; s'il échoue, une ligne le dit (secure.py).
        if self.tls_context is not None and not open_connection(self, request, client_address):
            return
        if self.admission.blocked and client_address[0] in self.admission.blocked:
            refuse_blocked(self, request, client_address)   # 403, sans passer par le mode
            return
        super().finish_request(request, client_address)

    def process_request_thread(self, request, client_address):
        try:
            super().process_request_thread(request, client_address)
        finally:
            with self._lock:
                self._connections.pop(request, None)

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
        if self.stopping or client_address[0] in self.admission.blocked:
            return   # arrêt, ou poste bloqué : ses connexions coupées, c'est attendu
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

