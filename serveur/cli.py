"""La ligne de commande : un serveur sans fenêtre, qui raconte dans le terminal.

    python3 -m serveur --mode get-post --port 8081
    python3 -m serveur --mode get --port 8080 --dossier ~/Documents/site

Les lignes affichées sont exactement celles du panneau (même formateur).
Ctrl+C arrête le serveur proprement. De mauvais arguments donnent un message
en français et le code de sortie 2.
"""

import argparse
import queue
import re
import sys

from .controller import DEFAULT_HOST, Controller, StartError
from .explanations import Explainer
from .formatter import format_lines
from .modes import DEFAULT_MODE, MODES

# Les messages d'argparse sont en anglais : on traduit ceux qui peuvent arriver.
_TRANSLATIONS = (
    (r"^unrecognized arguments: (.*)$", r"arguments inconnus : \1"),
    (r"^argument (\S+): expected one argument$", r"l'option \1 attend une valeur"),
    (r"^argument (\S+): invalid choice: (.*) \(choose from (.*)\)$",
     r"valeur \2 invalide pour \1 (choisir parmi \3)"),
    (r"^argument (\S+): (.*)$", r"option \1 : \2"),
)


class FrenchArgumentParser(argparse.ArgumentParser):
    """argparse, mais les erreurs sont en français (et le code de sortie reste 2)."""

    def error(self, message):
        for english, french in _TRANSLATIONS:
            translated, count = re.subn(english, french, message)
            if count:
                message = translated
                break
        self.print_usage(sys.stderr)
        self.exit(2, "Erreur : %s\nAide : python3 -m serveur --aide\n" % message)


def build_parser():
    parser = FrenchArgumentParser(
        prog="python3 -m serveur", add_help=False,
        usage="python3 -m serveur [--mode %s] [--port N] [--dossier DOSSIER] "
              "[--hote ADRESSE] [--sans-explications]" % "|".join(MODES),
        description="Démarre un petit serveur HTTP qui raconte en français chaque requête "
                    "reçue et chaque réponse envoyée.")
    parser.add_argument("--mode", choices=list(MODES), default=DEFAULT_MODE,
                        help="%s (par défaut : %s)" % (
                            " ; ".join("%s : %s" % (mode.name, mode.description)
                                       for mode in MODES.values()), DEFAULT_MODE))
    parser.add_argument("--port", default=None,
                        help="numéro de port (par défaut : %s ; 0 = un port libre au hasard)"
                             % ", ".join("%d en mode %s" % (mode.default_port, mode.name)
                                         for mode in MODES.values()))
    parser.add_argument("--dossier", default=None,
                        help="dossier servi (par défaut : celui de panneau.py)")
    parser.add_argument("--hote", default=DEFAULT_HOST,
                        help="adresse d'écoute (par défaut : 127.0.0.1, cet ordinateur "
                             "seulement ; 0.0.0.0 pour tout le réseau local)")
    parser.add_argument("--sans-explications", action="store_true",
                        help="ne pas ajouter les lignes « À savoir » pour débutants")
    parser.add_argument("-h", "--aide", "--help", action="help",
                        help="afficher cette aide et quitter")
    parser._optionals.title = "options"
    return parser


def main(argv=None):
    # Une console Windows qui ne sait pas afficher un caractère affiche « ? »
    # au lieu de planter.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    args = build_parser().parse_args(argv)
    port = args.port if args.port is not None else MODES[args.mode].default_port

    # Les événements arrivent de plusieurs fils : une file d'attente les remet
    # en ordre dans le fil principal, qui est le seul à écrire.
    events = queue.Queue()
    controller = Controller(report=events.put)
    explainer = Explainer()

    def write(event):
        try:
            text = format_lines(event)
            notes = explainer.notes(event)
            if notes and not args.sans_explications:
                text += "\n".join(notes) + "\n"
        except Exception as exc:   # un événement inattendu n'arrête jamais le serveur
            text = "impossible d'afficher un événement (%s : %s)\n" % (type(exc).__name__, exc)
        sys.stdout.write(text)
        sys.stdout.flush()

    try:
        controller.start(args.mode, port, args.dossier, args.hote)
    except StartError as exc:
        print("Erreur : %s" % exc, file=sys.stderr)
        return 2
    try:
        while True:
            try:
                event = events.get(timeout=0.2)  # délai court : Ctrl+C reste réactif
            except queue.Empty:
                continue
            write(event)
    except KeyboardInterrupt:
        print("\nCtrl+C : arrêt demandé.", flush=True)
    finally:
        controller.stop()
        while not events.empty():
            write(events.get())
    return 0
