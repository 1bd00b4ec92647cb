"""Le serveur « GET » : il sert les fichiers d'un dossier, comme dans le tutoriel.

Rappel de l'échange HTTP. Le client (le navigateur) ouvre une connexion et
envoie une *requête* : une ligne de requête (``GET /page.html HTTP/1.1``),
des en-têtes (``Host: …``, ``User-Agent: …``), une ligne vide, et parfois un
corps. Le serveur répond par une ligne de statut (``HTTP/1.1 200 OK``), des
en-têtes (``Content-Type: text/html; charset=utf-8``), une ligne vide, puis
le corps : le contenu du fichier demandé.

``SimpleHTTPRequestHandler`` (bibliothèque standard) sait déjà tout faire.
``GetHandler`` ne remplace que quelques « crochets » (méthodes prévues pour
être redéfinies) :

- ``parse_request``  : une fois la requête lue (``request_head.py``), la raconter (REQUEST) ;
- ``send_response_only``, ``send_header``, ``end_headers`` : noter la réponse ;
- ``handle_one_request`` : une fois la réponse partie, raconter l'échange
  complet (événement EXCHANGE : la requête et la réponse, avec sa durée) ;
- ``send_error``     : page d'erreur en français et ligne claire dans le journal ;
- ``send_head``, ``list_directory``, ``guess_type`` : servir les fichiers du
  dossier sans danger — c'est la pièce voisine, ``files.py`` (``ServeFiles``) ;
- ``log_message``…   : plus rien n'est écrit dans la console.

Ce gestionnaire ne connaît ni la fenêtre ni le terminal : il crée des
événements et les confie au serveur (``self.server.emit``). Il ne compose
aucune phrase : il nomme ce qui arrive par un fait (``"hidden-file"``…) ;
l'explication d'une erreur vient de ``wording.py``, les pages de ``pages.py``.
"""

import socket
import time
from email.errors import MissingHeaderBodySeparatorDefect
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler

from .body import decode_query
from .files import ServeFiles
from .tap import ReplyTap
from .events import ERROR, EXCHANGE, NOTICE, REQUEST, RESPONSE, Event, bound
from .pages import error_page_format
from .request_head import QuickHead
from .secure import hello_facts, with_tls
from .source import where_it_ran
from .wire import IDLE, HeadTooLarge, Evicted
from .wording import explanation, library_fact

MAX_REQUEST_LINE = 8190      # octets d'une ligne de requête, au plus (au-delà : 414)


