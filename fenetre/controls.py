"""Les commandes du panneau : le mode, le port, le dossier (ou, en mode « Mon serveur »,
le fichier de l'élève : ``student_file_row.py``), le réseau local, le chiffrement
(``https_option.py``), Démarrer / Arrêter
(``Controls``), et la ligne d'état en dessous (``StatusLine``).

Les boutons de mode sont construits à partir du registre des modes
(``serveur/modes.py``) : un mode ajouté au registre a son bouton ici, sans
rien changer à ce fichier.
"""

import os
import queue
import threading
import tkinter as tk
import webbrowser
from tkinter import filedialog, ttk

from serveur import DEFAULT_FOLDER, DEFAULT_MODE, MODES, network
from serveur.formatter import stop_summary
from serveur.french import number, typography

from .class_code_row import ClassCodeRow, CodeBadge
from .https_option import HttpsOption
from .student_file_row import StudentFileRow
from .widgets import WrappingLabel

LAN_WARNING = ("⚠ Tout le dossier servi devient visible par les postes du réseau local. "
               "Windows peut demander d'autoriser Python dans son pare-feu : acceptez pour "
               "les « réseaux privés ».")
LAN_POLL_MS = 100   # on regarde si les adresses du réseau local sont trouvées
MODES_PER_ROW = 2   # au-delà, les boutons de mode continuent sur une nouvelle ligne


