"""L'onglet « Missions » : la fiche d'exercices de la classe, qui se coche toute seule.

En haut, la mission choisie (une des missions livrées, dossier ``missions/``, ou le
fichier d'un professeur : « Ouvrir… ») ; son titre et sa consigne. Au milieu, ses
étapes (``mission_checklist.py``) : qui a fait chacune, et quand ; en dessous, la
classe d'un coup d'œil, un poste par ligne et une colonne par étape. Choisir un poste
montre ses étapes à lui ; « Toute la classe » revient à l'ensemble. En bas, une
réponse tapée au tableau (pour une démonstration) ou pour le poste choisi.

Qui a fait quoi : ``context.missions`` (``serveur/mission_progress.py``), nourri ici
des événements du serveur ; « Qui est connecté ? » en montre le compte (« 3/5 »). Une
étape faite est dite au journal (``context.report`` : le narrateur la raconte). La
mission choisie est retenue dans les réglages (clé ``mission``).
"""

import os
import tkinter as tk
from tkinter import filedialog, ttk

from serveur.french import say, typography
from serveur.mission_progress import BOARD, MissionProgress, chosen_event, journal_events
from serveur.mission_wording import mission_failed
from serveur.missions import MAX_STEPS, SHIPPED_FOLDER, MissionError, load_mission, shipped_paths

from .mission_checklist import DONE_COLOUR, Checklist
from .tab import Tab, Throttle
from .widgets import ScrolledTable, WrappingLabel

NO_MISSION = "Aucune mission"
BOARD_NAME = "Au tableau"
CHOOSE_HELP = ("Choisissez une mission : ses étapes se cochent toutes seules quand un poste les "
               "fait. Les questions se répondent dans le formulaire « Mission » de "
               "ressource.html (mode GET/POST).")
NOTHING_CHOSEN = ("Aucune mission choisie pour l'instant. « Ouvrir… » lit celle d'un professeur : "
                  "un fichier texte, une étape par ligne (voir le README, section « Missions »).")
GRID_HELP = "Dans « La classe », choisissez un poste : ses étapes, et quand."
STEPS_VIEW, CLASS_VIEW = "etapes", "classe"
DONE_MARK = "✔"


