"""La case « Chiffrer (HTTPS) » : les mêmes modes, servis chiffrés (``serveur/secure.py``).

Une pièce à part, comme ``student_file_row.py`` : ``Controls`` la place juste après
Démarrer / Arrêter (un choix qui se fait avant de démarrer), lit ``get()`` au démarrage,
la grise pendant que le serveur tourne, et la retient dans les réglages (clé ``https``).
Cochée, le serveur écoute en ``https://`` avec le certificat de démonstration du
dossier ``certificat/`` : le navigateur avertira, et le journal dit pourquoi et
comment continuer.
"""

import tkinter as tk
from tkinter import ttk

LABEL = "Chiffrer (HTTPS)"


class HttpsOption(ttk.Checkbutton):
    """La case à cocher et sa valeur (``get``, ``set``)."""

    def __init__(self, master):
        self.chosen = tk.BooleanVar(master=master, value=False)
        super().__init__(master, text=LABEL, variable=self.chosen)

    def get(self):
        """Vrai si le serveur doit chiffrer (HTTPS)."""
        return self.chosen.get()

    def set(self, value):
        self.chosen.set(bool(value))
