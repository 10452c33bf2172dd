"""The tagged PDF: a written handout's logical structure, added after ReportLab writes it.

`tag` takes the bytes ReportLab wrote, whose pages hold marked content (see
`kneepdf.layout.tagging`), and the Tagger's tree of that content, and adds what makes the
file a tagged PDF (PDF/UA-1): the structure tree with its parent tree, `/StructParents` and
`/Tabs /S` on pages, `/StructParent` on form fields (each in a Form element), `/MarkInfo`,
the title shown in the viewer's title bar and the XMP identification. It also mends two
things of ReportLab's output a screen reader trips on: font subsets map their unused codes
to U+0000 (those entries go). The same bytes in give the same bytes out; the document ID is
a digest of the Info dictionary (see `_document_id`), the same whoever the handout is for.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import re
import zlib
from html import escape
from typing import Any

from pikepdf import Array, Dictionary, Name, Pdf

from kneepdf.layout.tagging import Node, Tagger, pdf_text

XMP = """<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about=""
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
 xmlns:xmp="http://ns.adobe.com/xap/1.0/"
 xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
<dc:format>application/pdf</dc:format>
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{subject}</rdf:li></rdf:Alt></dc:description>
<pdf:Producer>{producer}</pdf:Producer>
<xmp:CreatorTool>{producer}</xmp:CreatorTool>
<xmp:CreateDate>{date}</xmp:CreateDate>
<xmp:ModifyDate>{date}</xmp:ModifyDate>
<pdfuaid:part>1</pdfuaid:part>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""
UNUSED = re.compile(rb"^<[0-9A-Fa-f]+> <0000>\r?\n", re.M)
BFCHAR = re.compile(rb"(\d+) beginbfchar\r?\n(.*?)endbfchar", re.S)


def tag(data: bytes, tagger: Tagger, title: str, lang: str) -> bytes:
    """The PDF `data` as a tagged PDF of the tree `tagger` recorded while drawing it.

    The file is written anew as one revision: ReportLab's streams as they are, its
    dictionaries (those changed here, as changed) and the new ones in one compressed object
    stream, found through a cross-reference stream."""
    with Pdf.open(io.BytesIO(data)) as pdf:
        rewrite = _Rewrite(int(pdf.trailer.Size))
        doc_id = _document_id(pdf)
        pages = [page.obj for page in pdf.pages]
        page_refs = [_ref(page.objgen) for page in pages]
        fields = _fields(pages)
        root = rewrite.new()
        annots = _structure(rewrite, tagger, root, page_refs, fields)
        for n, page in enumerate(pages):
            page.StructParents = n
            page.Tabs = Name.S
            rewrite.replace(page.objgen, page.unparse(resolved=True))
        for k, (annot, _) in enumerate(annots, len(pages)):
            annot.StructParent = k
            rewrite.replace(annot.objgen, annot.unparse(resolved=True))
        _mend_fonts(pdf, rewrite)
        metadata = rewrite.stream(_xmp(pdf, title), b"/Type /Metadata /Subtype /XML")
        catalog = pdf.Root
        for key in ("/Lang", "/MarkInfo", "/ViewerPreferences", "/Metadata",
                    "/StructTreeRoot", "/Version"):
            if key in catalog:
                del catalog[key]
        extra = (f"/StructTreeRoot {root} 0 R /Metadata {metadata} 0 R /Lang {pdf_text(lang)} "
                 "/MarkInfo << /Marked true >> /ViewerPreferences << /DisplayDocTitle true "
                 ">>").encode()  # the version, 1.5, is in the header (see `write`)
        rewrite.replace(catalog.objgen, catalog.unparse(resolved=True)[:-2] + extra + b" >>")
        trailer = (f"/Root {catalog.objgen[0]} 0 R /Info {pdf.trailer.Info.objgen[0]} 0 R "
                   ).encode()
    trailer += b"/ID \n[<" + doc_id.hex().encode() + b"><" + doc_id.hex().encode() + b">] "
    return rewrite.write(data, trailer)


