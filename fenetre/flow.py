"""Une rangée de boutons qui passe à la ligne quand la place manque.

À 1024×768 avec le plus grand texte, trois boutons côte à côte ne tiennent plus
dans un onglet : au lieu d'en couper un, ``FlowRow`` les range sur autant de
lignes qu'il faut (comme les titres des onglets, ``tab_bar.py``), et les remet
sur une seule dès que la place revient ::

    row = FlowRow(parent)
    row.pack(fill="x")
    row.add(ttk.Button(row, text="Imprimer…"))
"""

from tkinter import ttk

GAP = 6   # pixels entre deux widgets d'une ligne


class FlowRow(ttk.Frame):
    """Des widgets (enfants de cette rangée) en ligne, sur plusieurs lignes au besoin."""

    def __init__(self, master, **options):
        super().__init__(master, **options)
        self.items = []
        self._layout = None   # les places déjà données : on ne replace qu'en cas de changement
        self.bind("<Configure>", lambda _event: self.arrange(), add="+")
        self.winfo_toplevel().bind("<<FontsChanged>>", lambda _event: self.after_idle(
            self.arrange), add="+")

    def add(self, widget):
        self.items.append(widget)
        self.arrange()
        return widget

    def arrange(self):
        if not self.winfo_exists():
            return
        width = self.winfo_width()
        if width <= 1:   # pas encore placée : tout sur une ligne
            width = sum(item.winfo_reqwidth() + GAP for item in self.items)
        layout, row, column, used = [], 0, 0, 0
        for item in self.items:
            need = item.winfo_reqwidth()
            if column and used + GAP + need > width:
                row, column, used = row + 1, 0, 0
            layout.append((row, column))
            used += need + (GAP if column else 0)
            column += 1
        if layout == self._layout:
            return
        self._layout = layout
        for item, (row, column) in zip(self.items, layout):
            item.grid(row=row, column=column, sticky="w", padx=(0 if column == 0 else GAP, 0),
                      pady=(0 if row == 0 else 4, 0))
