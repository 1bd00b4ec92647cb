"""Le serveur « GET/POST » : il sert un formulaire et raconte ce qu'il reçoit.

C'est le second serveur du tutoriel, rendu robuste :

- ``GET /`` et ``GET /ressource.html`` renvoient le fichier ``ressource.html``
  du dossier servi, relu à chaque requête (on peut le modifier puis
  recharger la page) ; les autres adresses servent les fichiers du même
  dossier (une feuille de style ou une image à côté du formulaire) ;
- ``POST`` (à n'importe quelle adresse) : le serveur lit le *corps* de la
  requête, qui contient les données du formulaire, les décode, les raconte,
  et renvoie une page qui confirme leur réception.

Lire un corps sans danger : la taille est annoncée par l'en-tête
``Content-Length``. On la vérifie *avant* de lire (absente : 411, pas un
nombre : 400, trop grande : 413) ; on ne lit jamais plus que cette taille ;
et un client qui n'envoie pas tout finit par dépasser la patience de son flux
de lecture (``wire.py``), ou par céder sa place quand le serveur est plein.

Comme ``GetHandler``, il ne compose aucune phrase : un refus est un fait
(``"body-too-large"``…) avec ses valeurs ; la page de confirmation vient de
``pages.py``.
"""

import os
import re
import socket
import stat
import threading
import time
from http import HTTPStatus

from .body import decode_body, decode_query, password_fields, url_path
from .cookie_form import COOKIE_PATH, form_cookie
from .events import DATA, ERROR, NOTICE
from .get_handler import GetHandler
from .network import route_between
from .wire import Evicted
from .pages import confirmation_page

FORM_FILE = "ressource.html"
FORM_PATHS = ("/", "/" + FORM_FILE)
SEARCH_PATH = "/recherche"   # l'adresse du second formulaire, en method="get"

_DIGITS = re.compile(r"[0-9]+")
# « visites=3 » parmi les cookies (« a=1; visites=3; b=2 ») ; au plus 9 chiffres.
_VISITS = re.compile(r"(?:^|;)[ \t]*visites=\"?([0-9]{1,9})\"?[ \t]*(?=;|$)")
COOKIE_LIMIT = 8192   # caractères d'un en-tête Cookie examinés au plus
_password_cache = {}   # le dernier formulaire lu : {"form": ((chemin, date, taille), noms)}
_form_lock = threading.Lock()   # un seul fil lit le formulaire quand il a changé
FORM_LIMIT = 1024 * 1024        # octets de ressource.html, au plus (au-delà : page d'erreur)
DISCARD_LIMIT = 16 * 1024 * 1024   # octets jetés au plus après un refus 413
DISCARD_SECONDS = 1.0


