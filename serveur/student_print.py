"""Les ``print()`` du serveur d'un élève, dans le journal du panneau.

Un élève met des ``print`` dans son ``do_GET`` pour comprendre ce qui se passe :
c'est ainsi qu'il déboguera toute sa vie. Dans le panneau, il n'y a pas de
terminal : ``install`` remplace ``sys.stdout`` et ``sys.stderr`` (dans le
processus du serveur, qui n'écrit jamais rien lui-même) par des flux qui
font de chaque ligne un événement ``NOTICE`` (fait ``student-print``, valeurs
``text`` et ``stream``), marqué du numéro de la requête en cours quand il y en a
une (``StudentPrinter.exchange``, posé par le gestionnaire pour son fil).

Borné, quoi que fasse l'élève :

- une ligne de plus de ``max_line`` caractères est coupée (``bounds.clip`` : le
  narrateur dit combien il en manquait), et un texte sans fin de ligne n'est pas
  gardé au-delà ;
- au-delà de ``per_second`` lignes dans la même seconde, les suivantes sont
  comptées, pas envoyées ; une seule ligne le dit ensuite (``student-print-flood``,
  valeurs ``count`` et ``limit``), à la ligne suivante ou à ``settle()``, que le
  gestionnaire appelle à la fin de chaque requête.

Les phrases sont dans ``student_wording.py``.
"""

import io
import sys
import threading
import time

from .bounds import Clipped
from .events import NOTICE, Event

MAX_LINE = 1000          # caractères d'une ligne affichée, au plus
PER_SECOND = 50          # lignes par seconde envoyées au journal, au plus


class StudentPrinter:
    """Transforme les lignes écrites par le code de l'élève en événements, bornés."""

    def __init__(self, emit, max_line=MAX_LINE, per_second=PER_SECOND, clock=time.monotonic):
        self.emit = emit
        self.max_line = max_line
        self.per_second = per_second
        self.clock = clock
        self._lock = threading.Lock()
        self._window = None      # début de la seconde en cours
        self._sent = 0           # lignes envoyées dans cette seconde
        self._dropped = 0        # lignes comptées, pas envoyées
        self._local = threading.local()   # le numéro de requête de chaque fil

    @property
    def exchange(self):
        """Le numéro de la requête servie par ce fil (0 : aucune)."""
        return getattr(self._local, "exchange", 0)

    @exchange.setter
    def exchange(self, number):
        self._local.exchange = number

    def line(self, text, stream="stdout", size=None):
        """Une ligne complète (sans son ``\\n``) écrite sur ``stream`` ; ``size`` : sa vraie
        longueur quand ``text`` n'en est que le début."""
        events = []
        with self._lock:
            now = self.clock()
            if self._window is None or now - self._window >= 1.0:
                events.extend(self._summary())
                self._window, self._sent = now, 0
            if self._sent >= self.per_second:
                self._dropped += 1
            else:
                self._sent += 1
                events.append(Event(NOTICE, fact="student-print", exchange=self.exchange,
                                    values=(("text", self._shown(text, size)),
                                            ("stream", stream))))
        for event in events:
            self._tell(event)

    def _shown(self, text, size):
        """Le texte d'une ligne, coupé à ``max_line`` : un ``Clipped`` qui dit combien manque."""
        size = len(text) if size is None else size
        if size <= self.max_line and len(text) == size:
            return text
        shown = Clipped(text[:self.max_line])
        shown.missing = size - len(shown)
        return shown

    def settle(self):
        """Dit tout de suite combien de lignes n'ont pas été montrées (s'il y en a)."""
        with self._lock:
            events = self._summary()
        for event in events:
            self._tell(event)

    def _summary(self):
        if not self._dropped:
            return []
        count, self._dropped = self._dropped, 0
        return [Event(NOTICE, fact="student-print-flood",
                      values=(("count", count), ("limit", self.per_second)))]

    def _tell(self, event):
        try:
            self.emit(event)
        except Exception:   # l'écouteur est fautif : le code de l'élève continue
            pass


class StudentStream(io.TextIOBase):
    """Un ``sys.stdout`` (ou ``sys.stderr``) qui donne ses lignes à un ``StudentPrinter``."""

    def __init__(self, printer, name="stdout"):
        super().__init__()
        self.printer = printer
        self.name = name
        self._lock = threading.Lock()
        self._partial = []       # le début d'une ligne pas encore finie (max_line au plus)…
        self._kept = 0           # … sa longueur…
        self._partial_size = 0   # … et celle de la ligne entière, jusqu'ici

    @property
    def encoding(self):
        return "utf-8"

    def writable(self):
        return True

    def write(self, text):
        if not isinstance(text, str):
            raise TypeError("write() argument must be str, not %s" % type(text).__name__)
        lines = []
        with self._lock:
            pieces = text.split("\n")
            for piece in pieces[:-1]:
                lines.append(self._take(piece))
            self._keep(pieces[-1])
        for line, size in lines:
            self.printer.line(line, self.name, size)
        return len(text)

    def _keep(self, piece):
        # Une ligne sans fin n'occupe jamais plus de max_line caractères : le reste est compté.
        room = self.printer.max_line - self._kept
        if piece and room > 0:
            self._partial.append(piece[:room])
            self._kept += len(self._partial[-1])
        self._partial_size += len(piece)

    def _take(self, piece):
        self._keep(piece)
        line, size = "".join(self._partial), self._partial_size
        self._partial, self._kept, self._partial_size = [], 0, 0
        return line, size

    def flush(self):
        """Une ligne commencée sans ``\\n`` (``print(x, end="")``) part telle quelle."""
        with self._lock:
            taken = self._take("") if self._partial_size else None
        if taken is not None:
            self.printer.line(taken[0], self.name, taken[1])


_installed = []   # (printer, anciens flux) : au plus un


def install(emit, **options):
    """Les ``print`` de ce processus deviennent des événements donnés à ``emit`` ; rend
    le ``StudentPrinter``. ``uninstall()`` remet les flux d'origine."""
    uninstall()
    printer = StudentPrinter(emit, **options)
    _installed.append((printer, sys.stdout, sys.stderr))
    sys.stdout = StudentStream(printer, "stdout")
    sys.stderr = StudentStream(printer, "stderr")
    return printer


def uninstall():
    """Remet ``sys.stdout`` et ``sys.stderr`` d'origine (sans effet sans ``install``)."""
    while _installed:
        printer, stdout, stderr = _installed.pop()
        for stream in (sys.stdout, sys.stderr):
            if isinstance(stream, StudentStream):
                stream.flush()
        sys.stdout, sys.stderr = stdout, stderr
        printer.settle()


def installed():
    """Le ``StudentPrinter`` en place, ou None."""
    return _installed[-1][0] if _installed else None


def begin_request(exchange):
    """Le fil qui appelle sert la requête n°``exchange`` : ses ``print`` le diront."""
    printer = installed()
    if printer is not None:
        printer.exchange = exchange


def end_request():
    """Fin de la requête du fil qui appelle : les lignes commencées partent, et le compte
    des lignes non montrées est dit."""
    printer = installed()
    if printer is None:
        return
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, StudentStream):
            stream.flush()
    printer.settle()
    printer.exchange = 0
