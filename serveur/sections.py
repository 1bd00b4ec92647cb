"""L'échange brut, découpé en parties étiquetées : la vue « Échange brut » du panneau.

Une requête et sa réponse telles qu'elles ont voyagé : ligne de requête,
en-têtes, ligne vide, corps ; ligne de statut, en-têtes, ligne vide, début du
corps. Chaque partie a son titre ; ce que l'événement n'a pas gardé est dit
(« … (N caractères de plus) »). C'est une partie du narrateur (``formatter.py``) :
mêmes phrases (``wording.py``), même typographie, même affichage sans danger.
"""

from . import body as body_module
from .bounds import (MAX_BODY, MAX_METHOD, MAX_NAME, MAX_TEXT, MAX_VERSION, cut_point, kept,
                     omitted, received, true_length)
from .display import escape, shorten, shown
from .formatter import timestamp
from .french import say
from .wording import STATUS_HINTS, bytes_text, decimal, number


def exchange_sections(event, client_label=None):
    """L'échange d'un événement EXCHANGE, découpé en parties étiquetées pour la
    vue « échange brut » : une liste de ``(titre, texte)``. Un titre vide
    marque un paragraphe d'introduction.

    Tout ce que l'événement a gardé est montré (voir les bornes de ``events.bound``) ;
    ce qu'il n'a pas gardé est dit (« … (N caractères de plus) »), et les tailles
    sont celles qui ont voyagé."""
    client = client_label(event.client) if client_label and event.client else event.client
    hint = STATUS_HINTS.get(event.status, "")
    request_line = "%s %s %s" % (shorten(event.method, MAX_METHOD), shorten(event.path, MAX_TEXT),
                                 shorten(event.version, MAX_VERSION))
    reply_status = "%s %d %s" % (shorten(event.version or "HTTP/1.1", MAX_VERSION), event.status,
                                 shorten(event.reason, MAX_NAME))
    sections = [
        ("", say("REQUÊTE n°%d — envoyée par le client %s à %s",
                 event.exchange, client, timestamp(event))),
        ("ligne de requête", escape(request_line)),
        ("en-têtes (%d)" % received(event.headers), _headers_text(event.headers)),
        ("ligne vide", "(elle annonce la fin des en-têtes)"),
        ("corps (%s)" % bytes_text(true_length(event.body)), _body_preview(event.body)),
        ("", say("RÉPONSE du serveur — %d %s%s — préparée en %s ms", event.status,
                 shown(event.reason, MAX_NAME), say(" : %s", hint) if hint else "",
                 decimal(event.duration * 1000, 1))),
        ("ligne de statut", escape(reply_status)),
        ("en-têtes (%d)" % received(event.reply_headers), _headers_text(event.reply_headers)),
        ("ligne vide", "(elle annonce la fin des en-têtes)"),
        ("début du corps", _body_preview(event.reply_body)),
    ]
    return sections


def _headers_text(headers):
    lines = ["%s: %s" % (shown(name, MAX_NAME), shown(value, MAX_TEXT))
             for name, value in kept(headers)]
    others = omitted(headers)
    if others:
        lines.append(say("… et %s autres en-têtes, non gardés", number(others)))
    return "\n".join(lines)


def _body_preview(data):
    if not data:
        return "(vide)"
    part = data[:cut_point(data, MAX_BODY)]
    # On garde les retours à la ligne pour la lisibilité ; tout autre
    # caractère de contrôle est montré échappé.
    text = "\n".join(escape(line) for line in body_module.to_text(part).split("\n"))
    rest = true_length(data) - len(part)
    if rest > 0:
        text += "\n" + say("… (%s de plus)", bytes_text(rest))
    return text
