"""Le mode « Mon serveur » : la classe qu'un élève a écrite, servie et racontée par le panneau.

L'élève écrit son gestionnaire comme dans le tutoriel (``class MonServeur(
BaseHTTPRequestHandler)`` avec ``do_GET`` et ``do_POST``) ; ``student_file.py``
le charge. ``StudentHandler`` est la classe que le serveur du panneau utilise
pour chaque connexion : elle prend la version en service du code de l'élève
(``server.student_code.current()``) et se glisse *devant* sa classe ::

    BaseHTTPRequestHandler                 lit la requête, écrit la réponse
      └── MonServeur                       la classe de l'élève : do_GET, do_POST
            └── (MonServeur, écoutée)      StudentHandler devant elle, même nom

Ainsi le code de l'élève tourne tel qu'il l'a écrit, et le panneau voit tout :

- ``setup``  : ``rfile`` et ``wfile`` deviennent des flux qui prennent note
  (``student_capture.py``) de ce que l'élève a vraiment lu et écrit ;
- ``handle_one_request`` : avant chaque requête, le fichier a-t-il changé ? (la
  version rechargée sert cette requête, même sur une connexion gardée ouverte) ;
  après, ce qui a été écrit est relu (``student_check.py``) et raconté comme dans
  les autres modes (REQUEST, DATA, EXCHANGE, et une ligne par erreur) ;
- une exception dans ``do_GET`` (ou ``sys.exit()``) ne tue jamais le fil : le
  navigateur reçoit une page 500 en français (si rien n'était parti, sinon la
  connexion est fermée), le journal reçoit l'exception avec les seules lignes de
  l'élève (``student_trace.py``), et le serveur sert la requête suivante ;
- ``send_header``, ``end_headers``, ``send_error`` et ``log_message`` sont notés
  au passage (un en-tête envoyé trop tard, un ``end_headers`` oublié).

Les attributs du panneau sont « privés » (``self.__exchange`` devient
``self._StudentHandler__exchange``) : ils ne peuvent pas écraser ceux de l'élève.
Ce gestionnaire ne compose aucune phrase : il raconte des faits, dits par
``student_wording.py``.
"""

import functools
import html
import socket
import time
from http.server import BaseHTTPRequestHandler

from . import student_print
from .body import decode_body, decode_query
from .bounds import MAX_BODY, ClippedBytes, clip
from .events import DATA, ERROR, EXCHANGE, NOTICE, REQUEST, RESPONSE, Event, bound
from .hexdump import head_length
from .pages import error_page_format
from .secure import hello_facts, with_tls
from .server import is_client_gone
from .source import where_it_ran
from .student_capture import ReadCapture, WriteCapture
from .student_check import announced_length, check, parse_reply
from .student_trace import exception_facts
from .wire import Evicted, HeadTooLarge
from .wording import explanation, library_fact

STUDENT_FAILURES = (Exception, SystemExit, KeyboardInterrupt)
# Octets du corps lu par l'élève gardés pour le raconter (ses champs décodés) : l'élève a
# déjà le corps entier en mémoire, le panneau n'en garde que le début (l'événement, lui,
# n'en garde que MAX_BODY, voir bounds.py).
BODY_KEPT = 64 * 1024


@functools.lru_cache(maxsize=16)
def captured_class(student):
    """La classe ``student`` de l'élève, écoutée : ``StudentHandler`` devant elle, sous
    le même nom (une fois par classe)."""
    return type(student.__name__, (StudentHandler, student),
                {"__module__": student.__module__, "__qualname__": student.__qualname__,
                 "__doc__": student.__doc__})


def _student_defines(cls, name):
    """Vrai si la classe de l'élève (ou un de ses ancêtres à lui) définit ``name``."""
    mro = cls.__mro__
    for klass in mro[mro.index(StudentHandler) + 1:]:
        if name in vars(klass):
            return klass is not BaseHTTPRequestHandler
    return False


