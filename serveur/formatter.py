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

Longueur : un texte du client est montré raccourci (``shown``), en disant combien le
client en a envoyé de plus, y compris ce que l'événement n'a pas gardé
(``events.bound``) ; une taille (« corps de 3 Mo ») est celle qui a voyagé. Et quoi
qu'il arrive, aucune ligne rendue par ``format_event`` ne dépasse ``MAX_LINE_CHARS``
caractères : le journal d'un client hostile reste lisible et borné.
"""

import time

from . import body as body_module
from .admission_wording import ADMISSION_FACTS, admission_lines
from .display import (MAX_NAME_CHARS, MAX_VALUE_CHARS, decoded_path, escape,  # noqa: F401
                      header_value, shorten, shown, shown_bytes, shown_path)
from .french import say
from .wording import (COOKIE_KEPT, SENTENCES, STATUS_HINTS, STOP_SENTENCES, STOP_SUMMARIES,
                      STOPPED_PLAIN, answer_sentence, by_count, bytes_text, fill, number,
                      password_warning)
from .explanations import is_missing_icon
from .modes import MODES
from .student_wording import student_details
from .tls_wording import (DATA_SECURE, PASSWORD_SECURE, RAW_BODY_SECURE, request_line,
                          started_lines)
from .events import (DATA, ERROR, EXCHANGE, MAX_METHOD, MAX_VERSION, NOTICE, REQUEST,
                     RESPONSE, STARTED, STOPPED, kept, missing, received, true_length)

# Combien en montrer au plus (le reste est résumé ; MAX_VALUE_CHARS, MAX_NAME_CHARS : display.py).
MAX_BODY_SHOWN = 1900     # octets du corps brut dans le journal (la ligne, titre et marque
                          # compris, tient dans MAX_LINE_CHARS)
MAX_HEADERS = 60          # en-têtes d'une requête
MAX_FIELDS_SHOWN = 100    # champs d'un formulaire
MAX_LINE_CHARS = 2000     # caractères d'une ligne du journal, au plus, quoi qu'il arrive

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
    builder = admission_lines if event.fact in ADMISSION_FACTS else \
        _BUILDERS.get(event.kind, _format_notice)   # l'entrée : admission_wording.py
    lines = builder(event, client)
    for index, line in enumerate(lines):
        if len(line) > MAX_LINE_CHARS:
            lines[index] = _cut_line(line)
    return lines


def _cut_line(line):
    """Une ligne trop longue, coupée à ``MAX_LINE_CHARS`` caractères, marque comprise."""
    room = MAX_LINE_CHARS - len(say("… (%s caractères de plus)", number(len(line))))
    return line[:room] + say("… (%s caractères de plus)", number(len(line) - room))


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
    values = dict(event.values)
    if values.get("handler_class"):   # « Mon serveur » : le fichier de l'élève et sa classe
        lines.append(INDENT + say("- votre fichier : %s (classe %s)",
                                  escape(str(values.get("path", values.get("file", "")))),
                                  escape(str(values["handler_class"]))))
    if values.get("https"):   # chiffré : le certificat, l'avertissement du navigateur
        host = event.url.partition("://")[2].rpartition(":")[0]
        lines.extend(INDENT + line for line in started_lines(host))
    if event.message:
        lines.append(INDENT + "- " + event.message)
    return lines


def _format_stopped(event, client):
    return [_head(event, escape(message_of(event)))]


def _format_request(event, client):
    method = shown(event.method, MAX_METHOD)
    number_text = " (requête n°%d)" % event.exchange if event.exchange else ""
    lines = [_head(event, say("[%s] j'ai reçu une requête de type %s de la part du client %s%s",
                              method, method, client, number_text))]
    lines.append(INDENT + say("- ligne de requête : %s %s %s", method, shown(event.path),
                              shown(event.version, MAX_VERSION)))
    values = dict(event.values)
    if values.get("tls_version"):   # arrivée chiffrée (HTTPS)
        lines.append(INDENT + request_line(values))
    decoded = decoded_path(event.path)
    if decoded != event.path:
        lines.append(INDENT + say("- chemin demandé, une fois décodé : %s",
                                  escape(shorten(decoded, MAX_VALUE_CHARS, missing(event.path)))))
    count = received(event.headers)
    if count:
        headers = kept(event.headers)[:MAX_HEADERS]
        lines.append(INDENT + say("- en-têtes reçus (%d) :", count))
        for name, value in headers:
            lines.append(INDENT * 2 + "%s: %s" % (shown(name, MAX_NAME_CHARS), shown(value)))
        if count > len(headers):
            lines.append(INDENT * 2 + say("… et %s autres", number(count - len(headers))))
    else:
        lines.append(INDENT + say("- aucun en-tête reçu"))
    cookie = header_value(event.headers, "cookie")
    if cookie:
        lines.append(INDENT + say("- le navigateur renvoie un cookie reçu plus tôt : %s",
                                  shown(cookie)))
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
    count, fields = received(fields), kept(fields)[:MAX_FIELDS_SHOWN]
    for item in fields:
        line = INDENT * 2 + "%s = %s" % (shown(item.name, MAX_NAME_CHARS), _field_value(item))
        if item.raw and item.raw != "%s=%s" % (item.name, item.value):
            line += say("   ← reçu : %s", shown(item.raw))
        lines.append(line)
    if count > len(fields):
        lines.append(INDENT * 2 + say("… et %s autres champs", number(count - len(fields))))
    return lines


def _password_lines(event):
    """Un avertissement par champ mot de passe rempli (``event.secrets``), qui dit
    par où il est passé : l'adresse (GET, pire) ou le corps, cet ordinateur ou le réseau."""
    values = dict(event.values)
    route = values.get("route", "")
    secure = PASSWORD_SECURE["GET" if event.method in ("GET", "HEAD") else "POST"]
    return [INDENT + (fill(secure, {"name": shown(item.name, MAX_NAME_CHARS)})
                      if values.get("tls_version") else
                      password_warning(event.method, route, shown(item.name, MAX_NAME_CHARS)))
            for item in kept(event.fields) if item.name in event.secrets and item.value]


