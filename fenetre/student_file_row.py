"""La ligne « Votre fichier : » du mode « Mon serveur » : le fichier Python de l'élève.

Quand le mode choisi sert le fichier d'un élève (``Mode.needs_file``), cette
ligne prend la place de « Dossier servi » dans les commandes (``controls.py``) ::

    Votre fichier : [ ~/Documents/mon_serveur.py ]  Choisir…  Nouveau… ▾  Ouvrir dans l'éditeur

- « Choisir… »               prend un fichier ``.py`` existant ;
- « Nouveau… »               propose les modèles (``serveur/student_templates.py``),
                             demande où écrire le fichier (les Documents, jamais le
                             dossier du panneau), le crée sans jamais écraser un
                             fichier, puis l'ouvre dans l'éditeur ;
- « Ouvrir dans l'éditeur »  ouvre le fichier dans IDLE (livré avec Python), sinon
                             dans l'éditeur du système.

Ouvrir un éditeur est une affaire de système, sans fenêtre : ``editor_attempts``
dit quoi essayer (fonction pure, testée pour chaque système) et
``open_in_editor`` essaie. Piège : ``Popen`` réussit dès que le programme est
lancé, même si ``-m idlelib`` échoue aussitôt parce qu'IDLE n'est pas installé
(certains Linux le mettent à part) ; on vérifie donc d'abord qu'IDLE est là.
"""

import importlib.util
import ntpath
import os
import subprocess
import sys
import tkinter as tk
from tkinter import filedialog, messagebox, ttk

from serveur import DEFAULT_FOLDER
from serveur.french import typography
from serveur.student_templates import TemplateError, templates, write_template

from .session_log import is_inside, save_folder

NEW_FILE_NAME = "mon_serveur.py"   # le nom proposé par « Nouveau… » (mon_serveur_2.py s'il est pris)
PYTHON_FILES = [("Fichiers Python", "*.py"), ("Tous les fichiers", "*")]

NO_FILE_YET = ("Choisissez d'abord votre fichier Python (« Choisir… »), ou créez-en un à "
               "partir d'un modèle (« Nouveau… »).")
FILE_NOT_FOUND = ("Le fichier « %s » est introuvable : vérifiez son nom et son dossier, ou "
                  "créez-en un avec « Nouveau… ».")
NO_EDITOR = ("Ni IDLE ni l'éditeur du système n'ont pu s'ouvrir. Ouvrez « %s » vous-même dans "
             "IDLE, Thonny ou un autre éditeur de texte.")


# -- ouvrir un éditeur (sans fenêtre) ----------------------------------------------------
def idle_python(executable=None, platform=None, exists=os.path.isfile):
    """Le Python qui lancera IDLE : sous Windows, ``pythonw.exe`` à côté de
    ``python.exe`` (pas de fenêtre noire de console), sinon le Python du panneau ;
    None s'il n'est pas connu (Python embarqué dans un autre programme)."""
    executable = sys.executable if executable is None else executable
    platform = sys.platform if platform is None else platform
    if not executable:
        return None
    if platform == "win32":
        windowless = ntpath.join(ntpath.dirname(executable), "pythonw.exe")
        if exists(windowless):
            return windowless
    return executable


def idle_installed():
    """Vrai si IDLE (``idlelib``) est là : sous Debian ou Ubuntu, il est dans un paquet à part."""
    try:
        return importlib.util.find_spec("idlelib") is not None
    except (ImportError, ValueError):
        return False


def editor_attempts(path, platform=None, executable=None, idle=None):
    """Les façons d'ouvrir ``path`` (un chemin absolu), dans l'ordre où les essayer :
    des ``("command", argv)`` et, sous Windows, ``("startfile", path)``.

    D'abord IDLE, le même pour tous les élèves ; puis l'éditeur du système :
    « Modifier » de l'explorateur sous Windows, ``open -t`` (l'éditeur de texte)
    sous macOS, ``xdg-open`` ailleurs. Fonction pure : le système est un paramètre."""
    platform = sys.platform if platform is None else platform
    idle = idle_installed() if idle is None else idle
    attempts = []
    python = idle_python(executable, platform)
    if python and idle:
        attempts.append(("command", [python, "-m", "idlelib", path]))
    if platform == "win32":
        attempts.append(("startfile", path))
    elif platform == "darwin":
        attempts.append(("command", ["open", "-t", path]))
    else:
        attempts.append(("command", ["xdg-open", path]))
    return attempts


def open_in_editor(path, platform=None, executable=None, idle=None):
    """Ouvre ``path`` dans un éditeur, sans attendre qu'il se ferme ; faux si rien n'a marché."""
    platform = sys.platform if platform is None else platform
    path = os.path.abspath(path)   # jamais « -x.py » pris pour une option d'IDLE
    for how, what in editor_attempts(path, platform, executable, idle):
        try:
            if how == "startfile":
                os.startfile(what, "edit")
            else:
                # Une session à part : Ctrl+C dans le terminal du panneau ne ferme pas
                # l'éditeur (et le travail non enregistré) ; sous Windows, pas de console.
                subprocess.Popen(what, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL, start_new_session=True,
                                 creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0)
                                 if platform == "win32" else 0)
            return True
        except (OSError, AttributeError, ValueError):
            continue   # pas installé, ou pas sur ce système : la façon suivante
    return False


def free_name(folder, name=NEW_FILE_NAME):
    """``name`` s'il est libre dans ``folder``, sinon ``mon_serveur_2.py``, ``_3``…"""
    stem, extension = os.path.splitext(name)
    for number in range(1, 100):
        candidate = name if number == 1 else "%s_%d%s" % (stem, number, extension)
        if not folder or not os.path.exists(os.path.join(folder, candidate)):
            return candidate
    return name


