"""Chaque en-tête expliqué, dans une vue de texte : une bulle au survol, une ligne au clic.

Dans « Échange brut », le nom de chaque en-tête (``Host``, ``Sec-Fetch-Mode``…)
est souligné. Le survoler un instant ouvre une petite bulle qui dit à quoi il
sert ; cliquer l'écrit dans la ligne sous la vue, où elle reste (pratique à
projeter). Les
phrases viennent de ``serveur/header_notes.py`` ; ce module ne fait que les
montrer. ``mark(texte)`` repère les noms, à rappeler après chaque remplissage.
« Sur le fil » s'en sert aussi, avec sa propre façon de trouver l'en-tête sous la
souris (``find`` : les octets d'un en-tête, en hexadécimal ou en texte).
"""

import re
import tkinter as tk

from serveur.french import say
from serveur.header_notes import note

HEADER_TAG = "header-name"
DELAY_MS = 350          # le temps de survol avant la bulle (un passage rapide n'ouvre rien)
TIP_WIDTH = 360         # pixels : la bulle revient à la ligne au-delà
SECTION = re.compile(r"── en-têtes\b")
NAME = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+(?=:)")


class HeaderTips:
    """Les bulles et la ligne d'explication des vues ``texts`` ; ``line`` : l'étiquette
    sous les vues, où s'écrit l'en-tête cliqué ; ``find(texte, x, y)`` : le nom de
    l'en-tête sous le point (x, y), ou None (par défaut ``name_at``, les noms soulignés)."""

    def __init__(self, texts, line, find=None):
        self.line = line
        self.find = find or self.name_at
        self.shown_name = None       # l'en-tête dont la bulle est ouverte (ou attendue)
        self._pending = None
        self.tip = tk.Toplevel(line)
        self.tip.withdraw()
        self.tip.overrideredirect(True)
        self.tip_label = tk.Label(self.tip, justify="left", wraplength=TIP_WIDTH,
                                  background="#fffbe0", foreground="#1e1e1e", relief="solid",
                                  borderwidth=1, padx=6, pady=3)
        self.tip_label.pack()
        line.bind("<Destroy>", lambda _event: self._cancel(), add="+")
        for text in texts:
            text.tag_configure(HEADER_TAG, underline=True)
            text.bind("<Motion>", lambda event, text=text: self._moved(text, event), add="+")
            text.bind("<Leave>", lambda _event: self.hide(), add="+")
            text.bind("<ButtonRelease-1>", lambda event, text=text: self._clicked(text, event),
                      add="+")

    @staticmethod
    def mark(text):
        """Repère les noms d'en-tête des parties « en-têtes » de ``text``."""
        text.tag_remove(HEADER_TAG, "1.0", "end")
        inside = False
        lines = text.get("1.0", "end-1c").split("\n")
        for number, line in enumerate(lines, start=1):
            if line.startswith("── "):
                inside = bool(SECTION.match(line))
                continue
            found = NAME.match(line) if inside else None
            if found:
                text.tag_add(HEADER_TAG, "%d.0" % number, "%d.%d" % (number, found.end()))

    @staticmethod
    def name_at(text, x, y):
        """Le nom d'en-tête sous le point (x, y) de ``text``, ou None."""
        index = text.index("@%d,%d" % (x, y))
        if HEADER_TAG not in text.tag_names(index):
            return None
        start, end = text.tag_prevrange(HEADER_TAG, index + "+1c")
        return text.get(start, end)

    def explanation(self, name):
        return say("%s : %s", name, note(name))

    # -- la bulle --------------------------------------------------------------------------
    def _moved(self, text, event):
        name = self.find(text, event.x, event.y)
        if name == self.shown_name:
            return
        self.hide()
        if name is not None:
            self.shown_name = name
            self._pending = text.after(DELAY_MS, lambda: self.show(name, event.x_root,
                                                                   event.y_root))

    def show(self, name, x, y):
        """Ouvre la bulle de ``name`` près du point (x, y) de l'écran, sans en sortir."""
        self._pending = None
        self.tip_label.configure(text=self.explanation(name))
        self.tip.update_idletasks()
        width, height = self.tip.winfo_reqwidth(), self.tip.winfo_reqheight()
        x = max(0, min(x + 12, self.tip.winfo_screenwidth() - width))
        y = y + 18 if y + 18 + height <= self.tip.winfo_screenheight() else y - height - 6
        self.tip.geometry("+%d+%d" % (x, y))
        self.tip.deiconify()
        self.tip.lift()

    def hide(self):
        self._cancel()
        self.shown_name = None
        self.tip.withdraw()

    def _cancel(self):
        if self._pending is not None:
            self.line.after_cancel(self._pending)
            self._pending = None

    def tip_text(self):
        """Le texte de la bulle si elle est ouverte, sinon ``""``."""
        return self.tip_label.cget("text") if self.tip.winfo_ismapped() else ""

    # -- le clic ---------------------------------------------------------------------------
    def _clicked(self, text, event):
        name = self.find(text, event.x, event.y)
        if name is not None:
            self.line.configure(text=self.explanation(name))