def _format_data(event, client):
    size = true_length(event.body)
    method = shown(event.method or "POST", MAX_METHOD)
    lines = []
    if not size:
        lines.append(INDENT + say("- cette requête %s a un corps vide : aucune donnée reçue", method))
        return lines
    kind = _content_type(event)
    lines.append(INDENT + say("- cette requête %s contient des données : %s%s", method,
                              bytes_text(size), " de type " + shown(kind) if kind
                              else " (type non précisé)"))
    text = shown_bytes(event.body, MAX_BODY_SHOWN)
    # Sur la même ligne que son titre : un long corps sans espace passe à la
    # ligne suivante sans laisser de ligne vide dans le journal.
    secure = dict(event.values).get("tls_version")   # arrivé chiffré (HTTPS)
    lines.append(INDENT + say(RAW_BODY_SECURE if secure else
                              "- corps brut, tel qu'il a voyagé : %s", text))
    if secure:
        lines.append(INDENT + DATA_SECURE)
    else:
        lines.append(INDENT + say("- ces données ont voyagé dans le corps de la requête : elles "
                                  "ne se voient pas dans l'adresse, mais elles ne sont pas "
                                  "chiffrées (HTTP)."))
    if event.detail:
        lines.append(INDENT + say("- attention : %s", shown(event.detail)))
    if event.fields:
        lines.append(INDENT + say("- ces données sont, une fois décodées :"))
        lines.extend(_field_lines(event.fields))
    elif event.body_format == body_module.OTHER:
        lines.append(INDENT + say("- je ne sais pas découper ce type de données en champs"))
    lines.extend(_password_lines(event))
    return lines


