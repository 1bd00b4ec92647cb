"""Le code de la classe dans la fenêtre : la case et le champ (``ClassCodeRow``), et le code
projeté en grand sur la ligne d'état (``CodeBadge``).

Cochée « Accessible depuis le réseau local », la case « Code de la classe » apparaît à
côté de « Chiffrer (HTTPS) », cochée d'office, avec son champ : le professeur peut taper
son code (4 à 6 chiffres) ou le laisser vide, et le panneau en tire un neuf à chaque
démarrage.
Au démarrage, ``rules()`` donne les règles d'entrée du serveur (``serveur/admission.py``) ;
cet ordinateur n'a jamais à taper le code. Le code ne s'écrit nulle part ailleurs que
sur la ligne d'état : le journal dit ``••••``.
"""

import tkinter as tk
from tkinter import font as tkfont
from tkinter import ttk

from serveur.admission import window_rules
from serveur.class_code import MAX_DIGITS, clean_code
from serveur.french import typography

from .fonts import MAX_URL_SIZE

LABEL = "Code de la classe :"
SHORT_HINT = "4 à 6 chiffres, sinon tiré au hasard"
BADGE = "Code de la classe : "
BADGE_GROWTH = 6    # points de plus que le texte : lisible du fond de la salle


class ClassCodeRow(ttk.Frame):
    """La case « Demander le code de la classe », son champ et une aide d'une ligne.

    ``lan`` : la variable de la case « réseau local » (la rangée ne se montre qu'avec elle)."""

    def __init__(self, master, lan):
        super().__init__(master)
        self.lan = lan
        self.asked = tk.BooleanVar(master=self, value=True)
        self.typed = tk.StringVar(master=self, value="")
        self.check = ttk.Checkbutton(self, text=LABEL, variable=self.asked,
                                     command=self._changed)
        self.check.pack(side="left")
        digits_only = (self.register(self._is_code_text), "%P")
        self.entry = ttk.Entry(self, textvariable=self.typed, width=MAX_DIGITS + 2,
                               validate="key", validatecommand=digits_only)
        self.entry.pack(side="left", padx=(4, 6))
        self.hint = ttk.Label(self, text="", foreground="#9a4b00")
        self.hint.pack(side="left")
        self.typed.trace_add("write", lambda *_args: self._changed())
        lan.trace_add("write", lambda *_args: self._show())
        self._changed()
        self._show()

    @staticmethod
    def _is_code_text(text):
        return text == "" or (text.isdigit() and text.isascii() and len(text) <= MAX_DIGITS)

    def _show(self):
        # À la suite des autres choix d'avant « Démarrer » (pack : rangée après eux).
        if self.lan.get():
            self.pack(side="left", padx=(16, 0))
        else:
            self.pack_forget()

    def _changed(self):
        typed = self.typed.get()
        wrong = typed and not clean_code(typed) and self.asked.get()
        self.hint.configure(text=typography("(%s)" % SHORT_HINT) if wrong else "")
        self.entry.state(["!disabled" if self.asked.get() else "disabled"])

    def rules(self):
        """Les règles d'entrée du prochain démarrage (un code neuf s'il n'est pas tapé)."""
        return window_rules(self.lan.get(), self.asked.get(), self.typed.get())

    def set_running(self, running):
        self.check.state(["disabled" if running else "!disabled"])
        self.entry.state(["disabled" if running or not self.asked.get() else "!disabled"])


class CodeBadge(ttk.Label):
    """« Code de la classe : 4821 », en grand, sur la ligne d'état (rien sans code)."""

    def __init__(self, master, fonts):
        self.fonts = fonts
        self.font = tkfont.Font(master, family=fonts.table.actual()["family"], weight="bold",
                                size=self._size())
        super().__init__(master, text="", font=self.font, foreground="#1b4f9c")
        fonts.master.bind("<<FontsChanged>>", lambda _event: self._resize(), add="+")
        self.grid(row=0, column=1, sticky="e", padx=(12, 0))   # à droite des adresses
        self.grid_remove()

    def _size(self):
        # Plus grand que l'adresse, jamais plus haut qu'elle au plus gros texte (MAX_URL_SIZE) :
        # la ligne d'état ne prend pas de place au journal et aux onglets.
        return min(self.fonts.url_size(self.fonts.size) + BADGE_GROWTH, MAX_URL_SIZE)

    def _resize(self):
        self.font.configure(size=self._size())

    def show(self, code):
        """Montre ``code`` ("" : rien, et la place est rendue)."""
        self.configure(text=typography(BADGE) + code if code else "")
        if code:
            self.grid()
        else:
            self.grid_remove()

    @property
    def code(self):
        text = self.cget("text")
        return text.rpartition(" ")[2] if text else ""
