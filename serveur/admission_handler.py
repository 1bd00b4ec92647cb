"""L'entrée appliquée à chaque requête : le débit, le code de la classe, les postes bloqués.

``Screened`` se glisse devant le gestionnaire d'un mode du panneau (``screened``
fabrique la classe, une fois par mode : ``Screened`` puis ``GetPostHandler``…) et
ne change qu'un crochet, ``parse_request`` :

1. sans code ni limite (``admission.active`` faux), rien d'autre : la requête passe
   (d'ordinaire, le contrôleur ne met même pas ``Screened`` devant le gestionnaire) ;
2. le débit de l'adresse est dépassé : l'en-tête est lu sans être raconté, et la
   réponse 429 part toute faite (« réessayez dans N s », ``Retry-After``) ; le
   journal n'en dit qu'une ligne par rafale (``rate.py``) ;
3. la requête est lue et racontée comme toujours ; si l'adresse doit avoir le code
   et que son cookie ne porte pas un laissez-passer valide, elle reçoit la page
   « Code de la classe » (403). Le formulaire de cette page revient en POST à la
   même adresse : code juste, 303 vers cette adresse avec le cookie ; code faux,
   la page le dit (403) ; trop de codes faux, « réessayez dans N s » (429).

Le code et les laissez-passer ne sont jamais racontés : avant de partir, chaque
événement de la requête a ses valeurs remplacées par ``••••`` (``hide_passes`` : le
cookie dans les en-têtes et les octets bruts, le code tapé dans le corps). Le
journal, « Échange brut », « Sur le fil » et le journal enregistré ne les voient pas.

Un poste bloqué ne passe même pas par le gestionnaire : le serveur lui répond 403
dès sa connexion (``refuse_blocked``, appelée par ``ClassroomServer.finish_request``),
dans tous les modes, « Mon serveur » compris. Le code et le débit, eux, ne
s'appliquent qu'aux modes du panneau : le serveur d'un élève répond lui-même.
"""

import functools
import re
import socket
import urllib.parse

from .class_code import BODY_LIMIT, COOKIE, FIELD, code_typed, pass_in, same_code
from .admission_pages import blocked_page, code_page, too_fast_page, wait_page
from .body import decode_body
from .events import DATA, ERROR, NOTICE, Event
from .wire import HeadTooLarge

HIDDEN = "••••"
_PASS_TEXT = re.compile(COOKIE + r"=[^;\s]*")
_PASS_BYTES = re.compile(COOKIE.encode("ascii") + rb"=[^;\s]*")
_PAIR = re.compile(rb"([^&;=]*)=([^&;]*)")   # nom=valeur d'un formulaire
BLOCKED_PATIENCE = 2.0   # secondes laissées à un poste bloqué pour envoyer sa requête
_HIDDEN_PASS = (COOKIE + "=" + HIDDEN)


def screened(handler_class):
    """``handler_class`` avec l'entrée devant elle (même nom, une classe par mode)."""
    return _screened(handler_class)


@functools.lru_cache(maxsize=None)
def _screened(handler_class):
    return type(handler_class.__name__, (Screened, handler_class),
                {"__module__": handler_class.__module__,
                 "__qualname__": handler_class.__qualname__, "__doc__": handler_class.__doc__})


def hide_passes(fields):
    """Les champs d'un événement où chaque laissez-passer (``panneau_classe=…``) devient
    ``••••`` : en-têtes reçus et envoyés, octets bruts de la requête et de la réponse."""
    for name in ("headers", "reply_headers"):
        pairs = fields.get(name)
        if pairs and any(COOKIE in value for _name, value in pairs):
            fields[name] = tuple((key, _PASS_TEXT.sub(_HIDDEN_PASS, value))
                                 for key, value in pairs)
    for name in ("request_head", "reply_head"):
        data = fields.get(name)
        if data and COOKIE.encode("ascii") in data:
            fields[name] = _PASS_BYTES.sub(_HIDDEN_PASS.encode("utf-8"), data)
    return fields


def hide_typed(body):
    """Le corps du formulaire « Code de la classe », le code tapé remplacé par ``••••``."""
    def hide(pair):   # le nom tel que le lit code_typed : code%5Fclasse est code_classe
        name = urllib.parse.unquote_plus(pair.group(1).decode("latin-1"))
        return pair.group(1) + b"=" + HIDDEN.encode("utf-8") if name == FIELD else pair.group(0)
    return _PAIR.sub(hide, body)


