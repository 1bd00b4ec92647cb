"""Panneau serveur : une fenêtre pour démarrer un petit serveur HTTP et voir,
en français, chaque requête qu'il reçoit et chaque réponse qu'il envoie.

Lancer : double-cliquer sur ce fichier, ou ``python3 panneau.py``.

Organisation de la fenêtre (chaque partie est une classe) ::

    Panneau             la fenêtre entière ; relie les parties au serveur
      ├── Controls      mode, port, réseau local, dossier, Démarrer / Arrêter
      ├── StatusLine    état du serveur, adresses cliquables, compteur
      ├── LogPane       le journal : texte défilant, en couleurs, filtre, recherche
      ├── ClientsTable  « Qui est connecté ? » : un tableau des postes
      ├── ExchangeView  « Échange brut » : une requête et sa réponse, partie par partie
      └── TimelineView  « Chronologie » : les requêtes d'un chargement de page, dans l'ordre

Le serveur tourne dans un autre fil d'exécution (thread). Règle d'or de
tkinter : seul le fil principal touche la fenêtre. Le serveur range donc
ses événements dans une file d'attente (``queue.Queue``) et la fenêtre vient
la vider régulièrement grâce à ``after()``, par paquets.

Importer ce module n'ouvre aucune fenêtre : c'est ``main()`` qui le fait.
"""

import collections
import os
import queue
import re
import sys
import threading
import time
import tkinter as tk
import webbrowser
from tkinter import filedialog, ttk
from tkinter import font as tkfont

from serveur import DEFAULT_FOLDER, DEFAULT_MODE, MODES, Controller, StartError
from serveur import network, settings
from serveur.clients import ClientBook
from serveur.events import ERROR, EXCHANGE, NOTICE, REQUEST, STOPPED, Event
from serveur.explanations import Explainer, is_page_request
from serveur.formatter import category_of, exchange_sections, format_lines, tag_of

TITLE = "Panneau serveur"
POLL_MS = 30                 # la file d'événements est vidée toutes les 30 ms
BATCH_SECONDS = 0.02         # … pendant 20 ms au plus, pour ne jamais figer la fenêtre
MAX_PANE_LINES = 5000        # au-delà, les plus anciennes lignes quittent l'affichage
MAX_HISTORY_LINES = 500000   # le journal complet gardé en mémoire (pour l'enregistrer)
MAX_EXCHANGES = 500          # échanges gardés pour la vue « échange brut »
MAX_TIMELINE_ROWS = 40       # requêtes au plus dans la chronologie d'un chargement de page

# Les états du panneau : chaque bouton en dépend (voir Panneau.set_state).
STOPPED_STATE = "stopped"
RUNNING_STATE = "running"

FILTERS = (("tout", "Tout"), ("get", "GET"), ("post", "POST"), ("erreurs", "Erreurs"))
CATEGORIES = ("get", "post", "erreurs", "serveur", "autres")
LAN_WARNING = ("⚠ Tout le dossier servi devient visible par les postes du réseau local. "
               "Windows peut demander d'autoriser Python dans son pare-feu : acceptez pour "
               "les « réseaux privés ».")

# Couleur de chaque catégorie d'événement (voir serveur.formatter.tag_of).
TAG_STYLES = {
    "get": {"foreground": "#1a5fb4"},
    "post": {"foreground": "#a34700"},
    "other": {"foreground": "#865e3c"},
    "response": {"foreground": "#3d6b35"},
    "error": {"foreground": "#c01c28"},
    "server": {"foreground": "#613583"},
    "notice": {"foreground": "#6b6b6b"},
    "hint": {"foreground": "#00707a"},
}
# « (requête n°12) » dans le journal : un clic dessus montre l'échange n°12.
EXCHANGE_NUMBER_TK = r"requête n°[0-9]+"            # pour la recherche de Tk
EXCHANGE_NUMBER = re.compile(r"requête n°([0-9]+)")  # pour lire le numéro


def _clip(text, limit):
    """Coupe un texte trop long pour une ligne de tableau : « /recherche?ville=B… »."""
    return text if len(text) <= limit else text[:limit - 1] + "…"


class Fonts:
    """Les polices du panneau, agrandies ensemble pour la projection (Ctrl + / Ctrl -)."""

    def __init__(self, master, size):
        fixed = tkfont.nametofont("TkFixedFont").actual()
        normal = tkfont.nametofont("TkDefaultFont").actual()
        self.log = tkfont.Font(master, family=fixed["family"], size=size)
        self.table = tkfont.Font(master, family=normal["family"], size=size)
        self.heading = tkfont.Font(master, family=normal["family"], size=size, weight="bold")
        self.url = tkfont.Font(master, family=normal["family"], size=size + 3,
                               weight="bold", underline=True)
        self.master = master
        self.size = size
        self.on_change = None   # appelée après chaque changement de taille
        self.apply()

    def zoom(self, step):
        """``step`` = +1, -1, ou 0 pour revenir à la taille par défaut."""
        if step == 0:
            size = settings.DEFAULTS["font_size"]
        else:
            size = self.size + step
        self.size = max(settings.MIN_FONT_SIZE, min(settings.MAX_FONT_SIZE, size))
        self.apply()

    def apply(self):
        for font in (self.log, self.table, self.heading):
            font.configure(size=self.size)
        self.url.configure(size=self.size + 3)
        if self.on_change is not None:
            self.on_change()
        style = ttk.Style(self.master)
        style.configure("Treeview", font=self.table, rowheight=self.table.metrics("linespace") + 6)
        style.configure("Treeview.Heading", font=self.heading)