def _field_value(item):
    if item.filename is not None:
        name = shown(item.filename, MAX_NAME_CHARS) if item.filename else "(aucun fichier choisi)"
        return say("fichier « %s » (%s, %s)", name, bytes_text(item.size or 0),
                   shown(item.content_type or "?", MAX_NAME_CHARS))
    return say("« %s »", shown(item.value))


def _content_type(event):
    return header_value(event.headers, "content-type")


def _format_response(event, client):
    return _response_lines(event, event.headers, client)


def _format_exchange(event, client):
    # L'échange complet arrive une fois la réponse envoyée : on raconte la
    # réponse. Une erreur (4xx, 5xx) a déjà sa ligne [ERREUR] : rien à ajouter, ni à une
    # réponse sans ligne de statut (« Mon serveur » : une ligne dit l'erreur de l'élève).
    if event.status >= 400 or not event.status:
        return []
    return _response_lines(event, event.reply_headers, client)


def _response_lines(event, headers, client):
    lengths = [int(value) for name, value in headers
               if name.lower() == "content-length" and value.isdigit() and len(value) < 20]
    # « Mon serveur » : le corps vraiment parti. S'il manque (le code de l'élève a levé une
    # exception en route), la réponse n'est pas « tout s'est bien passé ».
    sent = dict(event.values).get("body_sent")
    short = sent is not None and lengths and sent < lengths[0]
    hint = None if short else STATUS_HINTS.get(event.status)
    status = "%d %s" % (event.status, shown(event.reason, MAX_NAME_CHARS))
    if hint:
        status += " (%s)" % hint
    text = say("je réponds %s au client %s", status, client)
    if event.path:
        text += " pour " + shown_path(event.path)
    details = [shown(value) for name, value in headers if name.lower() == "content-type"]
    if short:
        details.append(say("corps annoncé : %s, parti : %s", bytes_text(lengths[0]),
                           bytes_text(sent)))
    else:
        details += [bytes_text(length) for length in lengths]
    if details:
        text += " — " + ", ".join(details)
    lines = [INDENT + "→ " + text]
    cookie = header_value(headers, "set-cookie")
    if cookie:
        dated = any(attribute.strip().lower().startswith(("max-age=", "expires="))
                    for attribute in cookie.split(";")[1:])
        lines.append(INDENT * 2 + fill(COOKIE_KEPT[dated], {"cookie": shown(cookie)}))
    return lines


def _format_error(event, client):
    if is_missing_icon(event):
        # Annoncée comme normale par « À savoir » : racontée comme une réponse, pas en erreur.
        return [INDENT + say("→ je réponds %d %s (%s) au client %s pour %s : ce dossier n'a pas "
                             "d'icône, c'est normal", event.status,
                             shown(event.reason, MAX_NAME_CHARS),
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
    return [_head(event, text)] + _details(event)


def _format_notice(event, client):
    text = escape(message_of(event))
    if client:
        text = say("client %s : %s", client, text)
    return [_head(event, text)] + _details(event)


def _details(event):
    """Sous l'erreur d'un élève : sa ligne et le chevron ^, ou les appels qui y mènent."""
    if not event.fact.startswith("student-"):
        return []
    return [INDENT * 2 + escape(line) for line in student_details(event.fact, event.values)]


def message_of(event):
    """La phrase d'un événement ERROR, NOTICE ou STOPPED, sans l'heure ni le client.

    Le serveur donne un fait (``event.fact``) et ses valeurs (``event.values``) ;
    la phrase vient de ``wording.py``. Un texte libre (``event.message``, écrit
    hors du serveur) passe tel quel. Un fait sans phrase donne au moins son nom.
    """
    if event.message:
        return event.message
    # Une valeur de texte (une citation du client) : raccourcie, en disant combien il en manque.
    values = {name: shorten(value, MAX_VALUE_CHARS) if isinstance(value, str) else value
              for name, value in event.values}
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
