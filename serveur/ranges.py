"""Demander un morceau d'un fichier : l'en-tête ``Range`` et la réponse ``206``.

Pour avancer dans une vidéo, le navigateur ne redemande pas tout le fichier :
il envoie ``Range: bytes=1000000-`` (« à partir de l'octet 1 000 000 ») et le
serveur répond ``206 Partial Content`` avec ce morceau seulement, en disant
lequel (``Content-Range: bytes 1000000-1999999/2000000``). Un morceau hors du
fichier reçoit ``416`` ; ``If-Range`` (« seulement si le fichier n'a pas
changé depuis ») redonne tout le fichier s'il a changé.

Un seul morceau à la fois : une demande de plusieurs morceaux (rare) reçoit
tout le fichier, en ``200``, ce que le protocole permet.
"""

import os
import re
import stat

_SINGLE = re.compile(r"bytes=(\d*)-(\d*)$")
UNSATISFIABLE = "hors du fichier"


def requested_range(header, size):
    """``(début, fin)`` inclus pour l'en-tête ``header`` et un fichier de ``size``
    octets ; ``None`` s'il faut répondre le fichier entier ; ``UNSATISFIABLE``."""
    match = _SINGLE.match(header.strip().replace(" ", ""))
    if not match or not (match.group(1) or match.group(2)):
        return None   # mal formé ou plusieurs morceaux : tout le fichier
    first, last = match.groups()
    if not first:                      # « bytes=-500 » : les 500 derniers octets
        length = int(last)
        if length == 0:
            return UNSATISFIABLE
        return (max(size - length, 0), size - 1) if size else UNSATISFIABLE
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    if start >= size or (last and int(last) < start):
        return UNSATISFIABLE
    return start, end


class FileSlice:
    """Un fichier ouvert, lu seulement de ``start`` à ``end`` inclus."""

    def __init__(self, handle, start, end):
        self.handle = handle
        handle.seek(start)
        self.remaining = end - start + 1

    def read(self, size=-1):
        if self.remaining <= 0:
            return b""
        size = self.remaining if size is None or size < 0 else min(size, self.remaining)
        data = self.handle.read(size)
        self.remaining -= len(data)
        return data

    def close(self):
        self.handle.close()


def answer_range(handler, path):
    """Répond à une requête ``Range`` sur le fichier ``path`` : rend ``(True, corps)``
    quand la réponse (206 ou 416) est partie, ``(False, None)`` pour laisser le
    gestionnaire répondre tout le fichier comme d'habitude."""
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return False, None
    if not stat.S_ISREG(info.st_mode):
        return False, None
    modified = handler.date_time_string(info.st_mtime)
    if_range = handler.headers.get("If-Range")
    if if_range is not None and if_range.strip() != modified:
        return False, None   # le fichier a changé depuis : tout le fichier
    wanted = requested_range(handler.headers.get("Range", ""), info.st_size)
    if wanted is None:
        return False, None
    if wanted == UNSATISFIABLE:
        handler.send_response(416)
        handler.send_header("Content-Range", "bytes */%d" % info.st_size)
        handler.send_header("Content-Length", "0")
        handler.end_headers()
        return True, None
    try:
        handle = open(path, "rb")
    except OSError:
        return False, None   # le gestionnaire dira pourquoi (403, 404)
    start, end = wanted
    handler.send_response(206)
    handler.send_header("Content-Type", handler.guess_type(path))
    handler.send_header("Content-Range", "bytes %d-%d/%d" % (start, end, info.st_size))
    handler.send_header("Content-Length", str(end - start + 1))
    handler.send_header("Last-Modified", modified)
    handler.end_headers()
    return True, FileSlice(handle, start, end)
