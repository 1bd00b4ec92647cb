"""L'onglet « Séquence » : navigateur, réseau, serveur, et les messages qui vont de l'un à l'autre.

Trois colonnes, le temps qui descend : chaque requête est une flèche du
navigateur vers le serveur, chaque réponse une flèche qui revient. Sur la ligne
du serveur, le Python qui a répondu (sa méthode, son fichier, sa ligne) ; sur
celle du navigateur, ce que lui seul fait (lire le HTML, demander la suite,
exécuter le JavaScript). Les étapes et leurs phrases viennent de
``serveur/sequence.py`` ; cet onglet ne fait que dessiner sur un ``Canvas``.

Un clic sur une flèche ouvre son échange (``<<ExchangeClicked>>``, comme un clic
dans le journal). Borné : au plus ``MAX_KEPT`` échanges gardés, ``MAX_DRAWN``
dessinés (les plus récents du poste choisi) ; redessiné une fois par paquet, au
plus toutes les ``DRAW_EVERY`` secondes, et seulement quand l'onglet est visible.
"""

import collections
import tkinter as tk
from tkinter import ttk

from serveur.events import EXCHANGE
from serveur.french import say, typography
from serveur.sequence import ANSWER_ARROW, BROWSER_NOTE, REQUEST_ARROW, SERVER_NOTE, steps

from .tab import Tab, Throttle
from .widgets import INK, PAPER, WrappingLabel

MAX_KEPT = 400       # échanges gardés
MAX_DRAWN = 60       # échanges dessinés au plus (les plus récents)
DRAW_EVERY = 0.25    # secondes entre deux dessins, au plus souvent (sous une averse)
ALL = "Tous les postes"
LANES = ("Navigateur", "Réseau", "Serveur")
HELP = ("Le temps descend. Chaque flèche traverse le réseau : la requête va du navigateur au "
        "serveur, la réponse revient. Cliquez sur une flèche pour ouvrir l'échange.")
REQUEST_INK, NOTE_FILL, CODE_INK, NETWORK_FILL = "#1a5fb4", "#fff4c2", "#26734d", "#eef4fb"


def answer_ink(status):
    """La couleur d'une réponse : verte (2xx), orange (3xx), rouge (erreur)."""
    return "#26734d" if 200 <= status < 300 else "#b35900" if 300 <= status < 400 else "#c01c28"


