"""Sur papier : un ou plusieurs échanges dans une page HTML à imprimer, « à trous » si l'on veut.

La page tient dans un seul fichier : le style est dedans (``<style>``), aucune
image, aucun script, aucun lien vers un autre site ; le navigateur l'ouvre et
l'imprime (``@media print`` : un échange par page, le corrigé sur la dernière).
Chaque échange est montré comme dans « Échange brut », partie par partie, avec
les mêmes titres (``sections.exchange_sections``) : ligne de requête, en-têtes,
ligne vide, corps, puis les champs décodés ; ligne de statut, en-têtes, ligne
vide, début du corps.

« À trous » : le professeur choisit des sortes de parties (``BLANK_CODES`` de
``paper_wording.py`` : la méthode, la valeur de chaque en-tête, le code de
statut…), éventuellement seulement certains en-têtes (``Options.headers``).
Chacune devient une case en pointillés, numérotée, de la largeur de la réponse ;
le corrigé, à la fin, redonne chaque réponse sous son numéro.

Ce qui vient d'un client est montré comme à l'écran (``display.shown`` :
échappé, raccourci), puis échappé pour le HTML (``html.escape``) : un champ
``<script>`` reste du texte. ``hide`` (facultatif) masque les mots de passe de
tout texte venu du client, et ``Options.mask`` ceux des champs mot de passe
(``Item.secrets``) : la page peut être projetée.

    write_page(fichier, items, Options(blanks={"method", "status"}), hide=…)
    page(items, options)   # la même chose, dans un texte

``items`` peut être un itérateur (toute une séance lue sur le disque) : la page
est écrite échange par échange, sans tout garder en mémoire. Pas de tkinter ici.
"""

import html
import re
import time
import urllib.parse
from collections import namedtuple
from io import StringIO

from .body import decode_body, decode_query
from .bounds import MAX_NAME, MAX_TEXT, kept, received
from .display import header_value, shown
from .french import bytes_text, number, say, typography
from .paper_wording import (ARCHIVE_DROPPED, ARCHIVE_FULL, FIELD_FILE, FIELDS_GET, FIELDS_POST,
                            INSTRUCTIONS, KEY_INTRO, KEY_TITLE, MASKED, MORE_FIELDS, MORE_LINES,
                            NO_EXCHANGE, NOT_MASKED, ON_SCREEN, PAGE_TITLE_MANY, PAGE_TITLE_ONE,
                            STUDENT_LINE, printed_line)
from .sections import exchange_sections

HIDDEN = "••••"            # la valeur d'un champ mot de passe masqué (comme à l'écran)
BLANK_MIN, BLANK_MAX = 4, 48   # largeur d'une case, en caractères
KEY_CHARS = 300            # caractères d'une réponse redonnés au plus dans le corrigé
FIELDS_SHOWN = 100         # champs décodés montrés au plus
BODY_LINES = 8             # lignes d'un corps montrées au plus (la page reste une page)

# Un échange à imprimer : l'événement EXCHANGE, et ses champs décodés s'ils sont connus
# (événement DATA ou REQUEST du même numéro) avec les noms des champs mot de passe.
Item = namedtuple("Item", "event fields secrets", defaults=(None, ()))
# blanks : les sortes de parties à cacher ; headers : seulement ces en-têtes (noms en
# minuscules ; vide : tous) ; key : le corrigé à la fin ; mask : les champs mot de passe
# masqués ; page_breaks : un échange par page ; title : le titre de la page.
Options = namedtuple("Options", "blanks headers key mask page_breaks title",
                     defaults=(frozenset(), frozenset(), True, False, True, ""))

