"""Ce que le client garde : les cookies de chaque poste, sous « Qui est connecté ? ».

Un arbre : chaque poste, et sous lui ses cookies tels que le serveur les connaît
(``serveur/cookie_jar.py``) : la valeur, combien de temps le navigateur le garde
(session, ``Max-Age``, ``Expires``, supprimé), ses règles (``Path``, ``SameSite``,
``HttpOnly``, ``Secure``) et combien de fois il est revenu. Choisir un cookie
l'explique en français dans la ligne du dessous.

Il parle le protocole des onglets (``add``, ``refresh``, ``redisplay``, ``clear``) :
l'onglet « Qui est connecté ? » le contient et lui passe tout. Rien n'est redessiné
tant qu'il est caché ; seuls les postes dont les cookies ont changé le sont.
"""

import time
import tkinter as tk
from tkinter import ttk

from serveur.cookie_jar import CookieJar, describe
from serveur.french import number, say

from .widgets import INK, PAPER, ScrolledTable, WrappingLabel

INTRO = "Ce que chaque poste garde : ses cookies."
HELP = ("Set-Cookie : le serveur pose un cookie ; Cookie : le navigateur le renvoie. "
        "Choisissez un cookie pour l'expliquer ici.")


class CookieView(ttk.Frame):
    """Les cookies de chaque poste, d'après les échanges (EXCHANGE) du serveur."""

    # (nom, titre, valeur typique qui doit tenir, s'étire)
    COLUMNS = (("#0", "Cookie", "▸ Poste 30", False), ("value", "Valeur", "bleu%20clair", False),
               ("kept", "Gardé", "Max-Age=3600", False),
               ("back", "Revenu", "99 fois, 00:00:00", False),
               ("rules", "Règles", "Path=/ SameSite=Lax HttpOnly", True))

    def __init__(self, master, context):
        super().__init__(master)
        self.context = context
        self.jar = CookieJar()
        self._changed = set()    # adresses dont les cookies ont changé depuis le dernier dessin
        WrappingLabel(self, text=INTRO).pack(fill="x", pady=(0, 4))
        # L'explication du cookie choisi : trois lignes au plus à l'écran (la suite défile),
        # pour que le tableau garde sa place sur un petit écran.
        self.detail = tk.Text(self, height=3, wrap="word", font=context.fonts.table,
                              background=PAPER, foreground=INK, relief="flat", padx=4,
                              pady=2, state="disabled")
        self.detail.tag_configure("note", foreground="#613583")
        self.detail.pack(side="bottom", fill="x", pady=(4, 0))
        self._say(say(HELP))
        box = ScrolledTable(self, context.fonts, self.COLUMNS, height=5)
        box.pack(fill="both", expand=True)
        self.tree = box.tree
        self.tree.bind("<<TreeviewSelect>>", lambda _event: self._explain())
        self.bind("<Map>", lambda _event: self.refresh())

    # -- le protocole des onglets -------------------------------------------------------
    def add(self, event):
        address = self.jar.note(event)
        if address:
            self._changed.add(address)

    def refresh(self):
        if not self._changed or not self.winfo_ismapped():
            return
        kept = set(self.jar.clients())
        for iid in self.tree.get_children(""):   # les postes oubliés (carnet borné)
            if self._address(iid) not in kept:
                self.tree.delete(iid)
        for address in sorted(self._changed & kept, key=self.jar.clients().index):
            self._draw(address)
        self._changed = set()
        self._explain()

    def redisplay(self):
        self._changed = set(self.jar.clients())
        self.refresh()

    def clear(self):
        self.jar.clear()
        self._changed = set()
        self.tree.delete(*self.tree.get_children(""))
        self._say(say(HELP))

    # -- le dessin -----------------------------------------------------------------------
    @staticmethod
    def _iid(address, index=None):
        return "poste %s" % address if index is None else "cookie %d %s" % (index, address)

    @staticmethod
    def _address(iid):
        return iid.split(" ", 2)[-1] if iid.startswith("cookie") else iid.split(" ", 1)[1]

    def _draw(self, address):
        parent = self._iid(address)
        text = self.context.clients.name_of(address)
        cookies = self.jar.cookies_of(address)
        if self.tree.exists(parent):
            self.tree.item(parent, text=text)
        else:
            self.tree.insert("", "end", iid=parent, text=text, open=True)
        selected = self.tree.selection()
        hide = self.context.hide
        for index, cookie in enumerate(cookies):
            back = (say("%s fois, %s", number(cookie.returned),
                        time.strftime("%H:%M:%S", time.localtime(cookie.last_returned)))
                    if cookie.returned else "jamais")
            values = (hide(cookie.value or cookie.returned_value), cookie.lifetime(), back,
                      cookie.rules())
            iid = self._iid(address, index)
            if self.tree.exists(iid):
                self.tree.item(iid, text=hide(cookie.name), values=values)
            else:
                self.tree.insert(parent, "end", iid=iid, text=hide(cookie.name), values=values)
        for iid in self.tree.get_children(parent)[len(cookies):]:
            self.tree.delete(iid)
        if selected and self.tree.exists(selected[0]):
            self.tree.selection_set(selected[0])

    def show_client(self, address):
        """Montre les cookies de ce poste (choisi dans le tableau des postes)."""
        self.refresh()
        iid = self._iid(address)
        if self.tree.exists(iid):
            self.tree.selection_set(iid)
            self.tree.see(iid)

    def _explain(self):
        chosen = self.tree.selection()
        if not chosen:
            return
        iid = chosen[0]
        address = self._address(iid)
        cookies = self.jar.cookies_of(address)
        if iid.startswith("cookie"):
            index = int(iid.split(" ")[1])
            text = describe(cookies[index]) if index < len(cookies) else ""
        else:
            text = say("%s : %s cookie%s connu%s du serveur. Un poste qui n'a jamais reçu ni "
                       "renvoyé de cookie n'apparaît pas ici.",
                       self.context.clients.name_of(address), number(len(cookies)),
                       "s" if len(cookies) > 1 else "", "s" if len(cookies) > 1 else "")
        self._say(self.context.hide(text))

    def _say(self, text):
        self.detail.configure(state="normal")
        self.detail.delete("1.0", "end")
        self.detail.insert("1.0", text, "note")
        self.detail.configure(state="disabled")

    def explanation(self):
        """Le texte qui explique le cookie choisi."""
        return self.detail.get("1.0", "end-1c")
