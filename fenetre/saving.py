"""« Enregistrer… » et « Effacer… » : ce que la fenêtre fait du journal complet de la séance.

Le journal contient ce que les élèves ont tapé, mots de passe compris : il ne va
jamais dans le dossier servi, que toute la classe peut télécharger ; et il ne
se perd pas d'un clic (« Effacer… » demande d'abord).
"""

import time
from tkinter import filedialog, messagebox

from serveur.events import ERROR, NOTICE, Event
from serveur.french import number, typography

from .session_log import is_inside, save_folder


def ask_where(parent, served):
    """Demande où enregistrer (en proposant les Documents, jamais ``served``) ; "" si annulé."""
    return filedialog.asksaveasfilename(
        parent=parent, title="Enregistrer le journal de la séance",
        initialdir=save_folder(served), defaultextension=".txt",
        initialfile=time.strftime("journal-serveur-%Y-%m-%d-%Hh%M.txt"),
        filetypes=[("Fichiers texte", "*.txt"), ("Tous les fichiers", "*")])


def save_copy(session, path, served, report):
    """Copie le journal de la séance dans ``path`` ; le dit par ``report(événement)``.
    Refuse un fichier du dossier servi ; vrai si c'est fait."""
    if is_inside(path, served):
        report(Event(ERROR, message=typography(
            "Je n'enregistre pas le journal dans le dossier servi (« %s ») : il contient ce que "
            "les élèves ont tapé, mots de passe compris, et tout le monde pourrait le "
            "télécharger. Choisissez un autre dossier, par exemple vos Documents.") % served))
        return False
    try:
        lines = session.copy_to(path)
    except OSError as exc:
        report(Event(ERROR, message=typography(
            "Impossible d'enregistrer le journal dans « %s » : %s.") % (path, exc.strerror or exc)))
        return False
    report(Event(NOTICE, message=typography(
        "journal enregistré dans « %s » (%s lignes).") % (path, number(lines))))
    return True


def confirm_clear(parent, journal_folder):
    """Demande avant d'effacer toute la séance ; vrai si l'utilisateur le veut."""
    return messagebox.askyesno(
        parent=parent, title="Effacer le journal", default="no", icon="warning",
        message=typography("Repartir de zéro ?"),
        detail=typography(
            "L'écran, les postes, les échanges, les compteurs et les numéros de requête "
            "repartent de zéro ; « Enregistrer… » ne gardera que la suite.\n\nRien n'est perdu "
            "pour autant : le journal effacé reste, avec ceux des dernières séances, dans le "
            "dossier des journaux du panneau :") + "\n" + journal_folder)