class MissionsTab(Tab):
    """« Missions » : les étapes de la mission choisie, cochées par poste."""

    tab_title = "Missions"
    # (nom, titre, valeur typique qui doit tenir, s'étire) : une colonne par étape possible,
    # seules celles de la mission choisie sont montrées (displaycolumns).
    COLUMNS = ((("#0", "Poste", "Poste 30", False), ("count", "Fait", "10/10", False))
               + tuple(("s%d" % n, str(n), DONE_MARK, False) for n in range(1, MAX_STEPS + 1)))

    def __init__(self, master, context):
        super().__init__(master, context)
        self.progress = context.missions if context.missions is not None else MissionProgress()
        self.choices = []       # (titre montré, chemin) dans la liste
        self.mission = None     # la mission montrée (serveur.missions.Mission)
        self.shown = None       # le poste dont on montre les étapes (None : toute la classe)
        self.failure = None     # un fichier de mission faux : (titre, problèmes), montrés
        self.dirty = False
        top = ttk.Frame(self)
        top.pack(fill="x")
        ttk.Label(top, text="Mission :").pack(side="left")
        self.chooser = ttk.Combobox(top, state="readonly", width=12)
        self.chooser.pack(side="left", fill="x", expand=True, padx=4)
        self.chooser.bind("<<ComboboxSelected>>", lambda _event: self._picked())
        self.open_button = ttk.Button(top, text="Ouvrir…", command=self.ask_open)
        self.open_button.pack(side="left")
        # Deux vues de la même place (un petit écran n'a pas la hauteur des deux) : les
        # étapes (toute la classe, ou un poste), ou la classe, un poste par ligne.
        switch = ttk.Frame(self)
        switch.pack(fill="x", pady=(6, 4))
        ttk.Label(switch, text="Montrer :").pack(side="left")
        self.view = tk.StringVar(master=self, value=STEPS_VIEW)
        self.view_buttons = {}
        for value, label in ((STEPS_VIEW, "Les étapes"), (CLASS_VIEW, "La classe")):
            button = ttk.Radiobutton(switch, text=label, value=value, variable=self.view,
                                     style="Toolbutton", command=self._view_changed)
            button.pack(side="left", padx=(4, 0))
            self.view_buttons[value] = button
        self.everyone_button = ttk.Button(switch, text="Toute la classe", command=self.show_class)
        self._build_answer_row()
        self.checklist = Checklist(self, context.fonts)
        self.table = ScrolledTable(self, context.fonts, self.COLUMNS, height=4)
        self.grid_tree = self.table.tree
        self.grid_tree.bind("<<TreeviewSelect>>", lambda _event: self._row_chosen())
        self.grid_tree.tag_configure("complete", foreground=DONE_COLOUR)
        self._view_changed()
        self.throttle = Throttle(self, self.draw, 0.25)
        self.bind("<Map>", lambda _event: self.draw())
        self._list_choices()
        self.choose_path("")

    def _build_answer_row(self):
        row = ttk.Frame(self)
        row.pack(side="bottom", fill="x", pady=(6, 0))
        self.answer_label = ttk.Label(row, text=typography("Réponse au tableau :"))
        self.answer_label.grid(row=0, column=0, sticky="w")
        self.answer = tk.StringVar(master=self, value="")
        self.answer_entry = ttk.Entry(row, textvariable=self.answer, width=6)
        self.answer_entry.grid(row=0, column=1, sticky="ew", padx=4)
        self.answer_entry.bind("<Return>", lambda _event: self.check_answer())
        self.check_button = ttk.Button(row, text="Vérifier", command=self.check_answer)
        self.check_button.grid(row=0, column=2)
        self.verdict = WrappingLabel(row, text="")
        self.verdict.grid(row=1, column=0, columnspan=3, sticky="ew")
        row.columnconfigure(1, weight=1)

    # -- choisir la mission -------------------------------------------------------------
    def _list_choices(self, extra=None):
        """La liste : aucune mission, les missions livrées, puis les fichiers ouverts."""
        shipped = shipped_paths()
        paths = shipped + [path for _title, path in self.choices[1:] if path not in shipped]
        if extra and extra not in paths:
            paths.append(extra)
        self.choices = [(NO_MISSION, "")]
        for path in paths:
            try:
                title = load_mission(path).title
                if path not in shipped:   # le fichier d'un professeur : son nom aussi
                    title = say("%s (%s)", title, os.path.basename(path))
            except MissionError:   # un fichier faux : son nom seul
                title = os.path.basename(path)
            self.choices.append((typography(title), path))
        self.chooser.configure(values=[title for title, _path in self.choices])

    def _picked(self):
        self.choose_path(self.choices[self.chooser.current()][1])
        self.chooser.selection_clear()   # le titre choisi, sans le surligner

    def ask_open(self):
        """« Ouvrir… » : le fichier de mission d'un professeur."""
        path = filedialog.askopenfilename(
            parent=self, title="Ouvrir une mission", initialdir=os.path.expanduser("~"),
            filetypes=(("Missions (texte)", "*.txt"), ("Tous les fichiers", "*")))
        if path:
            self.choose_path(path)

    def choose_path(self, path):
        """Lit (ou relit : le professeur a pu le corriger) le fichier de mission ``path``
        et le donne à la classe ; "" : aucune mission. Rend vrai s'il est lisible. Un
        fichier faux : ses problèmes sont montrés, ligne par ligne, aucune mission n'est
        choisie, et il reste dans la liste : le choisir de nouveau le relit."""
        mission, self.failure = None, None
        if path:
            try:
                mission = load_mission(path)
            except MissionError as problem:
                self.failure = (mission_failed(os.path.basename(path), problem.problems),
                                problem.messages())
                path = path if os.path.isfile(path) else ""
        self._list_choices(path or None)
        self._set_mission(mission, path)
        if mission is not None and self.context.report is not None:
            self.context.report(chosen_event(mission))
        self.draw()
        return mission is not None

    def _set_mission(self, mission, path):
        self.mission = mission
        self.progress.choose(mission)
        paths = [known for _title, known in self.choices]
        self.chooser.current(paths.index(path) if path in paths else 0)
        shown = ["s%d" % step.number for step in mission.steps] if mission else []
        self.grid_tree.configure(displaycolumns=["count"] + shown)
        self.verdict.configure(text="")

    # -- le protocole des onglets -------------------------------------------------------
    def preferred_width(self):
        """Assez de place pour le tableau de la classe (une colonne par étape) et des
        étapes qui tiennent sur peu de lignes : de 50 à 64 caractères."""
        heading, table = self.context.fonts.heading, self.context.fonts.table
        shown = self.COLUMNS[:2 + (len(self.mission.steps) if self.mission else 0)]
        wanted = sum(max(heading.measure(title), table.measure(sample)) + 24
                     for _name, title, sample, _stretch in shown) + 48
        return min(max(wanted, table.measure("0") * 50), table.measure("0") * 64)

    def add(self, event):
        finished = self.progress.note(event)
        if finished:
            self._tell(finished)
        if event.client and self.mission is not None:
            self.dirty = True

    def _tell(self, finished):
        if self.context.report is not None:
            for line in journal_events(finished, self.mission):
                self.context.report(line)
        self.dirty = True

    def refresh(self):
        if self.dirty and self.winfo_ismapped():
            self.throttle.soon()

    def clear(self):
        self.progress.clear()
        self.verdict.configure(text="")
        self.show_class()

    def settings(self):
        return {"mission": self.mission.path if self.mission else ""}

    def apply(self, values):
        path = values.get("mission", "")
        if path and not os.path.isfile(path):   # le dossier du panneau a changé de place ?
            shipped = os.path.join(SHIPPED_FOLDER, os.path.basename(path))
            path = shipped if os.path.isfile(shipped) else path
        self.choose_path(path)

    # -- dessiner -----------------------------------------------------------------------
    def name_of(self, client):
        return BOARD_NAME if client == BOARD else self.context.client_label(client)

    def everyone(self):
        """Les postes de la classe : ceux du carnet, puis le tableau s'il a répondu."""
        clients = [record.address for record in self.context.clients.records()]
        return clients + [client for client in self.progress.clients() if client not in clients]

    def draw(self):
        self.throttle.drawn()
        self.dirty = False
        if self.mission is None:
            if self.failure is not None:
                self.checklist.show_problems(*self.failure)
            else:
                self.checklist.show_nothing(typography(CHOOSE_HELP + "\n\n" + NOTHING_CHOSEN))
            self.grid_tree.delete(*self.grid_tree.get_children())
            return
        everyone = self.everyone()
        self._draw_grid(everyone)
        if self.shown is not None and self.shown in everyone:
            self.checklist.show_client(self.mission, self.progress.done_by(self.shown),
                                       self.name_of(self.shown),
                                       self.progress.last_answer(self.shown))
        else:
            pupils = [client for client in everyone if client != BOARD]
            self.checklist.show_class(self.mission, self.progress, pupils, self.name_of,
                                      typography(GRID_HELP))

    def _draw_grid(self, everyone):
        for iid in self.grid_tree.get_children():
            if iid not in everyone:
                self.grid_tree.delete(iid)
        for client in everyone:
            done = self.progress.done_by(client)
            values = [self.progress.summary(client)] + [
                DONE_MARK if number in done else "" for number in range(1, MAX_STEPS + 1)]
            tags = ("complete",) if len(done) == len(self.mission.steps) else ()
            if self.grid_tree.exists(client):
                self.grid_tree.item(client, values=values, tags=tags)
            else:
                self.grid_tree.insert("", "end", iid=client, text=self.name_of(client),
                                      values=values, tags=tags)

    # -- un poste, une réponse ----------------------------------------------------------
    def _view_changed(self):
        """« Les étapes » ou « La classe » : l'une ou l'autre prend la place."""
        steps = self.view.get() == STEPS_VIEW
        self.checklist.pack_forget()
        self.table.pack_forget()
        (self.checklist if steps else self.table).pack(fill="both", expand=True)
        if not steps:   # un clic sur le poste déjà montré le montre encore
            self.grid_tree.selection_remove(*self.grid_tree.selection())
        if steps and self.shown is not None:
            self.everyone_button.pack(side="right")
        else:
            self.everyone_button.pack_forget()

    def _row_chosen(self):
        """Un poste choisi dans « La classe » : ses étapes à lui, et quand."""
        chosen = self.grid_tree.selection()
        if chosen:
            self.show_client(chosen[0])

    def show_client(self, client):
        """Les étapes de ``client`` (« Toute la classe » : ``None``) ; la réponse tapée
        au tableau compte pour lui."""
        self.shown = client
        label = say("Réponse de %s :", self.name_of(client)) if client else \
            typography("Réponse au tableau :")
        self.answer_label.configure(text=label)
        self.view.set(STEPS_VIEW)
        self._view_changed()
        self.draw()

    def show_class(self):
        """« Toute la classe » : plus de poste choisi."""
        self.grid_tree.selection_remove(*self.grid_tree.selection())
        self.show_client(None)

    def check_answer(self):
        """« Vérifier » : la réponse tapée, pour le poste choisi ou au tableau."""
        text = self.answer.get().strip()
        if self.mission is None:
            self.verdict.configure(text=typography("Choisissez d'abord une mission."))
            return
        if not text:
            return
        finished = self.progress.answer(self.shown or BOARD, text)
        if finished:
            numbers = ", ".join(str(done.step.number) for done in finished)
            self.verdict.configure(text=say("Juste : étape %s cochée.", numbers))
            self.answer.set("")
            self._tell(finished)
        else:
            self.verdict.configure(text=typography(
                "Pas encore : ce n'est la réponse d'aucune question qui reste à cocher."))
        self.draw()
