"""Le contrôleur : démarrer un serveur dans un fil d'arrière-plan, puis l'arrêter.

Pour qui l'utilise (le panneau, la ligne de commande, les tests) ::

    controller = Controller(report=print_or_queue)   # report(event) pour chaque Event
    controller.start("get-post", 8081)               # lève StartError si impossible
                                                     # (https=True : chiffré, secure.py)
    ...
    controller.stop()                                # rapide, libère le port

Qui entre (``admission.py``) : ``controller.admit(Rules(code="4821", limit=50))``
avant ``start`` (pour ce démarrage et les suivants) ; ``controller.block(adresse)`` et
``unblock`` bloquent un poste, serveur en marche ou non.

``start`` réserve le port tout de suite, dans le fil de l'appelant : une
erreur (port occupé, dossier absent…) est donc levée là, sous la forme d'une
``StartError`` : le contrôleur y met le fait (« port-taken ») et ses valeurs,
``str(erreur)`` est la phrase française qui dit quoi faire (``wording.py``). Le serveur
tourne ensuite dans un fil à part (``serve_forever``), pour que la fenêtre
reste libre.

``stop`` demande à ``serve_forever`` de s'arrêter, ferme le socket d'écoute,
coupe les connexions encore ouvertes et attend chaque fil : il ne reste rien
derrière, et le port peut être repris aussitôt.
"""

import errno
import itertools
import os
import socket
import threading

from .admission import Admission, Rules
from .admission_handler import screened
from .class_code import Passes
from .events import ERROR, NOTICE, STARTED, STOPPED, Event
from .modes import MODES
from .network import port_owner
from .paths import private_parts
from .secure import TlsUnavailable, make_context
from .server import apply_reuse_options, server_class_for
from .student_file import StudentCode, StudentFileError
from .wording import start_problem

# Le dossier qui contient panneau.py et ressource.html (celui au-dessus du
# paquet serveur/), quel que soit le dossier courant : un double-clic marche.
DEFAULT_FOLDER = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

DEFAULT_HOST = "127.0.0.1"                       # cet ordinateur seulement
# serve_forever se réveille toutes les POLL_INTERVAL secondes pour voir s'il doit
# s'arrêter. L'arrêt ne l'attend pas (ClassroomServer.shutdown le réveille aussitôt) :
# au repos, un réveil toutes les demi-secondes suffit, au lieu de vingt par seconde.
POLL_INTERVAL = 0.5


class StartError(Exception):
    """Le serveur ne peut pas démarrer ; ``str(erreur)`` dit pourquoi et quoi faire.

    ``fact`` nomme la raison (« port-taken », « missing-folder »…) et ``values``
    garde ses valeurs (``{"port": 8080, "free": 8081}``) ; la phrase vient de
    ``wording.start_problem``. ``suggested_port`` propose un port libre quand le
    port demandé est pris.
    """

    def __init__(self, fact, suggested_port=None, **values):
        super().__init__(start_problem(fact, values))
        self.fact = fact
        self.values = values
        self.suggested_port = suggested_port


def parse_port(value):
    """Texte tapé -> numéro de port (0 à 65535), ou StartError en français."""
    text = str(value).strip()
    if not text:
        raise StartError("no-port")
    if not text.isascii() or not text.isdigit():
        raise StartError("not-a-port", text=text[:20])
    port = int(text)
    if port > 65535:
        raise StartError("port-out-of-range", port=port)
    return port


def is_port_free(host, port):
    """Essaie de réserver (host, port) avec les options du serveur, puis relâche."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        apply_reuse_options(probe)
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def find_free_port(host, after):
    """Le premier port libre après ``after`` (parmi les 50 suivants), sinon None."""
    start = max(after + 1, 1024)
    for port in range(start, min(start + 50, 65536)):
        if is_port_free(host, port):
            return port
    return None


def _error_is(exc, *names):
    """Vrai si l'erreur système ``exc`` porte un de ces codes (errno ou Windows)."""
    codes = {getattr(errno, name, None) for name in names}
    codes |= {getattr(errno, "WSA" + name, None) for name in names}
    codes.discard(None)
    return exc.errno in codes or getattr(exc, "winerror", None) in codes


def explain_bind_error(exc, host, port):
    """Une erreur de ``bind`` -> StartError : la raison, et un port libre s'il y en a un."""
    if isinstance(exc, socket.gaierror):
        return StartError("unknown-host", host=host)
    if _error_is(exc, "EADDRINUSE"):
        free = find_free_port(host, port)
        return StartError("port-taken", free, port=port, owner=port_owner(port), free=free)
    if _error_is(exc, "EACCES") or isinstance(exc, PermissionError):
        free = find_free_port(host, max(port, 8079))
        if port < 1024:
            return StartError("port-privileged", free, port=port)
        return StartError("port-refused", free, port=port, free=free)
    if _error_is(exc, "EADDRNOTAVAIL"):
        return StartError("address-not-here", host=host)
    return StartError("cannot-listen", host=host, port=port, error=exc.strerror or str(exc))