class Controls(ttk.Frame):
    """Le choix du mode, du port, du réseau et du dossier ; Démarrer / Arrêter."""

    def __init__(self, master, on_start, on_stop):
        super().__init__(master, padding=(10, 10, 10, 4))
        self.mode = tk.StringVar(master=self, value=DEFAULT_MODE)
        self.port = tk.StringVar(master=self, value=str(MODES[DEFAULT_MODE].default_port))
        self.folder = tk.StringVar(master=self, value=DEFAULT_FOLDER)
        self.lan = tk.BooleanVar(master=self, value=False)
        self._previous_mode = self.mode.get()

        ttk.Label(self, text="Mode :").grid(row=0, column=0, sticky="w")
        self.mode_buttons = []
        for column, mode in enumerate(MODES.values(), start=1):
            button = ttk.Radiobutton(self, text=mode.label, value=mode.name, variable=self.mode,
                                     command=self._mode_changed)
            button.grid(row=0, column=column, columnspan=2 if column == 2 else 1,
                        sticky="w", padx=(0, 16))
            self.mode_buttons.append(button)

        ttk.Label(self, text="Port :").grid(row=1, column=0, sticky="w", pady=(8, 0))
        digits_only = (self.register(self._is_port_text), "%P")
        self.port_entry = ttk.Entry(self, textvariable=self.port, width=8,
                                    validate="key", validatecommand=digits_only)
        self.port_entry.grid(row=1, column=1, sticky="w", pady=(8, 0))
        self.lan_button = ttk.Checkbutton(self, text="Accessible depuis le réseau local",
                                          variable=self.lan, command=self._lan_changed)
        self.lan_button.grid(row=1, column=2, sticky="w", pady=(8, 0))

        ttk.Label(self, text="Dossier servi :").grid(row=2, column=0, sticky="w", pady=(8, 0))
        self.folder_entry = ttk.Entry(self, textvariable=self.folder)
        self.folder_entry.grid(row=2, column=1, columnspan=2, sticky="ew", pady=(8, 0))
        self.choose_button = ttk.Button(self, text="Choisir…", command=self._choose_folder)
        self.choose_button.grid(row=2, column=3, sticky="w", padx=(6, 0), pady=(8, 0))

        buttons = ttk.Frame(self)
        buttons.grid(row=3, column=0, columnspan=4, sticky="w", pady=(10, 0))
        self.start_button = ttk.Button(buttons, text="Démarrer", command=on_start)
        self.start_button.pack(side="left")
        self.stop_button = ttk.Button(buttons, text="Arrêter", command=on_stop)
        self.stop_button.pack(side="left", padx=(8, 0))
        self.lan_warning = ttk.Label(self, text=LAN_WARNING, foreground="#9a4b00",
                                     wraplength=700, justify="left")
        self.lan_warning.grid(row=4, column=0, columnspan=4, sticky="w", pady=(6, 0))
        self.columnconfigure(2, weight=1)
        self._lan_changed()

    @staticmethod
    def _is_port_text(text):
        # Appelée à chaque frappe : on n'accepte que des chiffres (5 au plus).
        return text == "" or (text.isdigit() and text.isascii() and len(text) <= 5)

    def _mode_changed(self):
        # Le port suit le mode (8080 / 8081 comme dans le tutoriel), sauf si
        # l'utilisateur a tapé un autre numéro.
        mode = self.mode.get()
        if self.port.get() in ("", str(MODES[self._previous_mode].default_port)):
            self.port.set(str(MODES[mode].default_port))
        self._previous_mode = mode

    def _lan_changed(self):
        if self.lan.get():
            self.lan_warning.grid()
        else:
            self.lan_warning.grid_remove()

    def _choose_folder(self):
        folder = filedialog.askdirectory(parent=self, initialdir=self.folder.get() or DEFAULT_FOLDER,
                                         title="Choisir le dossier servi")
        if folder:
            self.folder.set(os.path.normpath(folder))

    def host(self):
        """L'adresse d'écoute : tout le réseau, ou cet ordinateur seulement."""
        return "0.0.0.0" if self.lan.get() else "127.0.0.1"

    def set_running(self, running):
        """Active ou grise chaque contrôle selon que le serveur tourne."""
        idle = "disabled" if running else "!disabled"
        for widget in self.mode_buttons + [self.port_entry, self.folder_entry, self.lan_button,
                                           self.choose_button, self.start_button]:
            widget.state([idle])
        self.stop_button.state(["!disabled" if running else "disabled"])


