"""Les événements : ce que le serveur raconte, sous forme de simples données.

Le serveur ne sait rien de l'écran : il ne fait jamais de ``print`` et ne
touche à aucune fenêtre. À chaque chose qui se passe (démarrage, requête
reçue, données d'un formulaire, réponse envoyée, erreur, arrêt), il crée un
``Event`` et le donne à une fonction de rappel (« callback ») choisie par
celui qui a démarré le serveur :

- le panneau (``panneau.py``) range l'événement dans une file d'attente
  (``queue.Queue``) que la fenêtre vide régulièrement ;
- la ligne de commande (``python -m serveur``) l'affiche dans le terminal.

Dans les deux cas, c'est ``serveur/formatter.py`` qui transforme l'événement
en phrases françaises : un seul endroit connaît les phrases.

Le serveur ne met donc aucune phrase dans un événement. Il y met un *fait*,
nommé par un code court (``fact="client-gone"``), et ses valeurs brutes
(``values=(("limit", 100),)`` : des nombres, des chemins, des secondes) ;
``serveur/wording.py`` range la phrase de chaque fait.

Un événement reste petit, quoi qu'envoie un client : ``bound`` coupe chaque texte
venu de lui (méthode, chemin, en-têtes, corps, champs, citations) avant que
l'événement soit créé, en retenant combien il en manquait (``Clipped``,
``ClippedBytes`` : ``missing``), pour que le narrateur le dise. ``weight`` donne
le poids approximatif d'un événement en octets : les files d'attente (la boîte
aux lettres de la fenêtre, le terminal) se bornent en octets autant qu'en nombre.
Ces outils et leurs bornes (``MAX_*``) sont dans ``serveur/bounds.py`` ; ce
module-ci redonne leurs noms (``from serveur.events import bound`` marche).
"""

import time
from collections import namedtuple
from dataclasses import dataclass, field
from typing import Any, Optional, Tuple

from .bounds import (EVENT_OVERHEAD, MAX_BODY, MAX_ENTRIES, MAX_ENTRIES_CHARS,  # noqa: F401
                     MAX_EVENT_WEIGHT, MAX_HEAD, MAX_METHOD, MAX_NAME, MAX_TEXT, MAX_VERSION,
                     WAITING_OVERHEAD, Clipped, ClippedBytes, Omitted, bound, clip, cut_point,
                     kept, missing, omitted, received, same_cut, true_length, weight)

# Les sortes d'événements (le champ ``kind``).
STARTED = "started"      # le serveur écoute : ``url``, ``port``, ``mode``, ``folder``
STOPPED = "stopped"      # le serveur s'est arrêté : ``port``, ``fact``, ``values`` (("cut", n),)
REQUEST = "request"      # une requête HTTP bien formée vient d'arriver
DATA = "data"            # le corps d'une requête (POST) et ses champs décodés
RESPONSE = "response"    # le serveur envoie sa réponse : ``status``
ERROR = "error"          # quelque chose s'est mal passé : ``fact``, ``values``, parfois ``status``
NOTICE = "notice"        # une information calme (connexion fermée, délai écoulé…) : ``fact``
EXCHANGE = "exchange"    # l'échange complet, une fois la réponse envoyée (pour le détail
                         # et la chronologie ; le journal ne le raconte pas ligne à ligne)

# Un champ de formulaire décodé. Pour un fichier envoyé (multipart), ``filename``
# et ``size`` sont remplis et ``value`` reste vide : le contenu n'est jamais
# écrit sur le disque. ``raw`` : le champ tel qu'il a voyagé (« nom=Fran%C3%A7ois »).
Field = namedtuple("Field", "name value filename size content_type raw")
Field.__new__.__defaults__ = (None, None, None, None)


@dataclass
class Event:
    """Un fait raconté par le serveur. Rien que des données, aucune méthode.

    Tous les champs sauf ``kind`` sont facultatifs : un événement ``started``
    n'a pas de client, un événement ``response`` n'a pas de corps, etc.
    Un événement passe d'un fil à l'autre : personne ne le modifie après sa
    création. (Il n'est pas « gelé » (``frozen=True``) pour autant : cela
    rendrait chaque création quatre fois plus lente, et il y en a plusieurs
    par requête.)
    """

    kind: str
    time: float = field(default_factory=time.time)
    client: str = ""                 # adresse IP du client, ex. "127.0.0.1"
    method: str = ""                 # "GET", "POST"…
    path: str = ""                   # chemin demandé, tel que reçu
    version: str = ""                # "HTTP/1.1"
    headers: Tuple[Tuple[str, str], ...] = ()   # en-têtes (nom, valeur)
    body: bytes = b""                # corps brut reçu
    body_format: str = ""            # comment le corps a été lu : "urlencoded", "multipart", "json"…
    fields: Tuple[Field, ...] = ()   # champs décodés du corps
    status: int = 0                  # code de statut HTTP de la réponse
    reason: str = ""                 # phrase du statut, ex. "OK"
    fact: str = ""                   # ce qui s'est passé, en un code court : "client-gone"…
    values: Tuple[Tuple[str, Any], ...] = ()   # les valeurs du fait : (("port", 8081),) ;
                                     # REQUEST, DATA : (("route", "same-computer"),) quand un
                                     # mot de passe rempli a quitté (« network ») ou non l'ordinateur
    message: str = ""                # texte libre déjà en français, écrit hors du serveur
                                     # (la fenêtre) ; le serveur, lui, donne un ``fact``
    url: str = ""                    # adresse du serveur (événement ``started``)
    port: int = 0                    # port d'écoute (événement ``started``)
    mode: str = ""                   # "get" ou "get-post" (événement ``started``)
    folder: str = ""                 # dossier servi (événement ``started``)
    detail: Optional[str] = None     # complément (ex. erreur de décodage)
    exchange: int = 0                # numéro de l'échange (requête n°…), commun à ses événements
    secrets: Tuple[str, ...] = ()    # noms des champs « mot de passe » du formulaire
    reply_headers: Tuple[Tuple[str, str], ...] = ()   # en-têtes de la réponse (EXCHANGE)
    reply_body: bytes = b""          # début du corps de la réponse (EXCHANGE)
    request_head: bytes = b""        # ligne de requête et en-têtes, octet pour octet comme
                                     # ils sont arrivés, ligne vide comprise (EXCHANGE)
    reply_head: bytes = b""          # ligne de statut et en-têtes, octet pour octet comme
                                     # ils sont partis, ligne vide comprise (EXCHANGE)
    duration: float = 0.0            # secondes entre la requête reçue et la réponse partie
    clipped: int = 0                 # textes coupés par ``bound`` (``Clipped``…) : pour ``weight``