def url_for(host, port, https=False):
    """L'adresse à taper dans le navigateur (``https://…`` pour un serveur chiffré)."""
    if host in ("", "0.0.0.0"):
        host = "127.0.0.1"
    elif host == "::":
        host = "::1"
    if ":" in host:
        host = "[%s]" % host
    return "%s://%s:%d/" % ("https" if https else "http", host, port)


class Controller:
    """Démarre et arrête un serveur ; ne sait rien de l'écran.

    ``report`` est appelée avec chaque ``Event``, depuis le fil qui l'a créé
    (souvent un fil de requête) : elle doit être rapide et ne jamais toucher
    une fenêtre Tk directement (le panneau met les événements dans une file).
    """

    def __init__(self, report, request_timeout=15.0, max_body_size=1024 * 1024,
                 max_connections=100, patience=300.0, admission=None, blocked=()):
        self.report = report
        self.request_timeout = request_timeout   # secondes de silence entre deux requêtes
        self.patience = patience                 # … et au milieu d'une requête (wire.py)
        self.max_body_size = max_body_size       # octets acceptés dans un corps
        self.max_connections = max_connections   # connexions simultanées (voir gate.py)
        self._server = None
        self._thread = None
        self._lock = threading.Lock()   # start et stop ne se chevauchent jamais
        self._exchanges = itertools.count(1)   # « requête n°… », unique pour toute la séance
        self.url = ""
        self.port = 0
        self.rules = admission or Rules()   # qui entre (admit) ; les postes bloqués :
        self._blocked = set(blocked)         # gardés d'un démarrage à l'autre
        self._passes = ("", Passes())        # les laissez-passer donnés, avec leur code

    @property
    def running(self):
        thread = self._thread
        return thread is not None and thread.is_alive()

    def connection_count(self):
        server = self._server
        return server.connection_count() if server else 0

    def restart_numbering(self):
        """Les numéros de requête (« requête n°… ») repartent de 1, même serveur en marche
        (« Effacer » : une nouvelle séance commence)."""
        with self._lock:
            self._exchanges = itertools.count(1)
            if self._server is not None:
                self._server.number_from(self._exchanges)

    def start(self, mode, port, folder=None, host=DEFAULT_HOST, student_file=None,
              https=False, private=()):
        """Démarre le serveur ; rend son adresse (``http://127.0.0.1:8081/``).

        ``student_file`` : le fichier Python de l'élève, pour un mode qui en sert un
        (« Mon serveur », ``Mode.needs_file``) ; chargé avant d'ouvrir le port.
        ``https`` : chiffrer chaque connexion (TLS, avec le certificat de démonstration,
        ``secure.py``) ; l'adresse commence alors par ``https://``. ``private`` : les dossiers
        où le panneau écrit ce que tapent les élèves, jamais servis (``paths.private_parts``)."""
        with self._lock:
            if self.running:
                raise StartError("already-running", url=self.url)
            if self._server is not None:
                self._stop_locked()   # un serveur arrêté sur une erreur : on range d'abord
            if mode not in MODES:
                raise StartError("unknown-mode", mode=mode, modes=tuple(MODES))
            port = parse_port(port)
            folder = os.path.abspath(folder or DEFAULT_FOLDER)
            if not os.path.isdir(folder):
                if os.path.exists(folder):   # --dossier notes.txt : un fichier
                    raise StartError("not-a-folder", folder=folder)
                raise StartError("missing-folder", folder=folder)
            hidden = private_parts(os.path.realpath(folder), private)
            if hidden is None:   # le dossier servi est celui du journal de la séance
                raise StartError("private-folder", folder=folder)
            student_code = self._student_code(student_file) if MODES[mode].needs_file else None
            tls_context = self._tls_context() if https else None
            server_class = server_class_for(host)
            # Un code ou un débit à faire respecter : l'entrée se met devant le gestionnaire
            # (sinon, rien de plus par requête). Le serveur d'un élève répond lui-même.
            handler = MODES[mode].handler
            if not MODES[mode].needs_file and (self.rules.code or self.rules.limit):
                handler = screened(handler)
            try:
                server = server_class((host, port), handler, self.report, folder,
                                      self.request_timeout, self.max_body_size,
                                      self._exchanges)
                server.max_connections = self.max_connections
                server.patience = self.patience
            except OSError as exc:
                raise explain_bind_error(exc, host, port) from None
            server.student_code = student_code
            server.tls_context = tls_context
            server.private_parts = hidden
            server.admission = self._admission(student_code is not None)
            if student_code is not None:
                student_code.emit = server.emit   # « rechargé », ou l'erreur du nouveau fichier
            self._server = server
            self.port = server.server_address[1]   # le vrai port, même si on a demandé 0
            self.url = url_for(host, self.port, https)
            self._thread = threading.Thread(target=self._serve, name="serveur HTTP", daemon=True)
            self._thread.start()
        facts = student_code.facts() if student_code else ()
        server.emit(Event(STARTED, url=self.url, port=self.port, mode=mode, folder=folder,
                          values=facts + ((("https", True),) if https else ())))
        rules = server.admission.rules
        if rules.code or rules.limit or (student_code and (self.rules.code or self.rules.limit)):
            server.emit(Event(NOTICE, fact="admission-rules", values=(
                ("code", bool(rules.code)), ("code_here", rules.code_here),
                ("limit", rules.limit), ("limit_here", rules.limit_here),
                ("student", student_code is not None))))
        return self.url

    # -- qui entre (admission.py) ----------------------------------------------------
    def _admission(self, student=False):
        """L'état des règles pour un serveur qui démarre : les laissez-passer déjà donnés
        restent valables tant que le code ne change pas. Le serveur d'un élève répond
        lui-même : ni code ni débit (seuls les postes bloqués s'appliquent)."""
        rules = Rules(here=self.rules.here) if student else self.rules
        if self._passes[0] != rules.code:
            self._passes = (rules.code, Passes())
        return Admission(rules, self._blocked, self._passes[1])

    def admit(self, rules):
        """Les règles d'entrée (``admission.Rules``) des prochains démarrages (un serveur
        en marche garde les siennes jusqu'à son arrêt)."""
        with self._lock:
            self.rules = rules

    def block(self, address):
        """Bloque le poste ``address`` : ses connexions ouvertes sont coupées, les suivantes
        reçoivent 403. Faux s'il l'était déjà, ou si c'est cet ordinateur (jamais bloqué)."""
        with self._lock:
            server = self._server
            admission = server.admission if server is not None else Admission(self.rules)
            if admission.is_here(address):
                self.report(Event(NOTICE, client=address, fact="block-here"))
                return False
            if address in self._blocked:
                return False
            self._blocked.add(address)
            cut = server.block(address) if server is not None else 0
        self.report(Event(NOTICE, client=address, fact="client-blocked", values=(("cut", cut),)))
        return True

    def unblock(self, address):
        """Débloque le poste ``address`` ; faux s'il n'était pas bloqué."""
        with self._lock:
            if address not in self._blocked:
                return False
            self._blocked.discard(address)
            refused = self._server.unblock(address) if self._server is not None else 0
        self.report(Event(NOTICE, client=address, fact="client-unblocked",
                          values=(("refused", refused),)))
        return True

    @staticmethod
    def _tls_context():
        """Le certificat de démonstration chargé ; ``StartError`` s'il ne peut pas l'être."""
        try:
            return make_context()
        except TlsUnavailable as exc:
            raise StartError(exc.fact, **exc.values) from None

    @staticmethod
    def _student_code(path):
        """Le code de l'élève chargé depuis ``path`` ; ``StartError`` s'il ne peut pas servir."""
        if not path:
            raise StartError("student-no-file")
        try:
            return StudentCode(path)
        except StudentFileError as exc:
            raise StartError(exc.fact, **dict(exc.values)) from None

    def _serve(self):
        server = self._server
        try:
            server.serve_forever(poll_interval=POLL_INTERVAL)
        except Exception as exc:  # ne devrait pas arriver : on le dit calmement
            server.emit(Event(ERROR, fact="server-crashed", values=(("error", str(exc)),)))
            server.emit(Event(STOPPED, port=self.port, fact="stopped-after-error"))

    def _stop_locked(self):
        """Arrête et range le serveur (le verrou est déjà pris) ; rend (serveur, coupées)."""
        server, thread = self._server, self._thread
        server.stopping = True
        if thread.is_alive():
            server.shutdown()        # serve_forever rend la main aussitôt
        server.server_close()        # le port est libéré
        cut = server.close_connections()
        thread.join(1.0)
        self._server = self._thread = None
        return server, cut

    def stop(self):
        """Arrête le serveur (sans effet s'il ne tourne pas) ; rend le nombre de
        connexions coupées. Ne pas appeler depuis un fil de requête."""
        with self._lock:
            if self._server is None:
                return 0
            server, cut = self._stop_locked()
        server.emit(Event(STOPPED, port=self.port, fact="stopped", values=(("cut", cut),)))
        return cut
