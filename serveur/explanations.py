"""« Ce qui surprend » : de courtes explications pour les débutants.

Certaines requêtes étonnent un élève qui regarde le journal : personne n'a
cliqué, et pourtant le navigateur demande ``/favicon.ico`` ; la page revient
en ``304`` sans son contenu ; une page rechargée produit une seconde requête.
``Explainer`` suit les événements et ajoute, quand il le faut, une ligne
« À savoir : … ». Le panneau permet de les masquer.

Il garde un peu de mémoire (la dernière page demandée par chaque client) :
c'est ce qui lui permet de reconnaître un rechargement.
"""

import time as _time

from .body import url_path
from .events import EXCHANGE, REQUEST, RESPONSE
from .formatter import escape, header_value

INDENT = "   "
RELOAD_SECONDS = 120   # une même page redemandée dans ce délai : rechargement


def is_page_request(event):
    """Vrai si le navigateur demande une page à afficher (pas une image, une feuille de style…)."""
    destination = header_value(event.headers, "sec-fetch-dest")
    if destination:
        return destination == "document"
    return header_value(event.headers, "accept").startswith("text/html")


class Explainer:
    """Transforme certains événements en une ou deux lignes d'explication."""

    def __init__(self):
        self._last_page = {}   # client -> (chemin, heure) de la dernière page demandée

    def notes(self, event):
        """Les lignes d'explication pour ``event`` (souvent aucune)."""
        if event.kind == REQUEST:
            return self._request_notes(event)
        if event.kind in (RESPONSE, EXCHANGE) and event.status == 304:
            return [INDENT + "À savoir : 304 = le navigateur avait déjà ce fichier dans son cache ; "
                             "il a demandé s'il avait changé (en-tête If-Modified-Since). Il n'a pas "
                             "changé : le serveur ne renvoie pas le contenu, le navigateur réutilise "
                             "sa copie."]
        return []

    def _request_notes(self, event):
        path = url_path(event.path)
        if path == "/favicon.ico":
            return [INDENT + "À savoir : personne n'a cliqué. Le navigateur demande tout seul "
                             "/favicon.ico, la petite icône de l'onglet. Si le fichier n'existe "
                             "pas, la réponse 404 est normale."]
        if not is_page_request(event):
            referer = header_value(event.headers, "referer")
            if referer:
                # « http://hôte:port/page.html?x » -> « /page.html » (sans urlsplit,
                # qui lève une erreur sur certains en-têtes mal formés).
                page = "/" + referer.split("://", 1)[-1].partition("/")[2]
                page = url_path(page)
                return [INDENT + "À savoir : personne n'a cliqué. Le navigateur demande ce fichier "
                                 "parce que la page %s en a besoin (feuille de style, image, "
                                 "script…) ; l'en-tête Referer dit de quelle page vient la "
                                 "demande." % escape(page)]
            return []
        now = event.time or _time.time()
        previous = self._last_page.get(event.client)
        self._last_page[event.client] = (path, now)
        if previous and previous[0] == path and now - previous[1] < RELOAD_SECONDS \
                and event.method == "GET" and not event.fields:
            if "max-age=0" in header_value(event.headers, "cache-control") or \
                    header_value(event.headers, "pragma") == "no-cache":
                return [INDENT + "À savoir : la page a été rechargée (F5 ou ↻) : le navigateur "
                                 "la redemande au serveur, qui la renvoie."]
            return [INDENT + "À savoir : la même page est demandée une seconde fois (retour sur "
                             "la page ou rechargement) : chaque affichage est une nouvelle "
                             "requête."]
        return []

    def forget(self):
        self._last_page.clear()
