"""Le terminal qui ne suit pas : 100 élèves envoient le formulaire pendant 10 s à
``python3 -m serveur``, dont la sortie est lue lentement, ou pas du tout.

    python3 bench/terminal.py [--clients 100] [--secondes 10] [--lecteur lent|bloque|fichier]

Le serveur est lancé comme par un professeur (``python3 -m serveur --mode get-post
--port 0``) ; sa sortie (le journal) va dans un tuyau que ce banc lit :

- ``fichier`` : aussi vite que possible, comme une redirection vers un fichier ;
- ``lent`` : 4 Kio toutes les 10 ms (un vieux terminal, une console Windows) ;
- ``bloque`` : pas du tout pendant le siège (un terminal mis en pause, Ctrl+S),
  puis tout d'un coup à la fin.

Mesures : requêtes servies, mémoire du serveur (pic de ``VmRSS``, Linux) et sa
croissance, lignes « événements n'ont pas été affichés » et le nombre d'événements
qu'elles comptent. Objectifs : croissance ≤ 30 Mo ; quand la sortie ne suit pas, des
événements comptés et jetés (une ligne le dit) plutôt qu'une file sans fin ; toutes
les requêtes servies (le serveur n'attend pas son terminal).
"""

import argparse
import http.client
import os
import re
import subprocess
import sys
import threading
import time

from mesures import rss_mb

PROJECT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FORM = "nom=Frodon+Sacquet&message=Bonjour+%C3%A0+tous&classe=premiere&langage=Python"
DROPPED = re.compile(r"([0-9][0-9\u202f\u00a0 ]*) événements? n.(?:ont|a) pas été affichés?")


def decimal(value, digits=1):
    return ("%.*f" % (digits, value)).replace(".", ",")


def main():
    parser = argparse.ArgumentParser(description="Le terminal qui ne suit pas.")
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--secondes", type=float, default=10.0)
    parser.add_argument("--lecteur", choices=("fichier", "lent", "bloque"), default="bloque")
    args = parser.parse_args()

    server = subprocess.Popen([sys.executable, "-m", "serveur", "--mode", "get-post",
                               "--port", "0", "--dossier", PROJECT],
                              cwd=PROJECT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    first = server.stdout.readline().decode("utf-8", "replace")
    port = int(re.search(r":([0-9]+)/", first).group(1))
    time.sleep(0.3)
    before = rss_mb(server.pid)
    peak = [before]
    text = []
    reading = threading.Event()
    if args.lecteur != "bloque":
        reading.set()

    def read():
        while True:
            reading.wait()
            chunk = server.stdout.read1(4096) if args.lecteur == "lent" else \
                server.stdout.read1(1 << 20)
            if not chunk:
                return
            text.append(chunk)
            if args.lecteur == "lent":
                time.sleep(0.01)
    reader = threading.Thread(target=read, daemon=True)
    reader.start()

    stop = threading.Event()
    served, failed = [0], [0]
    lock = threading.Lock()

    def post():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while not stop.is_set():
            try:
                connection.request("POST", "/", body=FORM, headers={
                    "Content-Type": "application/x-www-form-urlencoded"})
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException):
                ok = False
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            with lock:
                if ok:
                    served[0] += 1
                else:
                    failed[0] += 1
        connection.close()

    clients = [threading.Thread(target=post, daemon=True) for _ in range(args.clients)]
    for client in clients:
        client.start()
    end = time.monotonic() + args.secondes
    while time.monotonic() < end:
        peak[0] = max(peak[0], rss_mb(server.pid))
        time.sleep(0.05)
    stop.set()
    for client in clients:
        client.join(30)
    peak[0] = max(peak[0], rss_mb(server.pid))
    reading.set()   # le terminal bloqué reprend : il lit tout ce qui attend
    time.sleep(1.0)
    server.send_signal(2)
    try:
        server.wait(20)
    except subprocess.TimeoutExpired:
        server.kill()
    reader.join(10)
    journal = b"".join(text).decode("utf-8", "replace")
    dropped_lines = DROPPED.findall(journal)
    dropped = sum(int(re.sub(r"\D", "", count)) for count in dropped_lines)
    growth = peak[0] - before
    print("machine: %d cœurs, Python %s, %s" % (os.cpu_count(), sys.version.split()[0],
                                                sys.platform))
    print("reglages: %d clients, %s s, lecteur %s" % (args.clients, decimal(args.secondes, 0),
                                                      args.lecteur))
    print("requetes_servies: %d (échecs : %d ; objectif : 0 échec)" % (served[0], failed[0]))
    print("memoire_serveur_mo: %s au départ, %s au pic" % (decimal(before), decimal(peak[0])))
    print("croissance_memoire_mo: %s (objectif ≤ 30) : %s"
          % (decimal(growth), "atteint" if growth <= 30 else "MANQUÉ"))
    print("lignes_evenements_non_affiches: %d (%d événements comptés et jetés)"
          % (len(dropped_lines), dropped))
    print("lignes_du_journal_lues: %d" % journal.count("\n"))
    return 0 if growth <= 30 and not failed[0] else 1


if __name__ == "__main__":
    sys.exit(main())
