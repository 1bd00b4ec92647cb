"""« Ce qui surprend » : de courtes explications pour les débutants.

Certaines requêtes étonnent un élève qui regarde le journal : personne n'a
cliqué, et pourtant le navigateur demande ``/favicon.ico`` ; la page revient
en ``304`` sans son contenu ; une page rechargée produit une seconde requête.
``Explainer`` suit les événements et ajoute, quand il le faut, une ligne
« À savoir : … ». Le panneau permet de les masquer.

Il garde un peu de mémoire (la dernière page demandée par chaque client) :
c'est ce qui lui permet de reconnaître un rechargement. Un rechargement est
expliqué une fois la réponse partie (événement EXCHANGE), selon ce qu'elle a
été : la page renvoyée en entier (200), ou « pas modifiée » (304), quand le
navigateur réutilise sa copie sans que le serveur la renvoie.

Côté client, côté serveur : une page qui contient du JavaScript (``<script``
dans le début gardé de la réponse) ou un fichier JavaScript est envoyé sans être
exécuté, c'est le navigateur qui l'exécute ; une requête envoyée par un script
(``fetch()``, en-tête ``Sec-Fetch-Dest: empty``) n'est pas un chargement de page.

Les phrases passent par ``typography`` (``french.py``) ; un chemin est montré
décodé à côté de sa forme brute (``display.shown_path``).
"""

import time as _time

from .body import url_path
from .display import header_value, shown_path
from .events import EXCHANGE, REQUEST, RESPONSE, STARTED
from .french import say, typography
from .tls_wording import CERTIFICATE_NOTE

INDENT = "   "
RELOAD_SECONDS = 120   # une même page redemandée dans ce délai : rechargement
MAX_PENDING = 1000     # rechargements en attente de leur réponse, au plus

NOT_MODIFIED = typography(
    INDENT + "À savoir : 304 = le navigateur avait déjà ce fichier dans son cache ; il a demandé "
    "s'il avait changé (en-tête If-Modified-Since). Il n'a pas changé : le serveur ne renvoie "
    "pas le contenu, le navigateur réutilise sa copie.")
FAVICON = typography(
    INDENT + "À savoir : personne n'a cliqué. Le navigateur demande tout seul /favicon.ico, la "
    "petite icône de l'onglet. Si le fichier n'existe pas, la réponse 404 est normale.")
NEEDED_BY = (INDENT + "À savoir : personne n'a cliqué. Le navigateur demande ce fichier parce "
             "que la page %s en a besoin (feuille de style, image, script…) ; l'en-tête "
             "Referer dit de quelle page vient la demande.")
RELOADED = {   # un rechargement (F5 ou ↻), selon la réponse
    200: typography(INDENT + "À savoir : la page a été rechargée (F5 ou ↻) : le navigateur l'a "
                             "redemandée au serveur, qui l'a renvoyée en entier (200)."),
    304: typography(INDENT + "À savoir : la page a été rechargée (F5 ou ↻) : le navigateur a "
                             "demandé au serveur si elle avait changé (If-Modified-Since). Elle "
                             "n'a pas changé (304) : le serveur n'a pas renvoyé le contenu, le "
                             "navigateur réutilise sa copie."),
    0: typography(INDENT + "À savoir : la page a été rechargée (F5 ou ↻) : le navigateur l'a "
                           "redemandée au serveur."),
}
SCRIPTS_IN_PAGE = typography(
    INDENT + "À savoir : cette page contient du JavaScript (balise <script>). Le serveur l'envoie "
    "comme du texte, sans l'exécuter : c'est le navigateur qui l'exécutera. Ce que fera ce code "
    "(changer la page après un clic…) restera dans le navigateur : le serveur ne le verra pas, "
    "sauf si le script lui envoie une requête (fetch).")
SCRIPT_FILE = typography(
    INDENT + "À savoir : ce fichier est un programme JavaScript. Le serveur l'envoie sans "
    "l'exécuter ; c'est le navigateur qui l'exécute, et le serveur ne voit pas ce qu'il fait.")
