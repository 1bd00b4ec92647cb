"""Qui a fait quoi, et quand : l'avancement de chaque poste dans la mission choisie.

``MissionProgress`` se nourrit des événements du serveur (``note(event)``), comme le
carnet des postes : à chaque échange complet (EXCHANGE), il regarde quelles étapes
encore à faire ce poste vient de réussir (``missions.holds``). Les champs d'un
échange arrivent avant lui (REQUEST pour ceux de l'adresse, DATA pour ceux du
corps) : ils sont gardés, bornés, jusqu'à l'EXCHANGE du même numéro.

Une question se répond par un POST sur ``/mission`` (le formulaire « Mission » de
``ressource.html``), champ ``reponse`` : la réponse est comparée à celles de chaque
question que ce poste n'a pas encore réussie. Le professeur peut aussi répondre
pour un poste, ou au tableau (``BOARD``), avec ``answer``.

L'avancement de chaque mission choisie est gardé (revenir à une mission retrouve
où en était la classe) ; il vit dans la fenêtre, pas dans le serveur : un arrêt puis
un redémarrage du serveur ne le perdent pas, « Effacer… » (``clear``) si. Le serveur
ne sait rien des missions : il raconte des faits, le panneau les compare.

Pas de tkinter ici : ce module se teste sans fenêtre.
"""

import time
import urllib.parse
from collections import OrderedDict, namedtuple

from .body import url_path
from .bounds import kept
from .cookie_jar import cookie_pairs
from .events import DATA, EXCHANGE, NOTICE, REQUEST, Event
from .missions import holds, normalize_answer

ANSWER_PATH = "/mission"   # où le formulaire « Mission » de ressource.html envoie sa réponse
ANSWER_FIELD = "reponse"
BOARD = "tableau"          # « l'adresse » des réponses données au tableau par le professeur
MAX_PENDING = 256          # échanges dont les champs attendent leur EXCHANGE
MAX_MISSIONS = 20          # missions dont l'avancement est gardé
MAX_CLIENTS = 500          # postes suivis par mission

# Ce qu'un échange dit, sous la forme que lisent les conditions (missions.holds).
ExchangeFacts = namedtuple("ExchangeFacts", "method path status headers reply_headers "
                                            "cookies_sent cookies_set fields encrypted")
# Une étape faite : par qui, laquelle, quand, et combien ce poste en a faites.
Done = namedtuple("Done", "client step time done total")
Answer = namedtuple("Answer", "text time right")   # right : la réponse d'une des questions


def exchange_facts(event, fields=()):
    """Les faits d'un événement EXCHANGE, avec les champs décodés de sa requête."""
    headers, cookies_sent, cookies_set, reply = set(), set(), set(), set()
    for name, value in kept(event.headers):
        headers.add(name.lower())
        if name.lower() == "cookie":
            cookies_sent.update(pair[0].lower() for pair in cookie_pairs(value))
    for name, value in kept(event.reply_headers):
        reply.add(name.lower())
        if name.lower() == "set-cookie":
            cookies_set.add(value.partition(";")[0].partition("=")[0].strip().lower())
    found = {}
    for item in fields:
        if item.value or item.filename:
            found.setdefault(item.name, []).append(item.value or item.filename)
    path = urllib.parse.unquote(url_path(event.path), errors="replace")
    encrypted = any(name == "tls_version" and value for name, value in event.values)
    return ExchangeFacts(event.method, path, event.status, headers, reply, cookies_sent,
                         cookies_set, found, encrypted)


