"""Les onglets de droite, sur autant de lignes qu'il faut : aucun titre coupé.

Un ``ttk.Notebook`` met tous ses titres sur une seule ligne : avec six onglets,
sur un écran de 1024 pixels, ils deviennent « Qui est con », « Échan ». Ici, le
carnet garde ses pages (les onglets, leur protocole, ``select()``,
``<<NotebookTabChanged>>`` : rien ne change pour eux ni pour la fenêtre), mais sa
rangée de titres est cachée ; au-dessus, ``TabBar`` montre un bouton par onglet,
qui passent à la ligne quand la place manque, comme les mots d'un paragraphe.

Pour qui l'utilise : ``SideTabs(parent)`` est le cadre à mettre dans la fenêtre ;
les onglets sont créés dans ``.notebook`` (leur parent), puis ``show(onglets)`` les
y range avec leurs titres et construit les boutons.
"""

import tkinter as tk
from tkinter import ttk

from serveur.french import typography

STYLE = "Cache.TNotebook"   # un carnet dont la rangée de titres est cachée
GAP = 4                     # pixels entre deux boutons


class TabBar(ttk.Frame):
    """Un bouton par onglet du carnet, sur une ou plusieurs lignes."""

    def __init__(self, master, notebook):
        super().__init__(master)
        self.notebook = notebook
        self.chosen = tk.StringVar(master=self, value="")
        self.buttons = []
        self._width = None   # largeur pour laquelle les boutons sont placés
        notebook.bind("<<NotebookTabChanged>>", lambda _event: self._follow(), add="+")
        self.bind("<Configure>", self._reflow, add="+")
        self.winfo_toplevel().bind("<<FontsChanged>>", lambda _event: self._reflow_now(),
                                   add="+")

    def refresh(self):
        """(Re)construit les boutons d'après les pages du carnet et leurs titres."""
        for button in self.buttons:
            button.destroy()
        self.buttons = []
        for page in self.notebook.tabs():
            button = ttk.Radiobutton(self, text=self.notebook.tab(page, "text"), value=page,
                                     variable=self.chosen, style="Toolbutton",
                                     command=lambda page=page: self.notebook.select(page))
            self.buttons.append(button)
        self._follow()
        self._reflow_now()

    def _follow(self):
        # Le carnet a changé de page (un bouton, ou la fenêtre elle-même : un clic sur
        # une requête du journal ouvre « Échange brut ») : le bouton allumé suit.
        self.chosen.set(self.notebook.select())

    def _reflow(self, event):
        if event.width != self._width:
            self._width = event.width
            self._place(event.width)

    def _reflow_now(self):
        self.update_idletasks()
        self._width = self.winfo_width()
        self._place(self._width)

    def _place(self, width):
        x = y = line_height = 0
        for button in self.buttons:
            wide, high = button.winfo_reqwidth(), button.winfo_reqheight()
            if x and x + wide > width:   # plus de place sur cette ligne : la suivante
                x, y, line_height = 0, y + line_height + GAP // 2, 0
            button.place(x=x, y=y)
            x += wide + GAP
            line_height = max(line_height, high)
        # Comme un carnet, la barre demande la largeur de ses titres sur une seule ligne (la
        # fenêtre en tient compte en répartissant la place) ; sans elle, ils vont à la ligne.
        single = sum(button.winfo_reqwidth() + GAP for button in self.buttons)
        self.configure(height=y + line_height + GAP, width=single)


class SideTabs(ttk.Frame):
    """Le côté droit de la fenêtre : la barre de boutons, puis les pages du carnet."""

    def __init__(self, master, padding=0):
        super().__init__(master, padding=padding)
        style = ttk.Style(self)
        style.layout(STYLE + ".Tab", [])   # pas de rangée de titres
        self.notebook = ttk.Notebook(self, style=STYLE)
        self.bar = TabBar(self, self.notebook)
        self.bar.pack(fill="x")
        self.notebook.pack(fill="both", expand=True)

    def show(self, tabs):
        """Met ces onglets dans le carnet, chacun avec son titre, et leurs boutons."""
        for tab in tabs:
            self.notebook.add(tab, text=typography(tab.tab_title))
        self.bar.refresh()