class Controls(ttk.Frame):
    """Le choix du mode, du port, du réseau et du dossier (ou du fichier de l'élève,
    pour un mode qui en sert un) ; Démarrer / Arrêter.

    Pour qui l'utilise : ``values()`` / ``apply(values)`` (les réglages),
    ``host()``, ``chosen_folder()``, ``chosen_file()``, ``set_running(bool)``. Les boutons appellent ``on_start``,
    ``on_stop`` et ``on_zoom(pas)`` (taille du texte : +1, -1, 0 pour la taille normale).
    """

    def __init__(self, master, on_start, on_stop, on_zoom):
        super().__init__(master, padding=(10, 10, 10, 4))
        self.mode = tk.StringVar(master=self, value=DEFAULT_MODE)
        self.port = tk.StringVar(master=self, value=str(MODES[DEFAULT_MODE].default_port))
        self.folder = tk.StringVar(master=self, value=DEFAULT_FOLDER)
        self.lan = tk.BooleanVar(master=self, value=False)
        self.student_file = tk.StringVar(master=self, value="")
        self._previous_mode = self.mode.get()
        self.started_once = False   # un serveur a-t-il déjà tourné dans cette fenêtre ?

        ttk.Label(self, text="Mode :").grid(row=0, column=0, sticky="w")
        self.mode_buttons = []
        for index, mode in enumerate(MODES.values()):
            # Deux boutons par ligne : le premier sous « Port », le second au-dessus
            # de la case du réseau local (et jusqu'au bord droit). Seul sur sa ligne, un
            # bouton prend toute la largeur : un long libellé (« Mon serveur — … »)
            # n'élargit pas la colonne du port, et tout tient à la taille minimale.
            column = 1 + index % MODES_PER_ROW
            alone = column == 1 and index == len(MODES) - 1
            button = ttk.Radiobutton(self, text=mode.label, value=mode.name,
                                     variable=self.mode, command=self._mode_changed)
            button.grid(row=index // MODES_PER_ROW, column=column,
                        columnspan=3 if alone else 1 if column == 1 else 2,
                        sticky="w", padx=(0, 16))
            self.mode_buttons.append(button)
        row = (len(self.mode_buttons) + MODES_PER_ROW - 1) // MODES_PER_ROW   # la suite

        ttk.Label(self, text="Port :").grid(row=row, column=0, sticky="w", pady=(8, 0))
        digits_only = (self.register(self._is_port_text), "%P")
        self.port_entry = ttk.Entry(self, textvariable=self.port, width=8,
                                    validate="key", validatecommand=digits_only)
        self.port_entry.grid(row=row, column=1, sticky="w", pady=(8, 0))
        self.lan_button = ttk.Checkbutton(self, text="Accessible depuis le réseau local",
                                          variable=self.lan, command=self._lan_clicked)
        self.lan_button.grid(row=row, column=2, sticky="w", pady=(8, 0))

        self.folder_label = ttk.Label(self, text="Dossier servi :")
        self.folder_label.grid(row=row + 1, column=0, sticky="w", pady=(8, 0))
        self.folder_entry = ttk.Entry(self, textvariable=self.folder)
        self.folder_entry.grid(row=row + 1, column=1, columnspan=2, sticky="ew", pady=(8, 0))
        self.choose_button = ttk.Button(self, text="Choisir…", command=self._choose_folder)
        self.choose_button.grid(row=row + 1, column=3, sticky="w", padx=(6, 0), pady=(8, 0))
        # Sur la même ligne, pour un mode qui sert le fichier d'un élève : « Votre fichier ».
        self.file_row = StudentFileRow(self, self.student_file)
        self.file_row.put_in_row(row + 1)

        buttons = ttk.Frame(self)
        buttons.grid(row=row + 2, column=0, columnspan=4, sticky="w", pady=(10, 0))
        self.start_button = ttk.Button(buttons, text="Démarrer", command=on_start)
        self.start_button.pack(side="left")
        self.stop_button = ttk.Button(buttons, text="Arrêter", command=on_stop)
        self.stop_button.pack(side="left", padx=(8, 0))
        self.https_button = HttpsOption(buttons)   # « Chiffrer (HTTPS) », à choisir avant Démarrer
        self.https_button.pack(side="left", padx=(16, 0))
        self.code_row = ClassCodeRow(buttons, self.lan)   # en réseau local : le code de la classe
        # La taille du texte, pour la projection (aussi Ctrl + / Ctrl - / Ctrl 0 ou Ctrl à).
        sizes = ttk.Frame(self)
        sizes.grid(row=row + 2, column=2, columnspan=2, sticky="e", pady=(10, 0))
        ttk.Label(sizes, text="Taille du texte :").pack(side="left", padx=(0, 4))
        self.zoom_buttons = []
        for text, step in (("A−", -1), ("A", 0), ("A+", 1)):
            button = ttk.Button(sizes, text=text, width=3, command=lambda step=step: on_zoom(step))
            button.pack(side="left", padx=(2, 0))
            self.zoom_buttons.append(button)
        self.lan_warning = WrappingLabel(self, text=LAN_WARNING, foreground="#9a4b00")
        self.lan_warning.grid(row=row + 3, column=0, columnspan=4, sticky="ew", pady=(6, 0))
        self.columnconfigure(2, weight=1)
        self._show_lan_warning()
        self._show_folder_or_file()

    @staticmethod
    def _is_port_text(text):
        # Appelée à chaque frappe : on n'accepte que des chiffres (5 au plus).
        return text == "" or (text.isdigit() and text.isascii() and len(text) <= 5)

    def _mode_changed(self):
        # Avant le premier démarrage, le port suit le mode (8080 / 8081 comme dans le
        # tutoriel), sauf si l'utilisateur a tapé un autre numéro. Une fois le serveur
        # démarré, les élèves ont l'adresse : changer de mode garde le port.
        mode = self.mode.get()
        if not self.started_once and \
                self.port.get() in ("", str(MODES[self._previous_mode].default_port)):
            self.port.set(str(MODES[mode].default_port))
        self._previous_mode = mode
        self._show_folder_or_file()

    def needs_file(self):
        """Vrai si le mode choisi sert le fichier Python d'un élève (« Mon serveur »)."""
        mode = MODES.get(self.mode.get())
        return mode is not None and mode.needs_file

    def _show_folder_or_file(self):
        # « Dossier servi » ou « Votre fichier », à la même place. La première colonne
        # garde la largeur de la plus longue des deux étiquettes : changer de mode ne
        # déplace pas les boutons de mode ni le port.
        needs_file = self.needs_file()
        for widget in (self.folder_label, self.folder_entry, self.choose_button):
            if needs_file:
                widget.grid_remove()
            else:
                widget.grid()
        self.file_row.show(needs_file)
        self.columnconfigure(0, minsize=max(self.folder_label.winfo_reqwidth(),
                                            self.file_row.label.winfo_reqwidth()))

    def _lan_clicked(self):
        self._show_lan_warning()
        self.event_generate("<<LanChanged>>")   # la fenêtre masque alors les mots de passe

    def _show_lan_warning(self):
        if self.lan.get():
            self.lan_warning.grid()
        else:
            self.lan_warning.grid_remove()

    def _choose_folder(self):
        folder = filedialog.askdirectory(parent=self, initialdir=self.folder.get() or DEFAULT_FOLDER,
                                         title="Choisir le dossier servi")
        if folder:
            self.folder.set(os.path.normpath(folder))

    # -- pour la fenêtre -----------------------------------------------------------
    def values(self):
        """Les choix affichés : ``mode``, ``port`` (texte tapé), ``folder``, ``lan``,
        ``https``, ``student_file``."""
        return {"mode": self.mode.get(), "port": self.port.get(),
                "folder": self.folder.get(), "lan": self.lan.get(),
                "https": self.https_button.get(), "student_file": self.student_file.get()}

    def apply(self, values):
        """Affiche ces choix (des réglages retenus, par exemple)."""
        self.mode.set(values["mode"])
        self._previous_mode = values["mode"]
        self.port.set(values["port"])
        self.folder.set(values["folder"])
        self.lan.set(values["lan"])
        self.https_button.set(values.get("https", False))
        self.student_file.set(values.get("student_file", ""))
        self._show_lan_warning()
        self._show_folder_or_file()

    def chosen_folder(self):
        """Le dossier servi ; en mode « Mon serveur », celui du fichier de l'élève (son
        serveur y tourne, comme lancé d'un double-clic), s'il existe."""
        if self.needs_file() and self.chosen_file():
            folder = os.path.dirname(os.path.abspath(self.chosen_file()))
            if os.path.isdir(folder):
                return folder
            return DEFAULT_FOLDER   # le démarrage dira que le fichier est introuvable
        return self.folder.get().strip() or DEFAULT_FOLDER

    def chosen_file(self):
        """Le fichier Python de l'élève ("" s'il n'est pas choisi)."""
        return self.file_row.chosen()

    def host(self):
        """L'adresse d'écoute : tout le réseau, ou cet ordinateur seulement."""
        return "0.0.0.0" if self.lan.get() else "127.0.0.1"

    def set_running(self, running):
        """Active ou grise chaque contrôle selon que le serveur tourne."""
        if running:
            self.started_once = True
        idle = "disabled" if running else "!disabled"
        for widget in self.mode_buttons + [self.port_entry, self.folder_entry, self.lan_button,
                                           self.https_button, self.choose_button,
                                           self.start_button]:
            widget.state([idle])
        self.stop_button.state(["!disabled" if running else "disabled"])
        self.file_row.set_running(running)
        self.code_row.set_running(running)


