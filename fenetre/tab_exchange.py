"""L'onglet « Échange brut » : la liste des requêtes ; la requête choisie
s'affiche telle que reçue, à côté de la réponse envoyée, chaque partie étiquetée.

Les lignes sont rangées par numéro de requête, même quand des requêtes servies
en parallèle arrivent dans le désordre. Tant que l'utilisateur n'a pas choisi
un échange plus ancien, le plus récent est choisi et montré.

Génère ``<<ExchangeChosen>>`` quand un échange est choisi (``selected()``). Ctrl+clic en
choisit plusieurs (``chosen()``) ; les boutons « Imprimer… », « Comparer… » et « Toute la
séance… » génèrent ``<<PrintChosen>>``, ``<<CompareChosen>>`` et ``<<PrintSession>>``
(``paper.py`` y répond).
"""

import bisect
import collections
import time
import tkinter as tk
from tkinter import ttk

from serveur.events import EXCHANGE
from serveur.sections import exchange_sections
from serveur.french import decimal
from serveur.paper_wording import COMPARE_CHOSEN_BUTTON, PRINT_BUTTON, SESSION_BUTTON

from .flow import FlowRow
from .header_tips import HeaderTips
from .tab import Tab
from .widgets import INK, PAPER, ScrolledTable, WrappingLabel

MAX_EXCHANGES = 500          # échanges gardés pour la vue « échange brut »
LINE_CHARS = 60              # caractères lisibles par ligne de la requête et de la réponse
HEADER_HINT = "Survolez ou cliquez un nom d'en-tête souligné : il s'explique ici."


