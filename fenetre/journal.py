"""Le journal du serveur : le texte qui raconte, en couleurs, avec filtre et recherche.

``LogPane`` reçoit des morceaux de texte déjà écrits par le narrateur
(``serveur/formatter.py``) avec leur classement (``classify.py``) : il ne
compose aucune phrase. Il garde à l'écran au plus ``MAX_PANE_LINES`` lignes ;
le journal complet de la séance est sur le disque (``session_log.py``).

Événements virtuels générés : ``<<ExchangeClicked>>``, un clic sur une requête (son
numéro dans ``clicked_exchange``) ; ``<<EventClicked>>``, sur https:// tapé devant le
serveur HTTP (``clicked_event`` : l'événement, donné en 4e place d'un morceau d'``append``).

Suivre le direct est un *état* du journal (``following``), pas une devinette
tirée de la barre de défilement : Tk se trompe sur « suis-je en bas ? » quand
la dernière ligne est coupée en plusieurs, ou quand la fenêtre change de
taille (au démarrage, à l'arrêt…). Seul l'utilisateur met le direct en pause,
en remontant lire (molette, barre, clavier) ou en cherchant ; un bouton
« ↓ N nouvelles lignes — revenir au direct » le reprend.
"""

import re
import tkinter as tk
from tkinter import ttk

from . import classify
from .classify import FAMILIES, FILTERS, HINT
from serveur import hexdump
from serveur.events import EXCHANGE
from serveur.french import number, typography

from .masking import HIDDEN, is_whole
from .widgets import INK, PAPER

MAX_PANE_LINES = 5000        # au-delà, les plus anciennes lignes quittent l'affichage
MAX_LINES_PER_BATCH = 400    # lignes ajoutées à l'écran au plus par paquet (voir append)
MAX_CLICKABLE = 200          # événements sans échange gardés pour un clic (les plus récents)

# La couleur de chaque ligne, nommée dans le vocabulaire de classify.colour_of.
COLOURS = {
    classify.GET: "#1a5fb4",
    classify.POST: "#a34700",
    classify.OTHER: "#865e3c",
    classify.ANSWERED: "#3d6b35",
    classify.ERRORS: "#c01c28",
    classify.SERVER: "#613583",
    classify.TOLD: "#6b6b6b",
    HINT: "#00707a",
}
# Le début d'une ligne sous lequel ses suites s'alignent : l'heure, ou un retrait et sa puce.
LEAD = re.compile(r"[0-9]{2}:[0-9]{2}:[0-9]{2}  |\s*([-→⚠•] )?")
LIST_INDENT = 6   # « en-têtes reçus », « champs décodés » : leurs lignes commencent là…
HANGING = 4       # … et leurs suites, quatre caractères plus loin
# « (requête n°12) » dans le journal : un clic dessus montre l'échange n°12.
EXCHANGE_NUMBER_TK = r"requête n°[0-9]+"            # pour la recherche de Tk
EXCHANGE_NUMBER = re.compile(r"requête n°([0-9]+)")  # pour lire le numéro


