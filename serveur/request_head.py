"""Lire la ligne de requête et les en-têtes : ``parse_request`` de la bibliothèque standard, en plus court.

``BaseHTTPRequestHandler.parse_request`` confie les en-têtes au module ``email``
(``http.client.parse_headers``), qui sait lire un courrier électronique entier :
pour les six à dix lignes « Nom: valeur » d'un navigateur, c'est la plus grosse
dépense d'une requête servie (15 à 22 µs sur les 30 à 40 que coûte toute la
lecture de la requête). Ici, une requête ordinaire est lue par une expression
régulière et rangée dans le même objet (``http.client.HTTPMessage``, par
``set_raw``, comme le fait ``email``) ; le moindre doute — une ligne sans
deux-points, une ligne repliée qui commence par une espace, un nom avec une
espace, un retour chariot isolé — et c'est le module ``email`` qui lit, pour
que le résultat (et ses ``defects``, que ``get_handler.py`` raconte) soit
exactement celui de la bibliothèque standard.

Le reste est la méthode de la bibliothèque standard (Python 3.13, la plus
stricte sur la version : « HTTP/1.1 » avec des chiffres seulement), avec les
mêmes réponses d'erreur : le gestionnaire les raconte comme avant.
"""

import email.parser
import http.client
import re
from http import HTTPStatus

MAX_LINE = 65536      # octets par ligne d'en-tête, au plus (comme http.client)
MAX_HEADERS = 100     # lignes d'en-tête, au plus (comme http.client)
_END = (b"\r\n", b"\n", b"")
# Des lignes « Nom: valeur », rien d'autre : un nom fait de caractères visibles sans
# deux-points (ceux que le module email accepte), une valeur sans retour chariot isolé.
_ORDINARY = re.compile(r"(?:[!-9;-~]+:[^\r\n]*\r?\n)*")
_LINE = re.compile(r"([!-9;-~]+):[ \t]*([^\r\n]*)\r?\n")   # le nom, la valeur sans ses espaces de tête


def read_headers(stream, message_class=http.client.HTTPMessage):
    """Les en-têtes lus sur ``stream`` jusqu'à la ligne vide, dans un ``message_class``
    (le même résultat que ``http.client.parse_headers``, mêmes exceptions)."""
    lines = []
    while True:
        line = stream.readline(MAX_LINE + 1)
        if len(line) > MAX_LINE:
            raise http.client.LineTooLong("header line")
        lines.append(line)
        if len(lines) > MAX_HEADERS:
            raise http.client.HTTPException("got more than %d headers" % MAX_HEADERS)
        if line in _END:
            break
    text = b"".join(lines).decode("iso-8859-1")
    body_start = len(text) - len(lines[-1])
    if not _ORDINARY.fullmatch(text, 0, body_start):
        return email.parser.Parser(_class=message_class).parsestr(text)
    message = message_class()
    for name, value in _LINE.findall(text, 0, body_start):
        message.set_raw(name, value)
    message.set_payload("")
    return message


class QuickHead:
    """``parse_request`` sans le module ``email`` pour une requête ordinaire (mélangé à un
    ``BaseHTTPRequestHandler``). Même contrat : rend vrai, ou faux après avoir envoyé
    la réponse d'erreur."""

    def parse_request(self):
        self.command = None
        self.request_version = version = self.default_request_version
        self.close_connection = True
        requestline = str(self.raw_requestline, "iso-8859-1").rstrip("\r\n")
        self.requestline = requestline
        words = requestline.split()
        if not words:
            return False
        if len(words) >= 3:   # assez de mots pour connaître la version
            version = words[-1]
            numbers = version[5:].split(".") if version.startswith("HTTP/") else ()
            if len(numbers) != 2 or not all(part.isdigit() and len(part) <= 10
                                            for part in numbers):
                self.send_error(HTTPStatus.BAD_REQUEST, "Bad request version (%r)" % version)
                return False
            number = int(numbers[0]), int(numbers[1])
            if number >= (1, 1) and self.protocol_version >= "HTTP/1.1":
                self.close_connection = False
            if number >= (2, 0):
                self.send_error(HTTPStatus.HTTP_VERSION_NOT_SUPPORTED,
                                "Invalid HTTP version (%s)" % version[5:])
                return False
            self.request_version = version
        if not 2 <= len(words) <= 3:
            self.send_error(HTTPStatus.BAD_REQUEST, "Bad request syntax (%r)" % requestline)
            return False
        command, path = words[:2]
        if len(words) == 2:
            self.close_connection = True
            if command != "GET":
                self.send_error(HTTPStatus.BAD_REQUEST,
                                "Bad HTTP/0.9 request type (%r)" % command)
                return False
        self.command, self.path = command, path
        if self.path.startswith("//"):
            self.path = "/" + self.path.lstrip("/")   # un seul / au début
        try:
            self.headers = read_headers(self.rfile, self.MessageClass)
        except http.client.LineTooLong as err:
            self.send_error(HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "Line too long", str(err))
            return False
        except http.client.HTTPException as err:
            self.send_error(HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "Too many headers",
                            str(err))
            return False
        connection = self.headers.get("Connection", "").lower()
        if connection == "close":
            self.close_connection = True
        elif connection == "keep-alive" and self.protocol_version >= "HTTP/1.1":
            self.close_connection = False
        expect = self.headers.get("Expect", "")
        if (expect.lower() == "100-continue" and self.protocol_version >= "HTTP/1.1"
                and self.request_version >= "HTTP/1.1"):
            if not self.handle_expect_100():
                return False
        return True
