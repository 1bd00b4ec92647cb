"""Le serveur dans un processus à part : la fenêtre garde son cœur et sa fluidité.

Sous une averse (cent élèves qui rechargent en même temps), les fils du serveur
et la fenêtre se disputent le verrou global de Python (le « GIL ») : un seul fil
à la fois exécute du Python, et la fenêtre attend son tour — elle se fige par
moments. Le panneau fait donc tourner son serveur dans un **autre processus**
(module ``multiprocessing``, méthode « spawn », la même sous Windows, macOS et
Linux) : un autre interpréteur, un autre verrou, un autre cœur du processeur.

``ProcessController`` a les méthodes de ``Controller`` (``start``, ``stop``,
``restart_numbering``, ``running``, ``url``, ``port``) et lève les mêmes
``StartError`` : la fenêtre ne voit pas la différence.

Deux tuyaux (``multiprocessing.Pipe``) relient les deux processus :

- **les ordres** (démarrer, arrêter…), un à la fois, chacun avec sa réponse ;
- **les événements**, par paquets : dans le processus du serveur, les fils de
  requêtes les déposent dans une file bornée (``Outbox`` : au-delà, ils sont
  comptés et jetés, une ligne le dit), qu'un fil envoie ; dans la fenêtre, un
  fil les reçoit et les donne à ``report`` (la boîte aux lettres de la fenêtre).

Le processus du serveur est lancé dès la création (démarrer ne coûte ensuite
qu'un ordre) ; s'il meurt, la fenêtre le dit (« le serveur s'est arrêté sur une
erreur ») et le prochain « Démarrer » en relance un.
"""

import multiprocessing
import os
import signal
import sys
import threading

from . import student_print
from .admission import RemoteAdmission
from .controller import DEFAULT_HOST, Controller, StartError
from .events import ERROR, NOTICE, STOPPED, Event
from .isolation import RESIDENT_LIMIT, bound_student_process
from .modes import MODES
from .outbox import Outbox

BATCH = 100            # événements envoyés ensemble, au plus (les recevoir tient le verrou
                       # de Python dans la fenêtre : un petit paquet ne la fige jamais)
# La file du processus du serveur a la taille de la boîte aux lettres de la fenêtre
# (fenetre/inbox.py) : c'est ici que l'averse attend quand la fenêtre ne suit plus.
WAITING = 50000        # événements, au plus…
WAITING_BYTES = 32 * 1024 * 1024   # … et 32 Mio
ANSWER_SECONDS = 10.0  # attente d'une réponse à un ordre, au plus
STUDENT_STOP_SECONDS = 0.5   # le serveur d'un élève a ce temps pour s'arrêter de lui-même…
STUDENT_CLOSE_SECONDS = 0.3  # … et son processus celui-ci pour finir ; sinon, il est arrêté
                             # de force : « Arrêter » tient en moins d'une seconde
NICENESS = 5           # priorité un peu plus basse pour le serveur (la fenêtre d'abord)
BELOW_NORMAL_PRIORITY_CLASS = 0x4000   # la même chose sous Windows


def yield_to_the_window():
    """Le processus du serveur cède le pas à la fenêtre quand le processeur est plein :
    c'est elle que la classe regarde. (Sans effet là où le système ne le permet pas.)"""
    try:
        if hasattr(os, "nice"):
            os.nice(NICENESS)
        elif sys.platform == "win32":
            import ctypes
            kernel = ctypes.windll.kernel32
            kernel.SetPriorityClass(kernel.GetCurrentProcess(), BELOW_NORMAL_PRIORITY_CLASS)
    except (OSError, AttributeError, ValueError):
        pass


def serve_in_child(orders, events, options):
    """La vie du processus du serveur : exécuter les ordres, envoyer les événements."""
    # Ctrl+C dans le terminal qui a lancé panneau.py atteint les deux processus : c'est
    # la fenêtre qui décide d'arrêter (ordre « stop ») ; celui-ci n'en meurt pas en route.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    yield_to_the_window()
    outbox = Outbox(WAITING, WAITING_BYTES, reader="panneau")
    sender = threading.Thread(target=_send_events, args=(outbox, events),
                              name="envoi des événements", daemon=True)
    sender.start()
    controller = Controller(report=outbox.put, **options)
    try:
        while True:
            try:
                name, args = orders.recv()
            except (EOFError, OSError):
                break   # la fenêtre est partie : on s'arrête aussi
            if name == "close":
                break
            try:
                if name == "start":
                    if _is_student_mode(args[0]):
                        args = _prepare_for_student(outbox, *args)
                    url = controller.start(*args)
                    answer = ("ok", (url, controller.port))
                elif name == "stop":
                    answer = ("ok", controller.stop())
                elif name == "restart_numbering":
                    controller.restart_numbering()
                    answer = ("ok", None)
                elif name == "connection_count":
                    answer = ("ok", controller.connection_count())
                elif name in RemoteAdmission.ORDERS:   # admit, block, unblock (admission.py)
                    answer = ("ok", getattr(controller, name)(*args))
                else:
                    answer = ("ok", None)
            except StartError as exc:
                answer = ("refused", (exc.fact, exc.suggested_port, exc.values))
            try:
                orders.send(answer)
            except (OSError, ValueError):
                break
    finally:
        controller.stop()
        outbox.close()
        sender.join(1.0)


