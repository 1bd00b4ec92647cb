"""Panneau serveur : une fenêtre pour démarrer un petit serveur HTTP et voir,
en français, chaque requête qu'il reçoit et chaque réponse qu'il envoie.

Lancer : double-cliquer sur ce fichier, ou ``python3 panneau.py``.

Ce fichier n'est que le lanceur : le serveur est dans ``serveur/``, la fenêtre
dans ``fenetre/`` (voir le plan des fichiers dans README.md). Avant d'ouvrir
la fenêtre, il vérifie que tout est là, et sinon le dit en français.
Importer ce module n'ouvre aucune fenêtre : c'est ``main()`` qui le fait.
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
MISSING_TKINTER = (
    "Le panneau a besoin de tkinter (les fenêtres de Python), qui manque ici.\n"
    "- Debian, Ubuntu : sudo apt install python3-tk\n"
    "- Windows, macOS : réinstallez Python depuis python.org (tkinter y est inclus).\n"
    "Sans fenêtre, le serveur marche aussi dans un terminal : python3 -m serveur")
MISSING_FOLDERS = (
    "Le panneau ne trouve pas ses dossiers « serveur » et « fenetre » à côté de panneau.py "
    "(dans %s).\nSi vous l'avez reçu dans un fichier .zip, extrayez tout le dossier avant de "
    "lancer panneau.py.")


def missing_part():
    """Une phrase qui dit ce qui manque pour ouvrir le panneau, ou None."""
    if not all(os.path.isdir(os.path.join(HERE, name)) for name in ("serveur", "fenetre")):
        return MISSING_FOLDERS % HERE
    try:
        import tkinter  # noqa: F401 (on vérifie seulement qu'il existe)
    except ImportError:
        return MISSING_TKINTER
    return None


__all__ = ["Panneau", "RUNNING_STATE", "STOPPED_STATE", "STOPPING_STATE", "TITLE", "main"]

if missing_part() is None:
    # Le contrat d'avant reste : ``panneau.Panneau(master, ...)``.
    from fenetre import RUNNING_STATE, STOPPED_STATE, STOPPING_STATE, TITLE, Panneau


def tell(problem):
    """Dit ce qui manque : dans la console, ou dans une petite fenêtre quand il n'y
    a pas de console (double-clic sur panneau.pyw, lancé par pythonw)."""
    if sys.stderr is not None:
        print(problem, file=sys.stderr)
        return
    try:
        import tkinter
        from tkinter import messagebox
        root = tkinter.Tk()
        root.withdraw()
        messagebox.showerror("Panneau serveur", problem, parent=root)
        root.destroy()
    except Exception:   # pas de tkinter, pas d'écran : rien d'autre à faire
        pass


def main():
    problem = missing_part()
    if problem:
        tell(problem)
        return 1
    if sys.platform == "win32":
        # Texte net sur les écrans haute résolution de Windows.
        try:
            import ctypes
            ctypes.windll.shcore.SetProcessDpiAwareness(1)
        except (AttributeError, OSError):
            pass
    import tkinter as tk
    from fenetre import settings
    from fenetre.screen import fit_to_screen, run
    from serveur.process import window_controller
    root = tk.Tk()
    fit_to_screen(root)
    # Le serveur tourne dans son propre processus : sous l'averse d'une classe entière,
    # la fenêtre garde son cœur et reste fluide (serveur/process.py).
    Panneau(root, settings_path=settings.settings_path(),
            journal_folder=settings.journal_dir(), controller_factory=window_controller)
    run(root)
    return 0


if __name__ == "__main__":
    sys.exit(main())
