"""Les tailles de texte du panneau, agrandies ensemble pour la projection."""

from tkinter import font as tkfont
from tkinter import ttk

from . import settings


MAX_URL_SIZE = 22   # points


class Fonts:
    """Les polices du panneau (journal, tableaux, titres, adresse), de la même taille.

    ``zoom(+1)`` / ``zoom(-1)`` / ``zoom(0)`` (taille par défaut) : Ctrl + / Ctrl - /
    Ctrl 0 et les boutons A+ / A−. Chaque changement génère l'événement virtuel
    ``<<FontsChanged>>`` sur ``master`` : les parties qui en dépendent (largeur
    des colonnes…) s'y abonnent.
    """

    def __init__(self, master, size):
        fixed = tkfont.nametofont("TkFixedFont").actual()
        normal = tkfont.nametofont("TkDefaultFont").actual()
        self.log = tkfont.Font(master, family=fixed["family"], size=size)
        self.table = tkfont.Font(master, family=normal["family"], size=size)
        self.heading = tkfont.Font(master, family=normal["family"], size=size, weight="bold")
        self.url = tkfont.Font(master, family=normal["family"], size=self.url_size(size),
                               weight="bold", underline=True)
        self.master = master
        self.size = size
        self.apply()

    @staticmethod
    def url_size(size):
        """L'adresse du serveur, un peu plus grande que le texte, mais bornée : en très
        grand, elle ne pousserait plus le reste de la ligne d'état hors de l'écran."""
        return min(size + 3, MAX_URL_SIZE)

    def zoom(self, step):
        """``step`` = +1, -1, ou 0 pour revenir à la taille par défaut."""
        if step == 0:
            size = settings.DEFAULTS["font_size"]
        else:
            size = self.size + step
        self.size = max(settings.MIN_FONT_SIZE, min(settings.MAX_FONT_SIZE, size))
        self.apply()

    def apply(self):
        for font in (self.log, self.table, self.heading):
            font.configure(size=self.size)
        self.url.configure(size=self.url_size(self.size))
        style = ttk.Style(self.master)
        style.configure("Treeview", font=self.table, rowheight=self.table.metrics("linespace") + 6)
        style.configure("Treeview.Heading", font=self.heading)
        self.master.event_generate("<<FontsChanged>>")