class StatusLine(ttk.Frame):
    """L'état du serveur, ses adresses (cliquables) et le nombre de requêtes reçues."""

    def __init__(self, master, fonts, on_use_port):
        super().__init__(master, padding=(10, 4))
        self.on_use_port = on_use_port
        self._lan_after = None   # la recherche des adresses du réseau local en cours
        self._wrapped_for = None   # largeur de fenêtre pour laquelle le message est coupé
        self.url = ""
        self.suggested_port = None
        self.message = ttk.Label(self, text="", wraplength=560, justify="left")
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
        lan_row = ttk.Frame(self)   # les adresses des élèves, et le code de la classe à côté
        lan_row.grid(row=1, column=0, columnspan=5, sticky="ew")
        lan_row.columnconfigure(0, weight=1)
        self.lan_urls = WrappingLabel(lan_row, text="", font=fonts.url, foreground="#1a5fb4")
        self.lan_urls.grid(row=0, column=0, sticky="ew")
        self.lan_urls.grid_remove()
        self.code = CodeBadge(lan_row, fonts)   # en grand, à droite (class_code_row.py)
        self.columnconfigure(3, weight=1)
        self.bind("<Configure>", self._rewrap, add="+")

    def _rewrap(self, _event):
        # Le message revient à la ligne quand la place manque, pas avant : la largeur de
        # la fenêtre, moins l'adresse, ses boutons et le compteur. Calculé d'après la
        # fenêtre (qui ne dépend pas du message) : pas d'aller-retour sans fin.
        width = self.winfo_toplevel().winfo_width()
        if width == self._wrapped_for:
            return
        self._wrapped_for = width
        others = sum(widget.winfo_reqwidth() for widget in (self.link, self.open_button,
                                                             self.port_button, self.counter)
                     if widget.winfo_manager()) + 60
        self.message.configure(wraplength=max(280, width - others))

    def show_running(self, url, lan_port=None, code=""):
        """Le serveur tourne à ``url`` ; avec ``lan_port``, il est aussi sur le réseau
        local : on cherche les adresses que les élèves taperont (et leur ``code``)."""
        self.url = url
        self.code.show(code)
        self.message.configure(text=typography("Serveur en marche :"), foreground="")
        self.link.configure(text=url)
        self.open_button.grid()
        self.port_button.grid_remove()
        self._rewrap_now()
        self._stop_lan_search()
        if lan_port is None:
            self.lan_urls.grid_remove()
            return
        self.lan_urls.grid()
        self.lan_urls.configure(text="Recherche des adresses du réseau local…")
        # Chercher les adresses peut demander le nom de la machine au DNS (lent sur un
        # réseau mal réglé) : un autre fil le fait, et seule une file le relie à la fenêtre.
        found = queue.Queue()
        https = url.startswith("https:")
        threading.Thread(target=lambda: found.put(network.lan_urls(
            lan_port, network.lan_addresses(), https)), daemon=True,
            name="adresses du réseau local").start()
        self._lan_after = self.after(LAN_POLL_MS, self._wait_lan_urls, found)

    def _wait_lan_urls(self, found):
        try:
            urls = found.get_nowait()
        except queue.Empty:
            self._lan_after = self.after(LAN_POLL_MS, self._wait_lan_urls, found)
            return
        self._lan_after = None
        self.show_lan_urls(urls)

    def _stop_lan_search(self):
        # Arrêté, redémarré ou fermé entre-temps : une recherche en cours ne compte plus.
        if self._lan_after is not None:
            self.after_cancel(self._lan_after)
            self._lan_after = None

    def destroy(self):
        self._stop_lan_search()
        super().destroy()

    def _rewrap_now(self):
        self._wrapped_for = None
        self._rewrap(None)

    def show_lan_urls(self, lan_urls):
        """Les adresses que les élèves tapent, une fois trouvées."""
        if lan_urls:
            self.lan_urls.configure(text=typography("Les élèves tapent : ") + "   ou   ".join(lan_urls))
        else:
            self.lan_urls.configure(text=typography("Aucune adresse de réseau local trouvée : "
                                                    "cet ordinateur est-il connecté au réseau ?"))

    def show_stopped(self, text=None):
        """« Serveur arrêté. » (la phrase du narrateur), ou ``text``."""
        text = stop_summary(0) if text is None else text
        self._stop_lan_search()
        self.url = ""
        self.code.show("")
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
        self._rewrap_now()

    def show_count(self, count):
        self.counter.configure(text=typography("Requêtes reçues : ") + number(count))

    def open_browser(self):
        if self.url:
            webbrowser.open_new_tab(self.url)

    def _use_port(self):
        if self.suggested_port:
            self.on_use_port(self.suggested_port)