class StatusLine(ttk.Frame):
    """L'état du serveur, ses adresses (cliquables) et le nombre de requêtes reçues."""

    def __init__(self, master, fonts, on_use_port):
        super().__init__(master, padding=(10, 4))
        self.on_use_port = on_use_port
        self.url = ""
        self.suggested_port = None
        self.message = ttk.Label(self, text="", wraplength=640, justify="left")
        self.message.grid(row=0, column=0, sticky="w")
        self.link = ttk.Label(self, text="", foreground="#1a5fb4", cursor="hand2", font=fonts.url)
        self.link.grid(row=0, column=1, sticky="w", padx=(6, 0))
        self.link.bind("<Button-1>", lambda _event: self.open_browser())
        self.open_button = ttk.Button(self, text="Ouvrir dans le navigateur",
                                      command=self.open_browser)
        self.open_button.grid(row=0, column=2, sticky="w", padx=(10, 0))
        self.port_button = ttk.Button(self, text="", command=self._use_port)
        self.counter = ttk.Label(self, text="")
        self.counter.grid(row=0, column=4, sticky="e")
        self.lan_urls = ttk.Label(self, text="", font=fonts.url, foreground="#1a5fb4")
        self.lan_urls.grid(row=1, column=0, columnspan=5, sticky="w")
        self.lan_urls.grid_remove()
        self.columnconfigure(3, weight=1)

    def show_running(self, url, lan_urls=None):
        self.url = url
        self.message.configure(text="Serveur en marche :", foreground="")
        self.link.configure(text=url)
        self.open_button.grid()
        self.port_button.grid_remove()
        if lan_urls is None:
            self.lan_urls.grid_remove()
        else:
            self.lan_urls.grid()
            self.lan_urls.configure(text="Recherche des adresses du réseau local…")

    def show_lan_urls(self, lan_urls):
        """Les adresses que les élèves tapent, une fois trouvées."""
        if lan_urls:
            self.lan_urls.configure(text="Les élèves tapent : " + "   ou   ".join(lan_urls))
        else:
            self.lan_urls.configure(text="Aucune adresse de réseau local trouvée : cet "
                                         "ordinateur est-il connecté au réseau ?")

    def show_stopped(self, text="Serveur arrêté."):
        self.url = ""
        self.message.configure(text=text, foreground="")
        self.link.configure(text="")
        self.lan_urls.grid_remove()
        self.open_button.grid_remove()
        self.port_button.grid_remove()

    def show_error(self, text, suggested_port=None):
        self.show_stopped(text)
        self.message.configure(foreground="#c01c28")
        self.suggested_port = suggested_port
        if suggested_port:
            self.port_button.configure(text="Utiliser le port %d" % suggested_port)
            self.port_button.grid(row=0, column=2, sticky="w", padx=(10, 0))

    def show_count(self, count):
        self.counter.configure(text="Requêtes reçues : %d" % count)

    def open_browser(self):
        if self.url:
            webbrowser.open_new_tab(self.url)

    def _use_port(self):
        if self.suggested_port:
            self.on_use_port(self.suggested_port)


