"""Le réseau local : quelles adresses donner aux élèves, qui occupe un port.

Pour qu'un élève ouvre le serveur depuis son ordinateur, il lui faut
l'adresse IP de cette machine sur le réseau local (par exemple
``http://192.168.1.23:8080/``), pas ``127.0.0.1`` qui désigne toujours
« l'ordinateur sur lequel on tape ». Une machine a souvent plusieurs
adresses ; certaines ne servent à rien aux élèves :

- ``127.x.x.x`` (boucle locale) : cette machine seulement ;
- ``169.254.x.x`` (lien local) : adresse de secours, quand aucun serveur
  DHCP n'a répondu ;
- les réseaux internes des machines virtuelles (Docker ``172.17.x.x``,
  VirtualBox ``192.168.56.x``, libvirt ``192.168.122.x``) : invisibles
  depuis la salle.

Trouver ses adresses sans rien envoyer sur le réseau (``candidate_addresses``) :

1. ``gethostbyname_ex(gethostname())`` : ce que le système associe au nom
   de la machine (fichier hosts, DNS local…) ;
2. ``getaddrinfo(gethostname(), …)`` : la même question, autre chemin ;
3. l'astuce du « connect UDP » : ``connect()`` sur un socket UDP n'envoie
   aucun paquet, il choisit seulement l'interface qui mène vers l'adresse
   visée. ``getsockname()`` dit alors l'adresse de l'interface de la route
   par défaut, souvent la bonne.

Chaque étape peut échouer (pas de réseau, pas de route, pas de DNS) : on a
simplement moins de candidates. Rien ici ne lève d'exception.

Qui occupe un port (``port_owner``) ? Sous Linux, le noyau le raconte dans
des fichiers texte : ``/proc/net/tcp`` liste les sockets (état ``0A`` =
LISTEN, en écoute) avec leur numéro d'inode, et ``/proc/<pid>/fd/`` contient,
pour chaque programme, des liens ``socket:[inode]`` vers ses sockets. Ailleurs
(macOS, Windows), la bibliothèque standard ne sait pas répondre : None.

Par où est passée une requête (``route_between``) ? Un client de cet
ordinateur (``127.0.0.1``, ou l'adresse de la machine elle-même) n'envoie rien
sur le réseau : un mot de passe en clair n'a pas quitté la machine.
"""

import ipaddress
import os
import socket

from .french import say

SAME_COMPUTER = "same-computer"   # le client et le serveur sont la même machine
NETWORK = "network"               # la requête a traversé le réseau


def route_between(client, local):
    """``SAME_COMPUTER`` si le client ``client`` (son adresse) est sur cet ordinateur,
    c'est-à-dire en boucle locale ou à la même adresse que le côté serveur de la
    connexion (``local``), sinon ``NETWORK``."""
    try:
        address = ipaddress.ip_address(client.split("%", 1)[0])
    except ValueError:
        return NETWORK
    mapped = getattr(address, "ipv4_mapped", None)   # « ::ffff:127.0.0.1 »
    if (mapped or address).is_loopback or client == local:
        return SAME_COMPUTER
    return NETWORK

# Les réseaux des cartes réseau virtuelles par défaut : rien à taper pour un élève.
# (VMware utilise des 192.168.x.1 tirés au hasard : trop ambigu, on les garde.)
VIRTUAL_NETWORKS = [ipaddress.ip_network(text) for text in (
    "172.17.0.0/16",      # Docker (docker0)
    "192.168.56.0/24",    # VirtualBox, réseau privé hôte
    "192.168.122.0/24",   # libvirt / KVM (virbr0)
)]

# Les plages privées (RFC 1918) : celles d'un réseau d'établissement ou de maison.
PRIVATE_NETWORKS = [ipaddress.ip_network(text) for text in (
    "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16",
)]

BROADCAST = ipaddress.IPv4Address("255.255.255.255")
UDP_PROBE = ("192.0.2.1", 9)   # adresse de documentation (RFC 5737), port « discard »
LISTEN = "0A"                  # l'état LISTEN dans /proc/net/tcp
COMMAND_WIDTH = 60             # caractères de la ligne de commande montrés au plus


def _usable(address):
    """Vrai si un élève du même réseau local peut taper cette adresse IPv4."""
    if (address.is_loopback or address.is_link_local or address.is_unspecified
            or address.is_multicast or address == BROADCAST):
        return False
    return not any(address in network for network in VIRTUAL_NETWORKS)


def usable_lan_addresses(candidates):
    """Adresses (texte) -> les adresses IPv4 utiles aux élèves, sans doublon.

    Les adresses privées (10.x, 172.16 à 172.31, 192.168.x) viennent d'abord,
    puis les autres ; dans chaque groupe, l'ordre d'arrivée est gardé. Les
    adresses IPv6 et les textes qui ne sont pas des adresses sont ignorés.
    """
    seen = set()
    kept = []
    for candidate in candidates:
        if not isinstance(candidate, str):
            continue
        try:
            address = ipaddress.ip_address(candidate.strip())
        except ValueError:
            continue
        if address.version != 4 or address in seen or not _usable(address):
            continue
        seen.add(address)
        kept.append(address)
    # le tri est stable : False (privée) avant True (autre), l'ordre d'arrivée est gardé
    kept.sort(key=lambda address: not any(address in net for net in PRIVATE_NETWORKS))
    return [str(address) for address in kept]