STYLE = """
@page { size: A4; margin: 14mm 12mm; }
body { font-family: "DejaVu Sans", "Segoe UI", Arial, sans-serif; font-size: 11pt;
       color: #111; background: #fff; margin: 1.5em auto; max-width: 52em; line-height: 1.35; }
h1 { font-size: 1.5em; margin: 0 0 .3em; }
h2 { font-size: 1.1em; margin: 1.2em 0 .4em; }
.eleve { border: 1px solid #999; padding: .5em .8em; margin: .6em 0; white-space: pre-wrap; }
.consigne, .note { color: #333; }
.ecran { background: #eef3fb; border-left: 4px solid #1d3f8f; padding: .4em .8em; }
.echange { margin-top: 1.5em; }
.message { border: 1px solid #bbb; border-radius: 4px; padding: .3em .8em .6em; margin: .6em 0; }
.titre { font-weight: bold; color: #333; margin: .3em 0 .5em; }
.partie { margin: .35em 0; }
.etiquette { font-size: .85em; color: #555; text-transform: uppercase; letter-spacing: .04em;
             break-after: avoid; page-break-after: avoid; }
pre { font-family: "DejaVu Sans Mono", Consolas, "Courier New", monospace; font-size: 10pt;
      margin: .1em 0 0; white-space: pre-wrap; overflow-wrap: anywhere; }
.trou { display: inline-block; min-height: 1.25em; border: 1px dashed #333;
        border-bottom: 2px dotted #111; vertical-align: bottom; background: #fff; }
.trou.bloc { display: block; margin-top: .2em; }
.trou .n { font: bold 8pt sans-serif; color: #444; padding: 0 .25em; vertical-align: top; }
.corrige ol { font-family: "DejaVu Sans Mono", Consolas, monospace; font-size: 10pt; }
.corrige li { margin: .2em 0; white-space: pre-wrap; overflow-wrap: anywhere; }
.pied { margin-top: 2em; font-size: .85em; color: #555; }
@media print {
  body { margin: 0; max-width: none; font-size: 10pt; }
  pre, .corrige ol { font-size: 9pt; }
  .ecran { display: none; }
  .saut { break-before: page; page-break-before: always; }
  .message { border-color: #888; }
}
"""


def page(items, options=Options(), **extra):
    """La page entière, dans un texte (voir ``write_page``)."""
    out = StringIO()
    write_page(out, items, options, **extra)
    return out.getvalue()


def write_page(out, items, options=Options(), hide=None, client_label=None, title=None,
               notes=(), when=None):
    """Écrit dans ``out`` (un fichier texte) la page de ``items`` (des ``Item``) ; rend le
    nombre d'échanges écrits. ``notes`` : des phrases de plus sous le titre (déjà en
    français) ; ``when`` : l'heure écrite au pied de la page (``time.time()``)."""
    items = iter(items)
    first = next(items, None)
    blanks = _Blanks(options, hide)
    heading = title or options.title or _title(first)
    out.write('<!DOCTYPE html>\n<html lang="fr">\n<head>\n<meta charset="utf-8">\n'
              '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
              "<title>%s</title>\n<style>%s</style>\n</head>\n<body>\n<h1>%s</h1>\n"
              % (_text(heading), STYLE, _text(heading)))
    out.write('<p class="ecran">%s</p>\n' % _text(typography(ON_SCREEN)))
    if options.blanks:
        dots = "." * 22
        out.write('<p class="eleve">%s</p>\n<p class="consigne">%s</p>\n'
                  % (_text(say(STUDENT_LINE, dots, dots[:12], dots[:12])),
                     _text(typography(INSTRUCTIONS))))
    for note in notes:
        out.write('<p class="note">%s</p>\n' % _text(note))
    count = 0
    while first is not None:
        out.write(_exchange(first, blanks, client_label, breaks=options.page_breaks and count))
        count += 1
        first = next(items, None)
    if not count:
        out.write("<p>%s</p>\n" % _text(typography(NO_EXCHANGE)))
    if options.key and blanks.answers:
        out.write(_key(blanks.answers))
    stamp = time.strftime("%d/%m/%Y à %H:%M", time.localtime(when or time.time()))
    masked = MASKED if options.mask or hide else NOT_MASKED
    out.write('<p class="pied">%s %s</p>\n</body>\n</html>\n'
              % (_text(printed_line(stamp, count)), _text(typography(masked))))
    return count


def archive_notes(full_after=0, unkept=0, dropped=0):
    """Ce que l'archive de la séance n'a pas pu garder, en phrases pour ``notes``."""
    notes = []
    if full_after:
        notes.append(say(ARCHIVE_FULL, full_after, say("%s échanges", number(unkept))))
    if dropped:
        notes.append(say(ARCHIVE_DROPPED, number(dropped)))
    return notes


