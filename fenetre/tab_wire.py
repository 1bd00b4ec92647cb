"""L'onglet « Sur le fil » : les octets d'un échange, en hexadécimal et en texte, partie par partie.

L'échange montré est celui qu'on choisit (un clic dans le journal, « Échange
brut », « Séquence ») ; sans choix, le plus récent. Chaque octet est coloré
selon sa partie : ligne de requête (ou de statut), en-têtes, la ligne vide
``0d 0a 0d 0a``, corps ; les fins de ligne ``0d 0a`` sont en rouge. Le découpage
et les phrases viennent de ``serveur/hexdump.py`` ; cet onglet ne fait que
dessiner, au plus ``hexdump.SHOWN`` octets par message.

Quand l'échange était chiffré (HTTPS), la valeur ``tls_bytes`` de l'événement
porte ce qu'un espion voit passer : ce bloc-là vient en premier, tout en gris,
sauf le nom du site passé en clair.

Un clic dans le journal sur ``https://`` tapé devant le serveur HTTP (une erreur
« https-attempt », sans échange) montre ici ses octets, tels qu'un espion les voit,
et ce qu'ils veulent dire (``hexdump.attempt_blocks``) : le journal pose
``clicked_event`` et génère ``<<EventClicked>>``, auquel cet onglet s'abonne.

Chaque en-tête s'explique comme dans « Échange brut » (``HeaderTips``) : survoler
ses octets, en hexadécimal ou en texte, ouvre la bulle et surligne toute sa ligne ;
un clic l'écrit sous la vue. Les octets de chaque en-tête viennent de
``hexdump.header_lines`` ; la colonne sous la souris donne l'octet (``byte_at``).
"""

import tkinter as tk
from tkinter import ttk

from serveur import hexdump
from serveur.events import EXCHANGE
from serveur.french import typography

from .header_tips import HeaderTips
from .tab import Tab, Throttle
from .widgets import INK, PAPER, WrappingLabel, with_scrollbars

# La couleur de fond de chaque partie (et de la légende).
COLOURS = {hexdump.START: "#cfe0fa", hexdump.HEADERS: "#d5efd5", hexdump.BLANK: "#ffcf8f",
           hexdump.BODY: "#ead9f5", hexdump.SECRET: "#dcdcdc", hexdump.NAME: "#fff06a"}
LINE_END = "#c01c28"   # l'encre des octets 0d et 0a
HOVERED = "#9fd89f"    # le fond de l'en-tête survolé
DRAW_EVERY = 0.5       # secondes entre deux dessins du plus récent, au plus souvent (averse)
LEGEND = ((hexdump.START, "ligne de requête ou de statut"), (hexdump.HEADERS, "en-têtes"),
          (hexdump.BLANK, "ligne vide : 0d 0a 0d 0a"), (hexdump.BODY, "corps"),
          (hexdump.SECRET, "chiffré (HTTPS)"), (hexdump.NAME, "nom du site, en clair"))
INTRODUCTION = ("Les octets tels qu'ils ont voyagé : leur position, leur valeur en hexadécimal, "
                "puis chacun lu comme une lettre (sinon un point : « é » fait deux octets, c3 a9).")
NOTHING = "Cliquez sur une requête du journal : voici ses octets."
HEADER_HINT = "Survolez ou cliquez les octets d'un en-tête : il s'explique ici."


