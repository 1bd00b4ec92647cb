"""L'onglet « Qui est connecté ? » : un nom court par poste, ses requêtes, son dernier POST,
où il en est de la mission (``context.missions`` : « 3/5 », le détail dans l'onglet
« Missions ») ; en dessous, les cookies que garde chaque poste (``cookie_view.py``)."""

import time
import tkinter as tk
from tkinter import ttk

from .blocking_row import BlockingRow
from .cookie_view import CookieView
from .tab import Tab
from .widgets import ScrolledTable


class ClientsTab(Tab):
    """Le tableau des postes, tenu à jour depuis le carnet ``context.clients``.

    La case « Noms des postes » décide comment le journal nomme un client
    (``names_shown()``) : « Poste 3 » plutôt que son adresse, pour la projection.
    """

    tab_title = "Qui est connecté ?"
    # (nom, titre, valeur typique qui doit tenir, s'étire)
    # « Mission » juste après le poste, pour la voir d'un coup d'œil ; cachée sans mission.
    COLUMNS = (("#0", "Poste", "Poste 30", False), ("mission", "Mission", "10/10", False),
               ("address", "Adresse", "192.168.1.23", False),
               ("requests", "Requêtes", "9 999", False), ("post", "Dernier POST", "00:00:00", False),
               # la dernière en dernier : elle s'étire, et son début reste toujours visible
               ("last", "Dernière requête", "GET /ressource.html", True))

    def __init__(self, master, context):
        super().__init__(master, context)
        self.show_names = tk.BooleanVar(master=self, value=False)
        ttk.Checkbutton(self, text="Noms des postes au lieu des adresses",
                        variable=self.show_names).pack(anchor="w", pady=(0, 4))
        panes = ttk.PanedWindow(self, orient="vertical")
        panes.pack(fill="both", expand=True)
        self.table = ScrolledTable(panes, context.fonts, self.COLUMNS, height=4)
        self.tree = self.table.tree
        self.cookies = CookieView(panes, context)   # ce que chaque poste garde
        panes.add(self.table, weight=1)
        panes.add(self.cookies, weight=2)
        self.tree.bind("<<TreeviewSelect>>", lambda _event: self._picked())
        self.blocking = BlockingRow(self, self.tree)   # « Bloquer ce poste » (blocking_row.py)
        self.blocking.pack(fill="x", pady=(0, 4), before=panes)
        self._changed = {}   # adresse -> fiche du carnet, à redessiner au prochain refresh
        self._missions_seen = None   # l'état de l'avancement des missions déjà dessiné
        self._mission_column()

    def _mission_column(self):
        names = [name for name, _title, _sample, _stretch in self.COLUMNS[1:]]
        chosen = self.context.missions is not None and self.context.missions.mission is not None
        self.tree.configure(displaycolumns=names if chosen else names[1:])

    def names_shown(self):
        return self.show_names.get()

    def _picked(self):
        chosen = self.tree.selection()
        if chosen:
            self.cookies.show_client(chosen[0])

    def add(self, event):
        self.blocking.add(event)
        self.cookies.add(event)
        if event.client:
            record = self.context.clients.find(event.client)
            if record is not None:
                self._changed[event.client] = record

    def refresh(self):
        missions = self.context.missions
        if missions is not None and missions.version != self._missions_seen:
            self._missions_seen = missions.version   # une étape faite : la colonne Mission
            self._changed = {record.address: record for record in self.context.clients.records()}
            self._mission_column()
        for record in self._changed.values():
            self.update_record(record)
        self._changed = {}
        self.blocking.refresh()
        self.cookies.refresh()

    def update_record(self, record):
        post = time.strftime("%H:%M:%S", time.localtime(record.last_post)) if record.last_post else ""
        mission = self.context.missions.summary(record.address) if self.context.missions else ""
        values = (mission, record.address, record.requests, post,
                  self.context.hide(record.last_request))
        if self.tree.exists(record.address):
            self.tree.item(record.address, values=values)
        else:
            self.tree.insert("", "end", iid=record.address, text=record.name, values=values)

    def redisplay(self):
        for record in self.context.clients.records():
            self.update_record(record)
        self.cookies.redisplay()

    def clear(self):
        self._changed = {}
        self.tree.delete(*self.tree.get_children())
        self.cookies.clear()

    def settings(self):
        return {"show_names": self.show_names.get()}

    def apply(self, values):
        self.show_names.set(values["show_names"])