# -- un échange ---------------------------------------------------------------------
def _title(first):
    if first is None:
        return typography(NO_EXCHANGE)
    return say(PAGE_TITLE_ONE, first.event.exchange)


def many_title(count):
    """Le titre d'une page de ``count`` échanges choisis."""
    return say(PAGE_TITLE_MANY, number(count))


def _exchange(item, blanks, client_label, breaks):
    event = item.event
    fields, in_address = decoded_fields(item)
    blanks.secrets = secret_pattern(fields, item.secrets) if blanks.options.mask else None
    # Les mêmes parties, avec les mêmes titres, que la vue « Échange brut » du panneau.
    ((_, intro), (line_label, _), (head_label, head_text), (empty_label, empty_text),
     (body_label, body_text), (_, reply_intro), (status_label, _), (reply_head_label,
     reply_head_text), (reply_empty_label, reply_empty_text),
     (reply_body_label, reply_body_text)) = exchange_sections(event, client_label)
    method, path, version = (shown(event.method, 40), shown(event.path, MAX_TEXT),
                             shown(event.version, 40))
    request = [
        _part(line_label, "%s %s %s" % (blanks.fill("method", method),
                                        blanks.fill("path", path),
                                        blanks.fill("version", version))),
        _part(head_label, _headers(event.headers, head_text, blanks, "header-")),
        _part(empty_label, _text(empty_text)),
        _part(body_label, blanks.fill("body", _first_lines(body_text), block=True)
              if event.body else _text(body_text)),
    ]
    if fields:
        request.append(_fields_part(fields, in_address, item.secrets, blanks))
    status = "%d %s" % (event.status, shown(event.reason, MAX_NAME))
    reply = [
        _part(status_label, "%s %s" % (_text(shown(event.version or "HTTP/1.1", 40)),
                                       blanks.fill("status", status))),
        _part(reply_head_label, _headers(event.reply_headers, reply_head_text, blanks,
                                         "reply-header-")),
        _part(reply_empty_label, _text(reply_empty_text)),
        _part(reply_body_label, blanks.fill("reply-body", _first_lines(reply_body_text),
                                            block=True)
              if event.reply_body else _text(reply_body_text)),
    ]
    return ('<section class="echange%s">\n<div class="message requete">\n'
            '<p class="titre">%s</p>\n%s</div>\n<div class="message reponse">\n'
            '<p class="titre">%s</p>\n%s</div>\n</section>\n'
            % (" saut" if breaks else "", _text(blanks.hidden(intro)), "".join(request),
               _text(blanks.hidden(reply_intro)), "".join(reply)))


def _first_lines(text):
    """Les ``BODY_LINES`` premières lignes d'un corps (une page par échange), et combien
    il en reste, dit à la fin ; le reste se lit dans « Échange brut »."""
    lines = text.rstrip("\n").split("\n")
    if len(lines) <= BODY_LINES:
        return text
    return "\n".join(lines[:BODY_LINES] + [say(MORE_LINES, number(len(lines) - BODY_LINES))])


def _part(label, content):
    return ('<div class="partie"><div class="etiquette">%s</div><pre>%s</pre></div>\n'
            % (_text(label), content))


def _headers(headers, shown_text, blanks, prefix):
    """Une ligne par en-tête, « nom: valeur », chacun des deux peut-être un trou ; puis ce
    que la vue d'écran dit des en-têtes non gardés (ses dernières lines)."""
    entries = kept(headers)
    lines = []
    for name, value in entries:
        wanted = blanks.header_wanted(name)
        lines.append("%s: %s" % (
            blanks.fill(prefix + "name", shown(name, MAX_NAME), wanted),
            blanks.fill(prefix + "value", shown(value, MAX_TEXT), wanted)))
    rest = shown_text.split("\n")[len(entries):] if entries else [shown_text]
    lines.extend(_text(line) for line in rest if line)
    return "\n".join(lines)


