"""Les modèles de « Nouveau… » : un premier serveur à copier, commenté pour un élève.

Le dossier ``serveur/modeles/`` contient trois fichiers Python complets, qui
marchent seuls (``python3 get_post.py``) comme dans le panneau (mode « Mon
serveur ») ; chacun finit par des exercices « À vous : ». Ce ne sont pas des
modules du paquet : le panneau ne les importe jamais, il les *copie*.

- ``templates()``                   les modèles : nom, étiquette, fichier ;
- ``write_template(nom, chemin)``   copie un modèle à ``chemin``, sans jamais écraser
                                    un fichier existant (``TemplateError`` sinon).
"""

import os
from collections import namedtuple

from .french import typography
from .student_wording import template_problem

FOLDER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "modeles")

# Un modèle : ``name`` (ce qu'on choisit), ``label`` (ce qu'on lit), ``file`` (son chemin).
Template = namedtuple("Template", "name label file")

_TEMPLATES = (
    ("get-post", "Formulaire GET/POST — le serveur du tutoriel, corrigé", "get_post.py"),
    ("get", "Une page — le plus petit serveur (GET seulement)", "get_seul.py"),
    ("json", "Réponse JSON — une petite API (GET et POST)", "reponse_json.py"),
)


class TemplateError(Exception):
    """Un modèle ne peut pas être écrit : ``fact`` et ``values`` ; ``str`` : la phrase."""

    def __init__(self, fact, values=()):
        self.fact = fact
        self.values = tuple(values)
        super().__init__(fact)

    def __str__(self):
        return template_problem(self.fact, self.values)


def templates():
    """Les modèles, dans l'ordre où les proposer : des ``Template``."""
    return tuple(Template(name, typography(label), os.path.join(FOLDER, file))
                 for name, label, file in _TEMPLATES)


def template_named(name):
    """Le modèle de ce nom ; ``TemplateError`` s'il n'existe pas."""
    for template in templates():
        if template.name == name:
            return template
    raise TemplateError("template-unknown", (("name", name),
                                             ("names", tuple(item[0] for item in _TEMPLATES))))


def write_template(name, destination):
    """Copie le modèle ``name`` dans le fichier ``destination`` ; rend son chemin absolu.

    Un fichier déjà là n'est jamais écrasé (``TemplateError`` « template-exists ») :
    le fichier est créé en mode exclusif (``"x"``), même si un autre programme le
    crée au même instant."""
    template = template_named(name)
    destination = os.path.abspath(destination)
    with open(template.file, encoding="utf-8") as handle:
        # « python3 get_seul.py » devient « python3 mon_serveur.py » : le nom que l'élève a choisi.
        text = handle.read().replace(os.path.basename(template.file),
                                     os.path.basename(destination))
    try:
        with open(destination, "x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        raise TemplateError("template-exists", (("path", destination),)) from None
    except IsADirectoryError:
        raise TemplateError("template-exists", (("path", destination),)) from None
    except OSError as exc:
        raise TemplateError("template-cannot-write", (("path", destination),
                                                      ("error", exc.strerror or str(exc))))
    return destination
