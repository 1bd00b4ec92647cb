"""La fenêtre du Panneau serveur (tkinter), une pièce par fichier.

Le serveur (``serveur/``) ne connaît aucune fenêtre ; ce paquet l'affiche.
L'arbre des widgets ::

    Panneau (window.py)        la fenêtre : relie les parties au serveur, vide la file
      ├── Controls             (controls.py) mode, port, réseau local, dossier, Démarrer / Arrêter
      │     └── StudentFileRow (student_file_row.py) « Mon serveur » : le fichier de l'élève
      ├── StatusLine           (controls.py) état, adresses cliquables, compteur
      ├── LogPane              (journal.py)  le journal : couleurs, filtre, recherche
      └── onglets (tab.py : add / refresh / clear)
            ├── ClientsTab     (tab_clients.py)  « Qui est connecté ? »
            ├── AnswersTab     (tab_answers.py)  « Réponses de la classe »
            ├── MissionsTab    (tab_missions.py) « Missions » : les étapes cochées
            │                   (mission_checklist.py), la classe d'un coup d'œil
            ├── ExchangeTab    (tab_exchange.py) « Échange brut » ; Imprimer… et Comparer…
            │                   ouvrent PrintDialog (print_dialog.py) et CompareView
            │                   (compare_view.py), Paper (paper.py) les relie
            └── TimelineTab    (tab_timeline.py) « Chronologie »

Sans tkinter : ``classify.py`` (couleur et filtre de chaque ligne) et
``settings.py`` (les réglages retenus) ; ``fonts.py`` règle les tailles de texte.
"""

from .window import RUNNING_STATE, STOPPED_STATE, STOPPING_STATE, TABS, TITLE, Panneau

__all__ = ["Panneau", "RUNNING_STATE", "STOPPED_STATE", "STOPPING_STATE", "TABS", "TITLE"]
