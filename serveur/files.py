"""Servir les fichiers du dossier sans danger : ce qui est servi, ce qui est refusé.

``ServeFiles`` regroupe les « crochets » de ``SimpleHTTPRequestHandler`` qui
touchent au disque ; ``GetHandler`` (get_handler.py) en hérite :

- ``send_head``      : refuser ce qui sort du dossier servi, ce qui est caché, ce qui
  n'est pas un fichier ordinaire (``path_problem``, avec les outils de ``paths.py``) ;
  un morceau de fichier (``ranges.py``) ;
- ``not_found_reason`` : pourquoi un fichier n'a pas pu être ouvert (cherché une fois
  l'erreur constatée, jamais à chaque requête) ;
- ``list_directory`` : liste du dossier en français, sans les fichiers cachés ;
- ``guess_type``     : annoncer l'encodage ``charset=utf-8`` des textes.
"""

import io
import os
import stat
import urllib.parse
from http import HTTPStatus

from .pages import listing_page
from .paths import folder_entries, is_private, leads_outside, windows_name_problem
from .ranges import answer_range


SMALL_FILE = 256 * 1024   # octets : un fichier plus petit est lu d'un coup (voir _send_small)


def file_kind(path):
    """``"file"`` (fichier ordinaire), ``"folder"``, ``"special"`` (tube, périphérique,
    socket…) ou ``""`` (absent, illisible) : un seul appel système, qui n'ouvre rien."""
    return kind_of(file_info(path))


def file_info(path):
    """Ce que le système dit de ``path`` (``os.stat``), ou None s'il est absent ou illisible."""
    try:
        return os.stat(path)
    except (OSError, ValueError):
        return None


def kind_of(info):
    """La sorte d'un fichier d'après ``file_info`` (voir ``file_kind``)."""
    if info is None:
        return ""
    if stat.S_ISREG(info.st_mode):
        return "file"
    if stat.S_ISDIR(info.st_mode):
        return "folder"
    return "special"