def _document_id(pdf: Pdf) -> bytes:
    """The document ID (16 bytes): an MD5 digest of the Info dictionary's title, author,
    subject, date and producer, as ReportLab seeds its own from the title, author and
    subject, but with the handout's date where ReportLab takes SOURCE_DATE_EPOCH or a fixed
    day. The same handout gives the same ID whatever the environment, and it is the same
    whoever the handout is for (the patient's name is in none of these)."""
    info = pdf.docinfo
    seed = "\n".join(str(info.get(key, "")) for key in
                     ("/Title", "/Author", "/Subject", "/CreationDate", "/Producer"))
    return hashlib.md5(seed.encode("utf-8"), usedforsecurity=False).digest()


class _Rewrite:
    """Objects for a PDF written again (see `write`): dictionaries (in one object stream)
    and streams, new or in place of the file's own."""

    def __init__(self, size: int) -> None:
        self.size = size  # the next free object number
        self.objects: dict[int, bytes] = {}  # in the object stream
        self.streams: dict[int, bytes] = {}  # written whole: "<<...>> stream ... endstream"

    def new(self) -> int:
        number = self.size
        self.size += 1
        return number

    def replace(self, objgen: tuple[int, int], body: bytes) -> None:
        self.objects[objgen[0]] = body

    def set(self, number: int, body: bytes) -> None:
        self.objects[number] = body

    def stream(self, data: bytes, keys: bytes, number: int | None = None) -> int:
        number = self.new() if number is None else number
        self.streams[number] = (b"<< " + keys + b" /Length %d >>\nstream\n" % len(data)
                                + data + b"\nendstream")
        return number

    def write(self, data: bytes, trailer: bytes) -> bytes:
        """The file `data` (as ReportLab writes it: one revision, a cross-reference table)
        rewritten as one revision with these objects in place of its own: its streams
        copied as they are, every dictionary (its own and these) in one compressed object
        stream, found through a cross-reference stream."""
        old = _objects(data)
        first = min(at for at, _ in old.values())
        header = data[:first]  # "%PDF-1.4" and a binary comment, as ReportLab writes them
        if header.startswith(b"%PDF-1.") and header[7:8] < b"5":
            header = b"%PDF-1.5" + header[8:]  # object and cross-reference streams are 1.5's
        out = [header]
        size = len(header)
        where: dict[int, tuple[int, int, int]] = {}  # number: (type, field 2, field 3)
        objects = dict(self.objects)
        for n, (_, span) in sorted(old.items(), key=lambda item: item[1][0]):
            if n in self.objects or n in self.streams:
                continue
            body = _body(n, span)
            if body is None:  # a stream (or what is not a plain object): copied whole
                where[n] = (1, size, 0)
                out.append(span)
                size += len(span)
            else:
                objects[n] = body
        numbers = sorted(objects)
        heads: list[bytes] = []
        bodies: list[bytes] = []
        at = 0
        for n in numbers:
            heads.append(b"%d %d" % (n, at))
            bodies.append(objects[n])
            at += len(objects[n]) + 1
        head = b" ".join(heads) + b"\n"
        packed = zlib.compress(head + b"\n".join(bodies) + b"\n")
        objstm = self.new()
        for k, n in enumerate(numbers):
            where[n] = (2, objstm, k)
        self.stream(packed, b"/Type /ObjStm /N %d /First %d /Filter /FlateDecode"
                    % (len(numbers), len(head)), objstm)
        for n in sorted(self.streams):
            where[n] = (1, size, 0)
            out += [b"%d 0 obj\n" % n, self.streams[n], b"\nendobj\n"]
            size += len(out[-3]) + len(out[-2]) + len(out[-1])
        xref = self.new()
        where[xref] = (1, size, 0)
        where[0] = (0, 0, 65535)  # the head of the free list
        index: list[list[int]] = []
        rows = bytearray()
        last = bytes(7)
        for n in sorted(where):
            if index and index[-1][0] + index[-1][1] == n:
                index[-1][1] += 1
            else:
                index.append([n, 1])
            kind, two, three = where[n]
            row = bytes([kind]) + two.to_bytes(4, "big") + three.to_bytes(2, "big")
            # PNG "Up" prediction: each byte less the one above it, which compresses well
            rows += b"\x02" + bytes((x - y) & 0xFF for x, y in zip(row, last, strict=True))
            last = row
        body = zlib.compress(bytes(rows))
        spans = " ".join(f"{a} {b}" for a, b in index)
        out.append(b"%d 0 obj\n<< /Type /XRef /Size %d /Index [%s] /W [1 4 2] "
                   % (xref, self.size, spans.encode()) + trailer
                   + b"/Filter /FlateDecode /DecodeParms << /Columns 7 /Predictor 12 >> "
                   + b"/Length %d >>\nstream\n" % len(body) + body
                   + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % where[xref][1])
        return b"".join(out)