def decoded_fields(item):
    """Les champs décodés d'un échange : ceux de l'événement qui les portait, sinon
    ceux de l'adresse (GET) ou du corps, décodés ici ; ``(champs, dans l'adresse ?)``."""
    event = item.event
    if item.fields:
        return item.fields, not event.body and "?" in event.path
    if "?" in event.path:
        return decode_query(event.path), True
    if event.body:
        return decode_body(event.body, header_value(event.headers, "content-type")).fields, False
    return (), False


def _fields_part(fields, in_address, secrets, blanks):
    count, entries = received(fields), kept(fields)[:FIELDS_SHOWN]
    lines = []
    for field in entries:
        if field.filename is not None:
            value = say(FIELD_FILE, shown(field.filename, MAX_NAME), bytes_text(field.size or 0))
        elif blanks.options.mask and field.name in secrets and field.value:
            value = HIDDEN
        else:
            value = shown(field.value or "", MAX_TEXT)
        lines.append(say("%s = « %s »", _text(blanks.hidden(shown(field.name, MAX_NAME))),
                         blanks.fill("fields", value)))
    if count > len(entries):
        lines.append(_text(say(MORE_FIELDS, number(count - len(entries)))))
    label = say(FIELDS_GET if in_address else FIELDS_POST, number(count))
    return _part(label, "\n".join(lines))


class _Blanks:
    """Les trous de la page : chaque partie choisie devient une case numérotée, et sa
    réponse est retenue pour le corrigé."""

    def __init__(self, options, hide):
        self.options = options
        self.wanted = frozenset(options.blanks)
        self.headers = frozenset(name.lower() for name in options.headers)
        self.hide = hide
        self.secrets = None   # les mots de passe de l'échange en cours (``secret_pattern``)
        self.answers = []

    def hidden(self, text):
        if self.secrets is not None:
            text = self.secrets.sub(HIDDEN, text)
        return self.hide(text) if self.hide else text

    def header_wanted(self, name):
        return not self.headers or name.lower() in self.headers

    def fill(self, kind, text, wanted=True, block=False):
        """``text`` (déjà montrable) en HTML : tel quel, ou une case si ``kind`` est choisi."""
        text = self.hidden(text)
        if kind not in self.wanted or not wanted or not text or text == HIDDEN:
            return _text(text)
        self.answers.append(text)
        number_ = len(self.answers)
        if block:
            lines = min(max(text.count("\n") + 1, 2), 12)
            return ('<span class="trou bloc" style="height:%.1fem"><span class="n">%d</span>'
                    '</span>' % (lines * 1.3, number_))
        width = min(max(len(text), BLANK_MIN), BLANK_MAX) + 3
        return ('<span class="trou" style="min-width:%dch"><span class="n">%d</span></span>'
                % (width, number_))


def secret_pattern(fields, secrets):
    """Un motif qui trouve chaque mot de passe de ces champs, en clair et codé comme dans
    une adresse ou un corps (« %C3%A9 », « + »), jamais collé à une lettre (comme
    ``fenetre/masking.py``) ; None s'il n'y en a pas."""
    forms = set()
    for field in kept(fields):
        if field.name in secrets and field.value:
            forms.update((field.value, urllib.parse.quote_plus(field.value),
                          urllib.parse.quote(field.value)))
    if not forms:
        return None
    alternatives = "|".join(re.escape(form) for form in sorted(forms, key=len, reverse=True))
    return re.compile(r"(?<!\w)(?:%s)(?!\w)" % alternatives)


def _key(answers):
    rows = "".join('<li value="%d">%s</li>\n' % (index, _text(_clip(answer)))
                   for index, answer in enumerate(answers, 1))
    return ('<section class="corrige saut">\n<h2>%s</h2>\n<p>%s</p>\n<ol>\n%s</ol>\n</section>\n'
            % (_text(KEY_TITLE), _text(say(KEY_INTRO, number(len(answers)), "s" if len(answers) > 1 else "")), rows))


def _clip(text):
    return text if len(text) <= KEY_CHARS else text[:KEY_CHARS] + "…"


def _text(text):
    return html.escape(text, quote=True)
