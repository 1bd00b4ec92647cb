"""La liste des étapes d'une mission, cochées : pour toute la classe, ou pour un poste.

Un ``Text`` en lecture seule, qui revient à la ligne (une étape longue n'est jamais
coupée, même projetée en 1024×768) : chaque étape, sa case, son numéro et son texte,
puis en dessous qui l'a faite et quand (« 3 postes sur 5 : Poste 1 (10:02)… ») ou,
pour un poste, à quelle heure. Les problèmes d'un fichier de mission s'y écrivent aussi,
chacun sur sa ligne. Pas d'événement ici : l'onglet « Missions » lui dit quoi montrer.
"""

import time
import tkinter as tk
from tkinter import ttk

from serveur.display import escape
from serveur.french import number, say, typography
from serveur.mission_progress import BOARD

from .widgets import INK, PAPER

DONE_COLOUR = "#1a7f37"
PROBLEM_COLOUR = "#b42318"
QUIET_COLOUR = "#57606a"
NAMES_SHOWN = 8   # postes nommés sous une étape ; au-delà, « et 22 autres »


def clock(moment):
    return time.strftime("%H:%M", time.localtime(moment))


class Checklist(ttk.Frame):
    """Les étapes, cochées ; ``show_class``, ``show_client`` ou ``show_problems``."""

    def __init__(self, master, fonts):
        super().__init__(master)
        self.fonts = fonts
        self.text = tk.Text(self, wrap="word", font=fonts.table, background=PAPER,
                            foreground=INK, relief="flat", padx=6, pady=4, height=4,
                            state="disabled", cursor="arrow", spacing1=2)
        self.text.tag_configure("step", lmargin2=24)
        self.text.tag_configure("mark", font=fonts.heading)
        self.text.tag_configure("intro", foreground=QUIET_COLOUR, spacing3=8)
        self.text.tag_configure("done", foreground=DONE_COLOUR)
        self.text.tag_configure("who", lmargin1=24, lmargin2=24, foreground=QUIET_COLOUR,
                                spacing3=6)
        self.text.tag_configure("problem", foreground=PROBLEM_COLOUR, lmargin2=12)
        self.text.tag_configure("title", font=fonts.heading)
        down = ttk.Scrollbar(self, orient="vertical", command=self.text.yview)
        self.text.configure(yscrollcommand=down.set)   # le texte revient à la ligne : pas
        down.pack(side="right", fill="y")              # de barre horizontale
        self.text.pack(side="left", fill="both", expand=True)

    def _write(self, pieces):
        """Réécrit tout : ``pieces``, des paires (texte, étiquettes)."""
        self.text.configure(state="normal")
        self.text.delete("1.0", "end")
        for text, tags in pieces:
            self.text.insert("end", text, tags)
        self.text.configure(state="disabled")

    def content(self):
        return self.text.get("1.0", "end-1c")

    def show_nothing(self, message):
        self._write([(message, ())])

    def show_problems(self, heading, messages):
        pieces = [(heading[:1].upper() + heading[1:] + "\n", ("title",))]
        pieces.extend(("• " + message + "\n", ("problem",)) for message in messages)
        self._write(pieces)

    @staticmethod
    def _step(step, done):
        """Une étape : sa case et son numéro en gras, puis son texte (vert si faite)."""
        colour = ("done",) if done else ()
        return [("%s %d. " % ("☑" if done else "☐", step.number), ("step", "mark") + colour),
                (typography(step.text) + "\n", ("step",) + colour)]

    def show_class(self, mission, progress, everyone, name_of, footer=""):
        """La consigne, puis chaque étape et qui l'a faite parmi ``everyone`` (les postes
        vus) ; elle est cochée quand tous l'ont faite. ``footer`` : une aide, à la fin."""
        pieces = [(typography(mission.intro) + "\n", ("intro",))] if mission.intro else []
        total = len(everyone)
        for step in mission.steps:
            did = progress.who_did(step.number)
            complete = bool(did) and all(client in dict(did) for client in everyone)
            pieces.extend(self._step(step, complete))
            pieces.append((self._who(did, total, name_of) + "\n", ("who",)))
        if footer:
            pieces.append((footer, ("intro",)))
        self._write(pieces)

    @staticmethod
    def _who(did, total, name_of):
        if not did:
            return say("personne pour l'instant")
        names = ", ".join("%s (%s)" % (name_of(client), clock(when))
                          for client, when in did[:NAMES_SHOWN])
        if len(did) > NAMES_SHOWN:
            names += say(" et %s autres", number(len(did) - NAMES_SHOWN))
        if total:
            count = len([1 for client, _when in did if client != BOARD])
            head = say("%s sur %s : ", number(count), number(total)) if count else ""
        else:
            head = ""
        return head + names

    def show_client(self, mission, done, name, answer):
        """Les étapes d'un poste : faites (à quelle heure) ou pas encore."""
        pieces = [(say("%s : %s étape%s sur %s\n", name, number(len(done)),
                       "s" if len(done) > 1 else "", number(len(mission.steps))), ("title",))]
        if answer is not None:
            verdict = "juste" if answer.right else "pas juste"
            pieces.append((say("dernière réponse : « %s » à %s (%s)\n", escape(answer.text),
                               clock(answer.time), verdict), ("who",)))
        for step in mission.steps:
            when = done.get(step.number)
            pieces.extend(self._step(step, when))
            pieces.append((say("fait à %s\n", clock(when)) if when else say("pas encore\n"),
                           ("who",)))
        self._write(pieces)