class WireTab(Tab):
    """« Sur le fil » : l'échange choisi, octet par octet."""

    tab_title = "Sur le fil"
    shows_exchange = True   # un clic dans le journal laisse cet onglet ouvert

    def __init__(self, master, context):
        super().__init__(master, context)
        fonts = context.fonts
        self.fonts = fonts
        self.title = WrappingLabel(self, text=NOTHING)   # police ordinaire : tient au plus gros texte
        self.title.pack(fill="x")
        WrappingLabel(self, text=typography(INTRODUCTION)).pack(fill="x", pady=(2, 4))
        self.legend = ttk.Frame(self)
        self.legend.pack(fill="x", pady=(0, 4))
        self._legend_rows = [ttk.Frame(self.legend) for _ in LEGEND + ((None, ""),)]
        self._legend = [tk.Label(self.legend, text=typography(text), font=fonts.table, padx=4,
                                 background=COLOURS.get(part, PAPER),
                                 foreground=INK if part else LINE_END)
                        for part, text in LEGEND + ((None, "0d 0a = \\r\\n, fin de ligne"),)]
        self._legend_width = 0
        self.legend.bind("<Configure>", lambda event: self._reflow_legend(event.width))
        box = ttk.Frame(self)
        box.pack(fill="both", expand=True)
        # La ligne des en-têtes cliqués, placée avant la vue : elle garde sa place.
        self.header_line = WrappingLabel(self, text=typography(HEADER_HINT), foreground="#613583")
        self.header_line.pack(side="bottom", fill="x", pady=(4, 0), before=box)
        self.text = tk.Text(box, wrap="none", font=fonts.log, state="disabled", height=8,
                            width=40, background=PAPER, foreground=INK, relief="flat",
                            padx=6, pady=4)
        with_scrollbars(box, self.text)
        for part, colour in COLOURS.items():
            self.text.tag_configure(part, background=colour)
        self.text.tag_configure("eol", foreground=LINE_END)
        # Les titres et les notes reviennent à la ligne ; les lignes du vidage, jamais.
        self.text.tag_configure("title", font=fonts.heading, foreground="#613583", wrap="word")
        self.text.tag_configure("note", font=fonts.table, foreground="#6b6b6b", wrap="word")
        self.text.tag_configure("hovered", background=HOVERED, underline=True)
        self._dumped = []       # (ligne de Tk de la première ligne du vidage, bloc)
        self.hovered = None     # (ligne de Tk, Header) de l'en-tête surligné
        self.tips = HeaderTips((self.text,), self.header_line,
                               find=lambda _text, x, y: self._name_at(x, y))
        self.text.bind("<Motion>", lambda event: self._highlight(self.header_at(event.x,
                                                                                event.y)),
                       add="+")
        self.text.bind("<Leave>", lambda _event: self._highlight(None), add="+")
        self.newest = None      # l'échange le plus récent (le plus grand numéro)
        self.shown = None       # l'échange montré (ou https:// tapé devant le serveur HTTP)
        self.following = True   # montrer le plus récent, tant qu'on n'en a pas choisi un autre
        self.dirty = False
        self.throttle = Throttle(self, self.draw, DRAW_EVERY)
        self.width = 0          # octets par ligne du dernier dessin
        self.bind("<Map>", lambda _event: self.dirty and self.draw())
        self.text.bind("<Configure>", lambda _event: self._resized())
        self.winfo_toplevel().bind("<<EventClicked>>", self._event_clicked, add="+")

    def preferred_width(self):
        """Assez de place pour seize octets par ligne (hexadécimal et texte)."""
        return self.fonts.log.measure("0") * (hexdump.line_chars(16) + 2) + 60

    def add(self, event):
        if event.kind != EXCHANGE:
            return
        if self.newest is None or event.exchange >= self.newest.exchange:
            self.newest = event
            self.dirty = self.dirty or self.following

    def refresh(self):
        """Redessine après un paquet, seulement si l'onglet est visible ; sous une averse,
        le plus récent au plus toutes les DRAW_EVERY secondes."""
        if self.dirty and self.winfo_ismapped():
            self.throttle.soon()

    def exchange_chosen(self, event):
        self.shown = event
        self.following = self.newest is None or event.exchange >= self.newest.exchange
        self.redisplay()

    def _event_clicked(self, clicked):
        """Une ligne du journal sans échange (https:// tapé devant le serveur HTTP) : si
        cette vue sait la montrer, elle la montre et passe devant."""
        event = getattr(clicked.widget, "clicked_event", None)
        if event is None or event.kind == EXCHANGE or not hexdump.shows(event):
            return
        self.shown, self.following = event, False
        self.master.select(self)   # le carnet d'onglets (notre parent)
        self.redisplay()

    def redisplay(self):
        self.dirty = True
        if self.winfo_ismapped():
            self.draw()   # un choix de l'utilisateur : tout de suite

    def clear(self):
        self.newest = self.shown = None
        self.following = True
        self.draw()

    def _reflow_legend(self, width):
        """La légende passe à la ligne quand elle ne tient pas en largeur (rien n'est coupé)."""
        if width == self._legend_width or width < 20:
            return
        self._legend_width = width
        row, used = 0, 0
        for label in self._legend:
            label.pack_forget()
        for frame in self._legend_rows:
            frame.pack_forget()
        for label in self._legend:
            size = label.winfo_reqwidth() + 4
            if used and used + size > width:
                row, used = row + 1, 0
            if not used:
                self._legend_rows[row].pack(fill="x")
            label.pack(in_=self._legend_rows[row], side="left", padx=(0, 4), pady=1)
            used += size

    def _resized(self):
        if self.shown is not None and self._bytes_per_line() != self.width:
            self.draw()

    def _bytes_per_line(self):
        """16 octets par ligne quand ils tiennent dans la largeur du texte, sinon 8."""
        room = self.text.winfo_width() - 16
        return 16 if room >= self.fonts.log.measure("0") * hexdump.line_chars(16) else 8

    def draw(self):
        self.dirty = False
        self.throttle.drawn()
        if self.following and self.newest is not None:
            self.shown = self.newest
        event = self.shown
        text = self.text
        text.configure(state="normal")
        text.delete("1.0", "end")
        self._dumped, self.hovered = [], None
        self.width = self._bytes_per_line()
        if event is None:
            title, blocks = typography(NOTHING), ()
        elif event.kind != EXCHANGE:   # https:// tapé devant le serveur HTTP
            title = typography("https:// tapé devant ce serveur HTTP, du client %s") % (
                self.context.client_label(event.client))
            blocks = hexdump.attempt_blocks(event, self.width)
        else:
            title = typography("Requête n°%d — %s, du client %s") % (
                event.exchange, self.context.hide("%s %s → %d %s" % (
                    event.method, event.path, event.status, event.reason)),
                self.context.client_label(event.client))
            blocks = hexdump.wire_blocks(event, self.width, hide=self.context.hide)
        self.title.configure(text=title)
        for block in blocks:
            self._insert_block(block)
        text.configure(state="disabled")

    def _insert_block(self, block):
        """Un message : son titre, ses lignes (un seul appel à Tk), ce qui manque."""
        first = int(self.text.index("end-1c").split(".")[0]) + block.title.count("\n") + 1
        self._dumped.append((first, block))
        pieces = [block.title + "\n", ("title",)]
        for row in block.rows:
            for chunk, tags in hexdump.pieces(row, self.width):
                if pieces[-1] == tags and len(pieces) > 2:
                    pieces[-2] += chunk   # même couleur que le morceau d'avant : réunis
                else:
                    pieces += [chunk, tags]
            pieces += ["\n", ()]
        if block.note:
            pieces += [block.note + "\n", ("note",)]
        pieces += ["\n", ()]
        self.text.insert("end", *pieces)

    def header_at(self, x, y):
        """L'en-tête dont un octet est sous le point (x, y) du vidage : (la ligne de Tk
        où commence son bloc, ``hexdump.Header``), ou None."""
        line, column = (int(part) for part in self.text.index("@%d,%d" % (x, y)).split("."))
        for first, block in self._dumped:
            if 0 <= line - first < len(block.rows):
                row = block.rows[line - first]
                index = hexdump.byte_at(column, self.width)
                if index is None or index >= len(row.cells):
                    return None
                found = hexdump.header_at(block.headers, row.offset + index)
                shown = block.rows[-1].offset + len(block.rows[-1].cells)   # au plus SHOWN
                return (first, found._replace(end=min(found.end, shown))) if found else None
        return None

    def _name_at(self, x, y):
        found = self.header_at(x, y)
        return found[1].name if found else None

    def _highlight(self, found):
        """Surligne toute la ligne de l'en-tête survolé (hexadécimal et texte)."""
        if found == self.hovered:
            return
        self.hovered = found
        self.text.tag_remove("hovered", "1.0", "end")
        if found is not None:
            first, header = found
            for row, start, end in hexdump.spans(header.start, header.end, self.width):
                self.text.tag_add("hovered", "%d.%d" % (first + row, start),
                                  "%d.%d" % (first + row, end))

    def shown_text(self):
        """Tout le texte affiché (les tests le lisent)."""
        return self.text.get("1.0", "end")
