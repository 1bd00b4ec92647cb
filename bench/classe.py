"""Débit « en classe » : le nôtre contre ``python3 -m http.server``, mesuré par des clients en C.

    sudo apt-get install -y wrk apache2-utils     # une fois : wrk et ab
    python3 bench/classe.py [--clients 8,35,100] [--tours 3] [--secondes 5] [--requetes 5000]

Pourquoi un autre banc que ``bench/debit.py`` ? Là, le client est écrit en
Python : au-delà de quelques fils, c'est lui qui donne la cadence, pas le
serveur. Ici, les clients sont ``wrk`` et ``ab`` (ApacheBench), écrits en C :
ils vont plus vite que n'importe quel serveur en Python, et c'est le serveur
qui est mesuré. Sans ``wrk`` ou sans ``ab``, le banc le dit et sort avec le
code 2.

Deux serveurs, lancés comme un enseignant les lance, servent la même copie
temporaire du dossier du projet (``ressource.html`` et un petit ``petit.txt``) :

- le nôtre : ``python3 -m serveur --mode get-post --port 0 --dossier COPIE``,
  son journal (la sortie standard, tout ce qu'il raconte) écrit dans un
  fichier ; le port est lu sur la première ligne du journal (« … à l'écoute
  sur http://127.0.0.1:PORT/ ») ;
- la référence : ``python3 -m http.server PORT --bind 127.0.0.1 --directory
  COPIE``, sa sortie écrite dans un fichier elle aussi.

Pour chaque nombre de clients (8, 35 et 100 : une classe, une grosse classe,
et la limite de notre serveur, qui accepte au plus 100 connexions), à chaque
tour, les mesures alternent entre les deux serveurs (nous, eux, nous, eux…) :

- GET ``/ressource.html`` en « keep-alive » : ``wrk -t2 -c N -d S`` garde N
  connexions ouvertes et occupées. Attention : ``http.server`` parle HTTP/1.0
  par défaut et ferme la connexion après chaque réponse ; wrk en rouvre une
  autre. C'est bien la référence telle qu'un enseignant la lance (sans rien
  changer à ``protocol_version``) : le rapport compare notre keep-alive à
  *son* comportement par défaut ;
- GET avec une connexion par requête : ``ab -r -n M -c N`` (sans ``-k``) ;
- POST du formulaire (``nom=…&age=…``, ``application/x-www-form-urlencoded``),
  sur le nôtre seulement (``http.server`` ne sait pas traiter un POST : 501) :
  en keep-alive avec ``wrk`` et un script Lua (``wrk.method = "POST"``), et
  une connexion par requête avec ``ab -p FICHIER -T TYPE``.

Entre deux mesures, le banc attend que notre journal ait fini de s'écrire
(le serveur raconte les requêtes un peu après les avoir servies) : la mesure
suivante ne paie pas l'écriture de la précédente.

Lecture de la sortie, une mesure par ligne, ``nom: valeur`` (virgule décimale) :

- ``machine`` et ``reglages`` : les cœurs, le système, Python, wrk, ab ;
  ``charge_avant`` et ``charge_apres`` : la charge moyenne de la machine. Au-delà
  du nombre de cœurs, d'autres programmes tournent en même temps : les rapports
  varient alors beaucoup d'un tour à l'autre (voyez min et max), recommencez sur
  une machine au repos ;
- ``c<N>_get_keepalive_nous_req_s`` : la médiane des tours, en requêtes par
  seconde ; ``…_httpserver_req_s`` : la même chose pour la référence ;
- ``c<N>_get_keepalive_rapport`` : nous/eux, calculé tour par tour (médiane,
  min, max), avec l'objectif à côté et « atteint » ou « MANQUÉ » :
  GET keep-alive ≥ 1,5 ; GET une connexion par requête ≥ 1,0 ;
  POST ≥ 0,8 × notre propre GET, même façon de se connecter (keep-alive
  contre keep-alive, une connexion par requête contre une connexion par
  requête) ;
- ``c<N>_erreurs_…`` : ce que wrk et ab ont compté, additionné sur les tours —
  réponses non 2xx/3xx et erreurs de socket (connexion, lecture, écriture,
  délai) pour wrk ; requêtes échouées (connexion, réception, longueur,
  exceptions) et réponses non 2xx pour ab. Avec ``-r``, ab continue après une
  erreur de réception au lieu de s'arrêter. Mais si une réponse se fait attendre
  plus de 30 s, ab abandonne sans bilan : le banc donne alors les requêtes
  terminées divisées par la durée réelle, marqué « au plus » (un majorant), et
  le compte « ab interrompu ». Si c'est notre mesure qui est interrompue,
  l'objectif qui en dépend est « MANQUÉ ». Une « longueur » différente de la
  première réponse compte pour ab comme un échec : c'est le signe d'une page
  qui change d'une requête à l'autre, pas d'une requête perdue ;
- ``journal_nous_…`` : dans notre journal, les lignes du gardien (« plus
  lente » : une requête coupée, serveur plein ; « serveur plein » : une
  connexion muette fermée pour faire de la place) et les événements que le
  journal n'a pas eu le temps d'écrire (« n'a pas suivi ») ;
- ``objectifs`` : combien sont atteints. Code de sortie : 0 si tous le sont,
  1 sinon, 2 si wrk ou ab manque. Les erreurs sont affichées, elles ne
  changent pas le code de sortie : lisez-les.

Durée par défaut : cinq à huit minutes (3 nombres de clients × 3 tours × 3
mesures wrk de 5 s et 3 mesures ab de 5 000 requêtes, plus 30 s pour chaque
mesure ab interrompue). Le journal de notre serveur en fait quelques centaines
de Mo, dans un dossier temporaire effacé à la fin.
"""

