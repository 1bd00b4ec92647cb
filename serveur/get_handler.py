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

- ``parse_request``  : une fois la requête lue, la raconter (événement REQUEST) ;
- ``send_response_only``, ``send_header``, ``end_headers`` : noter la réponse ;
- ``handle_one_request`` : une fois la réponse partie, raconter l'échange
  complet (événement EXCHANGE : la requête et la réponse, avec sa durée) ;
- ``send_error``     : page d'erreur en français et ligne claire dans le journal ;
- ``send_head``      : refuser ce qui sort du dossier servi ou qui est caché ;
- ``list_directory`` : liste du dossier en français, sans les fichiers cachés ;
- ``guess_type``     : annoncer l'encodage ``charset=utf-8`` des textes ;
- ``log_message``…   : plus rien n'est écrit dans la console.

Ce gestionnaire ne connaît ni la fenêtre ni le terminal : il crée des
événements et les confie au serveur (``self.server.emit``).
"""

import html
import io
import os
import socket
import stat
import time
import urllib.parse
from email.errors import MissingHeaderBodySeparatorDefect
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler

from .body import decode_query
from .events import ERROR, EXCHANGE, NOTICE, REQUEST, RESPONSE, Event
from .wording import STATUS_HINTS, bytes_text

EXCHANGE_BODY_LIMIT = 2048   # octets du corps de la requête gardés pour la vue « échange »

# Explications en français, affichées dans la page d'erreur et le journal.
ERROR_EXPLANATIONS = {
    400: "La requête reçue ne respecte pas le protocole HTTP.",
    403: "L'accès à cette ressource est interdit.",
    404: "Aucun fichier ne correspond à cette adresse dans le dossier servi.",
    405: "Cette méthode n'est pas autorisée pour cette adresse.",
    408: "La requête n'est pas arrivée en entier à temps.",
    411: "Une requête avec un corps doit annoncer sa taille (en-tête Content-Length).",
    413: "Le corps de la requête est trop gros.",
    414: "L'adresse demandée (URL) est trop longue.",
    431: "Les en-têtes de la requête sont trop nombreux ou trop longs.",
    500: "Le serveur a rencontré une erreur interne.",
    501: "Ce serveur ne sait pas traiter cette méthode.",
    503: "Le serveur est surchargé, réessayez dans un instant.",
    505: "Cette version du protocole HTTP n'est pas prise en charge.",
}

# Les messages (en anglais) que la bibliothèque standard passe à send_error,
# traduits pour le journal.
_STDLIB_MESSAGES = (
    ("Bad request version", "version HTTP invalide"),
    ("Bad request syntax", "ligne de requête illisible"),
    ("Bad HTTP/0.9 request type", "requête HTTP/0.9 invalide"),
    ("Invalid HTTP version", "version HTTP non prise en charge"),
    ("Line too long", "en-tête trop long"),
    ("Too many headers", "trop d'en-têtes"),
    ("Unsupported method", "méthode non prise en charge"),
    ("File not found", "fichier introuvable"),
    ("No permission to list directory", "dossier illisible"),
    ("Expectation Failed", "en-tête Expect non compris"),
)

ERROR_PAGE = """<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<title>Erreur %(code)d</title>
<style>
body { font-family: system-ui, sans-serif; margin: 3em auto; max-width: 40em; color: #222; }
h1 { color: #b3261e; }
code { background: #f1f1f1; padding: 0 .3em; }
</style>
</head>
<body>
<h1>Erreur %(code)d</h1>
<p><strong>%(title)s</strong></p>
<p>%(explain)s</p>
<p><a href="/">Revenir à l'accueil du serveur</a></p>
</body>
</html>
"""

LISTING_PAGE = """<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<title>Contenu du dossier %(path)s</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 50em; color: #222; }
li { margin: .2em 0; }
.size { color: #777; font-size: .9em; }
</style>
</head>
<body>
<h1>Contenu du dossier %(path)s</h1>
<p>Ce serveur GET montre les fichiers du dossier servi : cliquez sur un nom pour le demander.</p>
<ul>
%(items)s
</ul>
</body>
</html>
"""


def translate_message(message):
    """Traduit un message de la bibliothèque standard (« File not found »…)."""
    for english, french in _STDLIB_MESSAGES:
        if message and message.startswith(english):
            detail = message[len(english):].strip(" ()'\"")
            return "%s (« %s »)" % (french, detail) if detail else french
    return message


def is_link(path):
    """Vrai si ``path`` est un lien symbolique (ou, sous Windows, une jonction)."""
    try:
        info = os.lstat(path)
    except (OSError, ValueError):   # ValueError : caractère nul dans le chemin
        return False
    return stat.S_ISLNK(info.st_mode) or bool(getattr(info, "st_reparse_tag", 0))


WINDOWS_DEVICES = {"CON", "PRN", "AUX", "NUL"} | {"COM%d" % n for n in range(1, 10)} \
    | {"LPT%d" % n for n in range(1, 10)}


def windows_name_problem(path, names, real_folder):
    """Sous Windows : refuse les noms de périphériques (CON, NUL…) et les noms
    courts « 8.3 » (GIT~1) qui mèneraient à un fichier caché."""
    if any(name.split(".")[0].strip().upper() in WINDOWS_DEVICES for name in names):
        return (404, "Ce nom est réservé par Windows à un périphérique : ce n'est pas un fichier.")
    if any("~" in name for name in names):
        # Le chemin réel (noms longs) est vérifié à son tour.
        real = os.path.realpath(path)
        if real.startswith(real_folder):
            long_names = real[len(real_folder):].replace("\\", "/").split("/")
            if any(name.startswith(".") for name in long_names if name):
                return (404, "Les fichiers et dossiers cachés (nom commençant par un point) "
                             "ne sont jamais servis.")
    return None


def leads_outside(folder, names, real_folder):
    """Vrai si ``folder/names…`` passe par un lien qui mène hors de ``real_folder``.

    On ne regarde que les noms sous le dossier servi (un appel système chacun) ;
    le chemin complet n'est résolu (``realpath``) que si l'un d'eux est un lien.
    """
    current = folder
    for name in names:
        current = os.path.join(current, name)
        if is_link(current):
            resolved = os.path.realpath(os.path.join(folder, *names))
            try:
                return os.path.commonpath([resolved, real_folder]) != real_folder
            except ValueError:  # Windows : deux lecteurs différents (C:, D:)
                return True
    return False


class ReplyTap:
    """Laisse passer vers le client tout ce que le serveur écrit, et garde une
    copie du début du corps de la réponse (pour la vue « échange brut »)."""

    def __init__(self, stream, limit=1024):
        self.stream = stream
        self.limit = limit
        self.recording = False
        self.kept = bytearray()

    def restart(self):
        """Une nouvelle réponse commence : on oublie la précédente."""
        self.recording = False
        self.kept = bytearray()

    def write(self, data):
        if self.recording and len(self.kept) < self.limit:
            self.kept += data[:self.limit - len(self.kept)]
        return self.stream.write(data)

    def flush(self):
        self.stream.flush()

    def close(self):
        self.stream.close()

    @property
    def closed(self):
        return self.stream.closed


class GetHandler(SimpleHTTPRequestHandler):
    """Répond aux requêtes GET et HEAD avec les fichiers du dossier servi."""

    server_version = "PanneauServeur/1.0"
    protocol_version = "HTTP/1.1"       # connexions gardées ouvertes (keep-alive)
    disable_nagle_algorithm = True      # petites réponses envoyées sans attendre
    wbufsize = -1   # en-têtes et petit corps partent ensemble, en un seul envoi (voir flush)
    error_message_format = ERROR_PAGE.replace("%(title)s", "Erreur")
    error_content_type = "text/html; charset=utf-8"
    methods_supported = "GET et HEAD"   # cité dans l'erreur 501

    def __init__(self, request, client_address, server):
        self._reset_reply()
        self._announced = False  # la requête a-t-elle déjà été racontée ?
        self._served = 0         # requêtes déjà traitées sur cette connexion
        self._exchange = 0       # numéro de l'échange en cours (requête n°…)
        self._request_body = b""
        self._request_headers = ()
        self._started = (0.0, 0.0)   # (heure, chronomètre) à l'arrivée de la requête
        super().__init__(request, client_address, server, directory=server.folder)

    def setup(self):
        # Délai d'attente du client, en secondes : un client muet ou trop lent
        # ne bloque pas un fil pour toujours.
        self.timeout = self.server.request_timeout
        super().setup()
        self.wfile = ReplyTap(self.wfile)   # garde le début de chaque réponse

    def handle_one_request(self):
        self._announced = False
        super().handle_one_request()
        if self._announced and self._status[0] >= 100:   # une réponse est bien partie
            self._emit_exchange()

    def handle(self):
        # Un coup d'œil (peek) aux premiers octets, sans les consommer : on
        # n'attend pas une fin de ligne, qui n'arrivera pas forcément.
        try:
            start = self.rfile.peek(2)[:2]
        except socket.timeout as exc:
            self.log_error("Request timed out: %r", exc)
            return
        except OSError:
            return   # connexion coupée avant le premier octet
        if not start:
            return   # connexion fermée sans rien envoyer : rien à raconter
        if start == b"\x16\x03":
            # Ouverture d'une connexion chiffrée TLS : quelqu'un a tapé https://
            # au lieu de http://. Une réponse HTTP lui serait illisible.
            self.emit(ERROR, message="le navigateur a tenté une connexion chiffrée (HTTPS) : ce "
                                     "serveur ne parle que HTTP. Tapez l'adresse avec http:// "
                                     "et non https://.")
            return
        super().handle()

    # -- raconter ------------------------------------------------------------
    def emit(self, kind, **fields):
        self.server.emit(Event(kind, client=self.client_address[0], exchange=self._exchange,
                               **fields))

    def _emit_exchange(self):
        """L'échange complet : la requête telle que reçue, la réponse telle qu'envoyée."""
        wall, start = self._started
        code, reason = self._status
        self.emit(EXCHANGE, time=wall, method=self.command, path=self.path,
                  version=self.request_version, headers=self._request_headers,
                  body=self._request_body[:EXCHANGE_BODY_LIMIT], status=code, reason=reason,
                  reply_headers=tuple(self._reply_headers), reply_body=bytes(self.wfile.kept),
                  duration=time.perf_counter() - start)

    def parse_request(self):
        self._announced = False
        self._reset_reply()
        if len(self.raw_requestline.split()) == 2:
            # « GET /page » sans version : le HTTP de 1991 (HTTP/0.9). On refuse
            # tout de suite : la bibliothèque standard attendrait des en-têtes
            # que ce client n'enverra jamais.
            self.command, self.request_version = None, "HTTP/1.0"
            self.requestline = self.raw_requestline.decode("iso-8859-1").rstrip("\r\n")
            self.close_connection = True
            self.send_error(HTTPStatus.BAD_REQUEST, explain=(
                "Requête à l'ancienne (HTTP/0.9, sans version) : ce serveur attend une ligne "
                "comme « GET /page.html HTTP/1.1 »."))
            return False
        if not super().parse_request():
            return False
        if any(isinstance(defect, MissingHeaderBodySeparatorDefect)
               for defect in self.headers.defects):
            # Une ligne d'en-tête illisible : la bibliothèque standard arrête
            # la lecture des en-têtes là, sans rien dire. Nous le disons.
            self.send_error(HTTPStatus.BAD_REQUEST, explain=(
                "Une ligne d'en-tête est mal formée (nom d'en-tête invalide ou ligne sans « : »)."))
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
                  headers=self._request_headers, fields=query)
        return True

    def _reset_reply(self):
        self._status = (0, "")
        self._reply_headers = []
        self._error_explain = None

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
        headers = tuple(self._reply_headers)
        if self._error_explain is None:
            if code < 200 or not self._announced:
                # « 100 Continue » (ou une réponse hors requête) : raconté tout de suite.
                # Une réponse ordinaire est racontée une fois envoyée (événement EXCHANGE).
                self.emit(RESPONSE, status=code, reason=reason, headers=headers,
                          method=self.command if self._announced else "",
                          path=self.path if self._announced else "")
        else:
            explain, detail = self._error_explain
            if not self._announced and getattr(self, "requestline", ""):
                # La requête n'a pas été racontée : on montre ce qui est arrivé.
                message = "%s — requête reçue : « %s »" % (explain, self.requestline[:200])
            else:
                message = "%s — %s" % (detail, explain[:1].lower() + explain[1:]) \
                    if detail else explain
            self.emit(ERROR, status=code, reason=reason, headers=headers, message=message,
                      method=self.command if self._announced else "",
                      path=self.path if self._announced else "")
        super().end_headers()
        if code >= 200:
            self.wfile.recording = True   # ce qui suit est le corps de la réponse

    def send_error(self, code, message=None, explain=None):
        """Réponse d'erreur : page en français et ligne claire dans le journal."""
        code = int(code)
        if code == 431:
            explain = None   # la bibliothèque standard passe ici une explication en anglais
        if code == 404 and explain is None and getattr(self, "path", None) is not None:
            code, explain = self.not_found_reason()
        if getattr(self, "request_version", "HTTP/0.9") == "HTTP/0.9":
            # En HTTP/0.9, la réponse n'a ni ligne de statut ni en-têtes : le
            # client ne saurait pas qu'il s'agit d'une erreur. On répond en HTTP/1.0.
            self.request_version = "HTTP/1.0"
        if explain is None:
            explain = ERROR_EXPLANATIONS.get(code, "")
            if code == 501:
                explain += " Il accepte : %s." % self.methods_supported
        self._error_explain = (explain, translate_message(message))
        # Le titre de la page en français (la ligne de statut garde la phrase
        # standard, « Not Found » : c'est le protocole).
        title = STATUS_HINTS.get(code, "erreur").capitalize()
        self.error_message_format = ERROR_PAGE.replace("%(title)s", html.escape(title))
        # La phrase du statut reste la phrase standard (« Not Found ») :
        # c'est le protocole. L'explication française va dans la page.
        super().send_error(code, None, explain)

    def log_request(self, code="-", size="-"):
        pass  # déjà raconté par end_headers

    def log_error(self, format, *args):
        if format.startswith("code %d"):
            return  # déjà raconté par send_error
        if format.startswith("Request timed out"):
            # Un navigateur garde ses connexions ouvertes après usage (keep-alive) :
            # leur fermeture après le délai est normale et n'est pas racontée.
            # On ne signale que le client qui n'a jamais terminé une requête.
            if not self._served:
                self.emit(NOTICE, message="délai de %g s écoulé sans requête complète : "
                                          "je ferme la connexion" % self.timeout)
            return
        self.log_message(format, *args)

    def log_message(self, format, *args):
        # Le formateur échappera les caractères de contrôle éventuels.
        self.emit(NOTICE, message=format % args)

    # -- servir les fichiers ---------------------------------------------------
    def send_head(self):
        # « //autre-site.fr » ne doit jamais devenir une redirection vers un
        # autre site (CVE-2021-28861, corrigée seulement dans les Python récents).
        if self.path.startswith("//"):
            self.path = "/" + self.path.lstrip("/")
        path = self.translate_path(self.path)
        problem = self.path_problem(path)
        if problem:
            self.send_error(problem[0], explain=problem[1])
            return None
        return super().send_head()

    def path_problem(self, path):
        """``(code, explication)`` si ``path`` ne doit pas être servi, sinon None.

        Appelée à chaque requête : seulement des vérifications rapides. Les
        causes d'un fichier introuvable sont cherchées dans ``not_found_reason``,
        une fois l'erreur constatée.
        """
        if "\x00" in path:
            return (400, "Le chemin demandé contient un caractère nul (%00) : il ne peut "
                         "désigner aucun fichier.")
        # translate_path a construit « dossier + noms » : on regarde chaque nom.
        names = [name for name in path[len(self.directory):].replace("\\", "/").split("/")
                 if name]
        if os.path.isdir(path):
            # Pour un dossier, la bibliothèque standard sert index.html s'il existe :
            # on vérifie ce fichier-là aussi.
            for index in ("index.html", "index.htm"):
                if os.path.exists(os.path.join(path, index)):
                    names.append(index)
                    break
        if os.name == "nt":
            problem = windows_name_problem(path, names, self.server.real_folder)
            if problem:
                return problem
        if any(name.startswith(".") for name in names):
            return (404, "Les fichiers et dossiers cachés (nom commençant par un point) "
                         "ne sont jamais servis.")
        if leads_outside(self.directory, names, self.server.real_folder):
            return (403, "Ce lien mène hors du dossier servi : accès refusé.")
        return None

    def not_found_reason(self):
        """Pourquoi le fichier demandé n'a pas pu être ouvert : ``(code, explication)``."""
        if not os.path.isdir(self.directory):
            return (404, "Le dossier servi « %s » n'existe plus : choisissez un autre dossier "
                         "dans le panneau, ou recréez-le." % self.directory)
        if os.path.exists(self.translate_path(self.path)):
            return (403, "Ce fichier existe mais ne peut pas être lu (droits d'accès).")
        return (404, ERROR_EXPLANATIONS[404])

    def guess_type(self, path):
        kind = super().guess_type(path)
        if kind.startswith("text/") or kind in ("application/javascript", "application/json",
                                                 "image/svg+xml", "application/xml"):
            kind += "; charset=utf-8"
        return kind

    def list_directory(self, path):
        try:
            names = sorted(os.listdir(path), key=str.lower)
        except OSError:
            self.send_error(HTTPStatus.FORBIDDEN, explain="Ce dossier ne peut pas être lu.")
            return None
        items = []
        for name in names:
            if name.startswith(".") or name == "__pycache__":
                continue  # fichiers cachés (ni montrés ni servis), cache de Python
            full = os.path.join(path, name)
            is_dir = os.path.isdir(full)
            link = urllib.parse.quote(name + ("/" if is_dir else ""), errors="surrogatepass")
            label = html.escape(name + ("/" if is_dir else ""), quote=False)
            size = ""
            if not is_dir:
                try:
                    size = ' <span class="size">(%s)</span>' % bytes_text(os.path.getsize(full))
                except OSError:
                    pass
            items.append('<li><a href="%s">%s</a>%s</li>' % (link, label, size))
        if not items:
            items.append("<li><em>(dossier vide)</em></li>")
        shown = urllib.parse.unquote(self.path.split("?", 1)[0], errors="replace")
        page = LISTING_PAGE % {"path": html.escape(shown, quote=False), "items": "\n".join(items)}
        data = page.encode("utf-8", errors="replace")
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        return io.BytesIO(data)
