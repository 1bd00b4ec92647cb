"""Le gardien : quand le serveur est plein, il coupe les connexions les plus lentes.

Une salle de classe a deux sortes de clients lents :

- l'élève qui tape sa requête à la main (``nc``, ``telnet``) : une ligne, une
  pause pour réfléchir, une autre ligne… Il doit être servi, même s'il lui faut
  quelques minutes ;
- le script d'un élève curieux qui ouvre cent connexions et envoie un octet de
  temps en temps : il ne doit jamais priver la classe de serveur.

Un délai court pour tout le monde chasserait le premier sans arrêter le second.
Le gardien ne regarde donc l'âge des requêtes que **sous pression** : tant que
le serveur a de la place (moins de ``pressure`` connexions), chacun prend son
temps. Au-delà, il coupe, les plus anciennes d'abord :

1. les connexions gardées ouvertes sans requête en cours (``IDLE``) depuis plus
   de ``grace`` secondes : le navigateur en rouvrira une au besoin, sans que
   personne ne le voie (celle d'un client qui enchaîne ses requêtes, au repos
   depuis quelques millisecondes, est épargnée) ;
2. les requêtes commencées il y a plus de ``grace`` secondes et pas encore
   complètes (``FRESH``, ``READING``), la plus ancienne d'abord : c'est la plus
   lente ;
3. une réponse qui n'en finit pas de partir (``WORKING`` depuis plus de
   ``send_timeout``) : le client ne lit pas.

jusqu'à redescendre sous ``relief`` connexions : de la place reste libre pour
les clients qui se conduisent bien. Et quand le serveur est complet
(``limit``), une connexion qui arrive prend la place de la plus lente, si elle
a au moins ``floor`` secondes (sinon : 503). Un client normal envoie sa
requête en quelques millisecondes : il n'est jamais le plus lent.

Ce module ne fait que choisir (fonctions pures, testées sans réseau) ; le
serveur (``server.py``) applique le choix : ``Wire.evict``.
"""

from .wire import FRESH, IDLE, READING, WORKING

GRACE = 2.0        # secondes qu'une requête peut prendre, serveur sous pression
FLOOR = 0.5        # âge minimal d'une connexion prise pour faire entrer une nouvelle
PRESSURE = 0.8     # part des connexions permises au-delà de laquelle le gardien agit…
RELIEF = 0.6       # … et en deçà de laquelle il s'arrête


def _rank(wire, now, grace, send_timeout):
    """L'ordre de sacrifice d'une connexion (plus petit : d'abord), ou None si elle
    n'est pas à couper."""
    if wire.evicted:
        return None
    phase, age = wire.phase, now - wire.since
    if phase == IDLE and age >= grace:   # au repos depuis un moment (pas entre deux requêtes
        return (0, wire.since)           # d'un client qui enchaîne)
    if phase in (FRESH, READING) and age >= grace:
        return (1, wire.since)
    if phase == WORKING and age >= send_timeout:
        return (2, wire.since)
    return None


def victims(wires, now, limit, grace=GRACE, send_timeout=15.0):
    """Les connexions à couper, dans l'ordre, pour que ``wires`` (les connexions
    ouvertes) redescendent à ``limit`` ou moins. Rend une liste (peut-être vide
    ou plus courte : on ne coupe que ce qui est lent)."""
    active = [wire for wire in wires if not wire.evicted]
    excess = len(active) - limit
    if excess <= 0:
        return []
    ranked = []
    for wire in active:
        rank = _rank(wire, now, grace, send_timeout)
        if rank is not None:
            ranked.append((rank, id(wire), wire))
    ranked.sort()
    return [wire for _, _, wire in ranked[:excess]]


def make_room(wires, now, limit, floor=FLOOR, send_timeout=15.0):
    """Le serveur est complet et une connexion arrive : la connexion à couper pour
    lui faire place (la plus lente, âgée d'au moins ``floor`` secondes), ou None."""
    chosen = victims(wires, now, limit - 1, grace=floor, send_timeout=send_timeout)
    return chosen[0] if chosen else None
