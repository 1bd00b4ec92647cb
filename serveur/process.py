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

from .controller import DEFAULT_HOST, Controller, StartError
from .events import ERROR, STOPPED, Event
from .outbox import Outbox

BATCH = 100            # événements envoyés ensemble, au plus (les recevoir tient le verrou
                       # de Python dans la fenêtre : un petit paquet ne la fige jamais)
# La file du processus du serveur a la taille de la boîte aux lettres de la fenêtre
# (fenetre/inbox.py) : c'est ici que l'averse attend quand la fenêtre ne suit plus.
WAITING = 50000        # événements, au plus…
WAITING_BYTES = 32 * 1024 * 1024   # … et 32 Mio
ANSWER_SECONDS = 10.0  # attente d'une réponse à un ordre, au plus
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
                    url = controller.start(*args)
                    answer = ("ok", (url, controller.port))
                elif name == "stop":
                    answer = ("ok", controller.stop())
                elif name == "restart_numbering":
                    controller.restart_numbering()
                    answer = ("ok", None)
                elif name == "connection_count":
                    answer = ("ok", controller.connection_count())
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



class ProcessController:
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
                if event.kind == STOPPED and event.fact == "stopped-after-error":
                    self._running = False
                self.report(event)
        events.close()
        self._gone = True   # le processus est fini, même si le système ne l'a pas encore rangé
        if self._running:   # parti sans qu'on l'arrête : on le dit, comme un plantage
            self._running = False
            self.report(Event(ERROR, fact="server-crashed",
                              values=(("error", "processus du serveur arrêté"),)))
            self.report(Event(STOPPED, port=self.port, fact="stopped-after-error"))

    def _ask(self, name, *args):
        """Envoie un ordre et attend sa réponse ; None si le processus ne répond plus."""
        try:
            self._orders.send((name, args))
            if not self._orders.poll(ANSWER_SECONDS):
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

    def start(self, mode, port, folder=None, host=DEFAULT_HOST):
        with self._lock:
            answer = None
            for _ in range(2):
                if not self._alive():
                    self._close_locked()
                    self._spawn()   # le précédent est mort : un neuf
                answer = self._ask("start", mode, port, folder, host)
                if answer is not None:
                    break
                self._close_locked()   # il ne répond pas : on le remplace, une fois
            if answer is None:
                raise StartError("cannot-listen", host=host, port=port,
                                 error="le processus du serveur ne répond pas")
            status, value = answer
            if status == "refused":
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
            answer = self._ask("stop")
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

    def _close_locked(self):
        if self._process is None:
            return
        try:
            self._orders.send(("close", ()))
        except (OSError, ValueError):
            pass
        self._process.join(2.0)
        if self._process.is_alive():
            self._process.terminate()
            self._process.join(1.0)
        try:
            self._orders.close()
        except OSError:
            pass
        if self._reader is not None:
            self._reader.join(1.0)
        self._process = None
