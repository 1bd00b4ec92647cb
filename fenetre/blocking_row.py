"""« Bloquer ce poste » / « Débloquer », sous le tableau de « Qui est connecté ? ».

Le professeur choisit un poste dans le tableau, puis clique : la rangée ne touche pas
au serveur, elle dit ce qui est demandé (``asked`` : ``(adresse, bloquer)``) par
l'événement virtuel ``<<BlockAsked>>`` ; la fenêtre l'envoie au contrôleur
(``controller.block`` / ``unblock``). Ce qui est vraiment bloqué, elle l'apprend du
serveur, par les événements (faits ``client-blocked``, ``client-unblocked``) : un poste
bloqué a sa ligne grisée, sur fond rose, dans le tableau.
"""

from tkinter import ttk

from serveur.events import NOTICE
from serveur.french import typography

from .widgets import WrappingLabel

BLOCK, UNBLOCK = "Bloquer ce poste", "Débloquer"
HINT = "(403 et connexions coupées)"
BLOCKED_TAG = "bloque"


class BlockingRow(ttk.Frame):
    """Le bouton qui bloque ou débloque le poste choisi dans ``tree`` (un Treeview dont
    chaque ligne a pour identifiant l'adresse du poste)."""

    def __init__(self, master, tree):
        super().__init__(master)
        self.tree = tree
        self.blocked = set()   # les adresses bloquées, d'après le serveur
        self.asked = None      # (adresse, vrai pour bloquer), avec <<BlockAsked>>
        self.button = ttk.Button(self, text=BLOCK, command=self._clicked)
        self.button.pack(side="left")
        self.hint = WrappingLabel(self, text=typography(HINT), foreground="#555")
        self.hint.pack(side="left", padx=(8, 0), fill="x", expand=True)
        tree.tag_configure(BLOCKED_TAG, foreground="#777", background="#f6dcdc")
        tree.bind("<<TreeviewSelect>>", lambda _event: self._show(), add="+")
        self._show()

    def chosen(self):
        selection = self.tree.selection()
        return selection[0] if selection else None

    def _show(self):
        address = self.chosen()
        self.button.configure(text=UNBLOCK if address in self.blocked else BLOCK)
        self.button.state(["!disabled" if address else "disabled"])

    def _clicked(self):
        address = self.chosen()
        if address:
            self.asked = (address, address not in self.blocked)
            self.event_generate("<<BlockAsked>>")

    def add(self, event):
        """Un événement du serveur : un poste vient d'être bloqué ou débloqué ?"""
        if event.kind != NOTICE or not event.client:
            return
        if event.fact == "client-blocked":
            self.blocked.add(event.client)
        elif event.fact == "client-unblocked":
            self.blocked.discard(event.client)
        else:
            return
        self.mark(event.client)
        self._show()

    def mark(self, address):
        """La ligne d'un poste bloqué, grisée sur fond rose (et l'inverse), si elle est
        dans le tableau."""
        if self.tree.exists(address):
            self.tree.item(address, tags=(BLOCKED_TAG,) if address in self.blocked else ())

    def refresh(self):
        for address in self.blocked:
            self.mark(address)