class StudentHandler(BaseHTTPRequestHandler):
    """Sert chaque connexion avec la classe de l'élève en service, et la raconte.

    Le serveur doit avoir ``student_code`` (un ``student_file.StudentCode``), posé
    par le contrôleur au démarrage du mode « Mon serveur ».
    """

    read_all_patience = 3.0   # secondes d'attente d'un ``rfile.read()`` sans taille

    def __new__(cls, *args, **kwargs):
        if cls is StudentHandler:   # appelée par le serveur : (socket, adresse, serveur)
            cls = captured_class(args[2].student_code.current())
        return super().__new__(cls)

    # -- les flux, écoutés ---------------------------------------------------------
    def setup(self):
        super().setup()   # celui de l'élève s'il en a un, puis StreamRequestHandler
        # Le délai du socket (un client qui ne lit pas sa réponse) est posé par Wire.
        self.rfile.close()
        wire = self.server.wire_of(self.connection)
        self.rfile = ReadCapture(wire, self.server.max_head, BODY_KEPT, self.read_all_patience)
        self.wfile = WriteCapture(wire.writer(self.wfile))   # en HTTPS, il chiffre (secure.py)
        self.__served = 0
        self.__exchange = 0

    # -- une requête ------------------------------------------------------------------
    def handle_one_request(self):
        self.__begin()
        if not self.__request_arrives():
            self.close_connection = True
            return
        fresh = captured_class(self.server.student_code.current())
        if type(self) is not fresh:
            try:
                self.__class__ = fresh   # le fichier a changé : la nouvelle version sert
            except TypeError:   # une classe au gabarit différent (__slots__) : connexion neuve
                self.close_connection = True
                return
        failure = None
        try:
            super().handle_one_request()
        except HeadTooLarge:
            self.__answer_page(431, "Request Header Fields Too Large", "head-too-large",
                               (("limit", self.rfile.wire.max_head),))
        except STUDENT_FAILURES as exc:
            if is_client_gone(exc):
                self.close_connection = True
                self.__emit(NOTICE, fact="client-gone")
                student_print.end_request()
                return
            failure = exc
        self.__finish(failure)

    def __begin(self):
        """Tout l'état d'une requête repart de zéro (même connexion gardée ouverte)."""
        self.__exchange = 0
        self.__announced = False
        self.__started = (time.time(), time.perf_counter())
        self.__headers_ended = False
        self.__late_headers = []
        self.__error_call = None   # (code, message) du premier send_error
        self.__timed_out = False
        self.__ours = b""          # une page écrite par le panneau (500, 431)
        self.rfile.begin(self.__served)
        self.wfile.begin()

    def __request_arrives(self):
        """Attend le premier octet de la requête ; faux si elle ne viendra pas."""
        wire = self.rfile.wire
        try:
            start = self.rfile.peek(2)[:2]
        except socket.timeout as exc:   # trop longtemps, ou coupé par le gardien
            if not self.__served:
                if isinstance(exc, Evicted):
                    self.__emit(NOTICE, fact="evicted-silent")
                else:
                    self.__emit(NOTICE, fact="idle-timeout", values=(("seconds", wire.patience),))
            return False
        except OSError:
            return False
        if start == b"\x16\x03":   # quelqu'un a tapé https:// (voir GetHandler.handle)
            self.__emit(ERROR, fact="https-attempt", values=hello_facts(wire))
            return False
        return bool(start)

    def parse_request(self):
        ok = super().parse_request()
        if ok:
            self.rfile.head_done()
            self.__announced = True
            self.__served += 1
            self.__exchange = self.server.next_exchange()
            self.__started = (time.time(), time.perf_counter())
            student_print.begin_request(self.__exchange)
            query = decode_query(self.path) if "?" in self.path else ()
            self.__emit(REQUEST, method=self.command, path=self.path,
                        version=self.request_version, headers=tuple(self.headers.items()),
                        fields=query)
            if self.wfile.pending:
                self.wfile.push()   # « 100 Continue » : le client attend pour envoyer son corps
        return ok

    # -- notés au passage ---------------------------------------------------------------
    def send_response_only(self, code, message=None):
        self.__headers_ended = False   # une nouvelle réponse (après « 100 Continue »…)
        super().send_response_only(code, message)

    def send_header(self, keyword, value):
        if self.__headers_ended:
            self.__late_headers.append(str(keyword))
        super().send_header(keyword, value)

    def end_headers(self):
        super().end_headers()
        self.__headers_ended = True

    def send_error(self, code, message=None, explain=None):
        if self.__error_call is None:
            self.__error_call = (int(code), message)
        super().send_error(code, message, explain)

    def log_message(self, format, *args):
        if format.startswith("Request timed out"):
            self.__timed_out = True
        if _student_defines(type(self), "log_message"):
            super().log_message(format, *args)   # celui de l'élève : ses print à lui
        # Sinon, rien : le journal du panneau raconte déjà chaque requête.

    # -- après la requête : relire, raconter, envoyer ------------------------------------
    def __finish(self, failure):
        read, written = self.rfile, self.wfile
        unsent = bool(getattr(self, "_headers_buffer", None))
        if failure is not None:
            self.__failed(failure)
            # Un str refusé par wfile.write est en général l'exception elle-même (déjà dite).
            mistakes = [] if isinstance(failure, TypeError) or not written.str_writes else \
                [("student-str-write", (("count", written.str_writes),))]
        elif self.__timed_out:
            fact = "student-read-all" if read.read_all else "student-timed-out"
            self.__emit(ERROR, fact=fact, values=(("seconds", read.wire.patience),),
                        **self.__where())
            mistakes = []
        elif self.__announced and self.request_version != "HTTP/0.9":
            mistakes = check(read, written, self.__late_headers, unsent, "do_" + self.command)
        else:
            mistakes = []
        data = self.__ours or bytes(written.kept)
        reply = parse_reply(data)
        body = _true_size(bytes(read.body), read.body_count)
        told = clip(body, MAX_BODY)   # coupé ici : bound() ne garderait pas la vraie taille
        if self.__announced and read.body_count:
            decoded = decode_body(body, self.headers.get("Content-Type", ""))
            self.__emit(DATA, method=self.command, path=self.path,
                        headers=tuple(self.headers.items()), body=told,
                        body_format=decoded.format, fields=decoded.fields, detail=decoded.problem)
        for status, reason in reply.interim:
            self.__emit(RESPONSE, status=status, reason=reason, **self.__where())
        refused = not self.__announced and self.__error_call is not None
        if failure is None and not self.__ours and (reply.status >= 400 or refused):
            self.__error_status(reply)
        for fact, values in mistakes:
            self.__emit(ERROR, fact=fact, values=values, **self.__where())
        if self.__announced:
            wall, start = self.__started
            body_start = reply.body_start if reply.body_start is not None else len(data)
            if not reply.status:
                body_start = 0   # pas de ligne de statut : tout ce qui est parti est montré
            total = len(self.__ours) if self.__ours else written.total
            reply_body = clip(_true_size(data[body_start:], total - body_start), MAX_BODY)
            head_start = 0   # après « 100 Continue » : l'en-tête de la réponse finale
            for _ in reply.interim:
                head_start += head_length(data[head_start:])
            self.__emit(EXCHANGE, time=wall, method=self.command, path=self.path,
                        version=self.request_version, headers=tuple(self.headers.items()),
                        body=told, status=reply.status, reason=reply.reason,
                        reply_headers=reply.headers, reply_body=reply_body,
                        request_head=bytes(read.head), reply_head=data[head_start:body_start],
                        values=(("body_sent", total - body_start),)
                        + where_it_ran(type(self), self.command),
                        duration=time.perf_counter() - start)
        if unsent or failure is not None or read.body_count < (_length(self) or 0):
            self.close_connection = True   # une réponse cassée, ou un corps resté à lire
        student_print.end_request()
        try:
            written.release()
        except OSError:
            self.close_connection = True   # le client est parti

    def __failed(self, failure):
        """Le code de l'élève a levé ``failure`` : page 500 si rien n'est parti, et le fait."""
        code = self.server.student_code
        facts = exception_facts(failure, code.folder)
        fact = "student-exit" if isinstance(failure, SystemExit) else "student-exception"
        if self.wfile.total:
            status, facts = 0, facts + (("answered", "closed"),)
        else:
            status = 500
            self.__answer_page(500, "Internal Server Error", fact,
                               (("file", code.file),) + facts[:1])
        self.__emit(ERROR, fact=fact, values=facts, status=status,
                    reason="Internal Server Error" if status else "",
                    **self.__where())

    def __answer_page(self, status, reason, fact, values):
        """Une page d'erreur du panneau (500, 431), qui part à la fin de la requête."""
        page = error_page_format(status) % {
            "code": status, "explain": html.escape(explanation(status, fact, values))}
        body = page.encode("utf-8")
        head = ("HTTP/1.0 %d %s\r\nContent-Type: text/html; charset=utf-8\r\n"
                "Content-Length: %d\r\nConnection: close\r\n\r\n" % (status, reason, len(body)))
        self.__ours = head.encode("ascii") + body
        self.wfile.add_ours(self.__ours)
        self.close_connection = True
        if fact == "head-too-large":
            self.__emit(ERROR, fact=fact, values=values, status=status, reason=reason)

    def __error_status(self, reply):
        """Une réponse d'erreur (4xx, 5xx) : de l'élève, ou de la bibliothèque standard."""
        status = reply.status
        if not status:   # une requête HTTP/0.9 refusée : la bibliothèque répond sans statut
            status = self.__error_call[0]
        fields = dict(status=status, reason=reply.reason or self.responses.get(status, ("",))[0],
                      headers=reply.headers, **self.__where())
        if not self.__announced:   # une requête illisible : comme GetHandler.send_error
            values = ()
            if self.__error_call and self.__error_call[1]:
                cause, quoted = library_fact(self.__error_call[1])
                values += (("cause", cause), ("quoted", quoted))
            if getattr(self, "requestline", ""):
                values += (("request_line", self.requestline[:200]),)
            self.__emit(ERROR, values=values, **fields)
        elif reply.status == 501 and not hasattr(self, "do_" + self.command):
            self.__emit(ERROR, fact="student-no-method", values=(
                ("method", self.command), ("handler_class", type(self).__name__)), **fields)
        else:
            self.__emit(ERROR, fact="student-error-status", **fields)

    def __where(self):
        """La méthode et le chemin de la requête (vides si elle n'a pas pu être lue)."""
        return {"method": getattr(self, "command", None) or "",
                "path": getattr(self, "path", None) or ""}

    def __emit(self, kind, **fields):
        # Tout ce qui vient du client est borné ici (events.bound), comme dans GetHandler ;
        # une connexion chiffrée ajoute ce qu'elle en sait (secure.with_tls).
        fields = with_tls(self.rfile.wire.tls, kind, fields)
        self.server.emit(Event(kind, client=self.client_address[0], exchange=self.__exchange,
                               **bound(fields)))


def _length(handler):
    """La taille du corps annoncée par la requête, ou None."""
    headers = getattr(handler, "headers", None)
    return announced_length(tuple(headers.items())) if headers is not None else None


def _true_size(kept, size):
    """Le début ``kept`` d'un corps de ``size`` octets : un ``ClippedBytes`` qui dit combien
    manque, pour que le narrateur donne la vraie taille."""
    if len(kept) >= size:
        return kept
    part = ClippedBytes(kept)
    part.missing = size - len(kept)
    return part
