"""La fenêtre entière : elle relie les parties au serveur, sans rien faire à leur place.

Le serveur tourne dans d'autres fils d'exécution (threads). Règle d'or de
tkinter : seul le fil principal touche la fenêtre. Le serveur range donc
ses événements dans une file d'attente (``queue.Queue``) et la fenêtre vient
la vider régulièrement grâce à ``after()``, par paquets : chaque événement
va au carnet des postes, au journal (mis en phrases par le narrateur,
``serveur/formatter.py``) et à chaque onglet (``tab.py``).
"""

import queue
import shutil
import tempfile
import threading
import time
from tkinter import filedialog, messagebox, ttk

from serveur import Controller, StartError
from serveur import network
from serveur.clients import ClientBook
from serveur.events import ERROR, NOTICE, REQUEST, STOPPED, Event
from serveur.explanations import Explainer
from serveur.formatter import format_lines, stop_summary

from . import classify, settings
from .controls import Controls, StatusLine
from .fonts import Fonts
from .journal import LogPane
from .session_log import SessionLog, is_inside, save_folder
from .tab import TabContext
from .tab_clients import ClientsTab
from .tab_exchange import ExchangeTab
from .tab_timeline import TimelineTab

TITLE = "Panneau serveur"
POLL_MS = 30                 # la file d'événements est vidée toutes les 30 ms
BATCH_SECONDS = 0.02         # … pendant 20 ms au plus, pour ne jamais figer la fenêtre

# Les onglets, dans l'ordre où ils s'affichent. Ajouter un onglet : une ligne ici.
TABS = (ClientsTab, ExchangeTab, TimelineTab)

# Les états du panneau : chaque bouton en dépend (voir Panneau.set_state).
STOPPED_STATE = "stopped"
RUNNING_STATE = "running"

# Ctrl + / Ctrl - / Ctrl 0 : la taille du texte, pour la projection. Sur un clavier
# AZERTY, la touche du 0 donne « à » sans Maj : Ctrl à revient aussi à la taille normale.
ZOOM_KEYS = (("plus", 1), ("equal", 1), ("KP_Add", 1), ("minus", -1), ("KP_Subtract", -1),
             ("0", 0), ("KP_0", 0), ("agrave", 0))


