"""Arrêt : combien de temps prend ``Controller.stop()``, et le port est-il libre aussitôt ?

    python3 bench/arret.py [--cycles 50] [--connexions 20]

Pour chaque cycle : démarrer le serveur GET/POST sur un port libre, (dans la
seconde série) ouvrir des connexions keep-alive qui ont fait une requête et
restent ouvertes sans rien dire, comme un navigateur, puis chronométrer
``stop()``. Juste après, on essaie de reprendre le même port avec un socket
neuf : on compte les essais réussis du premier coup et le délai de reprise.

Affiche une mesure par ligne, ``nom: valeur`` (millisecondes).
"""

import argparse
import http.client
import os
import socket
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from serveur import Controller  # noqa: E402  (après le réglage du chemin)
from serveur.server import apply_reuse_options  # noqa: E402


def take_port(port):
    """Essaie d'écouter sur ``port`` comme le ferait un nouveau serveur."""
    with socket.socket() as probe:
        apply_reuse_options(probe)
        try:
            probe.bind(("127.0.0.1", port))
            probe.listen()
        except OSError:
            return False
    return True


def cycles(count, connections):
    """Rend (durées de stop en ms, reprises du premier coup, délais de reprise en ms)."""
    stops, first_try, retake = [], 0, []
    controller = Controller(report=lambda event: None)
    for _ in range(count):
        controller.start("get-post", 0)
        port = controller.port
        clients = []
        for _ in range(connections):
            client = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            client.request("GET", "/")
            client.getresponse().read()     # la connexion reste ouverte (keep-alive)
            clients.append(client)
        start = time.perf_counter()
        controller.stop()
        stopped = time.perf_counter()
        stops.append((stopped - start) * 1000)
        if take_port(port):
            first_try += 1
        else:
            while not take_port(port):
                time.sleep(0.001)
        retake.append((time.perf_counter() - stopped) * 1000)
        for client in clients:
            client.close()
    return stops, first_try, retake


def main():
    parser = argparse.ArgumentParser(description="Durée de l'arrêt du serveur.")
    parser.add_argument("--cycles", type=int, default=50, help="cycles par série (défaut : 50)")
    parser.add_argument("--connexions", type=int, default=20,
                        help="connexions keep-alive ouvertes dans la 2e série (défaut : 20)")
    args = parser.parse_args()
    print("machine: %d cœurs, Python %s, %s" % (os.cpu_count(), sys.version.split()[0],
                                                sys.platform))
    for label, connections in (("sans_client", 0), ("avec_%d_keepalive" % args.connexions,
                                                     args.connexions)):
        stops, first_try, retake = cycles(args.cycles, connections)
        print("arret_%s_mediane_ms: %.1f" % (label, statistics.median(stops)))
        print("arret_%s_max_ms: %.1f" % (label, max(stops)))
        print("port_repris_du_premier_coup_%s: %d/%d" % (label, first_try, args.cycles))
        print("reprise_du_port_%s_max_ms: %.2f" % (label, max(retake)))


if __name__ == "__main__":
    main()