class GetPostHandler(GetHandler):
    """Sert ``ressource.html`` sur ``/`` et répond aux requêtes POST."""

    methods_supported = ("GET", "HEAD", "POST")
    _expects_continue = False   # le client attend-il « 100 Continue » ?

    # -- GET : le formulaire -----------------------------------------------------
    def is_form_request(self):
        # Avant la lecture de la ligne de requête, il n'y a pas encore de chemin.
        return url_path(getattr(self, "path", "")) in FORM_PATHS

    def translate_path(self, path):
        # « / » désigne le formulaire, pas la liste des fichiers du dossier.
        if url_path(path) in FORM_PATHS:
            return os.path.join(self.directory, FORM_FILE)
        return super().translate_path(path)

    def path_problem(self, path):
        problem = super().path_problem(path)
        if problem is None and self.is_form_request():
            if self._target is None:
                return None   # absent : « introuvable », dit par not_found_reason
            size = self._target.st_size
            if size > FORM_LIMIT:
                # Un « formulaire » de 100 Mo n'en est pas un : on ne le lit pas.
                return (500, "form-too-large", (("file", FORM_FILE), ("size", size),
                                                ("limit", FORM_LIMIT)))
        return problem

    def not_found_reason(self):
        if self.is_form_request() and os.path.isdir(self.directory):
            return (404, "form-missing", (("file", FORM_FILE), ("folder", self.directory)))
        return super().not_found_reason()

    def end_headers(self):
        # 200, ou 304 quand le navigateur revalide sa copie du formulaire : c'est une visite aussi.
        if self._status[0] in (200, 304) and self.command in ("GET", "POST"):
            if self.is_form_request() and self._status[0] == 200:
                # Le navigateur redemandera la page à chaque visite : chaque
                # chargement apparaît dans le journal, et une modification du
                # fichier se voit aussitôt.
                self.send_header("Cache-Control", "no-cache")
            if self.is_form_request() or self.command == "POST" or self.is_search_request():
                # Un petit cookie : le navigateur le garde et le renvoie à chaque
                # requête suivante (en-tête Cookie). Le serveur compte ainsi les visites.
                self.send_header("Set-Cookie", "visites=%d; Path=/; SameSite=Lax"
                                 % self.visit_number())
        super().end_headers()

    def visit_number(self):
        """Le numéro de cette visite : le cookie « visites » renvoyé par le navigateur, plus 1.

        Le cookie est cherché par une expression simple, en temps linéaire, dans les
        ``COOKIE_LIMIT`` premiers caractères seulement : ``http.cookies.SimpleCookie``
        met plusieurs secondes de calcul sur certains en-têtes hostiles (CVE-2024-7592,
        corrigée seulement dans les Python récents).
        """
        found = None
        for text in self.headers.get_all("Cookie") or ():
            match = _VISITS.search(text[:COOKIE_LIMIT])
            if match:
                found = match
        previous = int(found.group(1)) if found else 0
        return min(previous, 10 ** 9) + 1

    # -- GET avec paramètres : le second formulaire (method="get") ---------------
    def is_search_request(self):
        return url_path(getattr(self, "path", "")) == SEARCH_PATH

    def do_GET(self):
        if self.is_search_request():
            # Les données du formulaire sont dans l'adresse, après le « ? ».
            fields = decode_query(self.path)
            self.send_page(self.confirmation_page("GET", fields, None))
            return
        super().do_GET()

    def do_HEAD(self):
        if self.is_search_request():
            self.send_page(self.confirmation_page("GET", decode_query(self.path), None))
            return
        super().do_HEAD()

    # -- POST : les données du formulaire ----------------------------------------
    def do_POST(self):
        # 0. La taille annoncée est-elle acceptable, et y a-t-il de la place pour ce corps
        #    parmi ceux que le serveur lit en ce moment (server.body_budget) ?
        length = self.body_length()
        if length is None:
            return  # problème déjà signalé au client et dans le journal
        if not self.server.take_body_room(length):
            self.close_connection = True
            self.send_error(HTTPStatus.SERVICE_UNAVAILABLE, fact="bodies-busy",
                            values=(("length", length), ("budget", self.server.body_budget)))
            if not self._expects_continue:
                self.discard_input(length)
            return
        try:
            self._receive_post(length)
        finally:
            self.server.give_body_room(length)

    def _receive_post(self, length):
        # 1. Lire le corps de la requête (les données du formulaire), sans danger.
        body = self.read_body(length)
        if body is None:
            return  # problème déjà signalé au client et dans le journal
        # 2. Le découper en champs selon son type (en-tête Content-Type).
        content_type = self.headers.get("Content-Type", "")
        decoded = decode_body(body, content_type)
        # 3. Le raconter : le panneau ou le terminal l'affichera. (On signale
        #    aussi les champs « mot de passe » du formulaire : ils ont voyagé en clair.)
        self.emit(DATA, method=self.command, path=self.path, headers=tuple(self.headers.items()),
                  body=body, body_format=decoded.format, fields=decoded.fields,
                  detail=decoded.problem, **self.password_facts(decoded.fields))
        # 4. Répondre par une page qui confirme la réception (le formulaire « Cookies » :
        #    avec le cookie demandé, dans un en-tête Set-Cookie).
        self.send_page(self.confirmation_page("POST", decoded.fields, decoded.problem, len(body)),
                       cookies=self.form_cookies(decoded.fields))

    def form_cookies(self, fields):
        """Le formulaire « Cookies » (``cookie_form.py``) : le Set-Cookie demandé, raconté."""
        if url_path(self.path) != COOKIE_PATH:
            return ()
        header, facts = form_cookie(fields)
        for fact, values in facts:
            self.emit(NOTICE, fact=fact, values=values)
        return (header,) if header else ()

    def password_facts(self, fields):
        """Les champs mot de passe de ressource.html (``secrets``) et, si l'un d'eux est
        rempli dans ``fields``, par où il est passé (``values`` : la ``route``, cet
        ordinateur ou le réseau). Dans un GET (formulaire passé en method="get"), le
        narrateur dit que c'est pire : il reste dans l'adresse."""
        if not fields:
            return {}
        secrets = self.password_fields()
        if not any(item.name in secrets and item.value for item in fields):
            return {"secrets": secrets}
        try:
            local = self.connection.getsockname()[0]
        except OSError:
            local = ""
        return {"secrets": secrets,
                "values": (("route", route_between(self.client_address[0], local)),)}

    def password_fields(self):
        """Les noms des champs ``type="password"`` du formulaire ressource.html.

        Lire la page à chaque POST coûterait cher : on garde le résultat tant
        que le fichier n'a pas changé (même date de modification, même taille :
        un seul ``stat``, sans verrou). Quand il change, un seul fil le lit
        (verrou), les autres attendent son résultat ; un fichier qui n'est pas
        ordinaire (un tube bloquerait) ou plus gros que ``FORM_LIMIT`` n'est pas lu.
        """
        path = os.path.join(self.directory, FORM_FILE)
        try:
            info = os.stat(path)
        except OSError:
            return ()
        if not stat.S_ISREG(info.st_mode) or info.st_size > FORM_LIMIT:
            return ()
        key = (path, info.st_mtime_ns, info.st_size)
        cached = _password_cache.get("form")
        if cached is not None and cached[0] == key:
            return cached[1]   # le cas courant : sans verrou, chaque fil le lit seul
        with _form_lock:
            cached = _password_cache.get("form")
            if cached is None or cached[0] != key:
                try:
                    with open(path, encoding="utf-8", errors="replace") as handle:
                        cached = (key, password_fields(handle.read(FORM_LIMIT)))
                except OSError:
                    return ()
                _password_cache["form"] = cached
            return cached[1]

    def handle_expect_100(self):
        # « Expect: 100-continue » : le client (curl, par exemple) attend la
        # permission avant d'envoyer un gros corps. On ne répond pas encore :
        # read_body vérifie d'abord la taille annoncée, puis donne la permission.
        self._expects_continue = True
        return True

    def body_length(self):
        """La taille annoncée du corps, vérifiée ; None si la requête est refusée."""
        if "Transfer-Encoding" in self.headers:
            self.send_error(HTTPStatus.LENGTH_REQUIRED, fact="chunked-body")
            return None
        lengths = self.headers.get_all("Content-Length") or []
        if not lengths:
            self.send_error(HTTPStatus.LENGTH_REQUIRED)
            return None
        if len(set(lengths)) > 1 or not _DIGITS.fullmatch(lengths[0].strip()):
            self.send_error(HTTPStatus.BAD_REQUEST, fact="bad-content-length",
                            values=(("lengths", ", ".join(lengths)[:100]),))
            return None
        length = int(lengths[0])
        limit = self.server.max_body_size
        if length > limit:
            self.send_error(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, fact="body-too-large",
                            values=(("length", length), ("limit", limit)))
            if not self._expects_continue:   # sinon, le client n'a rien envoyé : rien à jeter
                self.discard_input(length)
            return None
        return length

    def discard_input(self, length):
        """Jette (sans les garder) une partie des octets que le client envoie encore.

        Un navigateur envoie tout son corps avant de lire la réponse ; si l'on
        fermait la connexion sans rien lire, il verrait « connexion
        réinitialisée » au lieu de notre page 413. On lit donc un peu, borné
        en taille et en temps, puis la connexion est fermée.
        """
        budget = min(length, DISCARD_LIMIT)
        deadline = time.monotonic() + DISCARD_SECONDS
        try:
            self.wfile.flush()   # la réponse 413 part d'abord
            self.rfile.patience = DISCARD_SECONDS   # la connexion sera fermée ensuite
            while budget > 0 and time.monotonic() < deadline:
                chunk = self.rfile.read1(min(budget, 65536))
                if not chunk:
                    break
                budget -= len(chunk)
        except OSError:
            pass

    def read_body(self, length):
        """Lit les ``length`` octets du corps (taille déjà vérifiée par ``body_length``) ;
        None si la requête est abandonnée."""
        if self._expects_continue:
            self._expects_continue = False
            self.send_response_only(HTTPStatus.CONTINUE)   # « envoyez le corps »
            self.end_headers()
            self.wfile.flush()
        # On lit morceau par morceau : read1 rend ce qui est arrivé, b"" si le
        # client a fermé la connexion, et lève socket.timeout s'il se tait trop longtemps.
        chunks, missing = [], length
        try:
            while missing > 0:
                chunk = self.rfile.read1(min(missing, 65536))
                if not chunk:
                    break
                chunks.append(chunk)
                missing -= len(chunk)
        except Evicted:
            raise   # coupée par le gardien : handle_one_request le dit
        except socket.timeout:
            self.send_error(HTTPStatus.REQUEST_TIMEOUT, fact="body-timeout",
                            values=(("length", length), ("seconds", self.rfile.patience),
                                    ("received", length - missing)))
            return None
        if missing:
            self.emit(ERROR, fact="body-cut", values=(("received", length - missing),
                                                      ("announced", length)))
            self.close_connection = True
            return None
        body = b"".join(chunks)
        self._request_body = body   # gardé pour la vue « échange brut »
        return body

    def confirmation_page(self, method, fields, problem, size=0):
        """La page qui confirme la réception des données (``fields``) ; elle
        rappelle aussi le numéro de visite (cookie)."""
        return confirmation_page(method, fields, problem, size, self.visit_number())

    def send_page(self, page, status=HTTPStatus.OK, cookies=()):
        data = page.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        for cookie in cookies:
            self.send_header("Set-Cookie", cookie)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)
