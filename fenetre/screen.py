"""La taille de la fenêtre, d'après l'écran où elle s'ouvre.

Une salle de classe a de tout : un vidéoprojecteur en 1024×768, un portable
en 1366×768, un grand écran agrandi à 150 %. La fenêtre prend la taille
prévue (1180×720 à 100 %), agrandie comme le texte du système (l'échelle de
Tk, ``tk scaling``), et jamais plus grande que l'écran : ni bord coupé, ni
bouton hors de vue.

Ce module règle aussi la place de chaque pièce dans la fenêtre (``Split`` : le
journal et les onglets) et les raccourcis de la taille du texte (``bind_keys``).
"""

DESIGN_WIDTH, DESIGN_HEIGHT = 1180, 720   # la taille prévue, à 100 % (96 points par pouce)
MARGIN_WIDTH, MARGIN_HEIGHT = 16, 80      # les bords, la barre des tâches et celle du titre
MIN_WIDTH, MIN_HEIGHT = 760, 480          # plus petit, la fenêtre ne serait plus lisible
POINTS_PER_PIXEL_AT_100 = 96 / 72         # l'échelle de Tk à 100 %


def window_size(screen_width, screen_height, scaling):
    """``(largeur, hauteur)`` de la fenêtre pour cet écran et cette échelle."""
    factor = max(1.0, scaling / POINTS_PER_PIXEL_AT_100)
    width = min(int(DESIGN_WIDTH * factor), screen_width - MARGIN_WIDTH)
    height = min(int(DESIGN_HEIGHT * factor), screen_height - MARGIN_HEIGHT)
    return width, height


def fit_to_screen(toplevel):
    """Donne à ``toplevel`` sa taille d'après l'écran, centrée, et sa taille minimale."""
    screen_width, screen_height = toplevel.winfo_screenwidth(), toplevel.winfo_screenheight()
    scaling = float(toplevel.tk.call("tk", "scaling"))
    width, height = window_size(screen_width, screen_height, scaling)
    x = max((screen_width - width) // 2, 0)
    y = max((screen_height - MARGIN_HEIGHT - height) // 2, 0)
    toplevel.geometry("%dx%d+%d+%d" % (width, height, x, y))
    toplevel.minsize(min(MIN_WIDTH, width), min(MIN_HEIGHT, height))
    return width, height


# Ctrl + / Ctrl - / Ctrl 0 : la taille du texte, pour la projection. Sur un clavier
# AZERTY, la touche du 0 donne « à » sans Maj : Ctrl à revient aussi à la taille normale.
ZOOM_KEYS = (("plus", 1), ("equal", 1), ("KP_Add", 1), ("minus", -1), ("KP_Subtract", -1),
             ("0", 0), ("KP_0", 0), ("agrave", 0))


def bind_keys(window, zoom, close):
    """Les raccourcis de la taille du texte (``zoom(pas)``) ; les boîtes de dialogue de
    Tk en français ; sur macOS, Cmd+Q et « Quitter » appellent ``close``."""
    # macOS : Commande à côté de Contrôle, et Cmd+Q ou « Quitter » du menu de
    # l'application passent par la même fermeture (réglages gardés, serveur arrêté).
    modifiers = ["Control"]
    if window.tk.call("tk", "windowingsystem") == "aqua":
        modifiers.append("Command")
        window.createcommand("::tk::mac::Quit", close)
    for modifier in modifiers:
        for key, step in ZOOM_KEYS:
            window.bind("<%s-%s>" % (modifier, key),
                        lambda _event, step=step: zoom(step))
    # Les boîtes de dialogue de Tk lui-même (fichiers sous Linux, questions) en français.
    window.tk.eval("namespace eval ::tk { ::msgcat::mclocale fr; "
                   "::msgcat::mcload [file join $::tk_library msgs] }")


class Split:
    """La séparation entre le journal (à gauche) et les onglets (à droite).

    Au départ, le journal prend 60 % de la largeur, et au moins ce qu'il faut à ses
    boutons. Un onglet qui demande de la place (``Tab.preferred_width``, « Échange
    brut » : 60 caractères par ligne) la reçoit tant qu'il est ouvert, sans jamais
    couper les boutons du journal ; en revenant à un autre onglet, la séparation
    reprend sa place d'avant.
    """

    def __init__(self, panes, log, notebook):
        self.panes, self.log, self.notebook = panes, log, notebook
        self._before = None   # où était la séparation avant qu'un onglet demande de la place
        panes.bind("<Configure>", self._first_size)
        notebook.bind("<<NotebookTabChanged>>", lambda _event: self.make_room(), add="+")
        notebook.winfo_toplevel().bind("<<FontsChanged>>", lambda _event: self.make_room(),
                                       add="+")

    def _first_size(self, event):
        # Une seule fois, quand la fenêtre a sa taille.
        if event.width > 100:
            self.panes.unbind("<Configure>")
            self.panes.sashpos(0, max(int(event.width * 0.6), self.log.winfo_reqwidth()))
            self.make_room()

    def make_room(self):
        total = self.panes.winfo_width()
        if total <= 100 or not self.notebook.winfo_exists():
            return   # la fenêtre n'a pas encore sa taille : _first_size le fera
        chosen = self.notebook.select()
        tab = self.notebook.nametowidget(chosen) if chosen else None
        wanted = tab.preferred_width() if tab is not None else 0
        if wanted:
            if self._before is None:
                self._before = self.panes.sashpos(0)
            position = max(self.log.winfo_reqwidth(), total - wanted)
            self.panes.sashpos(0, min(position, self._before))
        elif self._before is not None:
            self.panes.sashpos(0, self._before)
            self._before = None


def run(root):
    """La boucle d'événements de la fenêtre, jusqu'à sa fermeture, sans attente active.

    ``root.mainloop()`` de tkinter ne dort jamais vraiment : il regarde s'il y a un
    événement, puis dort 20 ms, cinquante fois par seconde même quand rien ne se
    passe (cpython#140488). Ici, on laisse Tcl attendre le prochain événement (un
    clic, une touche, ou l'``after()`` qui vide la file du serveur) : au repos, la
    fenêtre ne se réveille que pour ses propres rendez-vous. Piège : aucun autre
    fil ne doit appeler tkinter (ici, seule la file d'événements traverse les fils).
    """
    closed = []
    root.bind("<Destroy>", lambda event: closed.append(True) if event.widget is root else None,
              add="+")
    while not closed:
        root.tk.dooneevent(0)   # attend dans Tcl, sans garder le verrou de Python
