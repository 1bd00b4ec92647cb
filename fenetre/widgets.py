"""Petits widgets communs aux pièces de la fenêtre."""

from tkinter import ttk

from serveur.french import typography

# Le papier clair du journal et des détails, et son encre : toujours donnés ensemble,
# pour qu'un système en mode sombre (macOS) n'écrive pas en blanc sur ce papier.
PAPER = "#fbfbfb"
INK = "#1e1e1e"


WRAP_MARGIN = 6   # pixels laissés libres au bout de chaque ligne d'une WrappingLabel


class WrappingLabel(ttk.Label):
    """Une étiquette qui revient à la ligne à la largeur qu'on lui donne (à placer
    avec ``fill="x"`` ou ``sticky="ew"``) : rien n'est coupé sur un petit écran
    ou avec un grand texte."""

    def __init__(self, master, **options):
        options.setdefault("justify", "left")
        super().__init__(master, **options)
        self.bind("<Configure>", self._rewrap, add="+")

    def _rewrap(self, event):
        # Quelques pixels de marge : Tk compte parfois une espace en fin de ligne coupée,
        # et la ligne dépasserait alors la largeur donnée.
        wanted = event.width - WRAP_MARGIN
        if event.width > 20 and int(str(self.cget("wraplength") or 0)) != wanted:
            self.configure(wraplength=wanted)


def with_scrollbars(box, view):
    """Place ``view`` (un Text, un Treeview…) dans ``box``, qui ne contient qu'elle, avec
    ses deux barres de défilement : à droite et en dessous ; ``view`` prend la place."""
    down = ttk.Scrollbar(box, orient="vertical", command=view.yview)
    across = ttk.Scrollbar(box, orient="horizontal", command=view.xview)
    view.configure(yscrollcommand=down.set, xscrollcommand=across.set)
    view.grid(row=0, column=0, sticky="nsew")
    down.grid(row=0, column=1, sticky="ns")
    across.grid(row=1, column=0, sticky="ew")
    box.rowconfigure(0, weight=1)
    box.columnconfigure(0, weight=1)


class ScrolledTable(ttk.Frame):
    """Un tableau (``ttk.Treeview``) avec ses deux barres de défilement, dont les
    colonnes suivent la taille du texte.

    ``columns`` : ``(nom, titre, exemple, s'étire)`` pour chaque colonne, la
    première étant celle de l'arbre (``#0``). Une colonne est assez large pour son
    titre et pour ``exemple`` (une valeur typique) ; ``fit()`` recalcule après un
    changement de taille du texte, pour agrandir comme pour revenir en arrière.
    Ce qui ne tient pas se voit avec la barre horizontale.
    """

    def __init__(self, master, fonts, columns, height):
        super().__init__(master)
        self.fonts = fonts
        self.columns = columns
        names = [name for name, _, _, _ in columns[1:]]
        self.tree = ttk.Treeview(self, columns=names, selectmode="browse", height=height)
        for name, title, _sample, _stretch in columns:
            self.tree.heading(name, text=title, anchor="w")
        with_scrollbars(self, self.tree)
        self.fit()
        self.winfo_toplevel().bind("<<FontsChanged>>", lambda _event: self.fit(), add="+")

    def fit(self):
        """Largeur de chaque colonne : son titre ou son exemple, le plus large des deux."""
        if not self.winfo_exists():
            return
        heading, table = self.fonts.heading, self.fonts.table
        for name, title, sample, stretch in self.columns:
            width = max(heading.measure(title), table.measure(sample)) + 24
            self.tree.column(name, width=width, minwidth=width, stretch=stretch)


TEXT_CLASSES = ("TLabel", "TButton", "TCheckbutton", "TRadiobutton", "Label", "Button")


def typeset(widget):
    """Met à la typographie française (``serveur.french.typography``) le texte de
    ``widget`` et de tout ce qu'il contient : « Mode : » prend son espace insécable,
    « connecté ? » son espace fine. À appeler une fois la fenêtre construite ; un texte
    changé ensuite passe par ``typography`` là où il est écrit."""
    pending = [widget]
    while pending:
        current = pending.pop()
        pending.extend(current.winfo_children())
        if current.winfo_class() in TEXT_CLASSES:
            text = str(current.cget("text"))
            if text:
                current.configure(text=typography(text))