class LogPane(ttk.Frame):
    """Le journal : un texte en lecture seule, coloré, qui défile tout seul.

    Chaque morceau porte deux étiquettes Tk : sa couleur (``get``, ``erreurs``…)
    et sa famille (``cat-get``…) ; filtrer revient à cacher des familles
    (option ``elide`` des étiquettes), sans rien effacer.
    """

    def __init__(self, master, fonts, on_save, on_clear):
        super().__init__(master, padding=(10, 0, 4, 10))
        self.fonts = fonts
        self.filter = tk.StringVar(master=self, value="tout")
        self.search_text = tk.StringVar(master=self)
        self.explanations = tk.BooleanVar(master=self, value=True)
        self.mask_passwords = tk.BooleanVar(master=self, value=False)
        self.clicked_exchange = None
        self.clicked_event = None
        self.clickable, self._clickable_count = {}, 0   # étiquette Tk -> événement (https://)
        # Trois rangées courtes plutôt qu'une longue : rien n'est coupé sur un
        # écran de 1024 pixels, même agrandi à 150 %.
        bar = ttk.Frame(self)
        bar.pack(fill="x", pady=(0, 4))
        ttk.Label(bar, text="Journal du serveur", font=("TkDefaultFont", 11, "bold")).pack(side="left")
        self.clear_button = ttk.Button(bar, text="Effacer…", command=on_clear)
        self.clear_button.pack(side="right")
        self.save_button = ttk.Button(bar, text="Enregistrer…", command=on_save)
        self.save_button.pack(side="right", padx=(0, 4))
        tools = ttk.Frame(self)
        tools.pack(fill="x", pady=(0, 2))
        ttk.Label(tools, text="Afficher :").pack(side="left")
        for value, label, _families in FILTERS:
            ttk.Radiobutton(tools, text=label, value=value, variable=self.filter,
                            command=self.apply_filter).pack(side="left", padx=(4, 0))
        ttk.Checkbutton(tools, text="Masquer les mots de passe",
                        variable=self.mask_passwords).pack(side="right")
        finder = ttk.Frame(self)
        finder.pack(fill="x", pady=(0, 4))
        ttk.Label(finder, text="Chercher :").pack(side="left", padx=(0, 4))
        self.search_entry = ttk.Entry(finder, textvariable=self.search_text, width=16)
        self.search_entry.pack(side="left")
        self.search_entry.bind("<Return>", lambda _event: self.search())
        ttk.Checkbutton(finder, text="Explications", variable=self.explanations).pack(
            side="right")
        self.trim_label = ttk.Label(self, text="", foreground="#6b6b6b")
        self.trim_label.pack(fill="x")

        box = ttk.Frame(self)
        box.pack(fill="both", expand=True)
        self.following = True        # le journal montre-t-il le direct ?
        self.unseen = 0              # lignes arrivées pendant la pause
        self.text = tk.Text(box, wrap="word", state="disabled", undo=False, height=20, width=40,
                            font=fonts.log, background=PAPER, foreground=INK, relief="flat",
                            borderwidth=1, highlightthickness=1, padx=6, pady=4)
        scroll = ttk.Scrollbar(box, orient="vertical", command=self.user_scroll)
        self.text.configure(yscrollcommand=scroll.set)
        scroll.pack(side="right", fill="y")
        self.text.pack(side="left", fill="both", expand=True)
        self.live_button = ttk.Button(box, text="", command=self.follow)
        for sequence in ("<MouseWheel>", "<Button-4>", "<Button-5>", "<Prior>", "<Next>",
                         "<Up>", "<Down>", "<Home>", "<End>", "<Control-Home>", "<Control-End>"):
            self.text.bind(sequence, lambda _event: self.after_idle(self._user_moved), add="+")
        self.text.bind("<Configure>", lambda _event: self._show_live(), add="+")
        for tag, colour in COLOURS.items():
            self.text.tag_configure(tag, foreground=colour)
        self._indents = {}   # retrait (en caractères) -> nom de l'étiquette Tk
        self.winfo_toplevel().bind("<<FontsChanged>>", lambda _event: self._fonts_changed(),
                                   add="+")
        self.text.tag_configure("found", background="#ffe66d")
        self.text.bind("<ButtonRelease-1>", self._clicked)
        self.trimmed = 0             # lignes retirées de l'affichage
        self._search_from = "1.0"

    def append(self, chunks):
        """Ajoute des morceaux ``(texte, couleur, famille)`` en un seul appel à Tk.

        Au plus ``MAX_LINES_PER_BATCH`` lignes à la fois : sous une averse (des
        milliers de lignes par seconde, trop vite pour être lues), l'écran montre
        les plus récentes et dit combien sont passées sans s'afficher ; toutes
        sont dans le journal complet de la séance. La fenêtre reste fluide."""
        if not chunks:
            return
        lines = []
        for text, colour, family, *event in chunks:
            clickable = self._clickable_tag(event[0] if event else None)
            lines.extend((line, colour, family, clickable)
                         for line in text.splitlines(keepends=True))
        if len(lines) > MAX_LINES_PER_BATCH:
            skipped = len(lines) - MAX_LINES_PER_BATCH
            lines = [(typography("… %s lignes passées trop vite pour l'écran : elles sont dans "
                                 "le journal complet (« Enregistrer… »).\n") % number(skipped),
                      classify.TOLD, classify.SERVER, ())] + lines[skipped:]
        flat = []
        for line, colour, family, clickable in lines:
            tags = (colour, "cat-" + family, self._indent_tag(line)) + clickable
            if flat and flat[-1] == tags:
                flat[-2] += line      # mêmes étiquettes que la ligne précédente : on colle
            else:
                flat.extend((line, tags))
        self.text.configure(state="normal")
        self.text.insert("end", *flat)
        self._trim()
        self.text.configure(state="disabled")
        if not self.following:
            self.unseen += len(lines)
        self._show_live()

    def _clickable_tag(self, event):
        """``(étiquette,)`` pour les lignes d'un événement sans échange qu'un onglet sait
        montrer (https:// tapé devant le serveur HTTP), gardé pour un clic ; sinon ``()``."""
        if event is None or event.kind == EXCHANGE or not hexdump.shows(event):
            return ()
        self._clickable_count += 1
        tag = "evenement-%d" % self._clickable_count
        self.clickable[tag] = event
        if len(self.clickable) > MAX_CLICKABLE:
            del self.clickable[next(iter(self.clickable))]   # le plus ancien
        return (tag,)

    # -- une ligne trop longue continue sous son texte ---------------------------------
    def _indent_tag(self, line):
        """L'étiquette de retrait d'une ligne : ses suites commencent sous son texte,
        après l'heure (« 21:36:13  ») ou la puce (« - », « → », « ⚠ »). Une ligne d'une
        liste sans puce (un en-tête, un champ) continue plus loin que le début de la
        suivante : sa suite ne se lit jamais comme un en-tête ou un champ de plus."""
        lead = LEAD.match(line)
        width = lead.end()
        if width >= LIST_INDENT and line[:1] == " " and not lead.group(1):
            width += HANGING
        tag = self._indents.get(width)
        if tag is None:
            tag = self._indents[width] = "retrait-%d" % width
            self._size_indents()
        return tag

    def _fonts_changed(self):
        self._size_indents()
        self._show_live()   # plus grand ou plus petit, le direct reste en vue

    def _size_indents(self):
        # Police à chasse fixe : un retrait de n caractères fait n fois la largeur de « 0 ».
        char = self.fonts.log.measure("0")
        for width, tag in self._indents.items():
            self.text.tag_configure(tag, lmargin2=width * char)

    # -- suivre le direct ----------------------------------------------------------
    def follow(self):
        """Reprend le direct : la fin du journal reste en vue à chaque nouvelle ligne."""
        self.following = True
        self.unseen = 0
        self._show_live()

    def pause(self):
        """Met le direct en pause : l'affichage ne bouge plus tout seul."""
        if self.following:
            self.following = False
            self.unseen = 0
        self._show_live()

    def end_is_visible(self):
        """Vrai si la dernière ligne est à l'écran (même coupée en plusieurs)."""
        self.text.update_idletasks()
        return self.text.dlineinfo("end-1c") is not None

    def user_scroll(self, *args):
        """Ce que fait la barre de défilement (``"moveto", 0.0``, ``"scroll", 1, "pages"``)."""
        self.text.yview(*args)
        self._user_moved()

    def _user_moved(self):
        # L'utilisateur a fait défiler : revenu tout en bas, il reprend le direct ;
        # plus haut, il lit : pause.
        if self.end_is_visible():
            self.follow()
        else:
            self.pause()

    def _show_live(self):
        if self.following:
            self.text.see("end")
            self.live_button.place_forget()
            return
        if self.unseen:
            label = "↓ %d nouvelle%s ligne%s — revenir au direct" % (
                self.unseen, "s" if self.unseen > 1 else "", "s" if self.unseen > 1 else "")
        else:
            label = "↓ revenir au direct"
        self.live_button.configure(text=label)
        self.live_button.place(relx=1.0, rely=1.0, x=-24, y=-8, anchor="se")

    def _trim(self):
        lines = int(self.text.index("end-1c").split(".")[0])
        excess = lines - MAX_PANE_LINES
        if excess > 0:
            self.text.delete("1.0", "%d.0" % (excess + 1))   # lignes entières, en un appel
            self.trimmed += excess
            self.trim_label.configure(text=typography(
                "%s lignes anciennes retirées de l'affichage (le journal complet est conservé : "
                "« Enregistrer… »)") % number(self.trimmed))

    def apply_filter(self):
        """Montre seulement les familles du filtre choisi (les lignes du serveur restent)."""
        shown = classify.shown_families(self.filter.get())
        for family in FAMILIES:
            self.text.tag_configure("cat-" + family, elide=family not in shown)
        self._show_live()

    def search(self):
        """Surligne le texte cherché et montre l'occurrence suivante ; rend leur nombre."""
        pattern = self.search_text.get()
        self.text.tag_remove("found", "1.0", "end")
        if not pattern:
            return 0
        count, index = 0, "1.0"
        while True:
            index = self.text.search(pattern, index, stopindex="end", nocase=True)
            if not index:
                break
            end = "%s+%dc" % (index, len(pattern))
            self.text.tag_add("found", index, end)
            count += 1
            index = end
        following = self.text.search(pattern, self._search_from, stopindex="end", nocase=True) \
            or self.text.search(pattern, "1.0", stopindex="end", nocase=True)
        if following:
            self.text.see(following)
            self._search_from = "%s+1c" % following
            self._user_moved()   # une occurrence plus haut : le direct se met en pause
        return count

    def _clicked(self, event):
        """Un clic dans le journal : on cherche le numéro de la requête cliquée."""
        if self.text.tag_ranges("sel"):
            return   # l'utilisateur sélectionne du texte pour le copier
        for tag in self.text.tag_names("@%d,%d" % (event.x, event.y)):
            if tag in self.clickable:   # pas une requête : https:// tapé devant HTTP
                self.clicked_event = self.clickable[tag]
                self.event_generate("<<EventClicked>>")
                return
        index = self.text.index("@%d,%d lineend" % (event.x, event.y))
        found = self.text.search(EXCHANGE_NUMBER_TK, index, stopindex="1.0",
                                 backwards=True, regexp=True)
        if found:
            line = self.text.get(found, "%s lineend" % found)
            self.clicked_exchange = int(EXCHANGE_NUMBER.match(line).group(1))
            self.event_generate("<<ExchangeClicked>>")

    def hide(self, forms):
        """Remplace à l'écran chaque texte de ``forms`` par ``••••`` (les mots de passe
        déjà affichés, quand on coche « Masquer les mots de passe »), sans toucher aux
        couleurs ni au filtre."""
        self.text.configure(state="normal")
        for form in forms:
            index = "1.0"
            while True:
                index = self.text.search(form, index, stopindex="end")
                if not index:
                    break
                end = "%s+%dc" % (index, len(form))
                before = "" if index == "1.0" else self.text.get("%s-1c" % index)
                if not is_whole(before + form + self.text.get(end), len(before),
                                len(before) + len(form)):
                    index = end   # « anneau » dans « Panneau » : rien à cacher
                    continue
                tags = self.text.tag_names(index)
                self.text.delete(index, end)
                self.text.insert(index, HIDDEN, tags)
                index = "%s+%dc" % (index, len(HIDDEN))
        self.text.configure(state="disabled")

    def content(self):
        return self.text.get("1.0", "end-1c")

    def settings(self):
        return {"explanations": self.explanations.get(), "filter": self.filter.get(),
                "mask_passwords": self.mask_passwords.get()}

    def apply(self, values):
        self.explanations.set(values["explanations"])
        self.mask_passwords.set(values["mask_passwords"])
        self.filter.set(values["filter"])
        self.apply_filter()

    def clear(self):
        self.text.configure(state="normal")
        self.text.delete("1.0", "end")
        self.text.configure(state="disabled")
        self.trimmed = 0
        self.clickable.clear()
        self.trim_label.configure(text="")
        self.follow()
