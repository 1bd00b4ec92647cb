"""Envoyer une requête tapée à la main par un vrai socket, et lire la réponse telle qu'elle arrive.

C'est ce que font ``telnet`` ou ``nc``, absents des postes du lycée : ouvrir une
connexion TCP, y écrire les octets de la requête, lire ce qui revient. Rien n'est
interprété ni réparé : la réponse est gardée octet pour octet.

Quand s'arrêter de lire ? En HTTP/1.1, le serveur garde la connexion ouverte après
sa réponse (keep-alive) : attendre qu'il la ferme prendrait 15 s. On s'arrête donc
comme un navigateur, dès que la réponse est complète (``answer_end``) : la ligne
vide pour une réponse sans corps, ``Content-Length`` octets de corps, ou le dernier
morceau d'un envoi ``chunked``. Et toujours au plus ``ANSWER_LIMIT`` octets et
``ANSWER_SECONDS`` secondes en tout (pas par ``recv`` : un serveur qui envoie un octet
toutes les secondes n'y échappe pas).

``exchange`` bloque jusqu'à 5 s : la fenêtre l'appelle dans un fil, jamais dans
celui de Tk. ``after_sentences`` dit en français ce qui s'est passé.
"""

import re
import socket
import time
from collections import namedtuple

from .display import escape
from .manual import ANSWER_SECONDS, Problem, explain
from .wording import STATUS_HINTS

ANSWER_LIMIT = 1024 * 1024   # octets de réponse gardés au plus

# Ce qui est revenu : les octets, comment la lecture a fini (``end``), l'erreur du
# système s'il y en a une, la durée. ``end`` : "length", "chunked", "no-body" (réponse
# complète), "closed" (le serveur a fermé), "timeout", "too-big", "refused", "unreachable".
Outcome = namedtuple("Outcome", "answer end error seconds")
COMPLETE = ("length", "chunked", "no-body")

_STATUS = re.compile(rb"HTTP/[0-9.]+ +([0-9]{3}) ?([^\r\n]*)")
_LENGTH = re.compile(rb"(?im)^content-length[ \t]*:[ \t]*([0-9]{1,15})[ \t]*\r?$")
_CHUNKED = re.compile(rb"(?im)^transfer-encoding[ \t]*:.*chunked")


def exchange(host, port, data, head_only=False, seconds=ANSWER_SECONDS, limit=ANSWER_LIMIT):
    """Envoie ``data`` à ``host:port`` et lit la réponse ; rend un ``Outcome``.
    ``head_only`` : la requête est un HEAD (la réponse n'a pas de corps)."""
    started = time.monotonic()
    deadline = started + seconds

    def outcome(answer, end, error=""):
        return Outcome(bytes(answer[:limit]), end, error, time.monotonic() - started)

    try:
        connection = socket.create_connection((host, port), timeout=seconds)
    except ConnectionRefusedError:
        return outcome(b"", "refused")
    except OSError as exc:   # hôte inconnu, réseau injoignable, délai
        return outcome(b"", "unreachable", exc.strerror or str(exc))
    received = bytearray()
    with connection:
        try:
            connection.sendall(data)
        except OSError:
            pass   # le serveur a peut-être déjà répondu (400) et fermé : on lit quand même
        while True:
            end = answer_end(bytes(received), head_only)
            if end:
                return outcome(received, end)
            if len(received) > limit:
                return outcome(received, "too-big")
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return outcome(received, "timeout")
            try:
                connection.settimeout(remaining)
                chunk = connection.recv(65536)
            except socket.timeout:
                return outcome(received, "timeout")
            except OSError as exc:   # connexion réinitialisée
                return outcome(received, "closed" if received else "unreachable",
                               exc.strerror or str(exc))
            if not chunk:
                return outcome(received, "closed")
            received += chunk


def answer_end(data, head_only=False):
    """La réponse ``data`` est-elle complète ? Rend comment on le sait (``"length"``,
    ``"chunked"``, ``"no-body"``) ou ``""`` s'il faut lire encore. Une réponse
    intermédiaire ``100 Continue`` est sautée."""
    while True:
        match = re.search(rb"\r?\n\r?\n", data)
        status = _STATUS.match(data)
        if match is None or status is None:
            return ""
        head, body = data[:match.end()], data[match.end():]
        code = int(status.group(1))
        if 100 <= code < 200:
            data = body   # « continuez » : la vraie réponse suit
            continue
        if head_only or code in (204, 304):
            return "no-body"
        if _CHUNKED.search(head):
            return "chunked" if re.search(rb"(^|\r?\n)0\r?\n\r?\n$", body) else ""
        length = _LENGTH.search(head)
        if length:
            return "length" if len(body) >= int(length.group(1)) else ""
        return ""   # ni l'un ni l'autre : la fin, c'est la connexion fermée


def status_of(answer):
    """``(code, raison)`` de la première ligne de statut (hors 1xx), ou ``(0, "")``."""
    for status in _STATUS.finditer(answer):
        if status.start() == 0 or answer[status.start() - 1:status.start()] == b"\n":
            code = int(status.group(1))
            if not 100 <= code < 200:
                return code, status.group(2).decode("latin-1")
    return 0, ""


def after_sentences(outcome, host, port, problems=(), seconds=ANSWER_SECONDS):
    """Ce qui s'est passé, en phrases : la connexion, la fin de la lecture, le statut,
    et si le serveur a été indulgent (répondu malgré les ``problems``) ou non.
    ``seconds`` : le temps que ``exchange`` avait pour lire la réponse."""
    facts = []
    where = (("host", host), ("port", port))
    size = len(outcome.answer)
    if outcome.end == "refused":
        facts.append(Problem("manual-refused", where))
    elif outcome.end == "unreachable":
        facts.append(Problem("manual-unreachable", where + (("error", outcome.error),)))
    elif outcome.end == "timeout":
        facts.append(Problem("manual-unfinished" if size else "manual-silent",
                             (("seconds", seconds), ("size", size))))
    elif outcome.end == "too-big":
        facts.append(Problem("manual-too-big", (("limit", ANSWER_LIMIT),)))
    elif outcome.end == "closed":
        facts.append(Problem("manual-closed", (("size", size),)))
    else:
        facts.append(Problem("manual-complete", (("size", size), ("end", outcome.end))))
    if size:
        code, reason = status_of(outcome.answer)
        if not code:
            facts.append(Problem("manual-not-http", ()))
        else:
            hint = STATUS_HINTS.get(code)
            facts.append(Problem("manual-status", (("status", code), ("reason", escape(reason)),
                                                   ("hint", " (%s)" % hint if hint else ""))))
            if problems:
                facts.append(Problem("manual-refused-request" if code >= 400
                                     else "manual-lenient", (("status", code),)))
    return [explain(fact) for fact in facts]