# -- la ligne de la fenêtre -------------------------------------------------------------
class StudentFileRow(ttk.Frame):
    """Le champ du fichier et ses trois boutons. ``path`` : la ``StringVar`` du chemin.

    L'étiquette « Votre fichier : » (``label``) est dans la grille de ``master``, pour
    s'aligner sous « Port : » ; la ligne elle-même s'étend sur les colonnes suivantes
    (``put_in_row(row)``). Pour qui l'utilise : ``show(bool)``, ``set_running(bool)``,
    ``chosen()``. Les boutons : ``choose()``, ``create(nom_du_modèle)``, ``open_editor()``.
    """

    def __init__(self, master, path):
        super().__init__(master)
        self.path = path
        self.label = ttk.Label(master, text="Votre fichier :")
        self.entry = ttk.Entry(self, textvariable=path, width=12)
        self.entry.grid(row=0, column=0, sticky="ew")
        self.entry.bind("<Configure>", lambda _event: self._show_file_name(), add="+")
        path.trace_add("write", lambda *_args: self._show_file_name())
        self.choose_button = ttk.Button(self, text="Choisir…", command=self.choose)
        self.choose_button.grid(row=0, column=1, padx=(6, 0))
        self.new_button = ttk.Menubutton(self, text="Nouveau…")
        self.new_menu = tk.Menu(self.new_button, tearoff=False)
        for template in templates():
            self.new_menu.add_command(label=template.label,
                                      command=lambda name=template.name: self.create(name))
        self.new_button.configure(menu=self.new_menu)
        self.new_button.grid(row=0, column=2, padx=(6, 0))
        self.edit_button = ttk.Button(self, text="Ouvrir dans l'éditeur", command=self.open_editor)
        self.edit_button.grid(row=0, column=3, padx=(6, 0))
        self.columnconfigure(0, weight=1)

    def put_in_row(self, row):
        """Se met dans la grille de ``master`` à la ligne ``row`` (cachée ensuite par ``show``)."""
        self.label.grid(row=row, column=0, sticky="w", pady=(8, 0))
        self.grid(row=row, column=1, columnspan=3, sticky="ew", pady=(8, 0))

    def show(self, visible):
        for widget in (self.label, self):
            if visible:
                widget.grid()
            else:
                widget.grid_remove()

    def set_running(self, running):
        """Serveur en marche : le fichier ne change plus (il serait servi au prochain
        Démarrer seulement). « Ouvrir dans l'éditeur » reste actif : on corrige son
        fichier pendant que le serveur tourne, il est rechargé à la requête suivante."""
        state = "disabled" if running else "!disabled"
        for widget in (self.entry, self.choose_button, self.new_button):
            widget.state([state])

    def _show_file_name(self):
        # Un long chemin ne tient pas dans le champ : on en montre la fin, le nom du
        # fichier (sauf pendant qu'on y tape).
        if self.tk.call("focus") != str(self.entry):
            self.entry.xview_moveto(1.0)

    def chosen(self):
        """Le chemin tapé ou choisi ("" s'il n'y en a pas)."""
        return self.path.get().strip()

    def _folder_to_offer(self):
        # Le dossier du fichier actuel, sinon les Documents (ou le dossier personnel) :
        # jamais d'office le dossier du panneau, le travail de l'élève y serait mêlé au
        # code du panneau (et perdu avec lui à la prochaine version copiée).
        current = os.path.dirname(os.path.abspath(self.chosen())) if self.chosen() else ""
        if current and os.path.isdir(current) and not is_inside(current, DEFAULT_FOLDER):
            return current
        return save_folder(DEFAULT_FOLDER)

    def choose(self):
        """« Choisir… » : un fichier .py existant."""
        path = filedialog.askopenfilename(parent=self, title="Choisir votre fichier Python",
                                          initialdir=self._folder_to_offer(),
                                          filetypes=PYTHON_FILES)
        if path:
            self.path.set(os.path.normpath(path))

    def create(self, name):
        """« Nouveau… » puis un modèle : demande où écrire, écrit le modèle ``name`` sans
        jamais écraser, met le fichier dans le champ et l'ouvre. Rend son chemin, ou None."""
        folder = self._folder_to_offer()
        path = filedialog.asksaveasfilename(
            parent=self, title="Créer votre fichier Python", initialdir=folder,
            initialfile=free_name(folder), defaultextension=".py", filetypes=PYTHON_FILES,
            confirmoverwrite=False)   # nous refusons nous-mêmes d'écraser, en le disant
        if not path:
            return None
        try:
            path = write_template(name, path)
        except TemplateError as exc:
            self._tell(messagebox.showerror, "Nouveau fichier", "Le fichier n'a pas été créé.",
                       str(exc))
            return None
        self.path.set(os.path.normpath(path))
        self.open_editor()
        return path

    def open_editor(self):
        """« Ouvrir dans l'éditeur » : IDLE, sinon l'éditeur du système ; sinon, le dire."""
        path, title = self.chosen(), "Ouvrir dans l'éditeur"
        if not path:
            self._tell(messagebox.showinfo, title, "Aucun fichier choisi.", NO_FILE_YET)
        elif not os.path.isfile(path):
            self._tell(messagebox.showerror, title, "Fichier introuvable.", FILE_NOT_FOUND % path)
        elif not open_in_editor(path):
            self._tell(messagebox.showerror, title, "Aucun éditeur trouvé.",
                       NO_EDITOR % os.path.abspath(path))

    def _tell(self, show, title, message, detail):
        # Une phrase courte en gras, l'explication dessous : lisible d'un coup d'œil.
        show(parent=self, title=title, message=typography(message), detail=typography(detail))