class MissionProgress:
    """L'avancement de chaque poste dans la mission choisie (``choose``)."""

    def __init__(self):
        self.mission = None
        self.version = 0   # change à chaque changement : qui le montre sait quand redessiner
        self._missions = OrderedDict()   # clé d'une mission -> OrderedDict(poste -> {n° : heure})
        self._answers = {}               # (clé, poste) -> Answer, la dernière réponse
        self._pending = OrderedDict()    # (poste, n° d'échange) -> champs

    # -- la mission -------------------------------------------------------------------
    def choose(self, mission):
        """Cette mission devient celle de la classe (None : aucune). Son avancement déjà
        fait, s'il y en a, est retrouvé."""
        self.mission = mission
        if mission is not None:
            key = self._key(mission)
            self._missions[key] = self._missions.pop(key, OrderedDict())
            while len(self._missions) > MAX_MISSIONS:
                self._missions.popitem(last=False)
        self.version += 1

    @staticmethod
    def _key(mission):
        return mission.path or mission.title

    def _current(self):
        return self._missions[self._key(self.mission)]

    # -- les événements ---------------------------------------------------------------
    def note(self, event):
        """Tient compte d'un événement du serveur ; rend les étapes faites (``Done``)."""
        if self.mission is None or not event.client:
            return []
        key = (event.client, event.exchange)
        if event.kind in (REQUEST, DATA):
            if event.fields:
                self._pending[key] = self._pending.pop(key, ()) + tuple(kept(event.fields))
                while len(self._pending) > MAX_PENDING:
                    self._pending.popitem(last=False)
            return []
        if event.kind != EXCHANGE:
            return []
        facts = exchange_facts(event, self._pending.pop(key, ()))
        done = [step for step in self._remaining(event.client)
                if step.conditions and all(holds(condition, facts)
                                           for condition in step.conditions)]
        finished = self._tick(event.client, done, event.time)
        if facts.method == "POST" and facts.path == ANSWER_PATH:
            for answer in facts.fields.get(ANSWER_FIELD, ())[:1]:
                finished += self.answer(event.client, answer, event.time)
        return finished

    def answer(self, client, text, when=None):
        """Une réponse de ``client`` (un poste, ou ``BOARD``) ; rend les étapes faites."""
        if self.mission is None:
            return []
        when = time.time() if when is None else when
        given = normalize_answer(text)
        right = [step for step in self._remaining(client)
                 if step.answers and given in step.answers]
        known = any(given in step.answers for step in self.mission.steps)
        self._answers[(self._key(self.mission), client)] = Answer(text[:100], when, known)
        self.version += 1
        return self._tick(client, right, when)

    def _remaining(self, client):
        done = self._current().get(client, {})
        return [step for step in self.mission.steps if step.number not in done]

    def _tick(self, client, steps, when):
        if not steps:
            return []
        progress = self._current()
        if client not in progress and len(progress) >= MAX_CLIENTS:
            return []
        done = progress.setdefault(client, {})
        finished = []
        for step in steps:
            done[step.number] = when
            finished.append(Done(client, step, when, len(done), len(self.mission.steps)))
        self.version += 1
        return finished

    # -- ce qu'on en montre -----------------------------------------------------------
    def done_by(self, client):
        """Les étapes faites par ce poste : ``{numéro : heure}``."""
        if self.mission is None:
            return {}
        return dict(self._current().get(client, {}))

    def who_did(self, number):
        """Qui a fait l'étape ``number`` : des paires ``(poste, heure)``, les premiers d'abord."""
        if self.mission is None:
            return []
        found = [(client, done[number]) for client, done in self._current().items()
                 if number in done]
        return sorted(found, key=lambda pair: pair[1])

    def clients(self):
        """Les postes (et ``BOARD``) qui ont fait au moins une étape, dans l'ordre d'arrivée."""
        return list(self._current()) if self.mission is not None else []

    def summary(self, client):
        """« 3/5 » : les étapes faites par ce poste sur toutes ; "" sans mission."""
        if self.mission is None:
            return ""
        return "%d/%d" % (len(self._current().get(client, {})), len(self.mission.steps))

    def last_answer(self, client):
        """La dernière réponse de ce poste à la mission choisie (``Answer``), ou None."""
        if self.mission is None:
            return None
        return self._answers.get((self._key(self.mission), client))

    def clear(self):
        """« Effacer… » : l'avancement de toutes les missions repart de zéro (la mission
        choisie le reste)."""
        self._missions.clear()
        self._answers.clear()
        self._pending.clear()
        if self.mission is not None:
            self._missions[self._key(self.mission)] = OrderedDict()
        self.version += 1


def journal_events(finished, mission):
    """Les lignes du journal pour ces étapes faites : une par étape, et « mission
    terminée » quand un poste les a toutes faites."""
    events = []
    for done in finished:
        board = done.client == BOARD
        values = (("mission", mission.title), ("step", done.step.number),
                  ("steps", done.total), ("done", done.done), ("text", done.step.text),
                  ("board", board))
        client = "" if board else done.client
        events.append(Event(NOTICE, time=done.time, client=client, fact="mission-step",
                            values=values))
        if done.done == done.total:
            events.append(Event(NOTICE, time=done.time, client=client,
                                fact="mission-complete", values=values))
    return events


def chosen_event(mission):
    """La ligne du journal qui dit quelle mission la classe fait maintenant."""
    return Event(NOTICE, fact="mission-chosen", values=(("mission", mission.title),
                                                        ("steps", len(mission.steps))))