def candidate_addresses():
    """Les adresses IPv4 de cette machine, trouvées sans envoyer aucun paquet.

    L'adresse de la route par défaut (astuce du connect UDP) vient en tête :
    c'est le plus souvent celle que les élèves doivent taper. Ne lève jamais.
    """
    found = []
    try:   # la route par défaut : connect() sur UDP choisit l'interface, n'envoie rien
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(UDP_PROBE)
            found.append(probe.getsockname()[0])
    except (OSError, ValueError):   # pas de réseau, pas de route
        pass
    try:
        hostname = socket.gethostname()
    except (OSError, ValueError):
        return found
    try:   # le nom de la machine, d'après le système (hosts, DNS…)
        found.extend(socket.gethostbyname_ex(hostname)[2])
    except (OSError, ValueError):   # ValueError : nom illisible (UnicodeError)
        pass
    try:
        for info in socket.getaddrinfo(hostname, None, socket.AF_INET):
            found.append(info[4][0])
    except (OSError, ValueError):
        pass
    return [address for address in found if isinstance(address, str)]


def lan_addresses(candidates=candidate_addresses):
    """Les adresses à donner aux élèves ; ``candidates`` remplaçable pour les tests."""
    return usable_lan_addresses(candidates())


def lan_urls(port, addresses, https=False):
    """Les adresses à taper dans le navigateur d'un élève (``https://`` : serveur chiffré)."""
    scheme = "https" if https else "http"
    return ["%s://%s:%d/" % (scheme, "[%s]" % a if ":" in a else a, port) for a in addresses]


# --- Qui occupe un port ? (Linux : /proc) ------------------------------------

def _read_text(path):
    """Le contenu d'un fichier texte, ou None s'il est illisible."""
    try:
        with open(path, encoding="utf-8", errors="replace") as file:
            return file.read()
    except OSError:
        return None


def _listening_inodes(port, proc_root):
    """Les inodes des sockets TCP en écoute sur ``port`` (None : rien de lisible)."""
    inodes = []
    readable = False
    for name in ("tcp", "tcp6"):
        text = _read_text(os.path.join(proc_root, "net", name))
        if text is None:
            continue
        readable = True
        for line in text.splitlines()[1:]:   # la première ligne est l'en-tête
            # sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
            fields = line.split()
            if len(fields) < 10 or fields[3].upper() != LISTEN:
                continue
            try:
                local_port = int(fields[1].rsplit(":", 1)[1], 16)   # 0100007F:1F90 -> 8080
            except (IndexError, ValueError):
                continue
            if local_port == port and fields[9] not in inodes:
                inodes.append(fields[9])
    return inodes if readable else None


def _owner_pid(inodes, proc_root):
    """Le premier PID dont un descripteur mène à un de ces sockets, ou None."""
    targets = {"socket:[%s]" % inode for inode in inodes}
    try:
        pids = sorted(int(name) for name in os.listdir(proc_root) if name.isdigit())
    except OSError:
        return None
    for pid in pids:
        fd_folder = os.path.join(proc_root, str(pid), "fd")
        try:
            fds = os.listdir(fd_folder)   # PermissionError : programme d'un autre compte
        except OSError:
            continue
        for fd in fds:
            try:
                if os.readlink(os.path.join(fd_folder, fd)) in targets:
                    return pid
            except OSError:   # descripteur fermé entre-temps
                continue
    return None


def _printable(text):
    """Remplace les caractères de contrôle par des espaces, resserre les blancs."""
    return " ".join("".join(c if c.isprintable() else " " for c in text).split())


def _describe(pid, proc_root):
    """« le programme python3 (PID 1234 : python3 -m http.server 8080) »."""
    folder = os.path.join(proc_root, str(pid))
    name = _printable(_read_text(os.path.join(folder, "comm")) or "")
    words = [w for w in (_read_text(os.path.join(folder, "cmdline")) or "").split("\0") if w]
    if words:
        words[0] = os.path.basename(words[0]) or words[0]   # /usr/bin/python3 -> python3
    command = _printable(" ".join(words))
    if len(command) > COMMAND_WIDTH:
        command = command[:COMMAND_WIDTH - 1] + "…"
    if not name:
        name = command.split(" ", 1)[0]
    details = say("PID %d : %s", pid, command) if command else "PID %d" % pid
    if name:
        return say("le programme %s (%s)", name, details)
    return say("le programme de %s", details)


def port_owner(port, proc_root="/proc"):
    """Qui écoute sur le port TCP ``port`` ? Une phrase en français, ou None.

    None : aucun socket en écoute trouvé, ou pas de ``/proc`` (macOS,
    Windows) ; l'appelant dit alors qu'il ne sait pas. ``proc_root`` est
    remplaçable pour les tests. Parcourt tous les programmes : à n'appeler
    que lorsqu'un port est pris, pas en boucle. Ne lève jamais.
    """
    try:
        if not os.path.isdir(proc_root):
            return None
        inodes = _listening_inodes(port, proc_root)
        if not inodes:
            return None
        pid = _owner_pid(inodes, proc_root)
        if pid is None:
            return say("un autre programme (impossible de savoir lequel : droits insuffisants)")
        return _describe(pid, proc_root)
    except (OSError, ValueError):   # filet de sécurité : jamais d'exception
        return None