class ServeFiles:
    """Les fichiers du dossier servi (mélangé devant ``SimpleHTTPRequestHandler``)."""

    def send_head(self):
        # « //autre-site.fr » ne doit jamais devenir une redirection vers un
        # autre site (CVE-2021-28861, corrigée seulement dans les Python récents).
        if self.path.startswith("//"):
            self.path = "/" + self.path.lstrip("/")
        path = self.translate_path(self.path)
        problem = self.path_problem(path)
        if problem:
            code, fact = problem[:2]
            self.send_error(code, fact=fact, values=problem[2] if len(problem) > 2 else ())
            return None
        if "Range" in self.headers:   # un morceau du fichier (une vidéo qu'on avance)
            handled, reply = answer_range(self, path)
            if handled:
                return reply
        info = self._target   # vu par path_problem, un instant plus tôt
        if kind_of(info) == "folder" and not urllib.parse.urlsplit(self.path).path.endswith("/"):
            return self._redirect_to_folder()
        self._whole_file = kind_of(info) == "file"   # sa réponse dira « Accept-Ranges »
        if (self._whole_file and info.st_size <= SMALL_FILE and not path.endswith("/")
                and "If-Modified-Since" not in self.headers):
            return self._send_small(path, info)
        return super().send_head()

    def _redirect_to_folder(self):
        """« /dossier » sans barre finale : « allez voir /dossier/ » (301), comme la bibliothèque
        standard, mais toujours avec ``Content-Length: 0`` : celle de Python 3.8 l'oublie, et
        sur une connexion gardée ouverte, le client attendrait un corps qui ne vient pas."""
        parts = urllib.parse.urlsplit(self.path)
        self.send_response(HTTPStatus.MOVED_PERMANENTLY)
        self.send_header("Location", urllib.parse.urlunsplit(
            (parts[0], parts[1], parts[2] + "/", parts[3], parts[4])))
        self.send_header("Content-Length", "0")
        self.end_headers()
        return None

    def _send_small(self, path, info):
        """Un petit fichier, le cas de presque toutes les pages d'une classe : la réponse de
        ``SimpleHTTPRequestHandler.send_head``, avec trois appels système (ouvrir, lire,
        fermer) au lieu d'une dizaine. Chacun rend le verrou de Python aux autres fils,
        puis doit le reprendre : sous une averse, c'est là que le temps passait.

        Le fichier est lu avant l'envoi des en-têtes : ``Content-Length`` est la taille
        de ce qui a été lu, même s'il change au même instant."""
        try:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
        except OSError:
            self.send_error(HTTPStatus.NOT_FOUND, "File not found")
            return None
        try:
            data = os.read(fd, info.st_size + 1)
            while len(data) != info.st_size:   # il a changé, ou une lecture courte
                more = os.read(fd, SMALL_FILE)
                if not more or len(data) > SMALL_FILE:
                    break
                data += more
        except OSError:
            self.send_error(HTTPStatus.NOT_FOUND, "File not found")
            return None
        finally:
            os.close(fd)
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-type", self.guess_type(path))
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Last-Modified", self.date_time_string(info.st_mtime))
        self.end_headers()
        return io.BytesIO(data)

    def path_problem(self, path):
        """``(code, fait)`` ou ``(code, fait, valeurs)`` si ``path`` ne doit pas être
        servi, sinon None.

        Appelée à chaque requête : seulement des vérifications rapides. Les
        causes d'un fichier introuvable sont cherchées dans ``not_found_reason``,
        une fois l'erreur constatée.
        """
        if "\x00" in path:
            return (400, "null-byte")
        # translate_path a construit « dossier + noms » : on regarde chaque nom.
        names = [name for name in path[len(self.directory):].replace("\\", "/").split("/")
                 if name]
        self._target = file_info(path)   # gardé pour send_head : un seul appel système
        kind = kind_of(self._target)
        if kind == "folder":
            # Pour un dossier, la bibliothèque standard sert index.html s'il existe :
            # on vérifie ce fichier-là aussi.
            for index in ("index.html", "index.htm"):
                kind = file_kind(os.path.join(path, index))
                if kind:
                    names.append(index)
                    break
        if kind == "special":
            # Un tube nommé (FIFO), un périphérique, un socket : l'ouvrir bloquerait
            # un fil pour toujours (un tube attend quelqu'un qui écrive). Seuls les
            # fichiers ordinaires sont servis.
            return (403, "special-file")
        if os.name == "nt":
            problem = windows_name_problem(path, names, self.server.real_folder)
            if problem:
                return problem
        if any(name.startswith(".") for name in names):
            return (404, "hidden-file")
        if leads_outside(self.directory, names, self.server.real_folder):
            return (403, "link-outside")
        if self.server.private_parts and is_private(names, self.server.private_parts):
            return (403, "private-folder")   # le journal de la séance : jamais servi
        return None

    def not_found_reason(self):
        """Pourquoi le fichier demandé n'a pas pu être ouvert : ``(code, fait, valeurs)``
        (le fait ``""`` : rien de plus précis que « introuvable »)."""
        if not os.path.isdir(self.directory):
            return (404, "folder-gone", (("folder", self.directory),))
        if os.path.exists(self.translate_path(self.path)):
            return (403, "unreadable-file", ())
        return (404, "", ())

    def guess_type(self, path):
        kind = super().guess_type(path)
        if kind.startswith("text/") or kind in ("application/javascript", "application/json",
                                                 "image/svg+xml", "application/xml"):
            kind += "; charset=utf-8"
        return kind

    def list_directory(self, path):
        try:
            entries = folder_entries(path)
            if self.server.private_parts:   # le dossier privé du panneau n'y est pas montré
                names = [name for name in path[len(self.directory):].replace("\\", "/")
                         .split("/") if name]
                entries = [entry for entry in entries
                           if not is_private(names + [entry[0]], self.server.private_parts)]
        except OSError:
            self.send_error(HTTPStatus.FORBIDDEN, fact="unreadable-folder")
            return None
        shown = urllib.parse.unquote(self.path.split("?", 1)[0], errors="replace")
        data = listing_page(shown, entries).encode("utf-8", errors="replace")
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        return io.BytesIO(data)