class LogPane(ttk.Frame):
    """Le journal : un texte en lecture seule, coloré, qui défile tout seul.

    Il ne garde à l'écran que ``MAX_PANE_LINES`` lignes (pour rester rapide) ;
    le journal complet de la séance reste dans ``history`` (pour l'enregistrer).
    Chaque morceau porte deux étiquettes Tk : sa couleur (``get``, ``error``…)
    et sa catégorie (``cat-get``…) ; filtrer revient à cacher des catégories
    (option ``elide`` des étiquettes), sans rien effacer.
    """

    def __init__(self, master, fonts, on_save, on_zoom):
        super().__init__(master, padding=(10, 0, 4, 10))
        self.filter = tk.StringVar(master=self, value="tout")
        self.search_text = tk.StringVar(master=self)
        self.explanations = tk.BooleanVar(master=self, value=True)
        bar = ttk.Frame(self)
        bar.pack(fill="x", pady=(0, 4))
        ttk.Label(bar, text="Journal du serveur", font=("TkDefaultFont", 11, "bold")).pack(side="left")
        self.clear_button = ttk.Button(bar, text="Effacer", command=self.clear)
        self.clear_button.pack(side="right")
        self.save_button = ttk.Button(bar, text="Enregistrer…", command=on_save)
        self.save_button.pack(side="right", padx=(0, 4))
        ttk.Button(bar, text="A+", width=3, command=lambda: on_zoom(1)).pack(side="right", padx=(0, 12))
        ttk.Button(bar, text="A−", width=3, command=lambda: on_zoom(-1)).pack(side="right", padx=(0, 2))
        tools = ttk.Frame(self)
        tools.pack(fill="x", pady=(0, 4))
        ttk.Label(tools, text="Afficher :").pack(side="left")
        for value, label in FILTERS:
            ttk.Radiobutton(tools, text=label, value=value, variable=self.filter,
                            command=self.apply_filter).pack(side="left", padx=(4, 0))
        ttk.Checkbutton(tools, text="Explications", variable=self.explanations).pack(
            side="left", padx=(12, 0))
        self.search_entry = ttk.Entry(tools, textvariable=self.search_text, width=12)
        self.search_entry.pack(side="right")
        self.search_entry.bind("<Return>", lambda _event: self.search())
        ttk.Label(tools, text="Chercher :").pack(side="right", padx=(0, 4))
        self.trim_label = ttk.Label(self, text="", foreground="#6b6b6b")
        self.trim_label.pack(fill="x")

        box = ttk.Frame(self)
        box.pack(fill="both", expand=True)
        self.text = tk.Text(box, wrap="word", state="disabled", undo=False, height=20, width=60,
                            font=fonts.log, background="#fbfbfb", relief="flat",
                            borderwidth=1, highlightthickness=1, padx=6, pady=4)
        scroll = ttk.Scrollbar(box, orient="vertical", command=self.text.yview)
        self.text.configure(yscrollcommand=scroll.set)
        scroll.pack(side="right", fill="y")
        self.text.pack(side="left", fill="both", expand=True)
        for tag, style in TAG_STYLES.items():
            # lmargin2 : une ligne trop longue continue en retrait, sous son texte.
            self.text.tag_configure(tag, lmargin2=48, **style)
        self.text.tag_configure("found", background="#ffe66d")
        self.history = []            # [(texte, catégorie de couleur)] de toute la séance
        self.history_lines = 0
        self.history_full = False
        self.trimmed = 0             # lignes retirées de l'affichage
        self._search_from = "1.0"

    def append(self, chunks):
        """Ajoute des morceaux ``(texte, couleur, catégorie)`` en un seul appel à Tk."""
        if not chunks:
            return
        if self._remember(chunks):
            chunks = chunks + [(self.history[-1][0], "error", "serveur")]   # annoncé à l'écran
        at_end = self.text.yview()[1] >= 0.999   # l'utilisateur lit-il plus haut ?
        flat = []
        for text, tag, category in chunks:
            tags = (tag, "cat-" + category)
            if flat and flat[-1] == tags:
                flat[-2] += text      # mêmes étiquettes que le morceau précédent : on colle
            else:
                flat.extend((text, tags))
        self.text.configure(state="normal")
        self.text.insert("end", *flat)
        self._trim()
        self.text.configure(state="disabled")
        if at_end:
            self.text.see("end")

    def _remember(self, chunks):
        """Garde les morceaux dans le journal complet ; vrai s'il vient d'être plein."""
        if self.history_full:
            return False
        for text, tag, _category in chunks:
            if self.history_lines >= MAX_HISTORY_LINES:
                break
            self.history.append((text, tag))
            self.history_lines += text.count("\n")
        if self.history_lines < MAX_HISTORY_LINES:
            return False
        self.history_full = True
        self.history.append(("… journal complet plein (%d lignes) : la suite s'affiche encore "
                             "mais n'est plus conservée en mémoire.\n" % self.history_lines,
                             "error"))
        return True

    def _trim(self):
        lines = int(self.text.index("end-1c").split(".")[0])
        excess = lines - MAX_PANE_LINES
        if excess > 0:
            self.text.delete("1.0", "%d.0" % (excess + 1))   # lignes entières, en un appel
            self.trimmed += excess
            self.trim_label.configure(
                text="%d lignes anciennes retirées de l'affichage (le journal complet est "
                     "conservé : « Enregistrer… »)" % self.trimmed)

    def apply_filter(self):
        """Montre seulement la catégorie choisie (les lignes du serveur restent visibles)."""
        choice = self.filter.get()
        for category in CATEGORIES:
            hidden = choice != "tout" and category not in (choice, "serveur")
            self.text.tag_configure("cat-" + category, elide=hidden)
        self.text.see("end")

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
        return count

    def content(self):
        return self.text.get("1.0", "end-1c")

    def full_text(self):
        """Tout le journal de la séance, même ce qui a quitté l'affichage."""
        return "".join(text for text, _tag in self.history)

    def clear(self):
        self.text.configure(state="normal")
        self.text.delete("1.0", "end")
        self.text.configure(state="disabled")
        self.history = []
        self.history_lines = 0
        self.history_full = False
        self.trimmed = 0
        self.trim_label.configure(text="")
        self.event_generate("<<LogCleared>>")


class ClientsTable(ttk.Frame):
    """« Qui est connecté ? » : un nom court par poste, ses requêtes, son dernier POST."""

    COLUMNS = (("address", "Adresse", 110), ("requests", "Requêtes", 70),
               ("last", "Dernière requête", 150), ("post", "Dernier POST", 90))

    def __init__(self, master):
        super().__init__(master, padding=6)
        self.show_names = tk.BooleanVar(master=self, value=False)
        ttk.Checkbutton(self, text="Noms des postes dans le journal (sans les adresses)",
                        variable=self.show_names).pack(anchor="w", pady=(0, 4))
        box = ttk.Frame(self)
        box.pack(fill="both", expand=True)
        self.tree = ttk.Treeview(box, columns=[name for name, _, _ in self.COLUMNS],
                                 selectmode="browse", height=8)
        self.tree.heading("#0", text="Poste")
        self.tree.column("#0", width=80, minwidth=60, stretch=False)
        for name, label, width in self.COLUMNS:
            self.tree.heading(name, text=label)
            self.tree.column(name, width=width, minwidth=50, stretch=name == "last")
        scroll = ttk.Scrollbar(box, orient="vertical", command=self.tree.yview)
        self.tree.configure(yscrollcommand=scroll.set)
        scroll.pack(side="right", fill="y")
        self.tree.pack(side="left", fill="both", expand=True)

    def fit(self, fonts):
        """Des colonnes assez larges pour leur titre, quelle que soit la taille du texte."""
        for name, label in [("#0", "Poste")] + [(n, l) for n, l, _ in self.COLUMNS]:
            needed = fonts.heading.measure(label) + 24
            self.tree.column(name, minwidth=needed, width=max(needed, self.tree.column(name, "width")))

    def update_record(self, record):
        post = time.strftime("%H:%M:%S", time.localtime(record.last_post)) if record.last_post else ""
        values = (record.address, record.requests, record.last_request, post)
        if self.tree.exists(record.address):
            self.tree.item(record.address, values=values)
        else:
            self.tree.insert("", "end", iid=record.address, text=record.name, values=values)

    def clear(self):
        self.tree.delete(*self.tree.get_children())