class ExchangeTab(Tab):
    """« Échange brut » : la liste des requêtes ; la requête choisie s'affiche
    telle que reçue, à côté de la réponse envoyée, chaque partie étiquetée."""

    tab_title = "Échange brut"
    # (nom, titre, valeur typique qui doit tenir, s'étire)
    COLUMNS = (("#0", "n°", "99 999", False), ("time", "Heure", "00:00:00", False),
               ("client", "Client", "192.168.100.200", False),
               ("request", "Requête", "POST /ressource.html", True),
               ("status", "Statut", "404", False), ("duration", "Durée", "999,9 ms", False))

    def __init__(self, master, context):
        super().__init__(master, context)
        fonts = context.fonts
        self.client_label = context.client_label
        self.exchanges = collections.OrderedDict()   # numéro -> événement EXCHANGE
        WrappingLabel(self, text="Choisissez une requête (ici ou d'un clic dans le journal) :"
                      ).pack(fill="x")
        bar = FlowRow(self)   # sur papier, côte à côte (paper.py) ; sur deux lignes au besoin
        bar.pack(fill="x", pady=(2, 4))
        for text, virtual in ((PRINT_BUTTON, "<<PrintChosen>>"),
                              (COMPARE_CHOSEN_BUTTON, "<<CompareChosen>>"),
                              (SESSION_BUTTON, "<<PrintSession>>")):
            bar.add(ttk.Button(bar, text=text, command=lambda virtual=virtual:
                               self.event_generate(virtual)))
        panes = ttk.PanedWindow(self, orient="vertical")
        panes.pack(fill="both", expand=True)
        box = ScrolledTable(panes, fonts, self.COLUMNS, height=5)
        self.tree = box.tree
        self.tree.configure(selectmode="extended")   # Ctrl+clic : plusieurs, à imprimer
        self.tree.bind("<<TreeviewSelect>>", lambda _event: self._selected())
        for sequence in ("<ButtonRelease-1>", "<KeyRelease-Up>", "<KeyRelease-Down>",
                         "<KeyRelease-Prior>", "<KeyRelease-Next>"):
            self.tree.bind(sequence, lambda _event: self._user_picked(), add="+")
        self.bind("<Map>", lambda _event: self.refresh())   # l'onglet devient visible
        # Tout reste borné par MAX_EXCHANGES, même si l'onglet reste caché toute la journée.
        self._rows = []          # numéros présents dans le tableau, dans l'ordre
        self._pending = set()    # échanges gardés mais pas encore dans le tableau
        self._evicted = set()    # lignes du tableau dont l'échange a été oublié
        self.newest_first_choice = True   # choisir le plus récent, tant que l'utilisateur n'a rien choisi
        panes.add(box, weight=2)
        # La requête reçue, puis en dessous la réponse envoyée : chacune a toute la
        # largeur de l'onglet (« HTTP/1.1 200 OK » n'est jamais coupé en deux).
        for name in ("request_text", "reply_text"):
            box = ttk.Frame(panes)
            text = self._detail_text(box, fonts)
            scroll = ttk.Scrollbar(box, orient="vertical", command=text.yview)
            text.configure(yscrollcommand=scroll.set)
            scroll.pack(side="right", fill="y")
            text.pack(side="left", fill="both", expand=True)
            setattr(self, name, text)   # la requête reçue, puis la réponse envoyée
            panes.add(box, weight=3)
        # Chaque nom d'en-tête expliqué : une bulle au survol, cette ligne au clic (en bas,
        # placée avant les vues : elle garde sa place quand la fenêtre est petite).
        self.header_line = WrappingLabel(self, text=HEADER_HINT, foreground="#613583")
        self.header_line.pack(side="bottom", fill="x", pady=(4, 0), before=panes)
        self.tips = HeaderTips((self.request_text, self.reply_text), self.header_line)

    def preferred_width(self):
        """Assez de place pour lire 60 caractères d'une ligne d'en-tête sans qu'elle se coupe."""
        return self.context.fonts.log.measure("0") * (LINE_CHARS + 2) + 90   # marges et barre

    @staticmethod
    def _detail_text(master, fonts):
        text = tk.Text(master, wrap="char", height=6, width=LINE_CHARS, font=fonts.log,
                       state="disabled", background=PAPER, foreground=INK, relief="flat",
                       padx=6, pady=4)
        text.tag_configure("label", foreground="#6b6b6b", font=fonts.heading, wrap="word")
        text.tag_configure("title", foreground="#613583", font=fonts.heading, wrap="word")
        return text

    def add(self, event):
        """Garde l'échange ; le tableau n'est mis à jour qu'au prochain ``refresh``."""
        if event.kind != EXCHANGE:
            return
        self.exchanges[event.exchange] = event
        self._pending.add(event.exchange)
        if len(self.exchanges) > MAX_EXCHANGES:
            old, _ = self.exchanges.popitem(last=False)
            self._pending.discard(old)
            if self.tree.exists(str(old)):
                self._evicted.add(old)

    def refresh(self, force=False):
        """Met le tableau à jour après un paquet d'échanges, si l'onglet est visible
        (sous une averse de requêtes, l'onglet caché ne coûte rien)."""
        if not (self._pending or self._evicted) or not (force or self.winfo_ismapped()):
            return
        if len(self._pending) >= MAX_EXCHANGES // 2:
            # Beaucoup de nouveautés : on reconstruit le tableau d'un coup.
            self.tree.delete(*self.tree.get_children())
            self._rows = []
            numbers = sorted(self.exchanges)
        else:
            if self._evicted:
                self.tree.delete(*[str(number) for number in self._evicted])
                self._rows = [number for number in self._rows if number not in self._evicted]
            numbers = sorted(self._pending)
        for number in numbers:
            event = self.exchanges[number]
            values = (time.strftime("%H:%M:%S", time.localtime(event.time)),
                      self.client_label(event.client),
                      self.context.hide("%s %s" % (event.method, event.path)),
                      event.status, "%s ms" % decimal(event.duration * 1000, 1))
            if self.tree.exists(str(number)):
                self.tree.item(str(number), values=values)
                continue
            # À sa place dans l'ordre des numéros (une requête servie en parallèle
            # peut finir, et donc arriver, après la suivante).
            index = bisect.bisect(self._rows, number)
            self._rows.insert(index, number)
            self.tree.insert("", index, iid=str(number), text=str(number), values=values)
        self._pending, self._evicted = set(), set()
        if self.newest_first_choice and self._rows:
            self._choose(self._rows[-1])

    def _choose(self, number):
        self.tree.selection_set(str(number))
        self.tree.see(str(number))
        self._selected()

    def _user_picked(self):
        # L'utilisateur a choisi une ligne : on ne choisit plus à sa place, sauf
        # s'il a choisi la plus récente (il suit alors les nouvelles).
        chosen = self.tree.selection()
        self.newest_first_choice = bool(chosen and self._rows
                                        and int(chosen[0]) == self._rows[-1])

    def show(self, number):
        """Sélectionne l'échange ``number`` (s'il est encore gardé) ; vrai si trouvé."""
        self.refresh(force=True)
        if not self.tree.exists(str(number)):
            return False
        self._choose(number)
        self._user_picked()
        return True

    def _selected(self):
        chosen = self.tree.selection()
        event = self.exchanges.get(int(chosen[0])) if chosen else None
        hide = self.context.hide
        sections = [(label, hide(text)) for label, text in
                    exchange_sections(event, self.client_label)] if event is not None else []
        # Les parties de la requête, puis celles de la réponse (chacune commence
        # par un titre sans étiquette).
        starts = [index for index, (label, _) in enumerate(sections) if not label] + [None]
        halves = [sections[starts[0]:starts[1]], sections[starts[1]:]] if sections else [[], []]
        for widget, half in zip((self.request_text, self.reply_text), halves):
            widget.configure(state="normal")
            widget.delete("1.0", "end")
            for label, text in half:
                if label:
                    widget.insert("end", "── %s ──\n" % label, "label", text + "\n")
                else:
                    widget.insert("end", text + "\n", "title")
            widget.configure(state="disabled")
            self.tips.mark(widget)
        self.event_generate("<<ExchangeChosen>>")

    def redisplay(self):
        for number in self._rows:
            event = self.exchanges.get(number)
            if event is not None:
                self.tree.set(str(number), "request",
                              self.context.hide("%s %s" % (event.method, event.path)))
        self._selected()

    def detail_text(self):
        """Tout le texte affiché de l'échange choisi (requête puis réponse)."""
        return self.request_text.get("1.0", "end") + self.reply_text.get("1.0", "end")

    def selected(self):
        chosen = self.tree.selection()
        return self.exchanges.get(int(chosen[0])) if chosen else None

    def chosen(self):
        """Les échanges choisis (Ctrl+clic pour plusieurs), dans l'ordre des numéros."""
        return [self.exchanges[int(number)] for number in self.tree.selection()
                if int(number) in self.exchanges]

    def kept(self):
        """Tous les échanges gardés, dans l'ordre des numéros."""
        return [self.exchanges[number] for number in sorted(self.exchanges)]

    def clear(self):
        self.exchanges.clear()
        self._rows, self._pending, self._evicted = [], set(), set()
        self.newest_first_choice = True
        self.tree.delete(*self.tree.get_children())
        self._selected()