class Panneau(ttk.Frame):
    """La fenêtre entière. ``Panneau(root)`` construit tout, prêt à servir.

    ``settings_path`` : fichier des réglages retenus d'une séance à l'autre
    (``main()`` donne celui du dossier de configuration de l'utilisateur ;
    sans lui, rien n'est lu ni écrit). ``journal_folder`` : où écrire le
    journal complet de la séance (``main()`` donne le dossier de données de
    l'utilisateur ; sans lui, un dossier temporaire, supprimé à la fermeture).
    """

    def __init__(self, master, controller_factory=Controller, settings_path=None,
                 journal_folder=None):
        super().__init__(master)
        self.events = queue.Queue()          # rempli par les fils du serveur
        self._lan_results = queue.Queue()    # les adresses du réseau local, trouvées à part
        self.controller = controller_factory(report=self.events.put)
        self.clients = ClientBook()
        self.explainer = Explainer()
        self.request_count = 0
        self.state = STOPPED_STATE
        self.settings_path = settings_path
        self._temporary_journal = journal_folder is None
        self._told_full = False
        self.session = SessionLog(journal_folder or tempfile.mkdtemp(prefix="panneau-journal-"))
        loaded, problem = (settings.load_settings(settings_path) if settings_path
                           else (dict(settings.DEFAULTS), None))

        window = self.winfo_toplevel()
        style = ttk.Style(window)
        if style.theme_use() == "default" and "clam" in style.theme_names():
            style.theme_use("clam")   # Linux : un thème plus lisible que « default »
        self.fonts = Fonts(self, loaded["font_size"])

        self.controls = Controls(self, on_start=self.start, on_stop=self.stop,
                                 on_zoom=self.fonts.zoom)
        self.controls.pack(fill="x")
        ttk.Separator(self).pack(fill="x", padx=10)
        self.status = StatusLine(self, self.fonts, on_use_port=self.use_port)
        self.status.pack(fill="x")
        panes = ttk.PanedWindow(self, orient="horizontal")
        panes.pack(fill="both", expand=True)
        panes.bind("<Configure>", self._place_sash)
        self._panes = panes
        self.log = LogPane(panes, self.fonts, on_save=self.ask_save, on_clear=self.ask_clear)
        panes.add(self.log, weight=3)
        self.side = ttk.Notebook(panes, padding=(0, 0, 10, 10))
        panes.add(self.side, weight=2)
        context = TabContext(fonts=self.fonts, client_label=self.client_label,
                             clients=self.clients)
        self.tabs = [tab_class(self.side, context) for tab_class in TABS]
        for tab in self.tabs:
            self.side.add(tab, text=tab.tab_title)
        self.table = self.tab_of(ClientsTab)
        self.exchange_view = self.tab_of(ExchangeTab)
        self.timeline = self.tab_of(TimelineTab)
        self.exchange_view.bind("<<ExchangeChosen>>", lambda _event: self._exchange_chosen())
        self._sash_before = None   # où était la séparation avant qu'un onglet demande de la place
        self.side.bind("<<NotebookTabChanged>>", lambda _event: self.make_room(), add="+")
        window.bind("<<FontsChanged>>", lambda _event: self.make_room(), add="+")
        self.log.bind("<<ExchangeClicked>>", lambda _event: self._exchange_clicked())
        self.pack(fill="both", expand=True)

        window.title(TITLE)
        window.protocol("WM_DELETE_WINDOW", self.close)
        self._bind_keys(window)
        self.apply_settings(loaded)
        if problem:
            self.events.put(Event(NOTICE, message=problem))
        self.set_state(STOPPED_STATE)
        self.status.show_stopped("Serveur arrêté. Choisissez un mode et un port, puis cliquez "
                                 "sur « Démarrer ».")
        self.status.show_count(0)
        self._poll_id = self.after(POLL_MS, self._poll)

    def _bind_keys(self, window):
        # macOS : Commande à côté de Contrôle, et Cmd+Q ou « Quitter » du menu de
        # l'application passent par la même fermeture (réglages gardés, serveur arrêté).
        modifiers = ["Control"]
        if window.tk.call("tk", "windowingsystem") == "aqua":
            modifiers.append("Command")
            window.createcommand("::tk::mac::Quit", self.close)
        for modifier in modifiers:
            for key, step in ZOOM_KEYS:
                window.bind("<%s-%s>" % (modifier, key),
                            lambda _event, step=step: self.fonts.zoom(step))
        # Les boîtes de dialogue de Tk lui-même (fichiers sous Linux, questions) en français.
        window.tk.eval("namespace eval ::tk { ::msgcat::mclocale fr; "
                       "::msgcat::mcload [file join $::tk_library msgs] }")

    def tab_of(self, tab_class):
        """L'onglet de cette classe (ou None)."""
        for tab in self.tabs:
            if isinstance(tab, tab_class):
                return tab
        return None

    def _place_sash(self, event):
        # Une seule fois, quand la fenêtre a sa taille : le journal prend 60 % de la
        # largeur, et au moins ce qu'il faut à ses boutons.
        if event.width > 100:
            self._panes.unbind("<Configure>")
            self._panes.sashpos(0, max(int(event.width * 0.6), self.log.winfo_reqwidth()))
            self.make_room()

    def make_room(self):
        """Donne à l'onglet ouvert la largeur qu'il demande (« Échange brut » : 60
        caractères par ligne), sans jamais couper les boutons du journal ; rend la
        place d'avant en revenant à un autre onglet."""
        total = self._panes.winfo_width()
        if total <= 100:
            return   # la fenêtre n'a pas encore sa taille : _place_sash le fera
        tab = self.nametowidget(self.side.select()) if self.side.select() else None
        wanted = tab.preferred_width() if tab is not None else 0
        if wanted:
            if self._sash_before is None:
                self._sash_before = self._panes.sashpos(0)
            position = max(self.log.winfo_reqwidth(), total - wanted)
            self._panes.sashpos(0, min(position, self._sash_before))
        elif self._sash_before is not None:
            self._panes.sashpos(0, self._sash_before)
            self._sash_before = None

    # -- réglages ----------------------------------------------------------------
    def apply_settings(self, values):
        self.controls.apply(values)
        self.log.apply(values)
        for tab in self.tabs:
            tab.apply(values)

    def current_settings(self):
        values = dict(self.controls.values(), font_size=self.fonts.size)
        values.update(self.log.settings())
        for tab in self.tabs:
            values.update(tab.settings())
        return values

    def save_settings(self):
        if self.settings_path:
            problem = settings.save_settings(self.settings_path, self.current_settings())
            if problem:
                self.events.put(Event(NOTICE, message=problem))

    # -- actions ---------------------------------------------------------------
    def start(self):
        if self.state != STOPPED_STATE:
            return   # double-clic : on ne démarre jamais deux serveurs
        chosen = self.controls.values()
        try:
            url = self.controller.start(chosen["mode"], chosen["port"],
                                        self.controls.chosen_folder(), self.controls.host())
        except StartError as exc:
            self.status.show_error(str(exc), exc.suggested_port)
            self.events.put(Event(ERROR, message=str(exc)))
            return
        self.set_state(RUNNING_STATE)
        self.status.show_running(url, [] if chosen["lan"] else None)
        if chosen["lan"]:
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
        self.status.show_stopped(stop_summary(cut))

    def use_port(self, port):
        self.controls.port.set(str(port))
        self.start()

    def ask_save(self):
        # Jamais le dossier servi : le journal contient ce que les élèves ont tapé,
        # mots de passe compris, et tout le dossier servi est téléchargeable.
        path = filedialog.asksaveasfilename(
            parent=self, title="Enregistrer le journal de la séance",
            initialdir=save_folder(self.controls.chosen_folder()), defaultextension=".txt",
            initialfile=time.strftime("journal-serveur-%Y-%m-%d-%Hh%M.txt"),
            filetypes=[("Fichiers texte", "*.txt"), ("Tous les fichiers", "*")])
        if path:
            self.save_log(path)

    def save_log(self, path):
        """Copie tout le journal de la séance dans ``path`` (UTF-8) ; le dit dans le
        journal. Refuse un fichier du dossier servi."""
        if is_inside(path, self.controls.chosen_folder()):
            message = ("Je n'enregistre pas le journal dans le dossier servi (« %s ») : il "
                       "contient ce que les élèves ont tapé, mots de passe compris, et tout le "
                       "monde pourrait le télécharger. Choisissez un autre dossier, par exemple "
                       "vos Documents." % self.controls.chosen_folder())
            self.events.put(Event(ERROR, message=message))
            return False
        try:
            lines = self.session.copy_to(path)
        except OSError as exc:
            message = "Impossible d'enregistrer le journal dans « %s » : %s." % (
                path, exc.strerror or exc)
            self.events.put(Event(ERROR, message=message))
            return False
        self.events.put(Event(NOTICE, message="journal enregistré dans « %s » (%d lignes)."
                                              % (path, lines)))
        return True

    def ask_clear(self):
        """« Effacer… » : on demande d'abord (rien ne se perd d'un clic)."""
        if messagebox.askyesno(
                parent=self, title="Effacer le journal",
                message="Effacer tout le journal de la séance ?",
                detail="L'écran, les postes, les échanges et les compteurs repartent de zéro ; "
                       "« Enregistrer… » ne gardera que la suite. Le journal effacé reste dans "
                       "le dossier des journaux du panneau (« %s »), avec ceux des dernières "
                       "séances." % self.session.folder, icon="warning"):
            self.clear_session()

    def clear_session(self):
        """Tout repart de zéro : journal (un nouveau fichier), postes, onglets, compteurs."""
        self.log.clear()
        self.session.start_new()
        self._told_full = False
        self.clients.clear()
        self.explainer.forget()
        for tab in self.tabs:
            tab.clear()
        self.request_count = 0
        self.status.show_count(0)

    def client_label(self, address):
        """Le nom à montrer pour un client : « Poste N » ou son adresse."""
        return self.clients.name_of(address) if self.table.names_shown() else address

    def _exchange_clicked(self):
        """Un clic sur une requête du journal : on montre son échange."""
        if self.exchange_view.show(self.log.clicked_exchange):
            self.side.select(self.exchange_view)

    def _exchange_chosen(self):
        chosen = self.exchange_view.selected()
        if chosen is not None:
            self.timeline.show_client(chosen.client)

    def close(self):
        """Fermeture de la fenêtre : on arrête proprement le serveur d'abord."""
        self.controller.stop()
        self.save_settings()
        self.session.close()
        if self._temporary_journal:
            shutil.rmtree(self.session.folder, ignore_errors=True)
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
        counted = self.request_count
        label = self.clients.name_of if self.table.names_shown() else None
        explain = self.log.explanations.get()
        while time.perf_counter() < deadline:
            try:
                event = self.events.get_nowait()
            except queue.Empty:
                break
            try:
                chunks.extend(self._take(event, label, explain))
            except Exception as exc:   # un événement inattendu ne bloque pas les suivants
                chunks.append(("impossible d'afficher un événement (%s : %s)\n"
                               % (type(exc).__name__, exc), classify.ERRORS, classify.ERRORS))
        self.log.append(chunks)
        self.session.write("".join(chunk[0] for chunk in chunks))
        if self.session.full and not self._told_full:
            self._told_full = True   # dit une fois à l'écran (le fichier le dit aussi)
            self.events.put(Event(NOTICE, message="journal de la séance plein (%d lignes) : la "
                                                  "suite s'affiche encore mais n'est plus "
                                                  "écrite." % self.session.lines))
        for tab in self.tabs:
            tab.refresh()
        if self.request_count != counted:
            self.status.show_count(self.request_count)

    def _take(self, event, label, explain):
        """Un événement : met à jour le carnet et les onglets ; rend les morceaux du journal."""
        self.clients.note(event)
        for tab in self.tabs:
            tab.add(event)
        if event.kind == REQUEST:
            self.request_count += 1
        elif event.kind == STOPPED and self.state == RUNNING_STATE \
                and not self.controller.running:
            self.set_state(STOPPED_STATE)
            self.status.show_stopped()
        chunks = []
        family, role = classify.classify(event)
        text = format_lines(event, label)
        if text:
            chunks.append((text, classify.colour_of(family, role), family))
        notes = self.explainer.notes(event)   # appelé toujours : il suit les pages vues
        if notes and explain:
            chunks.append(("\n".join(notes) + "\n", classify.HINT, family))
        return chunks