def _objects(data: bytes) -> dict[int, tuple[int, bytes]]:
    """The objects of a file with one cross-reference table (as ReportLab writes it): each
    in-use object's number, offset and bytes ("N 0 obj ... endobj"), each running to the
    next object or to the table."""
    table = int(data[data.rindex(b"startxref") + 9:].split()[0])
    lines = data[table:data.index(b"trailer", table)].split()
    if lines[0] != b"xref":
        raise ValueError("the file has no cross-reference table where it says")
    offsets: dict[int, int] = {}
    k = 1
    while k < len(lines):  # subsections: "first count", then count rows "offset gen n|f"
        start, count = int(lines[k]), int(lines[k + 1])
        for row in range(count):
            offset, _, kind = lines[k + 2 + 3 * row:k + 5 + 3 * row]
            if kind == b"n":
                offsets[start + row] = int(offset)
        k += 2 + 3 * count
    following = dict(itertools.pairwise([*sorted(offsets.values()), table]))
    return {n: (at, data[at:following[at]]) for n, at in offsets.items()}


def _body(number: int, span: bytes) -> bytes | None:
    """The object of `span` ("N 0 obj\n...\nendobj\n") without its wrapping, when it is
    not a stream (which an object stream cannot hold); else None."""
    opening = b"%d 0 obj\n" % number
    trimmed = span.rstrip()
    if not span.startswith(opening) or not trimmed.endswith(b"endobj"):
        return None
    body = trimmed[len(opening):-len(b"endobj")].rstrip()
    if body.endswith(b"endstream"):
        return None
    return body


def _ref(objgen: tuple[int, int]) -> str:
    return f"{objgen[0]} {objgen[1]} R"


def _name(value: str) -> str:
    return "/" + value


