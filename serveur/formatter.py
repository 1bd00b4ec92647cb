"""Le narrateur : transforme un événement en lignes de texte en français.

C'est le seul endroit qui connaît les phrases affichées, à la manière du
tutoriel d'origine (« SERVEUR : [POST] j'ai reçu une requête de type POST de
la part du client 127.0.0.1… »). Le panneau et la ligne de commande
(``python -m serveur``) l'utilisent tous les deux : ils affichent donc
exactement les mêmes lignes.

Le serveur raconte des faits (``event.fact`` et ses valeurs) ; les phrases
de ces faits sont rangées dans ``wording.py``, et ce module les assemble en
lignes (``message_of`` pour la phrase d'un fait). Il donne aussi la phrase
de la ligne d'état après un arrêt (``stop_summary``).

Typographie : nos morceaux de phrase passent par ``say`` (``french.py`` :
espaces insécables avant « : », dans « », fines avant « ; ! ? ») ; ce qui vient
d'un client est inséré tel quel, seulement échappé.

Sécurité : tout ce qui vient d'un client (chemin, en-têtes, corps, noms de
champs) passe par ``escape`` avant d'être affiché (``display.py`` : un client
ne peut ni fabriquer de fausses lignes dans le journal, ni piloter le
terminal) ; un chemin est montré décodé à côté de sa forme brute (``shown_path``).
"""

import time

from . import body as body_module
from .display import (MAX_VALUE_CHARS, decoded_path, escape, header_value,  # noqa: F401
                      shorten, shown_path)
from .french import say
from .wording import (COOKIE_KEPT, SENTENCES, STATUS_HINTS, STOP_SENTENCES, STOP_SUMMARIES,
                      STOPPED_PLAIN, answer_sentence, by_count, bytes_text, decimal, fill, number,
                      password_warning)
from .explanations import is_missing_icon
from .modes import MODES
from .events import DATA, ERROR, EXCHANGE, NOTICE, REQUEST, RESPONSE, STARTED, STOPPED

# Combien de caractères montrer au plus (le reste est résumé ; MAX_VALUE_CHARS : display.py).
MAX_BODY_CHARS = 2000
MAX_HEADERS = 60
MAX_FIELDS_SHOWN = 100

INDENT = "   "

def timestamp(event):
    return time.strftime("%H:%M:%S", time.localtime(event.time))


def format_event(event, client_label=None):
    """Les lignes (sans ``\\n`` final) qui racontent ``event``.

    ``client_label``, s'il est donné, transforme une adresse de client en nom
    à afficher (« Poste 3 ») : l'écran projeté n'a pas à montrer les adresses.
    """
    client = event.client
    if client and client_label is not None:
        client = client_label(client)
    builder = _BUILDERS.get(event.kind, _format_notice)
    return builder(event, client)


def format_lines(event, client_label=None):
    """Comme ``format_event``, mais en un seul texte terminé par ``\\n`` (vide s'il
    n'y a rien à raconter)."""
    lines = format_event(event, client_label)
    return "\n".join(lines) + "\n" if lines else ""


def _head(event, text):
    return say("%s  SERVEUR : %s", timestamp(event), text)


def _format_started(event, client):
    mode = MODES[event.mode].short if event.mode in MODES else event.mode
    lines = [_head(event, say("je démarre en mode %s et je me mets à l'écoute sur %s",
                              mode, event.url))]
    if event.folder:
        lines.append(INDENT + say("- dossier servi : %s", escape(event.folder)))
    if event.message:
        lines.append(INDENT + "- " + event.message)
    return lines


def _format_stopped(event, client):
    return [_head(event, escape(message_of(event)))]


def _format_request(event, client):
    method = escape(event.method)
    number_text = " (requête n°%d)" % event.exchange if event.exchange else ""
    lines = [_head(event, say("[%s] j'ai reçu une requête de type %s de la part du client %s%s",
                              method, method, client, number_text))]
    lines.append(INDENT + say("- ligne de requête : %s %s %s", method,
                              escape(shorten(event.path, MAX_VALUE_CHARS)), escape(event.version)))
    decoded = decoded_path(event.path)
    if decoded != event.path:
        lines.append(INDENT + say("- chemin demandé, une fois décodé : %s",
                                  escape(shorten(decoded, MAX_VALUE_CHARS))))
    if event.headers:
        lines.append(INDENT + say("- en-têtes reçus (%d) :", len(event.headers)))
        for name, value in event.headers[:MAX_HEADERS]:
            lines.append(INDENT * 2 + "%s: %s" % (escape(name), escape(shorten(value, MAX_VALUE_CHARS))))
        if len(event.headers) > MAX_HEADERS:
            lines.append(INDENT * 2 + say("… et %s autres", number(len(event.headers) - MAX_HEADERS)))
    else:
        lines.append(INDENT + say("- aucun en-tête reçu"))
    cookie = header_value(event.headers, "cookie")
    if cookie:
        lines.append(INDENT + say("- le navigateur renvoie un cookie reçu plus tôt : %s",
                                  escape(shorten(cookie, MAX_VALUE_CHARS))))
    if event.fields:
        # Un formulaire en method="get" : les données sont dans l'adresse.
        lines.append(INDENT + say("- paramètres dans l'URL (après le « ? »), une fois décodés :"))
        lines.extend(_field_lines(event.fields))
        lines.append(INDENT + say("- ces données ont voyagé dans l'URL : elles se voient dans la "
                                  "barre d'adresse, l'historique du navigateur et le journal du "
                                  "serveur."))
        lines.extend(_password_lines(event))
    return lines