class ExchangeView(ttk.Frame):
    """« Échange brut » : la liste des requêtes ; la requête choisie s'affiche
    telle que reçue, à côté de la réponse envoyée, chaque partie étiquetée."""

    COLUMNS = (("time", "Heure", 70), ("client", "Client", 90), ("request", "Requête", 170),
               ("status", "Statut", 60), ("duration", "Durée", 70))

    def __init__(self, master, fonts, client_label):
        super().__init__(master, padding=6)
        self.client_label = client_label
        self.exchanges = collections.OrderedDict()   # numéro -> événement EXCHANGE
        ttk.Label(self, text="Choisissez une requête (ici ou d'un clic dans le journal) :").pack(
            anchor="w")
        panes = ttk.PanedWindow(self, orient="vertical")
        panes.pack(fill="both", expand=True)
        box = ttk.Frame(panes)
        self.tree = ttk.Treeview(box, columns=[name for name, _, _ in self.COLUMNS],
                                 selectmode="browse", height=6)
        self.tree.heading("#0", text="n°")
        self.tree.column("#0", width=50, stretch=False)
        for name, label, width in self.COLUMNS:
            self.tree.heading(name, text=label)
            self.tree.column(name, width=width, stretch=name == "request")
        scroll = ttk.Scrollbar(box, orient="vertical", command=self.tree.yview)
        self.tree.configure(yscrollcommand=scroll.set)
        scroll.pack(side="right", fill="y")
        self.tree.pack(side="left", fill="both", expand=True)
        self.tree.bind("<<TreeviewSelect>>", lambda _event: self._selected())
        self.bind("<Map>", lambda _event: self.refresh())   # l'onglet devient visible
        self._pending = []   # échanges pas encore dans le tableau
        self._evicted = []   # échanges oubliés (au-delà de MAX_EXCHANGES), à retirer du tableau
        panes.add(box, weight=1)
        # La requête reçue (à gauche) à côté de la réponse envoyée (à droite).
        sides = ttk.PanedWindow(panes, orient="horizontal")
        self.request_text = self._detail_text(sides, fonts)
        self.reply_text = self._detail_text(sides, fonts)
        sides.add(self.request_text, weight=1)
        sides.add(self.reply_text, weight=1)
        panes.add(sides, weight=3)

    @staticmethod
    def _detail_text(master, fonts):
        text = tk.Text(master, wrap="char", height=12, width=24, font=fonts.log,
                       state="disabled", background="#fbfbfb", relief="flat", padx=6, pady=4)
        text.tag_configure("label", foreground="#6b6b6b", font=fonts.heading, wrap="word")
        text.tag_configure("title", foreground="#613583", font=fonts.heading, wrap="word")
        return text

    def add(self, event):
        """Garde l'échange ; le tableau n'est mis à jour qu'au prochain ``refresh``."""
        self.exchanges[event.exchange] = event
        self._pending.append(event.exchange)
        if len(self.exchanges) > MAX_EXCHANGES:
            old, _ = self.exchanges.popitem(last=False)
            self._evicted.append(old)

    def refresh(self, force=False):
        """Met le tableau à jour après un paquet d'échanges, si l'onglet est visible
        (sous une averse de requêtes, l'onglet caché ne coûte rien)."""
        if not self._pending or not (force or self.winfo_ismapped()):
            return
        if len(self._pending) >= MAX_EXCHANGES // 2:
            # Beaucoup de nouveautés : on reconstruit le tableau d'un coup.
            self.tree.delete(*self.tree.get_children())
            numbers = list(self.exchanges)
        else:
            gone = [str(number) for number in self._evicted if self.tree.exists(str(number))]
            if gone:
                self.tree.delete(*gone)
            numbers = [number for number in self._pending if number in self.exchanges]
        for number in numbers:
            event = self.exchanges[number]
            values = (time.strftime("%H:%M:%S", time.localtime(event.time)),
                      self.client_label(event.client), "%s %s" % (event.method, event.path),
                      event.status, "%.1f ms" % (event.duration * 1000))
            if self.tree.exists(str(number)):
                self.tree.item(str(number), values=values)
            else:
                self.tree.insert("", "end", iid=str(number), text=str(number), values=values)
        self._pending, self._evicted = [], []

    def show(self, number):
        """Sélectionne l'échange ``number`` (s'il est encore gardé) ; vrai si trouvé."""
        self.refresh(force=True)
        if not self.tree.exists(str(number)):
            return False
        self.tree.selection_set(str(number))
        self.tree.see(str(number))
        self._selected()
        return True

    def _selected(self):
        chosen = self.tree.selection()
        event = self.exchanges.get(int(chosen[0])) if chosen else None
        sections = exchange_sections(event, self.client_label) if event is not None else []
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
        self.event_generate("<<ExchangeChosen>>")

    def detail_text(self):
        """Tout le texte affiché de l'échange choisi (requête puis réponse)."""
        return self.request_text.get("1.0", "end") + self.reply_text.get("1.0", "end")

    def selected(self):
        chosen = self.tree.selection()
        return self.exchanges.get(int(chosen[0])) if chosen else None

    def clear(self):
        self.exchanges.clear()
        self._pending, self._evicted = [], []
        self.tree.delete(*self.tree.get_children())
        self._selected()


