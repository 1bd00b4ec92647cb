"""Relire ce que le serveur d'un élève a écrit, et relever ses erreurs de protocole.

Une réponse HTTP est un texte très codifié : une ligne de statut
(``HTTP/1.0 200 OK``), des en-têtes (``Content-Type: text/html; charset=utf-8``),
une ligne vide, puis le corps. Le navigateur est indulgent, mais pas toujours :
un ``Content-Length`` faux laisse la page en chargement, un corps sans
``charset`` affiche « Ã© » au lieu de « é ».

``check`` reçoit ce que le gestionnaire de l'élève a lu (``ReadCapture``) et
écrit (``WriteCapture``), tels que notés par ``student_capture.py``, et rend la
liste de ses erreurs : des faits et leurs valeurs, dans l'ordre où il vaut
mieux les corriger. ``student_wording.py`` en fait des phrases qui disent quoi
écrire. Rien ici ne touche au réseau : ce sont des octets, et des nombres.

Les faits (et leurs valeurs) :

- ``student-str-write``          ``wfile.write`` a reçu un ``str`` (``count``) ;
- ``student-header-after-end``   ``send_header`` après ``end_headers`` (``names``) ;
- ``student-end-headers-missing`` en-têtes préparés jamais envoyés (``end_headers`` oublié) ;
- ``student-no-answer``          rien d'écrit du tout (``handler_method``) ;
- ``student-headers-after-body`` du corps avant la ligne de statut (``before`` : octets) ;
- ``student-no-status-line``     la réponse ne commence pas par ``HTTP/`` (``start``) ;
- ``student-no-blank-line``      pas de ligne vide après les en-têtes ;
- ``student-length-mismatch``    ``Content-Length`` faux (``announced``, ``sent``) ;
- ``student-no-content-type``    un corps sans ``Content-Type`` ;
- ``student-no-charset``         du texte accentué sans ``charset`` (``content_type``, ``suggested``) ;
- ``student-keep-alive-no-length`` HTTP/1.1 gardé ouvert sans ``Content-Length`` ;
- ``student-body-not-read``      un corps reçu jamais lu, ou pas en entier (``announced``, ``read``).
"""

import re
from collections import namedtuple

# Une réponse relue : sa ligne de statut, ses en-têtes, où commence le corps (None si la
# ligne vide manque), et les réponses intermédiaires (« 100 Continue ») qui la précèdent.
Reply = namedtuple("Reply", "version status reason headers body_start interim")
NO_REPLY = Reply("", 0, "", (), None, ())

_STATUS_LINE = re.compile(rb"HTTP/\d\.\d [0-9]{3}")
_DIGITS = re.compile(r"[0-9]+")
_CHARSET = re.compile(r";\s*charset\s*=", re.IGNORECASE)
_NON_ASCII = re.compile(rb"[\x80-\xff]")
START_SHOWN = 60        # octets du début d'une réponse sans ligne de statut, cités
NO_BODY_STATUSES = (204, 304)
TEXT_TYPES = ("application/javascript", "application/xml", "application/xhtml+xml",
              "image/svg+xml")


def _head_end(data, start):
    """``(fin des en-têtes, début du corps)`` après ``start``, ou ``(-1, -1)``.
    La ligne vide est ``\\r\\n\\r\\n`` ; les navigateurs acceptent aussi ``\\n\\n``."""
    ends = [(data.find(marker, start), len(marker)) for marker in (b"\r\n\r\n", b"\n\n")]
    ends = [(index, size) for index, size in ends if index >= 0]
    if not ends:
        return -1, -1
    index, size = min(ends)
    return index, index + size


def _pairs(lines):
    headers = []
    for line in lines:
        name, colon, value = line.partition(b":")
        if colon:
            headers.append((name.decode("latin-1").strip(), value.decode("latin-1").strip()))
    return tuple(headers)


def parse_reply(data):
    """Relit la réponse ``data`` (des octets) ; ``NO_REPLY`` si elle ne commence pas par
    une ligne de statut. Les réponses « 1xx » complètes du début sont sautées."""
    position, interim = 0, []
    while data.startswith(b"HTTP/", position):
        end, body_start = _head_end(data, position)
        head = data[position:end] if end >= 0 else data[position:]
        lines = head.replace(b"\r\n", b"\n").split(b"\n")
        words = lines[0].decode("latin-1").split(None, 2)
        version = words[0] if words else ""
        status = int(words[1]) if len(words) > 1 and _DIGITS.fullmatch(words[1]) else 0
        reason = words[2].strip() if len(words) > 2 else ""
        if 100 <= status < 200 and body_start >= 0:
            interim.append((status, reason))
            position = body_start
            continue
        return Reply(version, status, reason, _pairs(lines[1:]),
                     body_start if end >= 0 else None, tuple(interim))
    return NO_REPLY._replace(interim=tuple(interim))


