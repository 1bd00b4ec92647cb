"""« Imprimer… » : la petite fenêtre qui demande quelles parties cacher (« à trous »).

Une case par sorte de partie (``paper_wording.BLANK_KINDS``), rangées en deux
colonnes, la requête et la réponse ; les en-têtes à cacher (vide : tous) ; le
corrigé, un échange par page, les mots de passe masqués (cochée si le journal
les masque) ; pour toute la séance, tous les échanges ou seulement ceux qui
envoient des données. « Enregistrer et ouvrir… » rend la main à ``on_confirm(options,
seulement_les_données)`` (``paper.py`` demande où enregistrer, écrit la page et l'ouvre).

Les choix restent d'une ouverture à l'autre, le temps de la séance (``REMEMBERED``).
"""

import tkinter as tk
from tkinter import ttk

from serveur.paper_wording import (ALL_EXCHANGES, BLANK_KINDS, BLANKS_TITLE, CANCEL, FORMS_ONLY,
                                   MASK_PRINT, ONLY_HEADERS, PAGE_BREAKS, PRINT_INTRO,
                                   PRINT_TITLE, REPLY_SIDE, REQUEST_SIDE, SAVE_AND_OPEN, WITH_KEY)
from serveur.french import say
from serveur.printable import Options

from .widgets import WrappingLabel, typeset

REMEMBERED = {}   # les derniers choix : « blanks », « headers », « key », « page_breaks »


class PrintDialog(tk.Toplevel):
    """Les choix d'une page à imprimer ; ``what`` dit ce qui est imprimé (« L'échange n°12 »)."""

    def __init__(self, master, what, on_confirm, masked, session=False):
        super().__init__(master)
        self.title(PRINT_TITLE)
        self.transient(master.winfo_toplevel())
        self.on_confirm, self.what = on_confirm, what
        chosen = REMEMBERED.get("blanks", frozenset())
        self.blanks = {code: tk.BooleanVar(master=self, value=code in chosen)
                       for code, _, _ in BLANK_KINDS}
        self.headers = tk.StringVar(master=self, value=REMEMBERED.get("headers", ""))
        self.key = tk.BooleanVar(master=self, value=REMEMBERED.get("key", True))
        self.page_breaks = tk.BooleanVar(master=self, value=REMEMBERED.get("page_breaks", True))
        self.mask = tk.BooleanVar(master=self, value=masked)
        self.forms_only = tk.BooleanVar(master=self, value=False)
        self.session = session

        body = ttk.Frame(self, padding=12)
        body.pack(fill="both", expand=True)
        WrappingLabel(body, text=say(PRINT_INTRO, what)).pack(fill="x", pady=(0, 8))
        if session:
            for text, value in ((ALL_EXCHANGES, False), (FORMS_ONLY, True)):
                ttk.Radiobutton(body, text=text, variable=self.forms_only,
                                value=value).pack(anchor="w")
        frame = ttk.LabelFrame(body, text=BLANKS_TITLE, padding=8)
        frame.pack(fill="x", pady=(8, 8))
        for column, (side, title) in enumerate((("request", REQUEST_SIDE),
                                                ("reply", REPLY_SIDE))):
            ttk.Label(frame, text=title, font="TkHeadingFont").grid(
                row=0, column=column, sticky="w", padx=(0, 24))
            row = 1
            for code, label, where in BLANK_KINDS:
                if where == side:
                    ttk.Checkbutton(frame, text=label, variable=self.blanks[code]).grid(
                        row=row, column=column, sticky="w", padx=(0, 24))
                    row += 1
        WrappingLabel(frame, text=ONLY_HEADERS).grid(row=9, column=0, columnspan=2,
                                                     sticky="ew", pady=(8, 2))
        ttk.Entry(frame, textvariable=self.headers).grid(row=10, column=0, columnspan=2,
                                                         sticky="ew")
        frame.columnconfigure(1, weight=1)
        for text, variable in ((WITH_KEY, self.key), (PAGE_BREAKS, self.page_breaks),
                               (MASK_PRINT, self.mask)):
            ttk.Checkbutton(body, text=text, variable=variable).pack(anchor="w")
        buttons = ttk.Frame(body)
        buttons.pack(fill="x", pady=(12, 0))
        self.save_button = ttk.Button(buttons, text=SAVE_AND_OPEN, command=self.confirm,
                                      default="active")
        self.save_button.pack(side="right")
        ttk.Button(buttons, text=CANCEL, command=self.destroy).pack(side="right", padx=(0, 8))
        self.bind("<Return>", lambda _event: self.confirm())
        self.bind("<Escape>", lambda _event: self.destroy())
        typeset(self)
        self.save_button.focus_set()

    def options(self):
        """Les choix faits, prêts pour ``printable.write_page``."""
        names = frozenset(name.strip().lower() for name in self.headers.get().split(",")
                          if name.strip())
        return Options(blanks=frozenset(code for code, variable in self.blanks.items()
                                        if variable.get()),
                       headers=names, key=self.key.get(), mask=self.mask.get(),
                       page_breaks=self.page_breaks.get())

    def check(self, *codes):
        """Coche ces sortes de parties (pour essayer sans souris)."""
        for code in codes:
            self.blanks[code].set(True)

    def confirm(self):
        options = self.options()
        REMEMBERED.update(blanks=options.blanks, headers=self.headers.get(), key=options.key,
                          page_breaks=options.page_breaks)
        forms_only = self.forms_only.get()
        self.destroy()
        self.on_confirm(options, forms_only)