FETCHED = typography(
    INDENT + "À savoir : cette requête n'affiche pas de page : c'est un script de la page qui "
    "l'envoie (fetch), souvent après un clic sur un bouton, et qui lira la réponse dans le "
    "navigateur (en-tête Sec-Fetch-Dest: empty).")
SEEN_AGAIN = typography(
    INDENT + "À savoir : la même page est demandée une seconde fois (retour sur la page ou "
    "rechargement) : chaque affichage est une nouvelle requête.")


ICON_PATH = "/favicon.ico"   # l'icône d'onglet que le navigateur demande tout seul


def is_missing_icon(event):
    """Vrai pour la réponse 404 à ``/favicon.ico`` : l'icône que le navigateur demande
    tout seul n'existe pas. C'est normal (et annoncé comme tel) : ni « erreur », ni rouge."""
    return event.status == 404 and url_path(event.path) == ICON_PATH


def is_page_request(event):
    """Vrai si le navigateur demande une page à afficher (pas une image, une feuille de style…)."""
    destination = header_value(event.headers, "sec-fetch-dest")
    if destination:
        return destination == "document"
    return header_value(event.headers, "accept").startswith("text/html")


def _script_notes(event):
    """Du JavaScript envoyé au navigateur : une page HTML dont le début gardé
    (``reply_body``, le premier Kio) contient ``<script``, ou un fichier JavaScript."""
    kind = header_value(event.reply_headers, "content-type").lower()
    if kind.startswith("text/html") and b"<script" in event.reply_body.lower():
        return [SCRIPTS_IN_PAGE]
    if "javascript" in kind:
        return [SCRIPT_FILE]
    return []


class Explainer:
    """Transforme certains événements en une ou deux lignes d'explication."""

    def __init__(self):
        self._last_page = {}   # client -> (chemin, heure) de la dernière page demandée
        self._reloads = {}     # numéro de requête -> rechargement qui attend sa réponse

    def notes(self, event):
        """Les lignes d'explication pour ``event`` (souvent aucune)."""
        if event.kind == STARTED and dict(event.values).get("https"):
            return [INDENT + CERTIFICATE_NOTE]   # pourquoi le navigateur va avertir
        if event.kind == REQUEST:
            return self._request_notes(event)
        if event.kind == EXCHANGE and self._reloads.pop(event.exchange, False):
            return [RELOADED.get(event.status, RELOADED[0])]
        if event.kind in (RESPONSE, EXCHANGE) and event.status == 304:
            return [NOT_MODIFIED]
        if event.kind == EXCHANGE and event.status == 200:
            return _script_notes(event)
        return []

    def _request_notes(self, event):
        path = url_path(event.path)
        if path == ICON_PATH:
            return [FAVICON]
        if header_value(event.headers, "sec-fetch-dest") == "empty":
            return [FETCHED]   # fetch() d'un script : pas « personne n'a cliqué »
        if not is_page_request(event):
            referer = header_value(event.headers, "referer")
            if referer:
                # « http://hôte:port/page.html?x » -> « /page.html » (sans urlsplit,
                # qui lève une erreur sur certains en-têtes mal formés).
                page = "/" + referer.split("://", 1)[-1].partition("/")[2]
                return [say(NEEDED_BY, shown_path(url_path(page)))]
            return []
        now = event.time or _time.time()
        previous = self._last_page.get(event.client)
        self._last_page[event.client] = (path, now)
        if previous and previous[0] == path and now - previous[1] < RELOAD_SECONDS \
                and event.method == "GET" and not event.fields:
            if "max-age=0" in header_value(event.headers, "cache-control") or \
                    header_value(event.headers, "pragma") == "no-cache":
                # Raconté avec sa réponse : renvoyée (200) ou « pas modifiée » (304).
                if len(self._reloads) >= MAX_PENDING:   # des réponses jamais parties
                    self._reloads.clear()
                self._reloads[event.exchange] = True
                return []
            return [SEEN_AGAIN]
        return []

    def forget(self):
        self._last_page.clear()
        self._reloads.clear()
