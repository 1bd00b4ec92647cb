"""La fenêtre entière : elle relie les parties au serveur, sans rien faire à leur place.

Le serveur tourne dans d'autres fils d'exécution (threads). Règle d'or de
tkinter : seul le fil principal touche la fenêtre. Le serveur range donc
ses événements dans une boîte aux lettres bornée (``inbox.py``) que la
fenêtre vide par paquets, au bon moment (``drain.py``) : chaque événement
va au carnet des postes, au journal (mis en phrases par le narrateur,
``serveur/formatter.py``) et à chaque onglet (``tab.py``).
"""

import shutil
import tempfile
from tkinter import ttk

from serveur import Controller, StartError
from serveur.clients import ClientBook
from serveur.events import ERROR, NOTICE, Event
from serveur.explanations import Explainer
from serveur.formatter import stop_summary
from serveur.french import typography
from serveur.mission_progress import MissionProgress

from . import intake, saving, settings, tab_manual, tab_missions, tab_sequence, tab_wire
from .background import run_soon
from .controls import Controls, StatusLine
from .drain import Drain
from .fonts import Fonts
from .inbox import Inbox
from .intake import Intake
from .journal import LogPane
from .masking import Masker
from .screen import Split, bind_keys
from .session_log import SessionLog
from .tab_bar import SideTabs
from .widgets import typeset
from .tab import TabContext
from .tab_clients import ClientsTab
from .tab_exchange import ExchangeTab
from .tab_timeline import TimelineTab
from .paper import Paper
from .tab_answers import AnswersTab

TITLE = "Panneau serveur"

# Les onglets, dans l'ordre où ils s'affichent. Ajouter un onglet : une ligne ici.
TABS = (ClientsTab, AnswersTab, tab_missions.MissionsTab, ExchangeTab, tab_wire.WireTab, TimelineTab,
        tab_sequence.SequenceTab, tab_manual.ManualTab)

# Les états du panneau : chaque bouton en dépend (voir Panneau.set_state).
STOPPED_STATE = intake.STOPPED_STATE
RUNNING_STATE = intake.RUNNING_STATE
STOPPING_STATE = "stopping"   # « Arrêter » cliqué, le serveur pas encore arrêté


