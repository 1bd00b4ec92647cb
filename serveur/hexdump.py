"""Sur le fil : les octets d'un échange, en hexadécimal et en texte, partie par partie.

Ce qui voyage sur le réseau n'est ni du texte ni des lettres : ce sont des octets,
des nombres de 0 à 255. Une requête HTTP en est une suite ::

    0000  47 45 54 20 2f 20 48 54  54 50 2f 31 2e 31 0d 0a  GET / HTTP/1.1..

À gauche la position (en hexadécimal), au milieu seize octets en hexadécimal, à
droite les mêmes lus comme du texte : un octet qui n'est pas une lettre
imprimable (``0d`` : retour chariot ``\\r``, ``0a`` : saut de ligne ``\\n``, ou
chacun des deux octets ``c3 a9`` du « é » en UTF-8) y devient un point.

Chaque octet appartient à une partie du message (``part_of``) :

- ``START``   : la ligne de requête (``GET / HTTP/1.1``) ou la ligne de statut
  (``HTTP/1.1 200 OK``), avec sa fin de ligne ;
- ``HEADERS`` : les en-têtes, chacun terminé par ``0d 0a`` ;
- ``BLANK``   : la fin du dernier en-tête et la ligne vide, ``0d 0a 0d 0a`` : c'est
  elle qui dit « les en-têtes sont finis » (``0a 0a`` quand un client n'envoie que
  des ``\\n``) ;
- ``BODY``    : le corps, s'il y en a un ;
- ``SECRET``  : des octets chiffrés (TLS), tels qu'un espion les voit passer ;
- ``NAME``    : parmi eux, le nom du site (SNI), seul renseignement passé en clair.

Ce module ne fait que découper et mettre en forme : pas de tkinter (l'onglet
« Sur le fil », ``fenetre/tab_wire.py``, le dessine). ``wire_blocks`` est la part
du narrateur pour cet onglet : les blocs d'un échange, leur titre et ce qui n'est
pas montré, en français ; ``attempt_blocks`` fait de même pour ``https://`` tapé
devant le serveur HTTP (une erreur « https-attempt », sans échange : ``shows``).
"""

from collections import namedtuple

from . import tls
from .bounds import missing
from .events import ERROR, EXCHANGE
from .french import bytes_text, say
from .tls_wording import attempt_lesson, record_line

START, HEADERS, BLANK, BODY, SECRET = "start", "headers", "blank", "body", "secret"
NAME = "name"
PARTS = (START, HEADERS, BLANK, BODY, SECRET, NAME)
WIDTH = 16          # octets par ligne
SHOWN = 4096        # octets montrés au plus par bloc (le reste est compté, pas dessiné)
RECORDS_TOLD = 6    # enregistrements TLS nommés au plus sous les octets d'un espion
LINE_END_BYTES = (0x0D, 0x0A)

Row = namedtuple("Row", "offset cells")        # cells : ((octet, partie), …)
# Un message : titre, lignes, ce qui manque, ses lignes d'en-tête (``header_lines``).
Block = namedtuple("Block", "title rows note headers", defaults=((),))
Header = namedtuple("Header", "start end name")   # les octets [start, end) d'un en-tête


def head_length(data):
    """La longueur de l'en-tête au début de ``data``, ligne vide comprise (la première
    ``\\r\\n\\r\\n`` ou ``\\n\\n``, ou leurs mélanges), ou -1 s'il n'est pas fini."""
    position = 0
    while True:
        end = data.find(b"\n", position)
        if end < 0:
            return -1
        line = data[position:end + 1]
        if position and line in (b"\r\n", b"\n"):
            return end + 1
        position = end + 1


def segments(head, body=b""):
    """Les parties d'un message : ``[(partie, octets), …]`` dans l'ordre, sans partie
    vide. ``head`` : ligne de départ, en-têtes et ligne vide, tels qu'ils ont voyagé ;
    un en-tête sans ligne vide finale (coupé) n'a pas de partie ``BLANK``."""
    parts = []
    first = head.find(b"\n") + 1 or len(head)
    blank = _blank_start(head)
    start_end = min(first, blank)
    parts.append((START, head[:start_end]))
    parts.append((HEADERS, head[start_end:blank]))
    parts.append((BLANK, head[blank:]))
    parts.append((BODY, body))
    return [(part, data) for part, data in parts if data]