def parse_request_head(head):
    """``(méthode, version, en-têtes)`` de la ligne de requête et des en-têtes lus."""
    lines = bytes(head).replace(b"\r\n", b"\n").split(b"\n")
    words = lines[0].decode("latin-1").split() if lines else []
    method = words[0] if words else ""
    version = words[2] if len(words) > 2 else "HTTP/0.9"
    return method, version, _pairs(lines[1:])


def header(headers, name):
    """La valeur du premier en-tête ``name`` (sans tenir compte de la casse), ou ``""``."""
    name = name.lower()
    for key, value in headers:
        if key.lower() == name:
            return value
    return ""


def announced_length(headers):
    """La taille annoncée par ``Content-Length`` (un entier), ou None."""
    value = header(headers, "content-length").strip()
    return int(value) if _DIGITS.fullmatch(value) and len(value) < 19 else None


def check(read, written, late_headers=(), unsent_headers=False, handler_method=""):
    """Les erreurs de protocole d'une réponse : une liste de ``(fait, valeurs)``.

    ``read`` : ce que l'élève a lu (``head``, ``body_count``) ; ``written`` : ce qu'il a
    écrit (``kept``, ``total``, ``str_writes``) ; ``late_headers`` : les noms passés à
    ``send_header`` après ``end_headers`` ; ``unsent_headers`` : des en-têtes préparés
    jamais envoyés ; ``handler_method`` : la méthode appelée (« do_GET »)."""
    mistakes = []
    if written.str_writes:
        mistakes.append(("student-str-write", (("count", written.str_writes),)))
    if late_headers:
        mistakes.append(("student-header-after-end", (("names", tuple(late_headers)),)))
    if unsent_headers and not late_headers:   # un en-tête trop tard n'est jamais parti : déjà dit
        mistakes.append(("student-end-headers-missing", ()))
    method, version, request_headers = parse_request_head(read.head)
    data = bytes(written.kept)
    if not written.total:
        if not unsent_headers and not written.str_writes:
            mistakes.append(("student-no-answer", (("handler_method", handler_method),)))
    else:
        mistakes += _reply_mistakes(data, written.total, method, version, request_headers,
                                    unsent_headers)
    announced = announced_length(request_headers)
    if announced and read.body_count < announced:
        mistakes.append(("student-body-not-read", (("announced", announced),
                                                   ("read", read.body_count))))
    return mistakes


def _reply_mistakes(data, total, method, version, request_headers, unsent_headers):
    reply = parse_reply(data)
    if not reply.status:
        found = _STATUS_LINE.search(data)
        if found:
            return [("student-headers-after-body", (("before", found.start()),))]
        if unsent_headers:
            return []   # la cause est dite : end_headers oublié
        start = data[:START_SHOWN].decode("utf-8", "replace")
        return [("student-no-status-line", (("start", start),))]
    if reply.body_start is None:
        if total <= len(data):   # tout a été relu : la ligne vide manque vraiment
            return [("student-no-blank-line", ())]
        return []
    mistakes = []
    sent = total - reply.body_start
    has_body = method != "HEAD" and reply.status not in NO_BODY_STATUSES
    length = announced_length(reply.headers)
    if has_body and length is not None and length != sent:
        mistakes.append(("student-length-mismatch", (("announced", length), ("sent", sent))))
    content_type = header(reply.headers, "content-type")
    if has_body and sent:
        if not content_type:
            mistakes.append(("student-no-content-type", ()))
        elif _is_text(content_type) and not _CHARSET.search(content_type) and \
                _NON_ASCII.search(data, reply.body_start):
            suggested = content_type.split(";")[0].strip() + "; charset=utf-8"
            mistakes.append(("student-no-charset", (("content_type", content_type),
                                                    ("suggested", suggested))))
    if has_body and length is None and _kept_open(reply, version, request_headers):
        mistakes.append(("student-keep-alive-no-length", ()))
    return mistakes


def _is_text(content_type):
    kind = content_type.split(";")[0].strip().lower()
    return kind.startswith("text/") or kind in TEXT_TYPES


def _kept_open(reply, version, request_headers):
    """Vrai si la connexion reste ouverte après cette réponse (HTTP/1.1, sans « close »)
    et sans autre fin de corps : le navigateur attend alors la suite."""
    if reply.version != "HTTP/1.1" or version != "HTTP/1.1":
        return False
    if "chunked" in header(reply.headers, "transfer-encoding").lower():
        return False
    closing = (header(reply.headers, "connection") + header(request_headers, "connection"))
    return "close" not in closing.lower()
