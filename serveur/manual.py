"""La requête tapée à la main : du texte aux octets, et ce qui cloche avant l'envoi.

HTTP est du texte : une requête, c'est une ligne de requête (``GET / HTTP/1.1``),
des en-têtes (``Host: 127.0.0.1:8081``), une ligne vide, parfois un corps. Chaque
ligne finit par deux octets, ``\\r\\n`` (retour chariot, saut de ligne). Dans
l'onglet « Requête à la main », l'élève tape ce texte comme dans ``telnet`` ;
ce module, sans fenêtre ni réseau :

- ``to_bytes(texte)``        : le texte tapé devient les octets envoyés (chaque fin
  de ligne devient ``\\r\\n``, ou ``\\n`` seul pour montrer l'erreur) ;
- ``check(octets)``          : ce qui cloche, en faits (``Problem``) dans l'ordre de la
  requête : pas de ``Host`` en HTTP/1.1, pas de ligne vide, un ``\\n`` seul, une
  méthode en minuscules, pas de version, un corps sans ``Content-Length``… ;
  ``explain(problème)`` en fait une phrase (``manual_wording.py``, via ``wording``) ;
- ``destination(hôte, port, autre)`` : où envoyer ; seulement cet ordinateur
  (127.0.0.1, localhost), sauf si le professeur autorise une autre adresse ;
- ``marked(octets)``         : des octets reçus ou envoyés, prêts à montrer, les fins
  de ligne rendues visibles (``↵`` pour ``\\r\\n``, ``␊`` pour ``\\n`` seul).

L'envoi lui-même, par un vrai socket, est dans ``manual_send.py``.
"""

import re
from collections import namedtuple

from .display import escape
from .wording import SENTENCES, fill

