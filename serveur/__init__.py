"""Le cœur du Panneau serveur : deux petits serveurs HTTP qui racontent tout.

Ce paquet n'utilise que la bibliothèque standard et ne connaît aucune
fenêtre (pas de tkinter ici) : il peut tourner dans le panneau
(``panneau.py``) comme dans un terminal (``python -m serveur``).

Un fichier par idée, à lire dans cet ordre ::

    events.py         les événements : ce que le serveur raconte (un fait et ses valeurs)
    bounds.py         les bornes d'un événement, quoi qu'envoie un client (bound, weight)
    wire.py           lire le client : phase, patience, plafond de l'en-tête
    get_handler.py    le serveur GET : lire, raconter et répondre à chaque requête
    files.py          servir les fichiers du dossier sans danger
    paths.py          la sécurité des chemins : liens qui sortent, noms réservés de Windows
    tap.py            écouter le fil : une copie de ce que le serveur envoie vraiment
    post_handler.py   le serveur GET/POST : le formulaire et la lecture d'un POST
    body.py           décoder le corps d'un POST (ou les paramètres d'une URL) en champs
    multipart.py      lire un corps multipart/form-data en un seul passage, borné
    modes.py          le registre des modes : un enregistrement par mode (get, get-post)
    server.py         le serveur multi-fils qui s'arrête proprement
    gate.py           l'entrée : le gardien appliqué, la file d'attente, le budget des corps
    warden.py         le gardien : quelles connexions couper quand le serveur est plein
    secure.py         HTTPS : la poignée de main TLS dans le fil de la connexion, le chiffrement
    tls.py            ce qu'un espion voit d'une connexion chiffrée : enregistrements, nom du site
    tls_wording.py    les phrases de HTTPS (certificat refusé, avertissement du navigateur…)
    controller.py     démarrer / arrêter dans un fil d'arrière-plan ; StartError
    process.py        le serveur du panneau dans son propre processus (mêmes méthodes)
    outbox.py         la file bornée entre les fils du serveur et leur lecteur
    french.py         écrire en français : typographie (espaces insécables), nombres, modèles
    wording.py        les phrases : chaque fait et sa phrase française, en un seul endroit
    display.py        montrer ce qui vient d'un client : échappé, raccourci, chemin décodé
    pages.py          les pages HTML du serveur : erreur, liste d'un dossier, confirmation, 503
    formatter.py      le narrateur : événement -> lignes du journal, avec les phrases de wording.py
    sections.py       … et l'échange brut découpé en parties (vue « Échange brut »)
    explanations.py   « À savoir » : courtes explications de ce qui surprend (favicon, 304…)
    clients.py        le carnet des clients vus (« Poste 1 », « Poste 2 »…)
    missions.py       lire une mission (fichier texte du professeur), ses conditions, ses fautes
    mission_progress.py  qui a fait quelle étape, et quand, d'après les échanges
    mission_wording.py   les phrases des missions (étape faite, problèmes d'un fichier)
    network.py        les adresses du réseau local à donner aux élèves ; qui occupe un port
    cli.py            la ligne de commande (``python -m serveur``)
    __main__.py       ce qui rend ``python -m serveur`` possible : appelle cli.main

Les gestionnaires, le serveur et le contrôleur ne composent aucune phrase :
ils racontent des faits (``Event(ERROR, fact="https-attempt")``). La phrase
de chaque fait est dans ``wording.py``, les pages dans ``pages.py``, et le
narrateur (``formatter.py``) les assemble en lignes de journal. Nos phrases
passent toutes par ``typography`` (``french.py``) ; ce qu'envoie un client,
jamais : il est montré tel qu'il a voyagé.

Hiérarchie des gestionnaires (handlers) ::

    http.server.BaseHTTPRequestHandler      lit la requête, écrit la réponse
      └── SimpleHTTPRequestHandler          sert les fichiers d'un dossier
            └── GetHandler                  + raconte, erreurs en français, sécurité
                                              (ServeFiles, files.py : les fichiers)
                  └── GetPostHandler        + ressource.html sur « / », do_POST

Ce qu'il ne fait pas : HTTPS avec un vrai certificat (celui de ``certificat/`` a une clé
publique : il sert à la démonstration), authentification, écriture de fichiers reçus.
C'est un outil pour apprendre, pas pour publier un site sur Internet.
"""

from .controller import DEFAULT_FOLDER, Controller, StartError, parse_port
from .events import Event
from .modes import DEFAULT_MODE, MODES, Mode
from .formatter import format_event, format_lines

__all__ = ["Controller", "StartError", "parse_port", "Event", "format_event", "format_lines",
           "DEFAULT_FOLDER", "MODES", "DEFAULT_MODE", "Mode"]