class SequenceTab(Tab):
    """« Séquence » : le diagramme des échanges d'un poste (ou de tous)."""

    tab_title = "Séquence"

    def __init__(self, master, context):
        super().__init__(master, context)
        self.fonts = context.fonts
        self.exchanges = collections.deque(maxlen=MAX_KEPT)
        self.client = None          # l'adresse du poste montré (None : tous)
        self.chosen = None          # le numéro de l'échange choisi
        self.following = True       # descendre avec les nouveaux échanges
        self.dirty = False
        self.throttle = Throttle(self, self.draw, DRAW_EVERY)   # sous une averse
        top = ttk.Frame(self)
        top.pack(fill="x")
        ttk.Label(top, text=typography("Montrer :")).pack(side="left")
        self.choice = tk.StringVar(master=self, value=ALL)
        self.clients_box = ttk.Combobox(top, textvariable=self.choice, state="readonly",
                                        values=(ALL,), width=18, postcommand=self._list_clients)
        self.clients_box.pack(side="left", padx=(4, 0))
        self.clients_box.bind("<<ComboboxSelected>>", lambda _event: self._client_chosen())
        self.title = WrappingLabel(self, text="")
        self.title.pack(fill="x", pady=(2, 0))
        WrappingLabel(self, text=typography(HELP)).pack(fill="x", pady=(0, 4))
        self.lanes = tk.Canvas(self, background=PAPER, highlightthickness=0, height=24)
        self.lanes.pack(fill="x")
        box = ttk.Frame(self)
        box.pack(fill="both", expand=True)
        self.canvas = tk.Canvas(box, background=PAPER, highlightthickness=0, height=200,
                                closeenough=4.0)
        down = ttk.Scrollbar(box, orient="vertical", command=self._scroll)
        self.canvas.configure(yscrollcommand=down.set)
        down.pack(side="right", fill="y")
        self.canvas.pack(side="left", fill="both", expand=True)
        self._names = {}            # texte du choix -> adresse
        self.canvas.tag_bind("exchange", "<Button-1>", self._clicked)
        self.canvas.tag_bind("exchange", "<Enter>", lambda _e: self.canvas.configure(cursor="hand2"))
        self.canvas.tag_bind("exchange", "<Leave>", lambda _e: self.canvas.configure(cursor=""))
        for sequence in ("<MouseWheel>", "<Button-4>", "<Button-5>"):
            self.canvas.bind(sequence, self._wheel)
        self.canvas.bind("<Configure>", lambda _event: self.draw())
        self.bind("<Map>", lambda _event: self.draw())
        self.clicked_exchange = None

    def preferred_width(self):
        """Assez de place pour les trois colonnes et le code du serveur."""
        return self.fonts.table.measure("0") * 72 + 40

    # -- le protocole des onglets ------------------------------------------------------
    def add(self, event):
        if event.kind == EXCHANGE:
            self.exchanges.append(event)
            self.dirty = True

    def refresh(self):
        """Redessine après un paquet, si l'onglet est visible, au plus toutes les DRAW_EVERY s."""
        if self.dirty and self.winfo_ismapped():
            self.throttle.soon()

    def exchange_chosen(self, event):
        self.chosen = event.exchange
        self._highlight()

    def redisplay(self):
        self.draw()

    def clear(self):
        self.exchanges.clear()
        self.client, self.chosen, self.following = None, None, True
        self.choice.set(ALL)
        self.draw()

    # -- choisir un poste, un échange ---------------------------------------------------
    def _list_clients(self):
        label = self.context.client_label
        self._names = {label(record.address): record.address
                       for record in self.context.clients.records()}
        self.clients_box.configure(values=(ALL,) + tuple(self._names))

    def _client_chosen(self):
        self.client = self._names.get(self.choice.get())
        self.following = True
        self.draw()

    def show_client(self, address):
        """Ne montre que ce poste (``None`` : tous)."""
        self.client = address
        self.choice.set(self.context.client_label(address) if address else ALL)
        self._names[self.choice.get()] = address
        self.draw()

    def _clicked(self, _event):
        for tag in self.canvas.gettags("current"):
            if tag.startswith("x") and tag[1:].isdigit():
                self.clicked_exchange = int(tag[1:])
                self.event_generate("<<ExchangeClicked>>")
                return

    def _scroll(self, *args):
        self.canvas.yview(*args)
        self.following = self.canvas.yview()[1] >= 0.999

    def _wheel(self, event):
        step = -1 if getattr(event, "num", 0) == 4 or getattr(event, "delta", 0) > 0 else 1
        self._scroll("scroll", step * 2, "units")

    # -- dessiner -------------------------------------------------------------------------
    def shown_exchanges(self):
        """Les échanges dessinés : ceux du poste choisi, les plus récents ; et combien
        d'autres, plus anciens, ne le sont pas."""
        chosen = [event for event in self.exchanges
                  if self.client is None or event.client == self.client]
        return chosen[-MAX_DRAWN:], max(len(chosen) - MAX_DRAWN, 0)

    def draw(self):
        self.dirty = False
        self.throttle.drawn()
        canvas, font = self.canvas, self.fonts.table
        canvas.delete("all")
        width = max(canvas.winfo_width(), 320)
        # La colonne du navigateur juste assez large pour son titre : le réseau, où passent
        # les étiquettes des flèches, prend la place.
        browser_x = max(int(width * 0.12), self.fonts.heading.measure(LANES[0]) // 2 + 6)
        server_x = int(width * 0.6)
        self._draw_lanes(width, browser_x, server_x)
        events, older = self.shown_exchanges()
        who = self.context.client_label(self.client) if self.client else "tous les postes"
        self.title.configure(text=say("%s de %s%s", say(
            "%d échange" if len(events) < 2 else "%d échanges", len(events)), who,
            say(" (et %d plus anciens, non dessinés)", older) if older else ""))
        line = font.metrics("linespace")
        several = len({event.client for event in events}) > 1   # nommer le poste de chaque requête
        drawn = steps(events, self.context.client_label if several else None)
        hide = self.context.hide
        columns = 1 + max((step.column for step in drawn), default=0)
        code_x = server_x + 10 + 9 * min(columns, 6)
        rooms = {BROWSER_NOTE: server_x - 20, SERVER_NOTE: max(width - code_x - 4, 60)}
        tops, y = {}, 6
        for step in drawn:   # la hauteur de chaque rangée, dans l'ordre
            if step.slot not in tops:
                tops[step.slot] = y
                y += self._height(step, line, rooms.get(step.kind))
            else:   # le code du serveur, à côté de sa requête : la rangée le contient
                y = max(y, tops[step.slot] + self._height(step, line, rooms.get(step.kind)))
        arrow_room = server_x - browser_x - 8
        arrows = {}   # numéro -> y de la requête, pour la barre d'activité
        for step in drawn:
            top = tops[step.slot]
            tags = ("exchange", "x%d" % step.exchange)
            lines = [hide(text) for text in step.lines]
            if step.kind in (REQUEST_ARROW, ANSWER_ARROW):   # une ligne chacune, entre les colonnes
                lines = [self._fit(text, arrow_room) for text in lines]
            bar_x = server_x + 2 + 9 * min(step.column, 5)
            if step.kind == REQUEST_ARROW:
                at = top + line + 4
                arrows[step.exchange] = at
                canvas.create_line(browser_x, at, bar_x, at + 6, arrow="last", width=2,
                                   fill=REQUEST_INK, tags=tags + ("arrow",))
                canvas.create_text((browser_x + server_x) // 2, at - 2, anchor="s", text=lines[0],
                                   font=font, fill=REQUEST_INK, tags=tags + ("label",),
                                   width=server_x - browser_x - 8)
            elif step.kind == ANSWER_ARROW:
                at = top + line * len(lines) + 4
                start = arrows.get(step.exchange, at - line)
                canvas.create_rectangle(bar_x, start + 6, bar_x + 7, at, fill="#9ec5f5",
                                        outline=REQUEST_INK, tags=tags)
                ink = answer_ink(step.status)
                canvas.create_line(bar_x, at, browser_x, at + 6, arrow="last", width=2,
                                   fill=ink, tags=tags + ("arrow",))
                canvas.create_text((browser_x + server_x) // 2, at - 2, anchor="s",
                                   text="\n".join(lines), font=font, fill=ink,
                                   tags=tags + ("label",),
                                   width=server_x - browser_x - 8, justify="center")
            elif step.kind == SERVER_NOTE:
                canvas.create_text(code_x, top + 2, anchor="nw", text="\n".join(lines),
                                   font=font, fill=CODE_INK, tags=tags,
                                   width=rooms[SERVER_NOTE])
            elif step.kind == BROWSER_NOTE:
                if len(lines) > 1:   # plusieurs choses que fait le navigateur : une puce chacune
                    lines = ["• " + text for text in lines]
                text = canvas.create_text(8, top + 4, anchor="nw", text="\n".join(lines),
                                          font=font, fill=INK, width=rooms[BROWSER_NOTE])
                x0, y0, x1, y1 = canvas.bbox(text)
                box = canvas.create_rectangle(x0 - 4, y0 - 2, x1 + 4, y1 + 2, fill=NOTE_FILL,
                                              outline="#c9a800")
                canvas.tag_lower(box, text)
        canvas.tag_lower("lane")
        end = max(y, canvas.winfo_height()) + line
        canvas.coords("lifeline-browser", browser_x, 0, browser_x, end)
        canvas.coords("lifeline-server", server_x, 0, server_x, end)
        canvas.coords("network", browser_x, 0, server_x, end)
        canvas.configure(scrollregion=(0, 0, width, end))
        self._highlight()
        if self.following:
            canvas.yview_moveto(1.0)

    def _height(self, step, line, room):
        """La hauteur d'une rangée : ses lignes de texte (repliées à la largeur ``room``
        pour une note), sa flèche."""
        if step.kind in (BROWSER_NOTE, SERVER_NOTE):
            room = max(room, 40)
            rows = sum(1 + self.fonts.table.measure(text) // room for text in step.lines)
            return rows * line + (14 if step.kind == BROWSER_NOTE else 8)
        if step.kind == ANSWER_ARROW:
            return (len(step.lines) + 1) * line + 8
        return 2 * line + 12   # requête : son étiquette et sa flèche

    def _fit(self, text, room):
        """``text`` coupé (« … ») pour tenir sur une ligne de ``room`` pixels."""
        measure = self.fonts.table.measure
        if measure(text) <= room:
            return text
        low, high = 0, len(text)
        while low < high:   # le plus long début qui tient, avec « … »
            middle = (low + high + 1) // 2
            if measure(text[:middle] + "…") <= room:
                low = middle
            else:
                high = middle - 1
        return text[:low] + "…"

    def _draw_lanes(self, width, browser_x, server_x):
        """Les trois colonnes : leurs titres (au-dessus, fixes) et leurs lignes de vie."""
        lanes, canvas = self.lanes, self.canvas
        lanes.delete("all")
        lanes.configure(height=self.fonts.heading.metrics("linespace") + 8)
        lanes.create_rectangle(browser_x, 0, server_x, 100, fill=NETWORK_FILL, outline="")
        for x, name in zip((browser_x, (browser_x + server_x) // 2, server_x), LANES):
            lanes.create_text(x, 4, anchor="n", text=name, font=self.fonts.heading, fill=INK)
        canvas.create_rectangle(browser_x, 0, server_x, 1, fill=NETWORK_FILL, outline="",
                                tags=("lane", "network"))
        for name, x in (("browser", browser_x), ("server", server_x)):
            canvas.create_line(x, 0, x, 1, dash=(4, 3), fill="#8a8a8a",
                               tags=("lane", "lifeline-" + name))

    def _highlight(self):
        """L'échange choisi a des flèches plus épaisses."""
        self.canvas.itemconfigure("arrow", width=2)
        if self.chosen is not None:
            self.canvas.itemconfigure("arrow&&x%d" % self.chosen, width=4)

    def arrow_labels(self):
        """Les étiquettes des flèches, de haut en bas (les tests les lisent)."""
        canvas = self.canvas
        items = sorted(canvas.find_withtag("label"), key=lambda item: canvas.coords(item)[1])
        return [canvas.itemcget(item, "text") for item in items]