def _blank_start(head):
    """Où commence la marque de fin d'en-tête (la fin de la dernière ligne, puis la
    ligne vide) ; ``len(head)`` si ``head`` ne finit pas par une ligne vide."""
    if not head.endswith(b"\n"):
        return len(head)
    before = head.rfind(b"\n", 0, len(head) - 1)   # la fin de la ligne d'avant
    if before < 0 or head[before + 1:] not in (b"\r\n", b"\n"):
        return len(head)
    return before - 1 if before and head[before - 1:before] == b"\r" else before


def part_of(parts, index):
    """La partie de l'octet n° ``index`` du message découpé en ``parts`` (ou None)."""
    for part, data in parts:
        if index < len(data):
            return part
        index -= len(data)
    return None


def rows(parts, width=WIDTH, limit=SHOWN):
    """Les lignes du vidage : ``(lignes, octets non montrés)``. Au plus ``limit``
    octets sont mis en lignes de ``width`` octets ; chaque case est ``(octet, partie)``."""
    cells, total = [], 0
    for part, data in parts:
        total += len(data)
        room = limit - len(cells)
        if room > 0:
            cells.extend((byte, part) for byte in data[:room])
    lines = [Row(offset, tuple(cells[offset:offset + width]))
             for offset in range(0, len(cells), width)]
    return lines, total - len(cells)


def header_lines(head):
    """Les lignes d'en-tête de ``head`` (après la ligne de départ, avant la ligne vide) :
    ``[Header(début, fin, nom), …]``, en octets depuis le début, fin de ligne comprise.
    Le nom est ce qui précède le premier « : », sans les espaces autour ; une ligne
    qui commence par une espace ou une tabulation prolonge l'en-tête d'avant ; une
    ligne sans nom n'en est pas un."""
    found, current = [], None
    position = head.find(b"\n") + 1
    while 0 < position < len(head):
        end = head.find(b"\n", position)
        end = len(head) if end < 0 else end + 1
        line = head[position:end]
        if line in (b"\r\n", b"\n"):
            break
        if line[:1] in (b" ", b"\t") and current is not None:
            current = found[-1] = current._replace(end=end)
        else:
            name = line.split(b":", 1)[0].strip(b" \t") if b":" in line else b""
            current = Header(position, end, name.decode("latin-1")) if name else None
            found += [current] if current else []
        position = end
    return found


def header_at(headers, offset):
    """L'en-tête (``Header``) qui contient l'octet n° ``offset``, ou None."""
    for header in headers:
        if header.start <= offset < header.end:
            return header
    return None


