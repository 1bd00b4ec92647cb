"""Débit : combien de requêtes par seconde, le nôtre contre ``python3 -m http.server``.

    python3 bench/debit.py [--tours 5] [--requetes 2000] [--clients 4]

Deux serveurs, chacun dans son propre processus :

- le nôtre, en mode GET/POST, avec le narrateur qui met en forme *chaque*
  événement (comme le panneau le fait) ;
- ``python3 -m http.server`` (bibliothèque standard) sur le même dossier.

Un même client (``http.client``, plusieurs fils) leur envoie des requêtes, à
tour de rôle (nous, eux, nous, eux…), de deux façons :

- « keep-alive » : une connexion gardée ouverte pour toutes les requêtes d'un
  fil, comme un navigateur ;
- « une connexion par requête ».

Il mesure ``GET /ressource.html`` et l'envoi du formulaire (POST). Le serveur
de la bibliothèque standard ne sait pas traiter un POST (il répond 501) : pour
le POST, seul notre débit est donné.

Affiche une mesure par ligne, ``nom: valeur`` (médiane des tours), et les
rapports nous/eux calculés tour par tour.
"""

import argparse
import http.client
import os
import queue
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

from mesures import free_port, wait_for_port

PROJECT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FORM_BODY = ("nom=Frodon+Sacquet%2C+%C3%A9l%C3%A8ve+de+1re&message=Bonjour&classe=premiere"
             "&langage=Python&accord=oui").encode("ascii")
FORM_HEADERS = {"Content-Type": "application/x-www-form-urlencoded"}


def serve_ours(port, folder):
    """Processus serveur « nous » : le contrôleur et un narrateur qui consomme tout."""
    sys.path.insert(0, PROJECT)
    from serveur import Controller
    from fenetre.classify import classify
    from serveur.formatter import format_lines

    events = queue.Queue()

    def narrate():
        # Comme le panneau : toutes les 30 ms, on vide la file par paquet et on
        # met en forme chaque événement.
        while True:
            time.sleep(0.03)
            while True:
                try:
                    event = events.get_nowait()
                except queue.Empty:
                    break
                format_lines(event)
                classify(event)

    threading.Thread(target=narrate, daemon=True).start()
    controller = Controller(report=events.put)
    controller.start("get-post", port, folder)
    print("prêt", flush=True)
    sys.stdin.read()   # jusqu'à ce que le banc ferme notre entrée
    controller.stop()


def client_round(port, method, keep_alive, total, threads):
    """Envoie ``total`` requêtes avec ``threads`` fils ; rend (requêtes/s, erreurs)."""
    per_thread = total // threads
    errors = []

    def work():
        connection = None
        for _ in range(per_thread):
            try:
                if connection is None:
                    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                if method == "POST":
                    connection.request("POST", "/", body=FORM_BODY, headers=FORM_HEADERS)
                else:
                    connection.request("GET", "/ressource.html")
                response = connection.getresponse()
                response.read()
                if response.will_close or not keep_alive:
                    connection.close()
                    connection = None
            except (OSError, http.client.HTTPException) as exc:
                errors.append(exc)
                if connection is not None:
                    connection.close()
                connection = None
        if connection is not None:
            connection.close()

    workers = [threading.Thread(target=work) for _ in range(threads)]
    start = time.perf_counter()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - start
    return per_thread * threads / elapsed, len(errors)


def main():
    parser = argparse.ArgumentParser(description="Débit du serveur GET/POST contre http.server.")
    parser.add_argument("--tours", type=int, default=5, help="tours alternés (défaut : 5)")
    parser.add_argument("--requetes", type=int, default=2000, help="requêtes par tour (défaut : 2000)")
    parser.add_argument("--clients", type=int, default=4, help="fils clients (défaut : 4)")
    parser.add_argument("--serve", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve_ours(int(args.serve[0]), args.serve[1])
        return

    folder = tempfile.mkdtemp(prefix="banc-debit-")
    shutil.copy(os.path.join(PROJECT, "ressource.html"), folder)
    ours_port, theirs_port = free_port(), free_port()
    ours = subprocess.Popen([sys.executable, os.path.abspath(__file__), "--serve",
                             str(ours_port), folder], stdin=subprocess.PIPE,
                            stdout=subprocess.DEVNULL)
    theirs = subprocess.Popen([sys.executable, "-m", "http.server", str(theirs_port),
                               "--bind", "127.0.0.1", "--directory", folder],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_port(ours_port)
        wait_for_port(theirs_port)
        print("machine: %d cœurs, Python %s, %s" % (os.cpu_count(), sys.version.split()[0],
                                                    sys.platform))
        print("reglages: %d tours, %d requêtes par tour, %d fils clients"
              % (args.tours, args.requetes, args.clients))
        for keep_alive, label in ((True, "keepalive"), (False, "connexion_par_requete")):
            get_ours, get_theirs, ratios, post_ours, errors = [], [], [], [], 0
            for _ in range(args.tours):
                a, err_a = client_round(ours_port, "GET", keep_alive, args.requetes, args.clients)
                b, err_b = client_round(theirs_port, "GET", keep_alive, args.requetes, args.clients)
                c, err_c = client_round(ours_port, "POST", keep_alive, args.requetes, args.clients)
                get_ours.append(a)
                get_theirs.append(b)
                ratios.append(a / b)
                post_ours.append(c)
                errors += err_a + err_b + err_c
            print("get_%s_nous_req_s: %.0f" % (label, statistics.median(get_ours)))
            print("get_%s_httpserver_req_s: %.0f" % (label, statistics.median(get_theirs)))
            print("get_%s_rapport_nous_sur_eux: %.2f (min %.2f, max %.2f)"
                  % (label, statistics.median(ratios), min(ratios), max(ratios)))
            print("post_%s_nous_req_s: %.0f" % (label, statistics.median(post_ours)))
            print("erreurs_%s: %d" % (label, errors))
    finally:
        ours.stdin.close()
        ours.wait(timeout=10)
        theirs.terminate()
        theirs.wait(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
