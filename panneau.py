"""Panneau serveur : une fenêtre pour démarrer un petit serveur HTTP et voir,
en français, chaque requête qu'il reçoit et chaque réponse qu'il envoie.

Lancer : double-cliquer sur ce fichier, ou ``python3 panneau.py``.

Organisation de la fenêtre (chaque partie est une classe) ::

    Panneau             la fenêtre entière ; relie les parties au serveur
      ├── Controls      mode, port, dossier, boutons Démarrer / Arrêter
      ├── StatusLine    état du serveur, adresse cliquable, compteur
      └── LogPane       le journal : texte défilant, en couleurs

Le serveur tourne dans un autre fil d'exécution (thread). Règle d'or de
tkinter : seul le fil principal touche la fenêtre. Le serveur range donc
ses événements dans une file d'attente (``queue.Queue``) et la fenêtre vient
la vider régulièrement grâce à ``after()``, par paquets.

Importer ce module n'ouvre aucune fenêtre : c'est ``main()`` qui le fait.
"""

import os
import queue
import sys
import time
import tkinter as tk
import webbrowser
from tkinter import filedialog, ttk

from serveur import DEFAULT_FOLDER, DEFAULT_PORTS, Controller, StartError
from serveur.events import ERROR, REQUEST, STOPPED, Event
from serveur.formatter import format_lines, tag_of

TITLE = "Panneau serveur"
POLL_MS = 30                 # la file d'événements est vidée toutes les 30 ms
BATCH_SECONDS = 0.02         # … pendant 20 ms au plus, pour ne jamais figer la fenêtre
MAX_PANE_LINES = 5000        # au-delà, les plus anciennes lignes quittent l'affichage
MAX_HISTORY_LINES = 500000   # le journal complet gardé en mémoire (pour l'enregistrer)

# Les états du panneau : chaque bouton en dépend (voir Panneau.set_state).
STOPPED_STATE = "stopped"
RUNNING_STATE = "running"

MODE_CHOICES = (("get", "GET — les fichiers d'un dossier"),
                ("get-post", "GET/POST — le formulaire ressource.html"))

# Couleur de chaque catégorie d'événement (voir serveur.formatter.tag_of).
TAG_STYLES = {
    "get": {"foreground": "#1a5fb4"},
    "post": {"foreground": "#a34700"},
    "other": {"foreground": "#865e3c"},
    "response": {"foreground": "#3d6b35"},
    "error": {"foreground": "#c01c28"},
    "server": {"foreground": "#613583"},
    "notice": {"foreground": "#6b6b6b"},
}


class Controls(ttk.Frame):
    """Le choix du mode, du port et du dossier, et les boutons Démarrer / Arrêter."""

    def __init__(self, master, on_start, on_stop):
        super().__init__(master, padding=(10, 10, 10, 4))
        self.mode = tk.StringVar(master=self, value="get-post")
        self.port = tk.StringVar(master=self, value=str(DEFAULT_PORTS["get-post"]))
        self.folder = tk.StringVar(master=self, value=DEFAULT_FOLDER)
        self._previous_mode = self.mode.get()

        ttk.Label(self, text="Mode :").grid(row=0, column=0, sticky="w")
        self.mode_buttons = []
        for column, (value, label) in enumerate(MODE_CHOICES, start=1):
            button = ttk.Radiobutton(self, text=label, value=value, variable=self.mode,
                                     command=self._mode_changed)
            button.grid(row=0, column=column, columnspan=2 if column == 2 else 1,
                        sticky="w", padx=(0, 16))
            self.mode_buttons.append(button)

        ttk.Label(self, text="Port :").grid(row=1, column=0, sticky="w", pady=(8, 0))
        digits_only = (self.register(self._is_port_text), "%P")
        self.port_entry = ttk.Entry(self, textvariable=self.port, width=8,
                                    validate="key", validatecommand=digits_only)
        self.port_entry.grid(row=1, column=1, sticky="w", pady=(8, 0))

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
        self.columnconfigure(2, weight=1)

    @staticmethod
    def _is_port_text(text):
        # Appelée à chaque frappe : on n'accepte que des chiffres (5 au plus).
        return text == "" or (text.isdigit() and text.isascii() and len(text) <= 5)

    def _mode_changed(self):
        # Le port suit le mode (8080 / 8081 comme dans le tutoriel), sauf si
        # l'utilisateur a tapé un autre numéro.
        mode = self.mode.get()
        if self.port.get() in ("", str(DEFAULT_PORTS[self._previous_mode])):
            self.port.set(str(DEFAULT_PORTS[mode]))
        self._previous_mode = mode

    def _choose_folder(self):
        folder = filedialog.askdirectory(parent=self, initialdir=self.folder.get() or DEFAULT_FOLDER,
                                         title="Choisir le dossier servi")
        if folder:
            self.folder.set(os.path.normpath(folder))

    def set_running(self, running):
        """Active ou grise chaque contrôle selon que le serveur tourne."""
        idle = "disabled" if running else "!disabled"
        for widget in self.mode_buttons + [self.port_entry, self.folder_entry,
                                           self.choose_button, self.start_button]:
            widget.state([idle])
        self.stop_button.state(["!disabled" if running else "disabled"])