import argparse
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

from mesures import free_port, wait_for_port

PROJECT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FORM_BODY = "nom=Camille+Martin&age=16"
FORM_TYPE = "application/x-www-form-urlencoded"
GOALS = {"get_keepalive": 1.5, "get_connexion_par_requete": 1.0, "post": 0.8}


def fr(value, digits=2):
    """Un nombre à la française : virgule décimale."""
    return ("%.*f" % (digits, value)).replace(".", ",")


def read_port(journal, process, timeout=10.0):
    """Le port de notre serveur, lu sur la première ligne de son journal."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with open(journal, "rb") as stream:
            first = stream.readline()
        found = re.search(rb"http://127\.0\.0\.1:(\d+)/", first)
        if found:
            return int(found.group(1))
        if process.poll() is not None:
            break
        time.sleep(0.05)
    raise RuntimeError("notre serveur n'a pas annoncé son port (journal : %s)" % journal)


def settle(journal, quiet=0.25, timeout=10.0):
    """Attend que notre journal ne grandisse plus (les requêtes sont racontées
    un peu après avoir été servies)."""
    deadline = time.monotonic() + timeout
    size = os.path.getsize(journal)
    while time.monotonic() < deadline:
        time.sleep(quiet)
        now = os.path.getsize(journal)
        if now == size:
            return
        size = now


def check(url, data=None):
    """Une requête de contrôle avant de mesurer : le serveur répond-il 200 ?"""
    request = urllib.request.Request(url, data=data)
    if data is not None:
        request.add_header("Content-Type", FORM_TYPE)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def number(pattern, text, default=0.0):
    found = re.search(pattern, text, re.MULTILINE)
    return float(found.group(1)) if found else default


def run_wrk(url, clients, seconds, script=None):
    """``wrk`` : rend (requêtes/s ou None, erreurs {nom: nombre})."""
    command = ["wrk", "-t", str(min(2, clients)), "-c", str(clients), "-d", "%ds" % seconds]
    if script:
        command += ["-s", script]
    command.append(url)
    done = subprocess.run(command, capture_output=True, text=True, errors="replace")
    out = done.stdout + done.stderr
    errors = {"non_2xx_3xx": 0, "connexion": 0, "lecture": 0, "ecriture": 0, "delai": 0}
    errors["non_2xx_3xx"] = int(number(r"Non-2xx or 3xx responses:\s*(\d+)", out))
    sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)",
                        out)
    if sockets:
        for name, value in zip(("connexion", "lecture", "ecriture", "delai"), sockets.groups()):
            errors[name] = int(value)
    rate = number(r"^Requests/sec:\s*([\d.]+)", out, None)
    if done.returncode != 0 or rate is None:
        print("attention: wrk a échoué (code %d) : %s" % (done.returncode, out.strip()[-300:]),
              flush=True)
        return None, errors
    return rate, errors


def run_ab(url, clients, requests, body_file=None):
    """``ab`` sans ``-k`` (une connexion par requête) : rend (requêtes/s ou None, erreurs).

    Si une réponse se fait attendre plus de 30 s (le délai d'``ab``), ab s'arrête
    sans bilan : le débit rendu est alors les requêtes terminées divisées par la
    durée réelle de la mesure, un majorant (les requêtes restantes auraient pris
    plus longtemps encore), et ``interrompu`` vaut 1.
    """
    total = max(requests, clients)
    command = ["ab", "-q", "-r", "-n", str(total), "-c", str(clients)]
    if body_file:
        command += ["-p", body_file, "-T", FORM_TYPE]
    command.append(url)
    started = time.monotonic()
    done = subprocess.run(command, capture_output=True, text=True, errors="replace")
    elapsed = time.monotonic() - started
    out = done.stdout + done.stderr
    errors = {"echecs": 0, "connexion": 0, "reception": 0, "longueur": 0, "exceptions": 0,
              "non_2xx": 0, "interrompu": 0, "non_terminees": 0}
    if done.returncode != 0 and "timeout specified has expired" in out:
        completed = int(number(r"Total of (\d+) requests completed", out))
        errors["interrompu"] = 1
        errors["non_terminees"] = total - completed
        return completed / elapsed, errors
    errors["echecs"] = int(number(r"^Failed requests:\s*(\d+)", out))
    detail = re.search(r"\(Connect: (\d+), Receive: (\d+), Length: (\d+), Exceptions: (\d+)\)",
                       out)
    if detail:
        for name, value in zip(("connexion", "reception", "longueur", "exceptions"),
                               detail.groups()):
            errors[name] = int(value)
    errors["non_2xx"] = int(number(r"^Non-2xx responses:\s*(\d+)", out))
    rate = number(r"^Requests per second:\s*([\d.]+)", out, None)
    if done.returncode != 0 or rate is None:
        print("attention: ab a échoué (code %d) : %s" % (done.returncode, out.strip()[-300:]),
              flush=True)
        return None, errors
    return rate, errors


def add(total, errors):
    for name, value in errors.items():
        total[name] = total.get(name, 0) + value


def describe_wrk(errors):
    return ("non 2xx/3xx %d ; sockets : connexion %d, lecture %d, écriture %d, délai %d"
            % (errors.get("non_2xx_3xx", 0), errors.get("connexion", 0),
               errors.get("lecture", 0), errors.get("ecriture", 0), errors.get("delai", 0)))


def describe_ab(errors):
    text = ("échecs %d (connexion %d, réception %d, longueur %d, exceptions %d) ; non 2xx %d"
            % (errors.get("echecs", 0), errors.get("connexion", 0), errors.get("reception", 0),
               errors.get("longueur", 0), errors.get("exceptions", 0),
               errors.get("non_2xx", 0)))
    if errors.get("interrompu"):
        text += (" ; ab interrompu %d fois (une réponse attendue plus de 30 s), %d requêtes "
                 "non terminées" % (errors["interrompu"], errors["non_terminees"]))
    return text


def median_rate(rates, errors=None):
    kept = [rate for rate in rates if rate is not None]
    if not kept:
        return "mesure impossible"
    text = fr(statistics.median(kept), 0)
    if errors and errors.get("interrompu"):
        text += (" (au plus : ab interrompu %d fois sur %d, débit = requêtes terminées / "
                 "durée réelle)" % (errors["interrompu"], len(rates)))
    return text


def ratios(numerators, denominators):
    return [a / b for a, b in zip(numerators, denominators)
            if a is not None and b is not None and b > 0]


def goal_line(name, values, goal, what, uncertain=False):
    """Affiche un rapport (médiane, min, max) et son objectif ; rend vrai s'il est atteint.

    ``uncertain`` : le numérateur (notre débit) est un majorant (ab interrompu) ; le
    rapport aussi, et l'objectif ne peut pas être dit atteint."""
    if not values:
        print("%s: mesure impossible — objectif %s ≥ %s : MANQUÉ" % (name, what, fr(goal, 1)))
        return False
    middle = statistics.median(values)
    reached = middle >= goal and not uncertain
    shown = fr(middle)
    if (middle >= goal) != (round(middle, 2) >= goal):   # 0,7996 ne s'affiche pas « 0,80 »
        shown = fr(middle, 4)
    print("%s: %s (min %s, max %s) — objectif %s ≥ %s : %s%s"
          % (name, shown, fr(min(values)), fr(max(values)), what, fr(goal, 1),
             "atteint" if reached else "MANQUÉ",
             " (notre mesure ab interrompue : rapport incertain)" if uncertain else ""),
          flush=True)
    return reached


def journal_counts(journal):
    slowest = full = dropped = lines = 0
    with open(journal, "rb") as stream:
        for line in stream:
            lines += 1
            if b"plus lente" in line:
                slowest += 1
            if b"serveur plein" in line:
                full += 1
            if b"pas suivi" in line:
                found = re.search(rb"pas suivi\D*(\d[\d \xc2\xa0\xe2\x80\xaf]*)", line)
                digits = re.sub(rb"\D", b"", found.group(1)) if found else b"1"
                dropped += int(digits or b"1")
    return lines, slowest, full, dropped


def stop(process, interrupt=False):
    if process.poll() is None:
        process.send_signal(signal.SIGINT if interrupt else signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


def main():
    parser = argparse.ArgumentParser(
        description="Débit en classe (wrk et ab) : notre serveur contre http.server.")
    parser.add_argument("--clients", default="8,35,100",
                        help="nombres de clients, séparés par des virgules (défaut : 8,35,100)")
    parser.add_argument("--tours", type=int, default=3, help="tours alternés (défaut : 3)")
    parser.add_argument("--secondes", type=int, default=5,
                        help="durée de chaque mesure wrk, en secondes (défaut : 5)")
    parser.add_argument("--requetes", type=int, default=5000,
                        help="requêtes de chaque mesure ab (défaut : 5000)")
    args = parser.parse_args()
    try:
        scales = [int(part) for part in args.clients.split(",") if part.strip()]
    except ValueError:
        parser.error("--clients attend des nombres séparés par des virgules, comme 8,35,100")
    if not scales or min(scales) < 1 or args.tours < 1 or args.secondes < 1 or args.requetes < 1:
        parser.error("--clients, --tours, --secondes et --requetes attendent des nombres positifs")

    missing = [tool for tool in ("wrk", "ab") if shutil.which(tool) is None]
    if missing:
        print("Ce banc a besoin de wrk et de ab (ApacheBench), des clients HTTP écrits en C ; "
              "introuvable : %s.\nInstallez-les, par exemple : "
              "sudo apt-get install -y wrk apache2-utils" % ", ".join(missing), file=sys.stderr)
        sys.exit(2)

    base = tempfile.mkdtemp(prefix="banc-classe-")
    folder = os.path.join(base, "site")
    os.mkdir(folder)
    shutil.copy(os.path.join(PROJECT, "ressource.html"), folder)
    with open(os.path.join(folder, "petit.txt"), "w", encoding="utf-8") as stream:
        stream.write("Bonjour la classe !\n")
    body_file = os.path.join(base, "formulaire.txt")
    with open(body_file, "w", encoding="ascii") as stream:
        stream.write(FORM_BODY)
    lua = os.path.join(base, "post.lua")
    with open(lua, "w", encoding="ascii") as stream:
        stream.write('wrk.method = "POST"\nwrk.body = "%s"\n'
                     'wrk.headers["Content-Type"] = "%s"\n' % (FORM_BODY, FORM_TYPE))
    journal = os.path.join(base, "journal-nous.txt")
    reference_log = os.path.join(base, "journal-http-server.txt")

    with open(journal, "wb") as out, open(os.path.join(base, "erreurs-nous.txt"), "wb") as err:
        ours = subprocess.Popen([sys.executable, "-m", "serveur", "--mode", "get-post",
                                 "--port", "0", "--dossier", folder],
                                cwd=PROJECT, stdout=out, stderr=err)
    theirs_port = free_port()
    with open(reference_log, "wb") as out:
        theirs = subprocess.Popen([sys.executable, "-m", "http.server", str(theirs_port),
                                   "--bind", "127.0.0.1", "--directory", folder],
                                  stdout=out, stderr=subprocess.STDOUT)
    reached = []
    try:
        ours_port = read_port(journal, ours)
        wait_for_port(ours_port)
        wait_for_port(theirs_port)
        ours_url = "http://127.0.0.1:%d/" % ours_port
        theirs_url = "http://127.0.0.1:%d/" % theirs_port
        statuses = (check(ours_url + "ressource.html"), check(theirs_url + "ressource.html"),
                    check(ours_url, FORM_BODY.encode("ascii")))
        if statuses != (200, 200, 200):
            raise RuntimeError("réponses de contrôle inattendues (GET nous, GET eux, POST nous) : "
                               "%s" % (statuses,))
        wrk_version = subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout
        ab_version = subprocess.run(["ab", "-V"], capture_output=True, text=True).stdout
        wrk_version = re.search(r"wrk (\S+)", wrk_version)
        ab_version = re.search(r"Version (\S+)", ab_version)
        print("machine: %d cœurs, %s, Python %s"
              % (os.cpu_count(), platform.platform(), platform.python_version()))
        load = os.getloadavg()
        print("charge_avant: %s %s %s (moyenne sur 1, 5 et 15 min ; au-delà de %d cœurs, "
              "d'autres programmes prennent le processeur et les mesures en souffrent)"
              % (fr(load[0]), fr(load[1]), fr(load[2]), os.cpu_count()))
        print("reglages: clients %s ; %d tours alternés ; wrk %s -t2 -d %d s ; ab %s -n %d "
              "sans -k ; POST : %s"
              % (", ".join(map(str, scales)), args.tours,
                 wrk_version.group(1) if wrk_version else "?", args.secondes,
                 ab_version.group(1) if ab_version else "?", args.requetes, FORM_BODY),
              flush=True)

        started = time.monotonic()
        for clients in scales:
            rates = {key: [] for key in ("ka_nous", "ka_eux", "ka_post", "cx_nous", "cx_eux",
                                         "cx_post")}
            errors = {key: {} for key in rates}
            measures = (
                ("ka_nous", lambda: run_wrk(ours_url + "ressource.html", clients, args.secondes)),
                ("ka_eux", lambda: run_wrk(theirs_url + "ressource.html", clients,
                                           args.secondes)),
                ("ka_post", lambda: run_wrk(ours_url, clients, args.secondes, lua)),
                ("cx_nous", lambda: run_ab(ours_url + "ressource.html", clients, args.requetes)),
                ("cx_eux", lambda: run_ab(theirs_url + "ressource.html", clients,
                                          args.requetes)),
                ("cx_post", lambda: run_ab(ours_url, clients, args.requetes, body_file)),
            )
            for _ in range(args.tours):
                for key, measure in measures:
                    rate, found = measure()
                    rates[key].append(rate)
                    add(errors[key], found)
                    settle(journal)
            prefix = "c%d_" % clients
            print(prefix + "get_keepalive_nous_req_s: " + median_rate(rates["ka_nous"]))
            print(prefix + "get_keepalive_httpserver_req_s: " + median_rate(rates["ka_eux"]))
            reached.append(goal_line(prefix + "get_keepalive_rapport_nous_sur_eux",
                                     ratios(rates["ka_nous"], rates["ka_eux"]),
                                     GOALS["get_keepalive"], "nous/http.server"))
            print(prefix + "get_connexion_par_requete_nous_req_s: "
                  + median_rate(rates["cx_nous"], errors["cx_nous"]))
            print(prefix + "get_connexion_par_requete_httpserver_req_s: "
                  + median_rate(rates["cx_eux"], errors["cx_eux"]))
            reached.append(goal_line(prefix + "get_connexion_par_requete_rapport_nous_sur_eux",
                                     ratios(rates["cx_nous"], rates["cx_eux"]),
                                     GOALS["get_connexion_par_requete"], "nous/http.server",
                                     bool(errors["cx_nous"].get("interrompu"))))
            print(prefix + "post_keepalive_nous_req_s: " + median_rate(rates["ka_post"]))
            reached.append(goal_line(prefix + "post_keepalive_rapport_sur_notre_get",
                                     ratios(rates["ka_post"], rates["ka_nous"]),
                                     GOALS["post"], "POST/GET"))
            print(prefix + "post_connexion_par_requete_nous_req_s: "
                  + median_rate(rates["cx_post"], errors["cx_post"]))
            reached.append(goal_line(prefix + "post_connexion_par_requete_rapport_sur_notre_get",
                                     ratios(rates["cx_post"], rates["cx_nous"]),
                                     GOALS["post"], "POST/GET",
                                     bool(errors["cx_post"].get("interrompu"))))
            print(prefix + "erreurs_get_keepalive_nous: " + describe_wrk(errors["ka_nous"]))
            print(prefix + "erreurs_get_keepalive_httpserver: " + describe_wrk(errors["ka_eux"]))
            print(prefix + "erreurs_post_keepalive_nous: " + describe_wrk(errors["ka_post"]))
            print(prefix + "erreurs_get_connexion_par_requete_nous: "
                  + describe_ab(errors["cx_nous"]))
            print(prefix + "erreurs_get_connexion_par_requete_httpserver: "
                  + describe_ab(errors["cx_eux"]))
            print(prefix + "erreurs_post_connexion_par_requete_nous: "
                  + describe_ab(errors["cx_post"]), flush=True)
        print("duree_des_mesures_s: %s" % fr(time.monotonic() - started, 0))
        load = os.getloadavg()
        print("charge_apres: %s %s %s" % (fr(load[0]), fr(load[1]), fr(load[2])))
    finally:
        stop(ours, interrupt=True)   # Ctrl+C : l'arrêt propre, comme dans un terminal
        stop(theirs)
        if os.path.exists(journal):
            lines, slowest, full, dropped = journal_counts(journal)
            print("journal_nous_lignes: %d (%s Mo)"
                  % (lines, fr(os.path.getsize(journal) / 1e6, 1)))
            print("journal_nous_lignes_plus_lente: %d" % slowest)
            print("journal_nous_lignes_serveur_plein: %d" % full)
            print("journal_nous_evenements_non_ecrits: %d" % dropped)
        shutil.rmtree(base, ignore_errors=True)
    print("objectifs: %d atteints sur %d" % (sum(reached), len(reached)))
    sys.exit(0 if all(reached) else 1)


if __name__ == "__main__":
    main()