def _structure(rewrite: _Rewrite, tagger: Tagger, root: int, page_refs: list[str],
               fields: dict[tuple[int, str], Any]) -> list[tuple[Any, int]]:
    """The structure tree's objects, the tree root numbered `root`; returns the form
    fields' widgets with their Form elements' numbers."""
    parents: list[list[int | None]] = [[None] * tagger.mcids(n) for n in range(len(page_refs))]
    annots: list[tuple[Any, int]] = []
    numbers: dict[int, int] = {}  # id(node): object number
    order: list[tuple[Node, int]] = []  # each node with its parent's number

    def number(node: Node, parent: int) -> None:
        numbers[id(node)] = rewrite.new()
        order.append((node, parent))
        for kid in node.kids:
            if isinstance(kid, Node):
                number(kid, numbers[id(node)])

    _hoist(tagger.root)
    number(tagger.root, root)
    document = numbers[id(tagger.root)]
    for node, parent in order:
        me = numbers[id(node)]
        parts = [f"<< /S {_name(node.role)} /P {parent} 0 R"]
        if node.alt is not None:
            parts.append(f"/Alt {pdf_text(node.alt)}")
        if node.attrs:
            attrs = " ".join(f"/{k} {_name(v) if isinstance(v, str) else v}"
                             for k, v in node.attrs.items())
            parts.append(f"/A << /O /Table {attrs} >>")
        kids: list[str] = []
        first: int | None = None
        for kid in node.kids:
            if isinstance(kid, Node):
                kids.append(f"{numbers[id(kid)]} 0 R")
            elif kid[0] == "field":
                page, name = int(kid[1]), str(kid[2])
                annot = fields.get((page, name))
                if annot is None:
                    continue
                kids.append(f"<< /Type /OBJR /Obj {_ref(annot.objgen)} /Pg {page_refs[page]} >>")
                annots.append((annot, me))
            else:
                page, mcid = int(kid[0]), int(kid[1])
                if first is None:
                    first = page
                    parts.append(f"/Pg {page_refs[page]}")
                kids.append(str(mcid) if page == first else
                            f"<< /Type /MCR /Pg {page_refs[page]} /MCID {mcid} >>")
                parents[page][mcid] = me
        parts.append(f"/K {kids[0]} >>" if len(kids) == 1 else f"/K [{' '.join(kids)}] >>")
        rewrite.set(me, " ".join(parts).encode())
    nums: list[str] = []
    for n, mcids in enumerate(parents):
        refs = " ".join(f"{document if e is None else e} 0 R" for e in mcids)
        nums.append(f"{n} [{refs}]")
    for k, (_, elem) in enumerate(annots, len(page_refs)):
        nums.append(f"{k} {elem} 0 R")
    tree = rewrite.new()
    rewrite.set(tree, f"<< /Nums [{' '.join(nums)}] >>".encode())
    rewrite.set(root, (f"<< /Type /StructTreeRoot /K {document} 0 R /ParentTree {tree} 0 R "
                      f"/ParentTreeNextKey {len(page_refs) + len(annots)} >>").encode())
    return annots


def _hoist(node: Node) -> None:
    """A table cell or list body holding one plain paragraph holds its text itself: the
    same words, fewer elements."""
    for kid in node.kids:
        if isinstance(kid, Node):
            _hoist(kid)
    if node.role in ("TD", "TH", "LBody") and len(node.kids) == 1:
        only = node.kids[0]
        if isinstance(only, Node) and only.role == "P" and only.alt is None:
            node.kids = only.kids


def _fields(pages: list[Any]) -> dict[tuple[int, str], Any]:
    """Each page's form field widgets by (page, field name)."""
    out: dict[tuple[int, str], Any] = {}
    for n, page in enumerate(pages):
        for annot in page.get("/Annots", Array()):
            name = annot.get("/T")
            if name is not None and annot.is_indirect:
                out[n, str(name)] = annot
    return out


def _xmp(pdf: Pdf, title: str) -> bytes:
    """The XMP packet: the title, the dates of the Info dictionary and PDF/UA-1."""
    info = pdf.docinfo
    subject = str(info.get("/Subject", ""))
    producer = str(info.get("/Producer", ""))
    date = str(info.get("/CreationDate", "D:20000101000000"))[2:]
    iso = f"{date[0:4]}-{date[4:6]}-{date[6:8]}T{date[8:10]}:{date[10:12]}:{date[12:14]}Z"
    return XMP.format(title=escape(title), subject=escape(subject), producer=escape(producer),
                      date=iso).encode("utf-8")


def _mend_fonts(pdf: Pdf, rewrite: _Rewrite) -> None:
    """Drop the ToUnicode entries ReportLab writes as U+0000 for a subset's unused codes."""
    seen: set[tuple[int, int]] = set()
    for page in pdf.pages:
        fonts = page.obj.get("/Resources", Dictionary()).get("/Font", Dictionary())
        for font in fonts.values():
            cmap = font.get("/ToUnicode")
            if cmap is None or cmap.objgen in seen:
                continue
            seen.add(cmap.objgen)
            text = cmap.read_bytes()
            if b"<0000>" not in text:
                continue
            mended = BFCHAR.sub(_bfchar, text)
            rewrite.stream(zlib.compress(mended), b"/Filter /FlateDecode", cmap.objgen[0])


def _bfchar(match: re.Match[bytes]) -> bytes:
    entries = UNUSED.sub(b"", match.group(2))
    count = entries.count(b"\n")
    return b"%d beginbfchar\n%sendbfchar" % (count, entries)