def _field_lines(fields):
    """Une ligne par champ : valeur décodée, et forme brute si elle est différente."""
    lines = []
    for item in fields[:MAX_FIELDS_SHOWN]:
        line = INDENT * 2 + "%s = %s" % (escape(item.name), _field_value(item))
        if item.raw and item.raw != "%s=%s" % (item.name, item.value):
            line += say("   ← reçu : %s", escape(shorten(item.raw, MAX_VALUE_CHARS)))
        lines.append(line)
    if len(fields) > MAX_FIELDS_SHOWN:
        lines.append(INDENT * 2 + say("… et %s autres champs", number(len(fields) - MAX_FIELDS_SHOWN)))
    return lines


def _password_lines(event):
    """Un avertissement par champ mot de passe rempli (``event.secrets``), qui dit
    par où il est passé : l'adresse (GET, pire) ou le corps, cet ordinateur ou le réseau."""
    route = dict(event.values).get("route", "")
    return [INDENT + password_warning(event.method, route, escape(item.name))
            for item in event.fields if item.name in event.secrets and item.value]


def _format_data(event, client):
    size = len(event.body)
    method = escape(event.method or "POST")
    lines = []
    if not size:
        lines.append(INDENT + say("- cette requête %s a un corps vide : aucune donnée reçue", method))
        return lines
    kind = _content_type(event)
    lines.append(INDENT + say("- cette requête %s contient des données : %s%s", method,
                              bytes_text(size), " de type " + escape(kind) if kind
                              else " (type non précisé)"))
    raw = body_module.to_text(event.body[:MAX_BODY_CHARS * 4])
    text = escape(shorten(raw, MAX_BODY_CHARS))
    if size > MAX_BODY_CHARS * 4:
        text += say(" … (%s au total)", bytes_text(size))
    # Sur la même ligne que son titre : un long corps sans espace passe à la
    # ligne suivante sans laisser de ligne vide dans le journal.
    lines.append(INDENT + say("- corps brut, tel qu'il a voyagé : %s", text))
    lines.append(INDENT + say("- ces données ont voyagé dans le corps de la requête : elles ne "
                              "se voient pas dans l'adresse, mais elles ne sont pas chiffrées "
                              "(HTTP)."))
    if event.detail:
        lines.append(INDENT + say("- attention : %s", escape(event.detail)))
    if event.fields:
        lines.append(INDENT + say("- ces données sont, une fois décodées :"))
        lines.extend(_field_lines(event.fields))
    elif event.body_format == body_module.OTHER:
        lines.append(INDENT + say("- je ne sais pas découper ce type de données en champs"))
    lines.extend(_password_lines(event))
    return lines


def _field_value(item):
    if item.filename is not None:
        name = escape(item.filename) if item.filename else "(aucun fichier choisi)"
        return say("fichier « %s » (%s, %s)", name, bytes_text(item.size or 0),
                   escape(item.content_type or "?"))
    return say("« %s »", escape(shorten(item.value, MAX_VALUE_CHARS)))


def _content_type(event):
    return header_value(event.headers, "content-type")


def _format_response(event, client):
    return _response_lines(event, event.headers, client)


def _format_exchange(event, client):
    # L'échange complet arrive une fois la réponse envoyée : on raconte la
    # réponse. Une erreur (4xx, 5xx) a déjà sa ligne [ERREUR] : rien à ajouter.
    if event.status >= 400:
        return []
    return _response_lines(event, event.reply_headers, client)


def _response_lines(event, headers, client):
    hint = STATUS_HINTS.get(event.status)
    status = "%d %s" % (event.status, escape(event.reason))
    if hint:
        status += " (%s)" % hint
    text = say("je réponds %s au client %s", status, client)
    if event.path:
        text += " pour " + shown_path(event.path)
    details = [escape(value) for name, value in headers if name.lower() == "content-type"]
    details += [bytes_text(int(value)) for name, value in headers
                if name.lower() == "content-length" and value.isdigit()]
    if details:
        text += " — " + ", ".join(details)
    lines = [INDENT + "→ " + text]
    cookie = header_value(headers, "set-cookie")
    if cookie:
        dated = any(attribute.strip().lower().startswith(("max-age=", "expires="))
                    for attribute in cookie.split(";")[1:])
        lines.append(INDENT * 2 + fill(COOKIE_KEPT[dated], {"cookie": escape(cookie)}))
    return lines


