"""Le cœur du Panneau serveur : deux petits serveurs HTTP qui racontent tout.

Ce paquet n'utilise que la bibliothèque standard et ne connaît aucune
fenêtre (pas de tkinter ici) : il peut tourner dans le panneau
(``panneau.py``) comme dans un terminal (``python -m serveur``).

Un fichier par idée, à lire dans cet ordre ::

    events.py         les événements : ce que le serveur raconte (simples données)
    get_handler.py    le serveur GET : les fichiers d'un dossier
    post_handler.py   le serveur GET/POST : le formulaire et la lecture d'un POST
    body.py           décoder le corps d'un POST en champs
    server.py         le serveur multi-fils qui s'arrête proprement
    controller.py     démarrer / arrêter dans un fil d'arrière-plan
    formatter.py      le narrateur : événement -> phrases en français
    cli.py            la ligne de commande (``python -m serveur``)

Hiérarchie des gestionnaires (handlers) ::

    http.server.BaseHTTPRequestHandler      lit la requête, écrit la réponse
      └── SimpleHTTPRequestHandler          sert les fichiers d'un dossier
            └── GetHandler                  + raconte, erreurs en français, sécurité
                  └── GetPostHandler        + ressource.html sur « / », do_POST

Ce qu'il ne fait pas : HTTPS, authentification, écriture de fichiers reçus.
C'est un outil pour apprendre, pas pour publier un site sur Internet.
"""

from .controller import DEFAULT_FOLDER, Controller, StartError, parse_port
from .events import Event
from .modes import DEFAULT_MODE, MODES, Mode
from .formatter import format_event, format_lines, tag_of

__all__ = ["Controller", "StartError", "parse_port", "Event", "format_event", "format_lines",
           "tag_of", "DEFAULT_FOLDER", "MODES", "DEFAULT_MODE", "Mode"]