class StatusLine(ttk.Frame):
    """L'état du serveur, son adresse (cliquable) et le nombre de requêtes reçues."""

    def __init__(self, master, on_use_port):
        super().__init__(master, padding=(10, 4))
        self.on_use_port = on_use_port
        self.url = ""
        self.suggested_port = None
        self.message = ttk.Label(self, text="", wraplength=640, justify="left")
        self.message.grid(row=0, column=0, sticky="w")
        self.link = ttk.Label(self, text="", foreground="#1a5fb4", cursor="hand2",
                              font=("TkDefaultFont", 12, "underline"))
        self.link.grid(row=0, column=1, sticky="w", padx=(6, 0))
        self.link.bind("<Button-1>", lambda _event: self.open_browser())
        self.open_button = ttk.Button(self, text="Ouvrir dans le navigateur",
                                      command=self.open_browser)
        self.open_button.grid(row=0, column=2, sticky="w", padx=(10, 0))
        self.port_button = ttk.Button(self, text="", command=self._use_port)
        self.counter = ttk.Label(self, text="")
        self.counter.grid(row=0, column=4, sticky="e")
        self.columnconfigure(3, weight=1)

    def show_running(self, url):
        self.url = url
        self.message.configure(text="Serveur en marche :", foreground="")
        self.link.configure(text=url)
        self.open_button.grid()
        self.port_button.grid_remove()

    def show_stopped(self, text="Serveur arrêté."):
        self.url = ""
        self.message.configure(text=text, foreground="")
        self.link.configure(text="")
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
    le journal complet de la séance reste dans ``history``.
    """

    def __init__(self, master):
        super().__init__(master, padding=(10, 0, 10, 10))
        bar = ttk.Frame(self)
        bar.pack(fill="x", pady=(0, 4))
        ttk.Label(bar, text="Journal du serveur", font=("TkDefaultFont", 11, "bold")).pack(side="left")
        self.clear_button = ttk.Button(bar, text="Effacer", command=self.clear)
        self.clear_button.pack(side="right")
        self.trim_label = ttk.Label(bar, text="", foreground="#6b6b6b")
        self.trim_label.pack(side="right", padx=8)

        box = ttk.Frame(self)
        box.pack(fill="both", expand=True)
        self.text = tk.Text(box, wrap="word", state="disabled", undo=False, height=20,
                            font="TkFixedFont", background="#fbfbfb", relief="flat",
                            borderwidth=1, highlightthickness=1, padx=6, pady=4)
        scroll = ttk.Scrollbar(box, orient="vertical", command=self.text.yview)
        self.text.configure(yscrollcommand=scroll.set)
        scroll.pack(side="right", fill="y")
        self.text.pack(side="left", fill="both", expand=True)
        for tag, style in TAG_STYLES.items():
            # lmargin2 : une ligne trop longue continue en retrait, sous son texte.
            self.text.tag_configure(tag, lmargin2=48, **style)
        self.history = []            # [(texte, catégorie)] de toute la séance
        self.history_lines = 0
        self.history_full = False
        self.trimmed = 0             # lignes retirées de l'affichage

    def append(self, chunks):
        """Ajoute des morceaux ``(texte, catégorie)`` en un seul appel à Tk."""
        if not chunks:
            return
        if self._remember(chunks):
            chunks = chunks + [(self.history[-1][0], "error")]   # on l'annonce à l'écran
        at_end = self.text.yview()[1] >= 0.999   # l'utilisateur lit-il plus haut ?
        flat = []
        for text, tag in chunks:
            if flat and flat[-1] == tag:
                flat[-2] += text      # même couleur que le morceau précédent : on colle
            else:
                flat.extend((text, tag))
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
        for text, tag in chunks:
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
                text="%d lignes anciennes retirées de l'affichage (le journal complet est conservé)"
                     % self.trimmed)

    def content(self):
        return self.text.get("1.0", "end-1c")

    def clear(self):
        self.text.configure(state="normal")
        self.text.delete("1.0", "end")
        self.text.configure(state="disabled")
        self.history = []
        self.history_lines = 0
        self.history_full = False
        self.trimmed = 0
        self.trim_label.configure(text="")


class Panneau(ttk.Frame):
    """La fenêtre entière. ``Panneau(root)`` construit tout, prêt à servir."""

    def __init__(self, master, controller_factory=Controller):
        super().__init__(master)
        self.events = queue.Queue()          # rempli par les fils du serveur
        self.controller = controller_factory(report=self.events.put)
        self.request_count = 0
        self.state = STOPPED_STATE

        self.controls = Controls(self, on_start=self.start, on_stop=self.stop)
        self.controls.pack(fill="x")
        ttk.Separator(self).pack(fill="x", padx=10)
        self.status = StatusLine(self, on_use_port=self.use_port)
        self.status.pack(fill="x")
        self.log = LogPane(self)
        self.log.pack(fill="both", expand=True)
        self.pack(fill="both", expand=True)

        window = self.winfo_toplevel()
        style = ttk.Style(window)
        if style.theme_use() == "default" and "clam" in style.theme_names():
            style.theme_use("clam")   # Linux : un thème plus lisible que « default »
        window.title(TITLE)
        window.minsize(640, 420)
        window.protocol("WM_DELETE_WINDOW", self.close)
        self.set_state(STOPPED_STATE)
        self.status.show_stopped("Serveur arrêté. Choisissez un mode et un port, puis cliquez "
                                 "sur « Démarrer ».")
        self.status.show_count(0)
        self._poll_id = self.after(POLL_MS, self._poll)

    # -- actions ---------------------------------------------------------------
    def start(self):
        if self.state != STOPPED_STATE:
            return   # double-clic : on ne démarre jamais deux serveurs
        controls = self.controls
        try:
            url = self.controller.start(controls.mode.get(), controls.port.get(),
                                        controls.folder.get().strip() or DEFAULT_FOLDER)
        except StartError as exc:
            self.status.show_error(str(exc), exc.suggested_port)
            self.events.put(Event(ERROR, message=str(exc)))
            return
        self.set_state(RUNNING_STATE)
        self.status.show_running(url)

    def stop(self):
        if self.state != RUNNING_STATE:
            return
        self.controller.stop()
        self.set_state(STOPPED_STATE)
        self.status.show_stopped()

    def use_port(self, port):
        self.controls.port.set(str(port))
        self.start()

    def close(self):
        """Fermeture de la fenêtre : on arrête proprement le serveur d'abord."""
        self.controller.stop()
        if self._poll_id is not None:
            self.after_cancel(self._poll_id)
            self._poll_id = None
        self.winfo_toplevel().destroy()

    def set_state(self, state):
        self.state = state
        self.controls.set_running(state == RUNNING_STATE)

    # -- événements du serveur ---------------------------------------------------
    def _poll(self):
        """Vide la file d'événements par paquets, puis se reprogramme."""
        self.pump()
        self._poll_id = self.after(POLL_MS, self._poll)

    def pump(self):
        """Traite les événements en attente (au plus BATCH_SECONDS secondes)."""
        deadline = time.perf_counter() + BATCH_SECONDS
        chunks = []
        counted = self.request_count
        while time.perf_counter() < deadline:
            try:
                event = self.events.get_nowait()
            except queue.Empty:
                break
            chunks.append((format_lines(event), tag_of(event)))
            if event.kind == REQUEST:
                self.request_count += 1
            elif event.kind == STOPPED and self.state == RUNNING_STATE \
                    and not self.controller.running:
                self.set_state(STOPPED_STATE)
                self.status.show_stopped()
        self.log.append(chunks)
        if self.request_count != counted:
            self.status.show_count(self.request_count)


def main():
    if sys.platform == "win32":
        # Texte net sur les écrans haute résolution de Windows.
        try:
            import ctypes
            ctypes.windll.shcore.SetProcessDpiAwareness(1)
        except (AttributeError, OSError):
            pass
    root = tk.Tk()
    root.geometry("980x680")
    Panneau(root)
    root.mainloop()


if __name__ == "__main__":
    main()