def hex_column(index, width=WIDTH):
    """La colonne du premier chiffre hexadécimal de l'octet n° ``index`` d'une ligne."""
    return 6 + 3 * index + (1 if width >= 16 and index >= width // 2 else 0)


def text_column(index, width=WIDTH):
    """La colonne de l'octet n° ``index`` d'une ligne, lu comme du texte."""
    return line_chars(width) - width + index


def byte_at(column, width=WIDTH):
    """Le rang dans sa ligne de l'octet sous la colonne ``column`` (hexadécimal ou
    texte), ou None (la position, l'espace entre les deux). L'espace entre deux octets
    compte pour celui d'avant."""
    if column >= text_column(0, width):
        index = column - text_column(0, width)
        return index if index < width else None
    if column < 6 or column >= hex_column(width - 1, width) + 2:
        return None
    return max(index for index in range(width) if hex_column(index, width) <= column)


def spans(start, end, width=WIDTH):
    """Les octets [start, end) dans le vidage : ``[(ligne, colonne, colonne de fin), …]``,
    deux par ligne du vidage (hexadécimal, puis texte)."""
    found = []
    for row in range(start // width, (end - 1) // width + 1 if end > start else 0):
        first = max(start, row * width) - row * width
        last = min(end, (row + 1) * width) - 1 - row * width
        found += [(row, hex_column(first, width), hex_column(last, width) + 2),
                  (row, text_column(first, width), text_column(last, width) + 1)]
    return found


def char_of(byte):
    """L'octet lu comme du texte : une lettre ASCII imprimable, sinon un point."""
    return chr(byte) if 0x20 <= byte < 0x7F else "."


def pieces(row, width=WIDTH):
    """Une ligne du vidage, en morceaux ``(texte, étiquettes)`` à insérer dans l'ordre :
    la position, les octets en hexadécimal, puis en texte. Les étiquettes sont la
    partie de l'octet, et ``"eol"`` pour ``0d`` et ``0a`` (les fins de ligne)."""
    result = [("%04x  " % row.offset, ())]
    for index in range(width):
        if index < len(row.cells):
            byte, part = row.cells[index]
            if index:
                # L'espace entre deux octets d'une même partie prend sa couleur.
                same = row.cells[index - 1][1] == part
                gap = "  " if index == width // 2 and width >= 16 else " "
                result.append((gap, (part,) if same else ()))
            result.append(("%02x" % byte, _tags(byte, part)))
        else:
            result.append(("   " + (" " if index == width // 2 and width >= 16 else ""), ()))
    result.append(("  ", ()))
    for byte, part in row.cells:
        result.append((char_of(byte), _tags(byte, part)))
    return result


def _tags(byte, part):
    # 0d et 0a ne sont des fins de ligne que dans le texte de HTTP : dans des octets
    # chiffrés (ou le nom du site, en clair dans la poignée de main), ce sont des octets.
    if byte in LINE_END_BYTES and part not in (SECRET, NAME):
        return (part, "eol")
    return (part,)


def row_text(row, width=WIDTH):
    """La ligne en texte seul : ``0000  47 45 54 …  GET…`` (tests, copier-coller)."""
    return "".join(text for text, _ in pieces(row, width))


def line_chars(width=WIDTH):
    """Le nombre de caractères d'une ligne de ``width`` octets."""
    return 6 + 3 * width - 1 + (1 if width >= 16 else 0) + 2 + width


# -- un échange, bloc par bloc (la part du narrateur) ------------------------------------
def wire_blocks(event, width=WIDTH, limit=SHOWN, hide=None):
    """Les blocs de la vue « Sur le fil » pour un événement EXCHANGE : ce qu'un espion
    voit passer quand l'échange est chiffré (valeurs ``tls_bytes`` et ``tls_bytes_total``,
    ``secure.py``), la requête telle
    que reçue, la réponse telle qu'envoyée. ``hide`` (texte -> texte) masque les mots
    de passe dans les octets montrés (le découpage se fait après)."""
    blocks = []
    values = dict(event.values)
    spy = values.get("tls_bytes")
    if isinstance(spy, (bytes, bytearray)) and spy:
        total = values.get("tls_bytes_total")
        total = total if isinstance(total, int) and total >= len(spy) else len(spy) + missing(spy)
        lines, left = rows(spied_parts(spy, values.get("tls_server_name")), width, limit)
        blocks.append(Block(say("CE QUE VOIT UN ESPION SUR LE RÉSEAU — %s reçus, chiffrés (TLS) : "
                                "illisibles sans la clé, sauf au début de la connexion (la poignée "
                                "de main, où passe le nom du site)", bytes_text(total)),
                            lines, _note(left + total - len(spy))))
    body = event.body
    head = _hidden(event.request_head, hide)
    lines, left = rows(segments(head, _hidden(body, hide)), width, limit)
    blocks.append(Block(say("REQUÊTE n°%d — reçue par le serveur : %s", event.exchange,
                            bytes_text(len(event.request_head) + len(body) + missing(body)
                                       + missing(event.request_head))),
                        lines, _note(left + missing(body) + missing(event.request_head)),
                        tuple(header_lines(head))))
    kept_body = event.reply_body
    sent_body = _body_sent(event)
    head = _hidden(event.reply_head, hide)
    lines, left = rows(segments(head, _hidden(kept_body, hide)), width, limit)
    unkept = max(sent_body - len(kept_body), 0)
    blocks.append(Block(say("RÉPONSE — envoyée par le serveur : %s",
                            bytes_text(len(event.reply_head) + max(sent_body, len(kept_body)))),
                        lines, _note(left, unkept), tuple(header_lines(head))))
    return blocks


def shows(event):
    """Vrai si la vue « Sur le fil » sait montrer cet événement : un échange, ou
    ``https://`` tapé devant le serveur HTTP (les octets du ClientHello reçus en clair)."""
    return event.kind == EXCHANGE or (event.kind == ERROR and event.fact == "https-attempt")


def spied_parts(data, name=""):
    """Des octets chiffrés découpés pour le vidage : tout ``SECRET``, sauf le nom du site
    (``name``, envoyé en clair dans le ClientHello), marqué ``NAME`` là où il passe."""
    data = bytes(data)
    found = data.find(name.encode("ascii", "replace")) if isinstance(name, str) and name else -1
    if found < 0:
        return [(SECRET, data)]
    end = found + len(name)
    return [(part, piece) for part, piece in ((SECRET, data[:found]), (NAME, data[found:end]),
                                              (SECRET, data[end:])) if piece]


def attempt_blocks(event, width=WIDTH, limit=SHOWN):
    """Les blocs de « Sur le fil » pour ``https://`` tapé devant le serveur HTTP (une
    erreur « https-attempt ») : les octets reçus, tels qu'un espion les voit, avec leurs
    enregistrements TLS nommés (``tls.records``) ; puis ce que cela veut dire."""
    values = dict(event.values)
    spy = values.get("tls_bytes")
    spy = bytes(spy) if isinstance(spy, (bytes, bytearray)) else b""
    hello = tls.client_hello(spy)
    found = tls.records(spy)
    if hello is not None and not hello.server_name and not (found and found[0].complete):
        hello = None   # coupé avant la fin : sans nom, on ne sait pas si c'était une adresse IP
    lines, left = rows(spied_parts(spy, hello.server_name if hello else ""), width, limit)
    told = [record_line(index, record.kind, tls.VERSIONS.get(record.version, ""),
                        spy[record.start:record.start + tls.HEADER], record.length,
                        record.complete) for index, record in enumerate(found[:RECORDS_TOLD], 1)]
    if len(found) > RECORDS_TOLD:
        told.append(say("… et %d enregistrements de plus.", len(found) - RECORDS_TOLD))
    notes = told + [_note(left + missing(spy))]
    return [Block(say("CE QUE VOIT UN ESPION SUR LE RÉSEAU — %s reçus par le serveur HTTP : "
                      "le début d'une connexion chiffrée (TLS), qu'il ne comprend pas",
                      bytes_text(len(spy) + missing(spy))),
                  lines, "\n".join(note for note in notes if note)),
            Block(say("CE QUE ÇA VEUT DIRE"), (), attempt_lesson(hello))]


def _hidden(data, hide):
    if hide is None or not data:
        return bytes(data)
    return hide(bytes(data).decode("utf-8", "surrogateescape")).encode("utf-8",
                                                                         "surrogateescape")


def _body_sent(event):
    """Les octets du corps de la réponse vraiment partis : ``body_sent`` quand le serveur
    l'a compté (« Mon serveur »), sinon ce qu'annonce ``Content-Length`` (rien pour HEAD,
    304 et 204, qui n'ont pas de corps)."""
    values = dict(event.values)
    if isinstance(values.get("body_sent"), int):
        return values["body_sent"]
    if event.method == "HEAD" or event.status in (204, 304) or event.status < 200:
        return 0
    for name, value in event.reply_headers:
        if name.lower() == "content-length" and value.strip().isdigit():
            return int(value.strip())
    return len(event.reply_body) + missing(event.reply_body)


def _note(left, unkept=0):
    """Ce qui n'est pas montré, dit en français (ou ``""``)."""
    notes = []
    if left:
        notes.append(say("… la suite (%s) n'est pas montrée ici.", bytes_text(left)))
    if unkept:
        notes.append(say("… la suite du corps (%s) est partie aussi : le panneau ne garde que "
                         "le début du corps d'une réponse.", bytes_text(unkept)))
    return " ".join(notes)
