"""L'onglet « Qui est connecté ? » : un nom court par poste, ses requêtes, son dernier POST."""

import time
import tkinter as tk
from tkinter import ttk

from .tab import Tab


class ClientsTab(Tab):
    """Le tableau des postes, tenu à jour depuis le carnet ``context.clients``.

    La case « Noms des postes » décide comment le journal nomme un client
    (``names_shown()``) : « Poste 3 » plutôt que son adresse, pour la projection.
    """

    tab_title = "Qui est connecté ?"
    COLUMNS = (("address", "Adresse", 110), ("requests", "Requêtes", 70),
               ("last", "Dernière requête", 150), ("post", "Dernier POST", 90))

    def __init__(self, master, context):
        super().__init__(master, context)
        self.show_names = tk.BooleanVar(master=self, value=False)
        ttk.Checkbutton(self, text="Noms des postes dans le journal (sans les adresses)",
                        variable=self.show_names).pack(anchor="w", pady=(0, 4))
        box = ttk.Frame(self)
        box.pack(fill="both", expand=True)
        self.tree = ttk.Treeview(box, columns=[name for name, _, _ in self.COLUMNS],
                                 selectmode="browse", height=8)
        self.tree.heading("#0", text="Poste")
        self.tree.column("#0", width=80, minwidth=60, stretch=False)
        for name, label, width in self.COLUMNS:
            self.tree.heading(name, text=label)
            self.tree.column(name, width=width, minwidth=50, stretch=name == "last")
        scroll = ttk.Scrollbar(box, orient="vertical", command=self.tree.yview)
        self.tree.configure(yscrollcommand=scroll.set)
        scroll.pack(side="right", fill="y")
        self.tree.pack(side="left", fill="both", expand=True)
        self._changed = {}   # adresse -> fiche du carnet, à redessiner au prochain refresh
        self.fit()
        self.winfo_toplevel().bind("<<FontsChanged>>", lambda _event: self.fit(), add="+")

    def names_shown(self):
        return self.show_names.get()

    def fit(self):
        """Des colonnes assez larges pour leur titre, quelle que soit la taille du texte."""
        heading = self.context.fonts.heading
        for name, label in [("#0", "Poste")] + [(n, l) for n, l, _ in self.COLUMNS]:
            needed = heading.measure(label) + 24
            self.tree.column(name, minwidth=needed, width=max(needed, self.tree.column(name, "width")))

    def add(self, event):
        if event.client:
            record = self.context.clients.find(event.client)
            if record is not None:
                self._changed[event.client] = record

    def refresh(self):
        for record in self._changed.values():
            self.update_record(record)
        self._changed = {}

    def update_record(self, record):
        post = time.strftime("%H:%M:%S", time.localtime(record.last_post)) if record.last_post else ""
        values = (record.address, record.requests, record.last_request, post)
        if self.tree.exists(record.address):
            self.tree.item(record.address, values=values)
        else:
            self.tree.insert("", "end", iid=record.address, text=record.name, values=values)

    def clear(self):
        self._changed = {}
        self.tree.delete(*self.tree.get_children())

    def settings(self):
        return {"show_names": self.show_names.get()}

    def apply(self, values):
        self.show_names.set(values["show_names"])