class TimelineView(ttk.Frame):
    """« Chronologie » : les requêtes d'un chargement de page, dans l'ordre, avec
    la durée de chacune. Une page demandée (un document HTML) ouvre un nouveau
    chargement ; les requêtes qui suivent (icône, feuille de style…) s'y ajoutent."""

    def __init__(self, master, fonts, client_label):
        super().__init__(master, padding=6)
        self.fonts = fonts
        self.client_label = client_label
        self.loads = {}   # client -> liste des échanges de son dernier chargement de page
        self.title = ttk.Label(self, text="Aucune page chargée pour l'instant.", wraplength=420)
        self.title.pack(anchor="w")
        self.canvas = tk.Canvas(self, background="#fbfbfb", highlightthickness=0, height=200)
        self.canvas.pack(fill="both", expand=True, pady=(4, 0))
        self.canvas.bind("<Configure>", lambda _event: self.draw())
        self.bind("<Map>", lambda _event: self.draw())   # l'onglet devient visible
        self.shown = None   # le client dont on montre le chargement
        self.dirty = False  # des échanges sont arrivés depuis le dernier dessin

    def add(self, event):
        load = self.loads.setdefault(event.client, [])
        if is_page_request(event) or len(load) >= MAX_TIMELINE_ROWS:
            load.clear()
        load.append(event)
        self.shown = event.client
        self.dirty = True

    def refresh(self):
        """Redessine après un paquet d'échanges, seulement si l'onglet est visible."""
        if self.dirty and self.winfo_ismapped():
            self.draw()

    def show_client(self, client):
        self.shown = client
        self.draw()

    def rows(self):
        """Les lignes de la chronologie affichée : (départ en ms, durée en ms, texte)."""
        load = self.loads.get(self.shown, [])
        if not load:
            return []
        origin = load[0].time
        return [((event.time - origin) * 1000, event.duration * 1000,
                 "%s %s → %d %s" % (event.method, _clip(event.path, 28), event.status,
                                    event.reason)) for event in load]

    def draw(self):
        self.dirty = False
        canvas = self.canvas
        canvas.delete("all")
        rows = self.rows()
        if not rows:
            return
        self.title.configure(text="Dernier chargement de page du client %s : %d requête%s, dans "
                                  "l'ordre (← départ, durée →)"
                                  % (self.client_label(self.shown), len(rows),
                                     "s" if len(rows) > 1 else ""))
        width = max(canvas.winfo_width(), 300)
        line = self.fonts.table.metrics("linespace") + 4
        labels = ["+%s ms, %s ms" % (("%.1f" % start).replace(".", ","),
                                    ("%.1f" % length).replace(".", ","))
                  for start, length, _ in rows]
        reserve = max(self.fonts.table.measure(label) for label in labels) + 16
        span = max(max(start + length for start, length, _ in rows), 1.0)
        scale = max(width - 12 - reserve, 20) / span
        for row, (start, length, text) in enumerate(rows):
            # Deux lignes par requête : son nom, puis sa barre (départ → durée).
            y = 6 + row * 2 * line
            canvas.create_text(6, y, anchor="nw", text="%d. %s" % (row + 1, text),
                               font=self.fonts.table)
            x0 = 12 + start * scale
            x1 = max(x0 + 3, 12 + (start + length) * scale)
            canvas.create_rectangle(x0, y + line + 2, x1, y + 2 * line - 4, fill="#1a5fb4",
                                    outline="")
            canvas.create_text(x1 + 6, y + line, anchor="nw", font=self.fonts.table,
                               fill="#1a5fb4", text=labels[row])
        canvas.create_text(6, 12 + len(rows) * 2 * line, anchor="nw", font=self.fonts.table,
                           fill="#6b6b6b", width=max(width - 12, 100),
                           text="Chaque barre : le temps que le serveur a mis à répondre. L'écart "
                                "entre deux barres : le navigateur lit la réponse, puis demande "
                                "la suite (icône, feuille de style, image…).")

    def clear(self):
        self.loads.clear()
        self.shown = None
        self.canvas.delete("all")
        self.title.configure(text="Aucune page chargée pour l'instant.")


