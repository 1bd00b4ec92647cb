"""Corps hostiles : le temps de calcul d'une requête, pour chacune des pires formes connues.

    python3 bench/corps.py [--tours 5]

Les formes sont celles du test ``tests/test_corps_hostiles.py`` (``worst_shapes``) :
des milliers de parties multipart, un entier JSON d'un million de chiffres, 1 Mo de
« % »… chacune sous la limite de 1 Mio d'un corps. Pour chacune, deux mesures du temps
processeur (``time.process_time``), médiane de ``--tours`` essais :

- ``decode_body`` seul, appelé directement ;
- une requête entière à un vrai serveur « get-post » démarré dans ce processus
  (port libre) : lecture, décodage, page de confirmation, événements ; le client
  est dans le même processus, son travail est compté aussi.

Les formes « Cookie » mesurent l'en-tête Cookie (leur corps est un petit formulaire) ;
60 Ko d'en-têtes dépassent la borne du serveur et reçoivent un 431.

Objectif : au plus 0,2 s par requête. Affiche une ligne par forme.
"""

import argparse
import os
import shutil
import socket
import statistics
import sys
import tempfile
import time

PROJECT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, PROJECT)

GOAL = 0.2   # secondes de calcul par requête, au plus


def seconds(value, digits=3):
    """0.0123 -> « 0,012 s » (virgule décimale, espace insécable avant l'unité)."""
    from serveur.french import NO_BREAK_SPACE, decimal
    return decimal(value, digits) + NO_BREAK_SPACE + "s"


def cpu_of(action, rounds):
    """La médiane du temps processeur de ``action()`` sur ``rounds`` essais."""
    used = []
    for _ in range(rounds):
        before = time.process_time()
        action()
        used.append(time.process_time() - before)
    return statistics.median(used)


def exchange(port, data):
    """Envoie une requête brute et lit toute la réponse (jusqu'à la fermeture)."""
    with socket.create_connection(("127.0.0.1", port), timeout=60) as sock:
        sock.sendall(data)
        while sock.recv(65536):
            pass


def main():
    parser = argparse.ArgumentParser(description="Le calcul des pires corps de POST.")
    parser.add_argument("--tours", type=int, default=5, help="essais par forme (défaut : 5)")
    args = parser.parse_args()

    from serveur import Controller
    from serveur.body import decode_body
    from serveur.french import say
    from tests.test_corps_hostiles import post_request, worst_shapes

    folder = tempfile.mkdtemp(prefix="panneau-bench-")
    with open(os.path.join(folder, "ressource.html"), "w", encoding="utf-8") as handle:
        handle.write("<!DOCTYPE html><title>Formulaire</title><form method=post></form>")
    controller = Controller(lambda event: None)
    controller.start("get-post", 0, folder)
    try:
        goal = seconds(GOAL, 1)
        print(say("Temps de calcul par requête (médiane de %d essai%s ; objectif : ≤ %s)",
                  args.tours, "s" if args.tours > 1 else "", goal))
        for name, content_type, body, extra in worst_shapes():
            alone = cpu_of(lambda: decode_body(body, content_type), args.tours)
            request = post_request(body, content_type, extra)
            served = cpu_of(lambda: exchange(controller.port, request), args.tours)
            mark = "" if max(alone, served) <= GOAL else say(" — au-delà de l'objectif")
            print(say("- %s : decode_body %s, serveur %s (objectif ≤ %s)",
                      name, seconds(alone), seconds(served), goal) + mark)
    finally:
        controller.stop()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