def _is_student_mode(name):
    mode = MODES.get(name)
    return mode is not None and mode.needs_file


def _prepare_for_student(outbox, mode, port, folder, host, student_file, https=False, private=()):
    """Ce processus va exécuter le code d'un élève (il ne servira qu'à cela, voir
    isolation.py) : ses bornes, ses ``print()`` dans le journal, et le dossier de son
    fichier comme dossier courant, comme quand il le lance d'un double-clic (un
    ``SimpleHTTPRequestHandler`` y sert ses fichiers). Rend les arguments de ``start``."""
    bound_student_process(lambda used: outbox.put(Event(
        ERROR, fact="student-memory", values=(("used", used // 10 ** 6),
                                              ("limit", RESIDENT_LIMIT // 10 ** 6)))))
    if not student_print.installed():
        student_print.install(outbox.put)
    if not folder and student_file:
        folder = os.path.dirname(os.path.abspath(student_file))
    if folder and os.path.isdir(folder):
        os.chdir(folder)
    return mode, port, folder, host, student_file, https, private


def _send_events(outbox, events):
    """Fil du processus du serveur : envoie les événements par paquets, jusqu'à la fin."""
    while True:
        batch = outbox.take(BATCH)   # attend le premier, prend ce qui est déjà là
        if batch is None:
            break
        try:
            events.send(batch)
        except (OSError, ValueError):   # la fenêtre est partie
            break
    try:
        events.close()
    except OSError:
        pass


def window_controller(report, **options):
    """Le contrôleur du panneau : le serveur dans son propre processus si ce Python
    sait en lancer un ; sinon (environnement qui interdit les processus), dans un fil
    du processus de la fenêtre, comme avant : le panneau marche dans tous les cas."""
    try:
        return ProcessController(report, **options)
    except (OSError, RuntimeError, ValueError, ImportError, AttributeError):
        return Controller(report, **options)


class ProcessController(RemoteAdmission):
    """Démarre et arrête un serveur qui tourne dans un autre processus.

    ``report`` est appelée avec chaque ``Event``, depuis un fil de lecture (jamais
    le fil de la fenêtre) : comme avec ``Controller``, elle doit être rapide.
    Les autres arguments (``request_timeout``…) sont ceux de ``Controller``.
    """

    def __init__(self, report, **options):
        self.report = report
        self.options = options
        self.url = ""
        self.port = 0
        self._running = False
        self._lock = threading.Lock()   # un ordre à la fois
        self._process = None
        self._orders = None
        self._reader = None
        self._student = False       # le processus exécute-t-il le code d'un élève ?
        self._stopped_told = False  # l'arrêt a-t-il été raconté par le processus ?
        self._spawn()

    # -- le processus du serveur --------------------------------------------------
    def _spawn(self):
        context = multiprocessing.get_context("spawn")
        self._orders, child_orders = context.Pipe()
        events_in, events_out = context.Pipe(duplex=False)
        try:
            self._process = context.Process(target=serve_in_child, name="serveur du panneau",
                                            args=(child_orders, events_out, self.options),
                                            daemon=True)
            self._process.start()
        except Exception:
            for end in (self._orders, child_orders, events_in, events_out):
                end.close()
            self._process = None
            raise
        child_orders.close()   # ces bouts appartiennent maintenant à l'autre processus
        events_out.close()
        self._gone = False
        self._reader = threading.Thread(target=self._read_events, args=(events_in,),
                                        name="réception des événements", daemon=True)
        self._reader.start()

    def _read_events(self, events):
        while True:
            try:
                batch = events.recv()
            except (EOFError, OSError):   # le processus du serveur est parti
                break
            for event in batch:
                if event.kind == STOPPED:
                    self._stopped_told = True
                    if event.fact == "stopped-after-error":
                        self._running = False
                self.report(event)
        events.close()
        self._gone = True   # le processus est fini, même si le système ne l'a pas encore rangé
        if self._running:   # parti sans qu'on l'arrête : on le dit, comme un plantage
            self._running = False
            if self._student:   # os._exit, sys.exit hors d'une requête, Python planté…
                process = self._process
                if process is not None:
                    process.join(1.0)
                code = process.exitcode if process is not None else None
                self.report(Event(ERROR, fact="student-process-ended",
                                  values=(("code", code if code is not None else "?"),)))
            else:
                self.report(Event(ERROR, fact="server-crashed",
                                  values=(("error", "processus du serveur arrêté"),)))
            self.report(Event(STOPPED, port=self.port, fact="stopped-after-error"))

    def _ask(self, name, *args, wait=ANSWER_SECONDS):
        """Envoie un ordre et attend sa réponse ; None si le processus ne répond plus."""
        try:
            self._orders.send((name, args))
            if not self._orders.poll(wait):
                return None
            return self._orders.recv()
        except (EOFError, OSError, ValueError):
            return None

    def _alive(self):
        return self._process is not None and not self._gone and self._process.is_alive()

    # -- l'interface de Controller ------------------------------------------------
    @property
    def running(self):
        return self._running and self._alive()

    def start(self, mode, port, folder=None, host=DEFAULT_HOST, student_file=None,
              https=False, private=()):
        with self._lock:
            answer = None
            for _ in range(2):
                if not self._alive() or self._student:
                    self._close_locked()
                    self._spawn()   # le précédent est mort (ou a servi un élève) : un neuf
                self._student = _is_student_mode(mode)
                self._stopped_told = False
                answer = self._ask("start", mode, port, folder, host, student_file, https, private)
                if answer is not None:
                    break
                self._close_locked()   # il ne répond pas : on le remplace, une fois
            if answer is None:
                raise StartError("cannot-listen", host=host, port=port,
                                 error="le processus du serveur ne répond pas")
            status, value = answer
            if status == "refused":
                if self._student:   # le fichier ne peut pas servir : ce processus-là a fini
                    self._close_locked()
                fact, suggested, values = value
                raise StartError(fact, suggested, **values)
            self.url, self.port = value
            self._running = True
            return self.url

    def stop(self):
        with self._lock:
            self._running = False
            if not self._alive():
                return 0
            if self._student:
                return self._stop_student_locked()
            answer = self._ask("stop")
            return answer[1] if answer else 0

    def _stop_student_locked(self):
        """Le serveur d'un élève : on lui demande de s'arrêter, puis son processus est fermé,
        de force s'il le faut (une boucle sans fin ne rend jamais la main). Le port est
        libre quand cette méthode rend la main."""
        answer = self._ask("stop", wait=STUDENT_STOP_SECONDS)
        # Arrêté de lui-même : son processus finit d'envoyer ses derniers événements (la
        # requête qu'il vient de servir, son arrêt) puis s'en va, en quelques millisecondes
        # d'ordinaire ; on l'attend davantage si la machine est chargée. Sinon, il est coincé.
        forced = not self._close_locked(STUDENT_CLOSE_SECONDS if answer is None else 2.0)
        if forced or not self._stopped_told:
            self.report(Event(NOTICE, fact="student-stopped-forcibly"))
            if not self._stopped_told:
                self.report(Event(STOPPED, port=self.port, fact="stopped", values=(("cut", 0),)))
        return answer[1] if answer else 0

    def restart_numbering(self):
        with self._lock:
            if self._alive():
                self._ask("restart_numbering")

    def connection_count(self):
        with self._lock:
            answer = self._ask("connection_count") if self._alive() else None
            return answer[1] if answer else 0

    def close(self):
        """Arrête le serveur et son processus (la fenêtre se ferme)."""
        with self._lock:
            self._running = False
            self._close_locked()

    def _close_locked(self, wait=2.0):
        """Ferme le processus du serveur : il a ``wait`` secondes pour finir de lui-même,
        puis il est terminé. Rend vrai s'il a fini de lui-même."""
        if self._process is None:
            return True
        try:
            self._orders.send(("close", ()))
        except (OSError, ValueError):
            pass
        self._process.join(wait)
        calm = not self._process.is_alive()
        if not calm:
            self._process.terminate()
            self._process.join(0.2)
            if self._process.is_alive() and hasattr(self._process, "kill"):
                self._process.kill()   # SIGKILL : même un processus qui ignore SIGTERM
                self._process.join(0.5)
        try:
            self._orders.close()
        except OSError:
            pass
        if self._reader is not None:
            self._reader.join(1.0 if calm else 0.2)
        self._process = None
        self._student = False
        return calm
