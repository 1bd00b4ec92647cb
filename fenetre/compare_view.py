"""« Comparer… » : deux échanges côte à côte, ce qui diffère surligné.

Une fenêtre à part, assez large pour deux colonnes : en haut, le choix des deux
échanges (parmi ceux que garde « Échange brut ») et la liste des différences en
phrases ; en dessous, les deux échanges partie par partie, comme dans « Échange
brut » (``compare.side_lines``), chaque ligne qui diffère surlignée (``compare.marks``) :
en jaune ce qui a changé, en vert ce qui n'est que d'un côté. Les mots de passe
sont masqués si la case est cochée (comme le journal, d'office).
"""

import tkinter as tk
from tkinter import ttk

from serveur.compare import CHANGED, LABEL, TITLE, differences, marks, side_lines
from serveur.display import shown
from serveur.french import typography
from serveur.paper_wording import (COMPARE_LEGEND, COMPARE_NEED_TWO, COMPARE_PICK,
                                   COMPARE_TITLE, MASK_PRINT, difference_line)

from .widgets import INK, PAPER, WrappingLabel, typeset

COLOURS = {CHANGED: "#fff0a0", "only": "#c9f0c9"}


class CompareView(tk.Toplevel):
    """``exchanges`` : les événements EXCHANGE au choix (du plus ancien au plus récent) ;
    ``item_of(événement)`` : son ``printable.Item`` ; ``pick`` : les numéros à montrer
    d'abord (le second peut manquer)."""

    def __init__(self, master, fonts, exchanges, item_of, client_label, hide, masked,
                 pick=(None, None)):
        super().__init__(master)
        self.title(COMPARE_TITLE)
        self.transient(master.winfo_toplevel())
        self.fonts, self.item_of, self.client_label, self.hide = fonts, item_of, client_label, hide
        self.exchanges = list(exchanges)
        self.mask = tk.BooleanVar(master=self, value=masked)
        width = min(self.winfo_screenwidth() - 40, 1300)
        height = min(self.winfo_screenheight() - 80, 900)
        self.geometry("%dx%d+10+10" % (width, height))

        top = ttk.Frame(self, padding=(10, 8, 10, 4))
        top.pack(fill="x")
        WrappingLabel(top, text=typography(COMPARE_PICK if len(self.exchanges) > 1
                                           else COMPARE_NEED_TWO)).pack(fill="x")
        choices = ttk.Frame(top)
        choices.pack(fill="x", pady=4)
        names = [self._describe(event) for event in self.exchanges]
        self.pickers = []
        for column in (0, 1):
            picker = ttk.Combobox(choices, state="readonly", values=names)
            picker.grid(row=0, column=column, sticky="ew", padx=(0, 10) if column == 0 else 0)
            picker.bind("<<ComboboxSelected>>", lambda _event: self.redraw())
            choices.columnconfigure(column, weight=1, uniform="côté")
            self.pickers.append(picker)
        ttk.Checkbutton(top, text=MASK_PRINT, variable=self.mask,
                        command=self.redraw).pack(anchor="w")
        box = ttk.Frame(self)   # les différences, en phrases : elles défilent s'il y en a beaucoup
        box.pack(fill="x", padx=10)
        self.summary = self._text(box, height=6, wrap="word")
        scroll = ttk.Scrollbar(box, orient="vertical", command=self.summary.yview)
        self.summary.configure(yscrollcommand=scroll.set)
        scroll.pack(side="right", fill="y")
        self.summary.pack(side="left", fill="x", expand=True)
        WrappingLabel(self, text=typography(COMPARE_LEGEND), foreground="#555555").pack(
            fill="x", padx=10, pady=(4, 4))
        sides = ttk.PanedWindow(self, orient="horizontal")
        sides.pack(fill="both", expand=True, padx=10, pady=(0, 10))
        self.sides = []
        for _ in (0, 1):
            box = ttk.Frame(sides)
            text = self._text(box, height=10, wrap="char")
            scroll = ttk.Scrollbar(box, orient="vertical", command=text.yview)
            text.configure(yscrollcommand=scroll.set)
            scroll.pack(side="right", fill="y")
            text.pack(side="left", fill="both", expand=True)
            sides.add(box, weight=1)
            self.sides.append(text)
        self.bind("<Escape>", lambda _event: self.destroy())
        typeset(self)
        self.choose(*pick)

    def _text(self, master, **options):
        text = tk.Text(master, font=self.fonts.log, background=PAPER, foreground=INK,
                       relief="flat", padx=6, pady=4, state="disabled", **options)
        text.tag_configure(TITLE, foreground="#613583", font=self.fonts.heading)
        text.tag_configure(LABEL, foreground="#6b6b6b", font=self.fonts.heading)
        for name, colour in COLOURS.items():
            text.tag_configure(name, background=colour)
        return text

    def _describe(self, event):
        request = "%s %s" % (shown(event.method, 40), shown(event.path, 60))
        return "n°%d — %s — %s — %d" % (event.exchange, self.client_label(event.client),
                                        self.hide(request), event.status)

    def choose(self, left=None, right=None):
        """Montre les échanges ``left`` et ``right`` (numéros) ; sinon un choix raisonnable :
        le dernier échange, et avant lui le dernier d'une autre méthode du même poste."""
        numbers = [event.exchange for event in self.exchanges]
        if not numbers:
            return
        first = numbers.index(left) if left in numbers else len(numbers) - 1
        second = numbers.index(right) if right in numbers else self._partner(first)
        self.pickers[0].current(first)
        self.pickers[1].current(second)
        self.redraw()

    def _partner(self, index):
        chosen = self.exchanges[index]
        for other in reversed(range(len(self.exchanges))):
            event = self.exchanges[other]
            if other != index and event.client == chosen.client and event.method != chosen.method:
                return other
        return index - 1 if index else min(1, len(self.exchanges) - 1)

    def chosen(self):
        """Les deux événements choisis (gauche, droite)."""
        return [self.exchanges[picker.current()] for picker in self.pickers
                if picker.current() >= 0]

    def redraw(self):
        chosen = self.chosen()
        if len(chosen) < 2:
            return
        mask = self.mask.get()
        hide = self.hide if mask else (lambda text: text)
        left, right = (self.item_of(event) for event in chosen)
        lines = ["• " + hide(difference_line(found))
                 for found in differences(left, right, mask=mask)]
        self._fill(self.summary, [(line, ()) for line in lines])
        for text, item, marked in zip(self.sides, (left, right), marks(left, right, mask=mask)):
            rows = []
            for line, keys, style in side_lines(item, self.client_label, mask=mask):
                tags = [style] if style else []
                tags.extend(marked[key] for key in keys if key in marked)
                rows.append((hide(line), tuple(tags[:1] if style else tags[-1:])))
            self._fill(text, rows)

    @staticmethod
    def _fill(text, rows):
        text.configure(state="normal")
        text.delete("1.0", "end")
        for line, tags in rows:
            text.insert("end", line + "\n", tags)
        text.configure(state="disabled")

    def content(self, side):
        """Le texte d'un côté (0 : gauche, 1 : droite, 2 : les différences)."""
        text = (self.sides + [self.summary])[side]
        return text.get("1.0", "end")

    def tagged(self, side, tag):
        """Les lignes d'un côté portant ``tag`` (« changed », « only »)."""
        text = self.sides[side]
        ranges = text.tag_ranges(tag)
        return [text.get(start, end).rstrip("\n") for start, end in zip(ranges[::2], ranges[1::2])]
