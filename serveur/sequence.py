"""La séquence des échanges, côté navigateur, réseau et serveur : ce que dessine l'onglet « Séquence ».

Un diagramme de séquence a trois colonnes : le navigateur, le réseau, le serveur.
Le temps descend. Chaque requête est une flèche du navigateur vers le serveur
(« GET /style.css ») ; chaque réponse, une flèche qui revient (« 200 OK »). Ce
module calcule les étapes (``steps``) ; ``fenetre/tab_sequence.py`` les dessine.

- **Dans l'ordre** : les arrivées des requêtes et les départs des réponses sont
  rangés par l'heure (``time`` de l'échange, puis ``time + duration``). Deux
  requêtes qu'une page déclenche *en même temps* (reçue avant que la réponse de
  l'autre soit partie) s'entrelacent ; chacune a sa colonne (``column``) sur la
  ligne du serveur, côte à côte.
- **Côté serveur**, le Python qui a répondu : la méthode, son fichier et sa ligne
  (les valeurs ``code_*`` de l'échange, ``serveur/source.py``).
- **Côté navigateur**, ce que seul le navigateur fait, et que le serveur ne voit
  jamais : il lit le HTML, puis demande ce dont la page a besoin (d'après les
  requêtes qui suivent et citent la page dans leur en-tête ``Referer``) ; il
  exécute le JavaScript ; un script envoie une requête (``fetch``).

Pas de tkinter : tout se teste sans fenêtre. Les phrases sont ici (``say``), pas
dans l'onglet.
"""

from collections import namedtuple

from .body import url_path
from .display import escape, header_value, shorten
from .french import and_list, say

# Une étape du diagramme. ``kind`` : REQUEST_ARROW, ANSWER_ARROW, SERVER_NOTE, BROWSER_NOTE ;
# ``slot`` : sa rangée (le temps descend) ; ``column`` : sa colonne parmi les échanges en
# cours au même moment ; ``lines`` : ses textes, le premier en évidence.
Step = namedtuple("Step", "kind exchange client slot column lines status")

REQUEST_ARROW, ANSWER_ARROW = "request", "answer"
SERVER_NOTE, BROWSER_NOTE = "server", "browser"
LABEL_CHARS = 60      # caractères d'une étiquette de flèche, au plus

# Ce qu'une page demande, d'après l'en-tête Sec-Fetch-Dest (ou le type de la réponse).
NEEDS = {"style": ("la feuille de style", "les feuilles de style"),
         "image": ("l'image", "les images"), "script": ("le script", "les scripts"),
         "font": ("la police de caractères", "les polices de caractères"),
         "icon": ("l'icône de l'onglet", "l'icône de l'onglet"),
         "other": ("un autre fichier", "d'autres fichiers")}
ORIGINS = {"project": "le panneau", "library": "bibliothèque standard de Python",
           "student": "votre fichier"}


def steps(exchanges, client_label=None):
    """Les étapes du diagramme pour ``exchanges`` (des événements EXCHANGE), dans
    l'ordre du dessin. ``client_label(adresse)`` : le nom à écrire devant chaque
    requête (« Poste 3 »), quand plusieurs clients sont montrés ensemble."""
    ordered = sorted(exchanges, key=lambda e: (e.time, e.exchange))
    needs = _needs_of_pages(ordered)
    moments = []
    for event in ordered:
        moments.append((event.time, 0, event.exchange, REQUEST_ARROW, event))
        moments.append((event.time + max(event.duration, 0.0), 1, event.exchange,
                        ANSWER_ARROW, event))
    moments.sort(key=lambda moment: moment[:3])
    result, busy, slot = [], {}, 0   # busy : colonne -> numéro de l'échange en cours
    for _, _, number, kind, event in moments:
        if kind == REQUEST_ARROW:
            column = next(index for index in range(len(busy) + 1) if index not in busy)
            busy[column] = number
            if header_value(event.headers, "sec-fetch-dest") == "empty":
                result.append(_step(BROWSER_NOTE, event, slot, column, [say(
                    "un script de la page envoie cette requête (fetch) : ce n'est pas un "
                    "chargement de page")]))
                slot += 1
            who = client_label(event.client) + " · " if client_label else ""
            result.append(_step(REQUEST_ARROW, event, slot, column, [
                who + shorten(escape("%s %s" % (event.method, event.path)), LABEL_CHARS)]))
            code = server_lines(event)
            if code:
                result.append(_step(SERVER_NOTE, event, slot, column, code))
        else:
            column = next(index for index, held in busy.items() if held == number)
            del busy[column]
            result.append(_step(ANSWER_ARROW, event, slot, column, answer_lines(event)))
            if _is_html_page(event):
                slot += 1
                result.append(_step(BROWSER_NOTE, event, slot, column,
                                    browser_lines(event, needs.get(_page_key(event), []))))
        slot += 1
    return result