def _format_error(event, client):
    if is_missing_icon(event):
        # Annoncée comme normale par « À savoir » : racontée comme une réponse, pas en erreur.
        return [INDENT + say("→ je réponds %d %s (%s) au client %s pour %s : ce dossier n'a pas "
                             "d'icône, c'est normal", event.status, escape(event.reason),
                             STATUS_HINTS[404], client, shown_path(event.path))]
    text = "[ERREUR] "
    if client:
        text += say("client %s : ", client)
    text += escape(message_of(event))
    if event.status:
        hint = STATUS_HINTS.get(event.status)
        text += " → réponse %d%s" % (event.status, " (%s)" % hint if hint else "")
        if event.path:   # la requête racontée plus haut : on dit quelle adresse a échoué
            text += " pour " + shown_path(event.path)
    return [_head(event, text)]


def _format_notice(event, client):
    text = escape(message_of(event))
    if client:
        text = say("client %s : %s", client, text)
    return [_head(event, text)]


def message_of(event):
    """La phrase d'un événement ERROR, NOTICE ou STOPPED, sans l'heure ni le client.

    Le serveur donne un fait (``event.fact``) et ses valeurs (``event.values``) ;
    la phrase vient de ``wording.py``. Un texte libre (``event.message``, écrit
    hors du serveur) passe tel quel. Un fait sans phrase donne au moins son nom.
    """
    if event.message:
        return event.message
    values = dict(event.values)
    if event.kind == STOPPED and event.fact not in SENTENCES:
        if not event.port:
            return fill(STOPPED_PLAIN)
        values["port"] = event.port
        return fill(by_count(STOP_SENTENCES, values.get("cut", 0)), values)
    if event.fact in SENTENCES:
        return fill(SENTENCES[event.fact], values)
    if event.kind == ERROR and event.status:
        return answer_sentence(event.status, event.fact, values)
    return event.fact


def stop_summary(cut):
    """La ligne d'état après « Arrêter » : « Serveur arrêté. », ou combien de
    connexions encore ouvertes (``cut``) ont été coupées."""
    return fill(by_count(STOP_SUMMARIES, cut), {"cut": cut})


def exchange_sections(event, client_label=None):
    """L'échange d'un événement EXCHANGE, découpé en parties étiquetées pour la
    vue « échange brut » : une liste de ``(titre, texte)``. Un titre vide
    marque un paragraphe d'introduction."""
    client = client_label(event.client) if client_label and event.client else event.client
    hint = STATUS_HINTS.get(event.status, "")
    request_line = "%s %s %s" % (event.method, event.path, event.version)
    reply_status = "%s %d %s" % (event.version or "HTTP/1.1", event.status, event.reason)
    sections = [
        ("", say("REQUÊTE n°%d — envoyée par le client %s à %s",
                 event.exchange, client, timestamp(event))),
        ("ligne de requête", escape(request_line)),
        ("en-têtes (%d)" % len(event.headers),
         "\n".join("%s: %s" % (escape(name), escape(value)) for name, value in event.headers)),
        ("ligne vide", "(elle annonce la fin des en-têtes)"),
        ("corps (%s)" % bytes_text(len(event.body)), _body_preview(event.body)),
        ("", say("RÉPONSE du serveur — %d %s%s — préparée en %s ms", event.status,
                 escape(event.reason), say(" : %s", hint) if hint else "",
                 decimal(event.duration * 1000, 1))),
        ("ligne de statut", escape(reply_status)),
        ("en-têtes (%d)" % len(event.reply_headers),
         "\n".join("%s: %s" % (escape(name), escape(value))
                   for name, value in event.reply_headers)),
        ("ligne vide", "(elle annonce la fin des en-têtes)"),
        ("début du corps", _body_preview(event.reply_body)),
    ]
    return sections


def _body_preview(data):
    if not data:
        return "(vide)"
    text = body_module.to_text(data)
    # On garde les retours à la ligne pour la lisibilité ; tout autre
    # caractère de contrôle est montré échappé.
    return "\n".join(escape(line) for line in text.split("\n"))


_BUILDERS = {
    STARTED: _format_started,
    STOPPED: _format_stopped,
    REQUEST: _format_request,
    DATA: _format_data,
    RESPONSE: _format_response,
    ERROR: _format_error,
    NOTICE: _format_notice,
    EXCHANGE: _format_exchange,
}