class Screened:
    """L'entrée, devant le gestionnaire d'un mode (voir le haut du module)."""

    def parse_request(self):
        admission = self.server.admission
        if not admission.active:                 # 1. le cas courant : rien à demander
            return super().parse_request()
        address = self.client_address[0]
        asks_code, limited = admission.screen(address, self.connection)
        if limited:                              # 2. le débit de cette adresse
            allowed, starts, wait = admission.buckets.take(address)
            if not allowed:
                if starts:
                    self.server.emit(Event(ERROR, client=address, status=429,
                                           fact="too-many-requests",
                                           values=(("limit", admission.rules.limit),)))
                self._too_fast(admission.rules.limit, wait)
                return False
        if not super().parse_request():          # 3. la requête, racontée
            return False
        if not asks_code or admission.passes.valid(pass_in(self.headers.get_all("Cookie"))):
            return True
        self._ask_for_code(admission, address)
        return False

    def emit(self, kind, **fields):
        if self.server.admission.rules.code:   # un code : son cookie ne se raconte pas
            fields = hide_passes(fields)
        super().emit(kind, **fields)

    # -- 429 : trop de requêtes, sans rien raconter ---------------------------------
    def _too_fast(self, limit, wait):
        """Lit le reste de l'en-tête (sans le raconter), puis répond 429."""
        keep = self.raw_requestline.split()[-1:] == [b"HTTP/1.1"]
        try:
            while True:
                line = self.rfile.readline()
                if line in (b"\r\n", b"\n", b""):
                    break
                name, _, value = line.partition(b":")
                name, value = name.strip().lower(), value.strip().lower()
                if (name == b"connection" and value == b"close") or name == b"transfer-encoding" \
                        or (name == b"content-length" and value != b"0"):
                    keep = False   # un corps que l'on ne lira pas : la connexion sera fermée
        except (HeadTooLarge, socket.timeout, OSError):
            self.close_connection = True
            return
        self.close_connection = not keep
        body = too_fast_page(limit, wait).encode("utf-8")
        head = ("HTTP/1.1 429 Too Many Requests\r\nContent-Type: text/html; charset=utf-8\r\n"
                "Content-Length: %d\r\nRetry-After: %d\r\n%s\r\n"
                % (len(body), wait, "" if keep else "Connection: close\r\n"))
        try:
            head_only = self.raw_requestline.startswith(b"HEAD ")   # HEAD : jamais de corps
            self.wfile.write(head.encode("ascii") + (b"" if head_only else body))
            self.wfile.flush()
        except OSError:
            self.close_connection = True
        self.wfile.restart()   # rien de cette réponse n'est gardé pour « Sur le fil »

    # -- 403 : le code de la classe ---------------------------------------------------
    def _ask_for_code(self, admission, address):
        """La page du code, ou la réponse au code tapé (formulaire en POST)."""
        if self.command != "POST":
            self._answer(403, code_page(), "code-missing")
            return
        body = self._small_body()
        self._request_body = hidden = hide_typed(body)   # pour « Échange brut », code caché
        if body:   # le corps raconté comme tout POST, le code tapé caché : code_classe=••••
            decoded = decode_body(hidden, self.headers.get("Content-Type", ""))
            self.emit(DATA, method=self.command, path=self.path, body=hidden,
                      headers=tuple(self.headers.items()), body_format=decoded.format,
                      fields=decoded.fields, detail=decoded.problem)
        wait = admission.guesses.wait(address)
        typed = code_typed(body)
        if wait:
            self._answer(429, wait_page(wait), "code-wait", (("seconds", wait),),
                         (("Retry-After", str(wait)),))
        elif typed and same_code(typed, admission.rules.code):
            token = admission.passes.give(address)
            self.emit(NOTICE, fact="code-accepted")
            # « //ailleurs » ou « /\\ailleurs » : un navigateur irait sur un autre site.
            path = self.path if self.path[:1] == "/" and self.path[1:2] not in ("/", "\\") else "/"
            self._answer(303, "", "", (), (
                ("Location", path),
                ("Set-Cookie", "%s=%s; Path=/; HttpOnly; SameSite=Strict" % (COOKIE, token))))
        else:
            tries = admission.guesses.wrong(address) if typed else 0
            self._answer(403, code_page(wrong=bool(typed)),
                         "code-wrong" if typed else "code-missing",
                         (("tries", tries), ("allowed", admission.guesses.tries)) if typed else ())

    def _small_body(self):
        """Le corps du formulaire (au plus ``BODY_LIMIT`` octets) ; au-delà, ou illisible,
        rien n'est lu et la connexion sera fermée."""
        length = self.headers.get("Content-Length", "")
        if not length.isdigit() or int(length) > BODY_LIMIT or "Transfer-Encoding" in self.headers:
            self.close_connection = True
            return b""
        try:
            return self.rfile.read(int(length))
        except (socket.timeout, OSError):
            self.close_connection = True
            return b""

    def _answer(self, status, page, fact, values=(), headers=()):
        """Une réponse de l'entrée : ``fact`` (s'il y en a un) est raconté comme une erreur
        (``GetHandler.end_headers``), la page part aussitôt."""
        if fact:
            self._error = (fact, values)
        data = page.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)
        self.wfile.flush()


def refuse_blocked(server, request, client_address):
    """Une connexion d'un poste bloqué : sa requête lue (sans être racontée, en
    ``BLOCKED_PATIENCE`` secondes au plus), une page 403, et la connexion fermée."""
    server.admission.refused(client_address[0])
    wire = server.wire_of(request)
    wire.patience = wire.idle_timeout = BLOCKED_PATIENCE
    try:
        while wire.readline() not in (b"\r\n", b"\n", b""):
            pass
    except (HeadTooLarge, socket.timeout, OSError):
        return
    body = blocked_page().encode("utf-8")
    head = ("HTTP/1.1 403 Forbidden\r\nContent-Type: text/html; charset=utf-8\r\n"
            "Content-Length: %d\r\nConnection: close\r\n\r\n" % len(body))
    try:
        if wire.tls is not None:
            wire.tls.send(head.encode("ascii") + body)
        else:
            request.sendall(head.encode("ascii") + body)
    except OSError:
        pass