class Panneau(Intake, ttk.Frame):
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
        self.events = Inbox()                # rempli par les fils du serveur (borné)
        self.controller = controller_factory(report=self.events.put)
        self.clients = ClientBook()
        self.explainer = Explainer()
        self.masker = Masker()               # les mots de passe, cachés sur l'écran projeté
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
        self.log = LogPane(panes, self.fonts, on_save=self.ask_save, on_clear=self.ask_clear)
        panes.add(self.log, weight=3)
        side = SideTabs(panes, padding=(0, 0, 10, 10))   # titres sur plusieurs lignes
        panes.add(side, weight=2)
        self.side = side.notebook
        context = TabContext(fonts=self.fonts, client_label=self.client_label,
                             clients=self.clients, hide=self.hide,
                             missions=MissionProgress(), report=self.events.put)
        self.tabs = [tab_class(self.side, context) for tab_class in TABS]
        side.show(self.tabs)   # un bouton par onglet, sur autant de lignes qu'il faut
        self.table = self.tab_of(ClientsTab)
        self.exchange_view = self.tab_of(ExchangeTab)
        self.timeline = self.tab_of(TimelineTab)
        self.paper = Paper(self)   # imprimer, comparer, toute la séance (paper.py)
        self.exchange_view.bind("<<ExchangeChosen>>", lambda _event: self._exchange_chosen())
        self.controls.bind("<<LanChanged>>", lambda _event: self._lan_changed())
        self.log.mask_passwords.trace_add("write", lambda *_args: self._masking_changed())
        self.split = Split(panes, self.log, self.side)   # la place du journal et des onglets
        window.bind("<<ExchangeClicked>>", lambda event: self._exchange_clicked(event.widget))
        window.bind("<<BlockAsked>>", lambda event: self._block_asked(*event.widget.asked))
        self.pack(fill="both", expand=True)

        window.title(TITLE)
        window.protocol("WM_DELETE_WINDOW", self.close)
        bind_keys(window, self.fonts.zoom, self.close)
        self.apply_settings(loaded)
        if problem:
            self.events.put(Event(NOTICE, message=typography(problem)))
        self.set_state(STOPPED_STATE)
        self.status.show_stopped(typography("Serveur arrêté. Choisissez un mode et un port, "
                                            "puis cliquez sur « Démarrer »."))
        self.status.show_count(0)
        typeset(self)
        self.drain = Drain(self, self.events, self.pump)   # quand vider la boîte aux lettres

    def hide(self, text):
        """``text`` tel qu'il peut être projeté : les mots de passe vus masqués, si
        « Masquer les mots de passe » est cochée."""
        return self.masker.hide(text) if self.log.mask_passwords.get() else text

    def _masking_changed(self):
        # Cocher la case cache aussi ce qui est déjà à l'écran, pas seulement la suite.
        if self.log.mask_passwords.get():
            self.log.hide(self.masker.forms())
        for tab in self.tabs:
            tab.redisplay()

    def _lan_changed(self):
        # Sur le réseau local, l'écran projeté montre ce que tapent toute la classe :
        # les mots de passe y sont masqués d'office (la case reste décochable).
        if self.controls.values()["lan"]:
            self.log.mask_passwords.set(True)

    def tab_of(self, tab_class):
        """L'onglet de cette classe (ou None)."""
        for tab in self.tabs:
            if isinstance(tab, tab_class):
                return tab
        return None

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
                self.events.put(Event(NOTICE, message=typography(problem)))

    # -- actions ---------------------------------------------------------------
    def start(self):
        if self.state != STOPPED_STATE:
            return   # double-clic : on ne démarre jamais deux serveurs
        chosen = self.controls.values()
        # « Mon serveur » : le fichier de l'élève (sans lui, le contrôleur dit quoi faire).
        options = ({"student_file": self.controls.chosen_file() or None}
                   if self.controls.needs_file() else {})
        options.update({"https": True} if chosen["https"] else {})   # serveur/secure.py
        options["private"] = (self.session.folder,)   # ce que tapent les élèves : jamais servi
        rules = self.controls.code_row.rules()   # le code de la classe (serveur/admission.py)
        self.controller.admit(rules)
        try:
            url = self.controller.start(chosen["mode"], chosen["port"],
                                        self.controls.chosen_folder(), self.controls.host(),
                                        **options)
        except StartError as exc:
            self.status.show_error(str(exc), exc.suggested_port)
            # Le fichier d'un élève : le fait et ses valeurs suivent la phrase, pour que le
            # narrateur montre dessous la ligne fautive et son chevron ^.
            student = exc.fact.startswith("student-")
            self.events.put(Event(ERROR, message=str(exc), fact=exc.fact if student else "",
                                  values=tuple(exc.values.items()) if student else ()))
            return
        self.set_state(RUNNING_STATE)
        self.status.show_running(url, self.controller.port if chosen["lan"] else None,
                                 "" if self.controls.needs_file() else rules.code)
        self.save_settings()

    def stop(self):
        """Arrête le serveur sans figer la fenêtre (background.py) : d'ordinaire en quelques
        millisecondes ; un serveur d'élève coincé (boucle sans fin) en prend jusqu'à une
        seconde, pendant laquelle la fenêtre dit « Arrêt en cours… » et continue de vivre."""
        if self.state != RUNNING_STATE:
            return
        self.set_state(STOPPING_STATE)
        if not run_soon(self, self.controller.stop, self._stopped, name="arrêt du serveur"):
            self.status.show_stopped(typography("Arrêt en cours…"))

    def _stopped(self, cut):
        self.set_state(STOPPED_STATE)
        self.status.show_stopped(stop_summary(cut or 0))

    def use_port(self, port):
        self.controls.port.set(str(port))
        self.start()

    def ask_save(self):
        path = saving.ask_where(self, self.controls.chosen_folder())
        if path:
            self.save_log(path)

    def save_log(self, path):
        """Copie tout le journal de la séance dans ``path`` ; refuse le dossier servi."""
        return saving.save_copy(self.session, path, self.controls.chosen_folder(), self.events.put)

    def ask_clear(self):
        """« Effacer… » : on demande d'abord (rien ne se perd d'un clic)."""
        if saving.confirm_clear(self, self.session.folder):
            self.clear_session()

    def clear_session(self):
        """Tout repart de zéro : journal (un nouveau fichier), postes, onglets, compteurs."""
        self.log.clear()
        self.session.start_new()
        self._told_full = False
        self.clients.clear()
        self.explainer.forget()
        self.masker.clear()
        self.paper.clear()
        for tab in self.tabs:
            tab.clear()
        self.request_count = 0
        self.status.show_count(0)
        self.controller.restart_numbering()
        self.events.put(Event(NOTICE, message=typography(
            "journal effacé : la séance repart de zéro (requête n°1 pour la suivante)%s.")
            % (typography(" ; le serveur continue sur %s") % self.controller.url
               if self.state == RUNNING_STATE else "")))

    def client_label(self, address):
        """Le nom à montrer pour un client : « Poste N » ou son adresse."""
        return self.clients.name_of(address) if self.table.names_shown() else address

    def _exchange_clicked(self, source):
        """Un clic sur un échange : montré dans « Échange brut », sauf depuis « Sur le fil »."""
        shown = self.side.nametowidget(self.side.select())
        if self.exchange_view.show(source.clicked_exchange) and not shown.shows_exchange:
            self.side.select(self.exchange_view)

    def _block_asked(self, address, block):
        """« Bloquer ce poste » / « Débloquer » (blocking_row.py) : le serveur coupe ses
        connexions et le dit ; sans figer la fenêtre (il tourne dans un autre processus)."""
        action = self.controller.block if block else self.controller.unblock
        run_soon(self, lambda: action(address), lambda _done: None, name="bloquer un poste")

    def _exchange_chosen(self):
        chosen = self.exchange_view.selected()
        for tab in self.tabs if chosen is not None else ():
            tab.exchange_chosen(chosen)   # chaque onglet le montre à sa façon

    def close(self):
        """Fermeture de la fenêtre : on arrête proprement le serveur d'abord (et son
        processus, s'il tourne à part : ``serveur/process.py``)."""
        self.controller.stop()
        if hasattr(self.controller, "close"):
            self.controller.close()
        self.save_settings()
        self.session.close()
        self.paper.close()
        self.drain.stop()
        self.events.close()
        if self._temporary_journal:
            shutil.rmtree(self.session.folder, ignore_errors=True)
        self.winfo_toplevel().destroy()

    def set_state(self, state):
        self.state = state
        self.controls.set_running(state == RUNNING_STATE)
        if state == STOPPING_STATE:   # ni Démarrer ni Arrêter : l'arrêt est en route
            self.controls.start_button.state(["disabled"])