class Panneau(ttk.Frame):
    """La fenêtre entière. ``Panneau(root)`` construit tout, prêt à servir.

    ``settings_path`` : fichier des réglages retenus d'une séance à l'autre
    (``main()`` donne celui du dossier de configuration de l'utilisateur ;
    sans lui, rien n'est lu ni écrit).
    """

    def __init__(self, master, controller_factory=Controller, settings_path=None):
        super().__init__(master)
        self.events = queue.Queue()          # rempli par les fils du serveur
        self._lan_results = queue.Queue()    # les adresses du réseau local, trouvées à part
        self.controller = controller_factory(report=self.events.put)
        self.clients = ClientBook()
        self.request_count = 0
        self.state = STOPPED_STATE
        self.settings_path = settings_path
        loaded, problem = (settings.load_settings(settings_path) if settings_path
                           else (dict(settings.DEFAULTS), None))

        window = self.winfo_toplevel()
        style = ttk.Style(window)
        if style.theme_use() == "default" and "clam" in style.theme_names():
            style.theme_use("clam")   # Linux : un thème plus lisible que « default »
        self.fonts = Fonts(self, loaded["font_size"])
        self.fonts.on_change = self._fonts_changed

        self.controls = Controls(self, on_start=self.start, on_stop=self.stop)
        self.controls.pack(fill="x")
        ttk.Separator(self).pack(fill="x", padx=10)
        self.status = StatusLine(self, self.fonts, on_use_port=self.use_port)
        self.status.pack(fill="x")
        panes = ttk.PanedWindow(self, orient="horizontal")
        panes.pack(fill="both", expand=True)
        panes.bind("<Configure>", self._place_sash)
        self._panes = panes
        self.log = LogPane(panes, self.fonts, on_save=self.ask_save, on_zoom=self.fonts.zoom)
        panes.add(self.log, weight=3)
        self.side = ttk.Notebook(panes, padding=(0, 0, 10, 10))
        panes.add(self.side, weight=2)
        self.table = ClientsTable(self.side)
        self.side.add(self.table, text="Qui est connecté ?")
        self.exchange_view = ExchangeView(self.side, self.fonts, self.client_label)
        self.side.add(self.exchange_view, text="Échange brut")
        self.timeline = TimelineView(self.side, self.fonts, self.client_label)
        self.side.add(self.timeline, text="Chronologie")
        self.exchange_view.bind("<<ExchangeChosen>>", lambda _event: self._exchange_chosen())
        self.log.text.bind("<ButtonRelease-1>", self._log_clicked)
        self.explainer = Explainer()
        self.table.fit(self.fonts)
        self.log.bind("<<LogCleared>>", lambda _event: self.clear_clients())
        self.pack(fill="both", expand=True)

        window.title(TITLE)
        window.minsize(860, 520)
        window.protocol("WM_DELETE_WINDOW", self.close)
        for sequence, step in (("<Control-plus>", 1), ("<Control-equal>", 1),
                               ("<Control-KP_Add>", 1), ("<Control-minus>", -1),
                               ("<Control-KP_Subtract>", -1), ("<Control-0>", 0),
                               ("<Control-KP_0>", 0)):
            window.bind(sequence, lambda _event, step=step: self.fonts.zoom(step))
        self.apply_settings(loaded)
        if problem:
            self.events.put(Event(NOTICE, message=problem))
        self.set_state(STOPPED_STATE)
        self.status.show_stopped("Serveur arrêté. Choisissez un mode et un port, puis cliquez "
                                 "sur « Démarrer ».")
        self.status.show_count(0)
        self._poll_id = self.after(POLL_MS, self._poll)

    def _place_sash(self, event):
        # Une seule fois, quand la fenêtre a sa taille : le journal prend 60 % de la largeur.
        if event.width > 100:
            self._panes.unbind("<Configure>")
            self._panes.sashpos(0, int(event.width * 0.6))

    def _fonts_changed(self):
        self.table.fit(self.fonts)

    # -- réglages ----------------------------------------------------------------
    def apply_settings(self, values):
        controls = self.controls
        controls.mode.set(values["mode"])
        controls._previous_mode = values["mode"]
        controls.port.set(values["port"])
        controls.folder.set(values["folder"])
        controls.lan.set(values["lan"])
        controls._lan_changed()
        self.table.show_names.set(values["show_names"])
        self.log.explanations.set(values["explanations"])
        self.log.filter.set(values["filter"])
        self.log.apply_filter()

    def current_settings(self):
        controls = self.controls
        return {"mode": controls.mode.get(), "port": controls.port.get(),
                "folder": controls.folder.get(), "lan": controls.lan.get(),
                "font_size": self.fonts.size, "show_names": self.table.show_names.get(),
                "explanations": self.log.explanations.get(),
                "filter": self.log.filter.get()}

    def save_settings(self):
        if self.settings_path:
            problem = settings.save_settings(self.settings_path, self.current_settings())
            if problem:
                self.events.put(Event(NOTICE, message=problem))

    # -- actions ---------------------------------------------------------------
    def start(self):
        if self.state != STOPPED_STATE:
            return   # double-clic : on ne démarre jamais deux serveurs
        controls = self.controls
        try:
            url = self.controller.start(controls.mode.get(), controls.port.get(),
                                        controls.folder.get().strip() or DEFAULT_FOLDER,
                                        controls.host())
        except StartError as exc:
            self.status.show_error(str(exc), exc.suggested_port)
            self.events.put(Event(ERROR, message=str(exc)))
            return
        self.set_state(RUNNING_STATE)
        self.status.show_running(url, [] if controls.lan.get() else None)
        if controls.lan.get():
            # Chercher les adresses peut demander le nom de la machine au DNS (lent sur
            # un réseau mal réglé) : on le fait dans un autre fil, la fenêtre reste libre.
            port = self.controller.port
            threading.Thread(target=lambda: self._lan_results.put(
                network.lan_urls(port, network.lan_addresses())), daemon=True,
                name="adresses du réseau local").start()
        self.save_settings()

    def stop(self):
        if self.state != RUNNING_STATE:
            return
        cut = self.controller.stop()
        self.set_state(STOPPED_STATE)
        if cut == 1:
            self.status.show_stopped("Serveur arrêté : 1 connexion encore ouverte a été coupée.")
        elif cut:
            self.status.show_stopped("Serveur arrêté : %d connexions encore ouvertes ont été "
                                     "coupées." % cut)
        else:
            self.status.show_stopped()

    def use_port(self, port):
        self.controls.port.set(str(port))
        self.start()

    def ask_save(self):
        path = filedialog.asksaveasfilename(
            parent=self, title="Enregistrer le journal", defaultextension=".txt",
            initialfile=time.strftime("journal-serveur-%Y-%m-%d-%Hh%M.txt"),
            filetypes=[("Texte", "*.txt"), ("Tous les fichiers", "*")])
        if path:
            self.save_log(path)

    def save_log(self, path):
        """Écrit tout le journal de la séance dans ``path`` (UTF-8) ; le dit dans le journal."""
        text = self.log.full_text()
        try:
            with open(path, "w", encoding="utf-8", newline="") as handle:
                handle.write(text)
        except OSError as exc:
            message = "Impossible d'enregistrer le journal dans « %s » : %s." % (path, exc.strerror)
            self.events.put(Event(ERROR, message=message))
            return False
        self.events.put(Event(NOTICE, message="journal enregistré dans « %s » (%d lignes)."
                                              % (path, text.count("\n"))))
        return True

    def clear_clients(self):
        self.clients.clear()
        self.table.clear()
        self.exchange_view.clear()
        self.timeline.clear()
        self.explainer.forget()

    def client_label(self, address):
        """Le nom à montrer pour un client : « Poste N » ou son adresse."""
        return self.clients.name_of(address) if self.table.show_names.get() else address

    def _log_clicked(self, event):
        """Un clic dans le journal : on montre l'échange de la requête cliquée."""
        if self.log.text.tag_ranges("sel"):
            return   # l'utilisateur sélectionne du texte pour le copier
        index = self.log.text.index("@%d,%d lineend" % (event.x, event.y))
        found = self.log.text.search(EXCHANGE_NUMBER_TK, index, stopindex="1.0",
                                     backwards=True, regexp=True)
        if found:
            line = self.log.text.get(found, "%s lineend" % found)
            number = int(EXCHANGE_NUMBER.match(line).group(1))
            if self.exchange_view.show(number):
                self.side.select(self.exchange_view)

    def _exchange_chosen(self):
        chosen = self.exchange_view.selected()
        if chosen is not None:
            self.timeline.show_client(chosen.client)

    def close(self):
        """Fermeture de la fenêtre : on arrête proprement le serveur d'abord."""
        self.controller.stop()
        self.save_settings()
        if self._poll_id is not None:
            self.after_cancel(self._poll_id)
            self._poll_id = None
        self.winfo_toplevel().destroy()

    def set_state(self, state):
        self.state = state
        self.controls.set_running(state == RUNNING_STATE)

    # -- événements du serveur ---------------------------------------------------
    def _poll(self):
        """Vide la file d'événements par paquets, puis se reprogramme (toujours :
        une erreur dans un paquet ne doit jamais arrêter le journal)."""
        try:
            self.pump()
            try:
                urls = self._lan_results.get_nowait()
            except queue.Empty:
                pass
            else:
                if self.state == RUNNING_STATE:
                    self.status.show_lan_urls(urls)
        finally:
            self._poll_id = self.after(POLL_MS, self._poll)

    def pump(self):
        """Traite les événements en attente (au plus BATCH_SECONDS secondes)."""
        deadline = time.perf_counter() + BATCH_SECONDS
        chunks = []
        changed = {}
        counted = self.request_count
        label = self.clients.name_of if self.table.show_names.get() else None
        explain = self.log.explanations.get()
        while time.perf_counter() < deadline:
            try:
                event = self.events.get_nowait()
            except queue.Empty:
                break
            try:
                chunks.extend(self._take(event, label, explain, changed))
            except Exception as exc:   # un événement inattendu ne bloque pas les suivants
                chunks.append(("impossible d'afficher un événement (%s : %s)\n"
                               % (type(exc).__name__, exc), "error", "erreurs"))
        self.log.append(chunks)
        self._update_views(changed)
        if self.request_count != counted:
            self.status.show_count(self.request_count)

    def _take(self, event, label, explain, changed):
        """Un événement : met à jour les vues ; rend les morceaux à ajouter au journal."""
        record = self.clients.note(event)
        if record is not None:
            changed[record.address] = record
        if event.kind == EXCHANGE:
            self.exchange_view.add(event)
            self.timeline.add(event)
        elif event.kind == REQUEST:
            self.request_count += 1
        elif event.kind == STOPPED and self.state == RUNNING_STATE \
                and not self.controller.running:
            self.set_state(STOPPED_STATE)
            self.status.show_stopped()
        chunks = []
        category = category_of(event)
        text = format_lines(event, label)
        if text:
            chunks.append((text, tag_of(event), category))
        notes = self.explainer.notes(event)   # appelé toujours : il suit les pages vues
        if notes and explain:
            chunks.append(("\n".join(notes) + "\n", "hint", category))
        return chunks

    def _update_views(self, changed):
        for record in changed.values():
            self.table.update_record(record)
        self.exchange_view.refresh()
        self.timeline.refresh()


def main():
    if sys.platform == "win32":
        # Texte net sur les écrans haute résolution de Windows.
        try:
            import ctypes
            ctypes.windll.shcore.SetProcessDpiAwareness(1)
        except (AttributeError, OSError):
            pass
    root = tk.Tk()
    root.geometry("1180x720")
    Panneau(root, settings_path=settings.settings_path())
    root.mainloop()


if __name__ == "__main__":
    main()