class GetHandler(ServeFiles, QuickHead, SimpleHTTPRequestHandler):
    """Répond aux requêtes GET et HEAD avec les fichiers du dossier servi."""

    server_version = "PanneauServeur/1.0"
    protocol_version = "HTTP/1.1"       # connexions gardées ouvertes (keep-alive)
    disable_nagle_algorithm = True      # petites réponses envoyées sans attendre
    wbufsize = -1   # en-têtes et petit corps partent ensemble, en un seul envoi (voir flush)
    error_message_format = error_page_format()
    error_content_type = "text/html; charset=utf-8"
    methods_supported = ("GET", "HEAD")   # cités dans l'erreur 501

    def __init__(self, request, client_address, server):
        self._served = 0         # requêtes déjà traitées sur cette connexion
        self._begin_request()
        super().__init__(request, client_address, server, directory=server.folder)

    def _begin_request(self):
        """Oublie tout de la requête précédente : chaque requête part de zéro, même sur
        une connexion gardée ouverte (tout l'état d'une requête est remis ici)."""
        self._reset_reply()
        self._announced = False       # la requête a-t-elle déjà été racontée ?
        self._exchange_told = False   # … et son échange complet ?
        self._expects_continue = False   # le client attend-il « 100 Continue » ?
        self._exchange = 0            # numéro de l'échange en cours (requête n°…)
        self._request_body, self._request_headers = b"", ()
        self._started = (0.0, 0.0)    # (heure, chronomètre) à l'arrivée de la requête
        self.command = self.path = None
        self.request_version = self.default_request_version
        self.requestline = ""

    def setup(self):
        # Le délai d'attente du socket (un client qui se tait entre deux requêtes, ou qui
        # ne lit pas sa réponse) est donné par son flux de lecture, Wire (wire.py) : la
        # bibliothèque ne le redonne pas (un appel système de moins par connexion).
        self.timeout = None
        super().setup()
        # On lit le client par notre propre flux (Wire) : phases, patience et plafond
        # de l'en-tête ; le gardien du serveur le connaît (connexion la plus lente).
        self.rfile.close()
        self.rfile = self.server.wire_of(self.connection)
        # Garde le début de chaque réponse, et raconte l'échange avant son envoi. (En HTTPS,
        # le flux qui chiffre remplace celui de la bibliothèque : Wire.writer, secure.py.)
        self.wfile = ReplyTap(self.rfile.writer(self.wfile), before_flush=self._reply_leaving)

    def handle_one_request(self):
        """Lit et sert une requête (la version de la bibliothèque standard, avec nos
        plafonds : ligne de requête, en-tête entier, client trop lent ou coupé)."""
        self._begin_request()
        self.rfile.begin(self._served)
        try:
            self.raw_requestline = self.rfile.readline(MAX_REQUEST_LINE + 1)
            if len(self.raw_requestline) > MAX_REQUEST_LINE:
                self.close_connection = True
                self.send_error(HTTPStatus.REQUEST_URI_TOO_LONG,
                                values=(("limit", MAX_REQUEST_LINE),))
                return
            if not self.raw_requestline:
                self.close_connection = True
                return
            if not self.parse_request():
                return   # réponse d'erreur déjà envoyée
            self.rfile.head_done()
            method = getattr(self, "do_" + self.command, None)
            if method is None:
                self.send_error(HTTPStatus.NOT_IMPLEMENTED,
                                "Unsupported method (%r)" % self.command)
                return
            method()
            self.wfile.flush()   # la réponse part, si ce n'est déjà fait
        except HeadTooLarge:
            self.close_connection = True
            self.send_error(HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, fact="head-too-large",
                            values=(("limit", self.rfile.max_head),))
        except socket.timeout as exc:   # client trop lent, ou coupé par le gardien
            self.close_connection = True
            self._too_slow(exc)
        finally:
            if self._announced and self._status[0] >= 100:   # une réponse est bien partie
                self._emit_exchange()

    def _too_slow(self, exc):
        """Le client s'est tu trop longtemps, ou le gardien l'a coupé (serveur plein)."""
        wire = self.rfile
        evicted = isinstance(exc, Evicted)
        if evicted and wire.evicted_while == IDLE:
            return   # une connexion au repos fermée pour faire de la place : rien à dire
        if wire.started and self._status[0] < 200:
            # Une requête commencée, pas encore de réponse : on dit pourquoi on coupe.
            seconds = round(time.monotonic() - wire.since, 1)
            try:
                if evicted:
                    self.send_error(HTTPStatus.REQUEST_TIMEOUT, fact="evicted",
                                    values=(("seconds", seconds),))
                else:
                    self.send_error(HTTPStatus.REQUEST_TIMEOUT, fact="request-too-slow",
                                    values=(("seconds", wire.patience),))
                self.wfile.flush()
            except OSError:
                pass
        elif not self._served and not wire.started:
            # Une connexion ouverte qui n'a jamais rien envoyé.
            if evicted:
                self.emit(NOTICE, fact="evicted-silent")
            else:
                self.emit(NOTICE, fact="idle-timeout", values=(("seconds", wire.patience),))
        # Sinon : une connexion gardée ouverte entre deux requêtes (keep-alive), fermée
        # sans bruit, ou une réponse que le client ne lisait pas.

    def _reply_leaving(self):
        # Appelée par ReplyTap juste avant d'envoyer ce qui reste de la réponse :
        # l'échange est raconté *avant* que le client puisse avoir la fin de la
        # réponse. Un client qui attend sa réponse pour envoyer la requête
        # suivante la verra donc toujours racontée après celle-ci : l'ordre du
        # journal ne dépend pas de l'ordre dans lequel les fils sont servis.
        if self._announced and self._status[0] >= 200:
            self._emit_exchange()

    def handle(self):
        # Un coup d'œil (peek) aux premiers octets, sans les consommer : on
        # n'attend pas une fin de ligne, qui n'arrivera pas forcément.
        try:
            start = self.rfile.peek(2)[:2]
        except socket.timeout as exc:   # rien reçu : trop longtemps, ou coupé par le gardien
            self._too_slow(exc)
            return
        except OSError:
            return   # connexion coupée avant le premier octet
        if not start:
            return   # connexion fermée sans rien envoyer : rien à raconter
        if start == b"\x16\x03":
            # Ouverture d'une connexion chiffrée TLS : quelqu'un a tapé https://
            # au lieu de http://. Une réponse HTTP lui serait illisible. Son premier
            # message (ClientHello) a voyagé en clair : on dit ce qu'un espion y lit.
            self.emit(ERROR, fact="https-attempt", values=hello_facts(self.rfile))
            return
        super().handle()

    # -- raconter ------------------------------------------------------------
    def emit(self, kind, **fields):
        # Tout ce qui vient du client est borné ici, au seul endroit où le gestionnaire
        # crée ses événements (events.bound) : un événement pèse au plus quelques
        # centaines de Kio, quoi que le client envoie, et le narrateur dit ce qui manque.
        # Une connexion chiffrée (HTTPS) ajoute ce qu'elle en sait (secure.with_tls).
        fields = with_tls(self.rfile.tls, kind, fields)
        self.server.emit(Event(kind, client=self.client_address[0], exchange=self._exchange,
                               **bound(fields)))

    def _emit_exchange(self):
        """L'échange complet : la requête telle que reçue, la réponse telle qu'envoyée,
        leurs en-têtes octet pour octet, et la méthode qui a répondu (une fois par requête)."""
        if self._exchange_told:
            return
        self._exchange_told = True
        wall, start = self._started
        code, reason = self._status
        self.emit(EXCHANGE, time=wall, method=self.command, path=self.path,
                  version=self.request_version, headers=self._request_headers,
                  body=self._request_body, status=code, reason=reason,
                  reply_headers=tuple(self._reply_headers), reply_body=bytes(self.wfile.kept),
                  request_head=self.rfile.head(), reply_head=self.wfile.head,
                  values=where_it_ran(type(self), self.command),
                  duration=time.perf_counter() - start)

    def parse_request(self):
        words = self.raw_requestline.split()
        if len(words) == 2 or (len(words) == 3 and words[2].startswith(b"HTTP/0.")):
            # « GET /page » sans version : le HTTP de 1991 (HTTP/0.9). On refuse
            # tout de suite : la bibliothèque standard attendrait des en-têtes
            # que ce client n'enverra jamais (et, pour « HTTP/0.9 » écrit en toutes
            # lettres, répondrait sans ligne de statut).
            self.command, self.request_version = None, "HTTP/1.0"
            self.requestline = self.raw_requestline.decode("iso-8859-1").rstrip("\r\n")
            self.close_connection = True
            self.send_error(HTTPStatus.BAD_REQUEST, fact="http-0.9")
            return False
        if not super().parse_request():
            return False
        if any(isinstance(defect, MissingHeaderBodySeparatorDefect)
               for defect in self.headers.defects):
            # Une ligne d'en-tête illisible : la bibliothèque standard arrête
            # la lecture des en-têtes là, sans rien dire. Nous le disons.
            self.send_error(HTTPStatus.BAD_REQUEST, fact="bad-header-line")
            return False
        lengths = self.headers.get_all("Content-Length") or ()
        if len(lengths) > 1:
            # Deux tailles pour un seul corps : lequel croire ? Un serveur qui lit la
            # première et un relais qui lit la seconde ne verraient pas la même requête
            # suivante (« request smuggling »). On refuse, et on ferme.
            self.close_connection = True
            self.send_error(HTTPStatus.BAD_REQUEST, fact="repeated-content-length",
                            values=(("lengths", ", ".join(lengths)[:100]),))
            return False
        if self.command != "POST" and ("Transfer-Encoding" in self.headers or
                                       self.headers.get("Content-Length", "0").strip() != "0"):
            # Un corps que ce serveur ne lit pas (GET, PUT…) : après la réponse, on
            # ferme la connexion, pour ne jamais le prendre pour la requête suivante.
            self.close_connection = True
        self._announced = True
        self._served += 1
        self._exchange = self.server.next_exchange()
        self._started = (time.time(), time.perf_counter())
        self._request_body = b""
        self._request_headers = tuple(self.headers.items())
        query = decode_query(self.path) if "?" in self.path else ()
        self.emit(REQUEST, method=self.command, path=self.path, version=self.request_version,
                  headers=self._request_headers, fields=query, **self.password_facts(query))
        return True

    def password_facts(self, fields):
        """Ce qu'il faut dire des champs mot de passe parmi ``fields`` : des champs
        d'événement (``secrets``, ``values``). Aucun ici ; voir GetPostHandler."""
        return {}

    def _reset_reply(self):
        self._status = (0, "")
        self._reply_headers = []
        self._error = None   # (fait, valeurs) d'une réponse d'erreur en cours
        self._whole_file = False   # la réponse envoie-t-elle un fichier entier ?
        self._target = None        # ce que le système dit du fichier demandé (files.py)

    def send_response_only(self, code, message=None):
        # Appelée pour toute ligne de statut, y compris « 100 Continue ».
        if message is None:
            message = self.responses.get(code, ("",))[0]
        self._status = (int(code), message)
        self._reply_headers = []
        self.wfile.restart()
        super().send_response_only(code, message)

    def send_header(self, keyword, value):
        self._reply_headers.append((keyword, str(value)))
        super().send_header(keyword, value)

    def end_headers(self):
        code, reason = self._status
        if code >= 200 and self.request_version == "HTTP/1.0" and not self.close_connection:
            # HTTP/1.0 ne garde la connexion que si la réponse le dit (sinon : attente).
            self.send_header("Connection", "keep-alive")
        if code == 200 and self._whole_file:
            self.send_header("Accept-Ranges", "bytes")   # on peut demander un morceau
        if code == 503:
            self.send_header("Retry-After", "1")   # « réessayez dans une seconde »
        headers = tuple(self._reply_headers)
        if self._error is None:
            if code < 200 or not self._announced:
                # « 100 Continue » (ou une réponse hors requête) : raconté tout de suite.
                # Une réponse ordinaire est racontée une fois envoyée (événement EXCHANGE).
                self.emit(RESPONSE, status=code, reason=reason, headers=headers,
                          method=self.command if self._announced else "",
                          path=self.path if self._announced else "")
        else:
            fact, values = self._error
            if not self._announced and getattr(self, "requestline", ""):
                # La requête n'a pas été racontée : on montre ce qui est arrivé.
                values += (("request_line", self.requestline[:200]),)
            self.emit(ERROR, status=code, reason=reason, headers=headers, fact=fact, values=values,
                      method=self.command if self._announced else "",
                      path=self.path if self._announced else "")
        super().end_headers()
        if code >= 200:
            self.wfile.recording = True   # ce qui suit est le corps de la réponse

    def send_error(self, code, message=None, explain=None, fact="", values=()):
        """Réponse d'erreur : page en français et ligne claire dans le journal.

        Nos appels nomment la raison par un fait (``fact="hidden-file"``, et ses
        ``values``) ; sans fait, l'explication est celle du code. La bibliothèque
        standard, elle, donne un message en anglais (``message``), rangé sous un
        fait par la table de traduction (``library_fact``) ; son ``explain``, en
        anglais aussi, est ignoré.
        """
        code = int(code)
        if code == 404 and not fact and getattr(self, "path", None) is not None:
            code, fact, values = self.not_found_reason()
        if getattr(self, "request_version", "HTTP/0.9") == "HTTP/0.9":
            # En HTTP/0.9, la réponse n'a ni ligne de statut ni en-têtes : le
            # client ne saurait pas qu'il s'agit d'une erreur. On répond en HTTP/1.0.
            self.request_version = "HTTP/1.0"
        if code == 501:
            values += (("methods", self.methods_supported),)   # « Il accepte : GET et HEAD. »
        if message:
            cause, quoted = library_fact(message)
            values += (("cause", cause), ("quoted", quoted))
        self._error = (fact, values)
        # La phrase du statut reste la phrase standard (« Not Found ») : c'est
        # le protocole. Le titre et l'explication en français vont dans la page.
        self.error_message_format = error_page_format(code)
        super().send_error(code, None, explanation(code, fact, values))

    def log_request(self, code="-", size="-"):
        pass  # déjà raconté par end_headers

    def log_error(self, format, *args):
        if format.startswith("code %d"):
            return  # déjà raconté par send_error
        self.log_message(format, *args)

    def log_message(self, format, *args):
        # Une note de la bibliothèque standard, citée telle quelle ; le
        # narrateur échappera les caractères de contrôle éventuels.
        self.emit(NOTICE, fact="library-note", values=(("text", format % args),))