def _step(kind, event, slot, column, lines):
    return Step(kind, event.exchange, event.client, slot, column, tuple(lines), event.status)


def answer_lines(event):
    """« 200 OK », puis le premier cookie envoyé (``Set-Cookie: …``) s'il y en a un."""
    lines = ["%d %s" % (event.status, shorten(escape(event.reason), 40))]
    cookies = [value for name, value in event.reply_headers if name.lower() == "set-cookie"]
    if cookies:
        more = say(" (et %d autres)", len(cookies) - 1) if len(cookies) > 1 else ""
        lines.append("Set-Cookie: " + shorten(escape(cookies[0]), 40) + more)
    return lines


def server_lines(event):
    """Le Python qui a répondu : « do_GET() », « serveur/post_handler.py:147 », « (le panneau) »."""
    values = dict(event.values)
    method = values.get("code_method")
    if not method:
        return []
    lines = ["%s()" % escape(str(method)),
             "%s:%s" % (escape(str(values.get("code_file", "?"))), values.get("code_line", "?"))]
    origin = ORIGINS.get(values.get("code_origin"))
    return lines + ["(%s)" % origin] if origin else lines


def browser_lines(event, needs):
    """Ce que fait le navigateur d'une page HTML reçue : il la lit, demande ce dont elle
    a besoin (``needs`` : les sortes de fichiers demandés ensuite), exécute ses scripts."""
    if needs:
        names = []
        for kind in NEEDS:
            count = needs.count(kind)
            if count:
                names.append(NEEDS[kind][0 if count == 1 else 1])
        lines = [say("lit le HTML, puis demande %s", and_list(names))]
    else:
        lines = [say("lit le HTML et affiche la page")]
    if "script" in needs or b"<script" in event.reply_body.lower():
        lines.append(say("exécute le JavaScript de la page : le serveur ne le voit pas"))
    return lines


def _is_html_page(event):
    return (event.status == 200 and event.method == "GET" and header_value(
        event.reply_headers, "content-type").lower().startswith("text/html"))


def _page_key(event):
    return event.client, url_path(event.path)


def _needs_of_pages(ordered):
    """Pour chaque page (client, chemin), les sortes de fichiers demandés ensuite avec
    un ``Referer`` qui la cite (une fois par chemin), hors requêtes de scripts (fetch)."""
    needs, seen = {}, set()
    for event in ordered:
        referer = header_value(event.headers, "referer")
        if not referer or _is_html_page(event):
            continue
        page = "/" + referer.split("://", 1)[-1].partition("/")[2]
        key = (event.client, url_path(page))
        kind = _kind_of(event)
        if kind and (key, event.path) not in seen:
            seen.add((key, event.path))
            needs.setdefault(key, []).append(kind)
    return needs


def _kind_of(event):
    """La sorte d'un fichier demandé par une page (``None`` pour un fetch)."""
    destination = header_value(event.headers, "sec-fetch-dest")
    if destination == "empty":
        return None
    if url_path(event.path) == "/favicon.ico":
        return "icon"
    if destination in NEEDS:
        return destination
    content = header_value(event.reply_headers, "content-type").lower()
    for prefix, kind in (("text/css", "style"), ("image/", "image"), ("font/", "font")):
        if content.startswith(prefix):
            return kind
    return "script" if "javascript" in content else "other"