MAX_REQUEST = 64 * 1024      # octets envoyés au plus (une requête tapée en fait moins d'un Kio)
ANSWER_SECONDS = 5.0         # le panneau attend la réponse au plus ce temps-là
CRLF_MARK = "↵"              # une fin de ligne \r\n, montrée
LF_MARK = "␊"                # une fin de ligne \n seul, montrée
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
METHODS = ("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "TRACE", "CONNECT")
WITH_BODY = ("POST", "PUT", "PATCH")

_VERSION = re.compile(r"HTTP/[0-9]\.[0-9]")
_HOST = re.compile(r"[A-Za-z0-9.:\-\[\]]{1,253}")
_PORT = re.compile(r"[0-9]{1,5}")
_DIGITS = re.compile(r"[0-9]{1,15}")

# Un fait relevé dans la requête : un code (``manual-no-host``…) et ses valeurs.
Problem = namedtuple("Problem", "fact values")


def explain(problem):
    """La phrase française d'un ``Problem`` (commence par une minuscule)."""
    return fill(SENTENCES.get(problem.fact, problem.fact), problem.values)


# -- les exemples du menu « Exemples » ---------------------------------------------------
_FORM_BODY = "nom=Alice&classe=premiere"
EXAMPLES = (
    ("GET : la page du serveur", "GET / HTTP/1.1\nHost: {host}\n\n"),
    ("HEAD : les en-têtes seulement", "HEAD / HTTP/1.1\nHost: {host}\n\n"),
    ("POST : un formulaire, avec son corps",
     "POST / HTTP/1.1\nHost: {host}\nContent-Type: application/x-www-form-urlencoded\n"
     "Content-Length: %d\n\n%s" % (len(_FORM_BODY), _FORM_BODY)),
    ("Renvoyer un cookie à la main", "GET / HTTP/1.1\nHost: {host}\nCookie: visites=41\n\n"),
    ("Erreur : pas de Host", "GET / HTTP/1.1\n\n"),
    ("Erreur : pas de ligne vide", "GET / HTTP/1.1\nHost: {host}\n"),
    ("Erreur : méthode en minuscules", "get / HTTP/1.1\nHost: {host}\n\n"),
    ("Erreur : « Host : » à la française", "GET / HTTP/1.1\nHost : {host}\n\n"),
)


def example(index, host="127.0.0.1", port=8081):
    """Le texte de l'exemple n° ``index`` pour ce serveur."""
    return EXAMPLES[index][1].replace("{host}", host_header(host, port))


def prefilled(port, host="127.0.0.1"):
    """La requête correcte du départ : ``GET /``, ``Host`` et la ligne vide."""
    return example(0, host, port)


def host_header(host, port):
    """La valeur de ``Host`` pour ce serveur : ``127.0.0.1:8081`` (``[::1]:8081``)."""
    return "%s:%d" % ("[%s]" % host if ":" in host else host, port)


# -- du texte aux octets -----------------------------------------------------------------
def to_bytes(text, line_end="\r\n"):
    """Les octets à envoyer : chaque fin de ligne du texte devient ``line_end``."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return line_end.join(lines).encode("utf-8")


def _lines(data):
    """Les lignes des octets : ``(numéro, texte sans fin de ligne, fin)`` ; la fin est
    ``"\\r\\n"``, ``"\\n"`` ou ``""`` (dernière ligne inachevée)."""
    position, number = 0, 0
    while position < len(data):
        number += 1
        newline = data.find(b"\n", position)
        if newline < 0:
            yield number, data[position:], ""
            return
        line = data[position:newline]
        if line.endswith(b"\r"):
            yield number, line[:-1], "\r\n"
        else:
            yield number, line, "\n"
        position = newline + 1


def split_request(data):
    """``(lignes de l'en-tête, corps, fin de la ligne vide)`` : comme le serveur les lit,
    l'en-tête finit à la première ligne vide ; sa fin est ``"\\r\\n"``, ``"\\n"``
    seul, ou ``""`` quand il n'y a pas de ligne vide."""
    head, offset = [], 0
    for number, line, end in _lines(data):
        offset += len(line) + len(end)
        if not line and end:
            return head, data[offset:], end
        head.append((number, line, end))
    return head, b"", ""


# -- ce qui cloche ---------------------------------------------------------------------
def check(data, host_hint="127.0.0.1:8081"):
    """Les ``Problem`` de ces octets, dans l'ordre de la requête (liste vide : rien à
    redire). ``host_hint`` : la valeur de ``Host`` à proposer si elle manque."""
    if not data.strip():
        return [Problem("manual-empty", ())]
    if len(data) > MAX_REQUEST:
        return [Problem("manual-too-long", (("size", len(data)), ("limit", MAX_REQUEST)))]
    head, body, blank = split_request(data)
    problems = []
    bare = [number for number, _line, end in head if end == "\n"]
    if blank == "\n":
        bare.append(len(head) + 1)   # la ligne vide elle-même
    if bare:
        problems.append(Problem("manual-bare-newline", (("line", bare[0]),)))
    if not head:
        problems.append(Problem("manual-blank-first", ()))
        return problems
    method, version = _check_request_line(head[0][1], problems)
    headers = _check_headers(head[1:], problems)
    for number, line, _end in head:
        _check_ascii(number, line, problems)
    hosts = headers.get("host", [])
    if version == "HTTP/1.1" and not hosts:
        problems.append(Problem("manual-no-host", (("host", host_hint),)))
    elif len(hosts) > 1:
        problems.append(Problem("manual-two-hosts", ()))
    if not blank:
        problems.append(Problem("manual-no-blank-line", (("seconds", ANSWER_SECONDS),)))
    else:
        _check_body(method, headers.get("content-length", []), body, problems)
    return problems


def _check_request_line(raw, problems):
    """Vérifie la ligne de requête ; rend ``(méthode, version)`` telles que tapées."""
    line = raw.decode("utf-8", "replace")
    words = line.split()
    if len(words) < 2 or (len(words) == 2 and words[1].startswith("HTTP/")):
        problems.append(Problem("manual-missing-path", (("line", escape(line)),)))
        return (words[0] if words else ""), ""
    method = words[0]
    if method.upper() in METHODS and method != method.upper():
        problems.append(Problem("manual-lowercase-method", (("method", escape(method)),
                                                            ("upper", method.upper()))))
    elif method not in METHODS:
        problems.append(Problem("manual-unknown-method", (("method", escape(method)),)))
    path = words[1]
    if not path.startswith("/") and path != "*" and "://" not in path:
        problems.append(Problem("manual-path-without-slash", (("path", escape(path)),)))
    if len(words) == 2:
        upper = method.upper() if method.upper() in METHODS else method
        problems.append(Problem("manual-missing-version", (("method", escape(upper)),
                                                           ("path", escape(path)))))
        return method, ""
    if len(words) > 3:
        problems.append(Problem("manual-space-in-path", (("count", len(words)),)))
        return method, words[-1]
    version = words[2]
    if not _VERSION.fullmatch(version):
        problems.append(Problem("manual-bad-version", (("version", escape(version)),)))
    return method, version


def _check_headers(lines, problems):
    """Vérifie les lignes d'en-tête ; rend ``{nom en minuscules: [valeurs]}``."""
    headers = {}
    for number, raw, _end in lines:
        line = raw.decode("utf-8", "replace")
        if line[:1] in (" ", "\t"):
            problems.append(Problem("manual-folded-header", (("line", number),)))
            continue
        name, colon, value = line.partition(":")
        if not colon:
            problems.append(Problem("manual-header-no-colon", (("line", number),
                                                               ("text", escape(line[:80])))))
            continue
        if name != name.rstrip():
            problems.append(Problem("manual-space-before-colon",
                                    (("line", number), ("name", escape(name + ":")))))
        headers.setdefault(name.strip().lower(), []).append(value.strip())
    return headers


def _check_ascii(number, raw, problems):
    if any(byte > 127 for byte in raw):
        char = next(char for char in raw.decode("utf-8", "replace") if ord(char) > 127)
        problems.append(Problem("manual-non-ascii", (("line", number), ("char", escape(char)))))


def _check_body(method, lengths, body, problems):
    size = len(body)
    if not lengths:
        if method.upper() in WITH_BODY:
            problems.append(Problem("manual-post-without-length",
                                    (("method", escape(method)), ("size", size))))
        elif body:
            problems.append(Problem("manual-body-without-length", (("size", size),)))
        return
    value = lengths[0]
    if not _DIGITS.fullmatch(value):
        problems.append(Problem("manual-bad-length", (("value", escape(value[:40])),)))
        return
    announced = int(value)
    if announced > size:
        problems.append(Problem("manual-length-too-big", (("announced", announced),
                                                          ("size", size))))
    elif announced < size:
        problems.append(Problem("manual-length-too-small", (("announced", announced),
                                                            ("size", size))))


# -- où envoyer ------------------------------------------------------------------------
def destination(host, port_text, allow_other=False):
    """``(hôte, port, problème)`` : l'hôte et le port à joindre, ou un ``Problem``.
    Sans ``allow_other``, seulement cet ordinateur (127.0.0.1, localhost, ::1)."""
    host = host.strip().strip("[]")
    port_text = port_text.strip()
    if not host or not _HOST.fullmatch(host):
        return host, 0, Problem("manual-bad-host", (("host", escape(host[:80])),))
    if not _PORT.fullmatch(port_text) or not 0 < int(port_text) < 65536:
        return host, 0, Problem("manual-bad-port", (("port", escape(port_text[:20])),))
    if not allow_other and host.lower() not in LOCAL_HOSTS:
        return host, 0, Problem("manual-other-host", (("host", escape(host)),))
    return host, int(port_text), None


# -- montrer des octets, fins de ligne visibles -------------------------------------------
HEAD, BODY = "head", "body"   # les parties (pour les couleurs de la fenêtre)
MARK, BLANK = "mark", "blank"


def marked(data):
    """Des octets HTTP prêts à montrer : une liste de ``(texte, sorte)``, sorte parmi
    ``HEAD`` (ligne de statut ou d'en-tête), ``MARK`` (la fin de ligne rendue
    visible, suivie d'un vrai retour à la ligne), ``BLANK`` (la ligne vide qui finit
    les en-têtes) et ``BODY``. Les caractères de contrôle sont échappés (``\\x1b``) ;
    dans le corps, un ``\\n`` seul reste un simple retour à la ligne."""
    head, body, blank = split_request(data)
    parts = []
    for _number, line, end in head:
        parts.append((escape(line.decode("utf-8", "replace")), HEAD))
        if end:
            parts.append(((CRLF_MARK if end == "\r\n" else LF_MARK) + "\n", MARK))
    if blank:
        mark = CRLF_MARK if blank == "\r\n" else LF_MARK
        parts.append((mark + "  ← ligne vide : fin des en-têtes\n", BLANK))
    if body:
        text = body.decode("utf-8", "replace").replace("\r\n", CRLF_MARK + "\n")
        parts.append(("\n".join(escape(line) for line in text.split("\n")), BODY))
    return parts
