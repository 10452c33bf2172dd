"""The tagged PDF: a written handout's logical structure, added after ReportLab writes it.

`tag` takes the bytes ReportLab wrote, whose pages hold marked content (see
`kneepdf.layout.tagging`), and the Tagger's tree of that content, and adds what makes the
file a tagged PDF (PDF/UA-1): the structure tree with its parent tree, `/StructParents` and
`/Tabs /S` on pages, `/StructParent` on form fields (each in a Form element), `/MarkInfo`,
the title shown in the viewer's title bar and the XMP identification. It also mends two
things of ReportLab's output a screen reader trips on: font subsets map their unused codes
to U+0000 (those entries go). The same bytes in give the same bytes out; the document ID
stays ReportLab's (the same whoever the handout is for).
"""

from __future__ import annotations

import io
import re
import zlib
from html import escape
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name, Pdf, String

from kneepdf.layout.tagging import Node, Tagger

STATIC_ID = b"31415926535897932384626433832795"  # what qpdf writes for a static ID
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
    """The PDF `data` as a tagged PDF of the tree `tagger` recorded while drawing it."""
    with Pdf.open(io.BytesIO(data)) as pdf:
        rl_id = bytes(pdf.trailer.ID[0]) if "/ID" in pdf.trailer else b""
        _structure(pdf, tagger)
        _catalog(pdf, title, lang)
        _mend_fonts(pdf)
        out = io.BytesIO()
        pdf.save(out, static_id=True, compress_streams=True,
                 stream_decode_level=pikepdf.StreamDecodeLevel.none,
                 object_stream_mode=pikepdf.ObjectStreamMode.generate)
    written = out.getvalue()
    if len(rl_id) == 16:  # ReportLab's ID again, in place of qpdf's fixed one
        ours = rl_id.hex().encode()
        written = written.replace(b"<" + STATIC_ID + b">", b"<" + ours + b">")
    return written


def _structure(pdf: Pdf, tagger: Tagger) -> None:
    pages = list(pdf.pages)
    root = pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot))
    parents: list[list[Any]] = [[None] * tagger.mcids(n) for n in range(len(pages))]
    fields = _fields(pages)
    annots: list[tuple[Any, Any]] = []  # (annotation, its Form element)

    def make(node: Node, parent: Any) -> Any:
        elem = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name("/" + node.role),
                                            P=parent))
        if node.alt is not None:
            elem.Alt = String(node.alt)
        if node.attrs:
            attrs = Dictionary(O=Name.Table)
            for key, value in node.attrs.items():
                attrs[Name("/" + key)] = Name("/" + value) if isinstance(value, str) else value
            elem.A = attrs
        kids = Array()
        first_page: int | None = None
        for kid in node.kids:
            if isinstance(kid, Node):
                kids.append(make(kid, elem))
            elif kid[0] == "field":
                _, page, name = kid
                annot = fields.get((int(page), str(name)))
                if annot is None:
                    continue
                kids.append(Dictionary(Type=Name.OBJR, Obj=annot, Pg=pages[int(page)].obj))
                annots.append((annot, elem))
            else:
                page_no, mcid = int(kid[0]), int(kid[1])
                if first_page is None:
                    first_page = page_no
                    elem.Pg = pages[page_no].obj
                if page_no == first_page:
                    kids.append(mcid)
                else:
                    kids.append(Dictionary(Type=Name.MCR, Pg=pages[page_no].obj, MCID=mcid))
                parents[page_no][mcid] = elem
        elem.K = kids
        return elem

    document = make(tagger.root, root)
    root.K = document
    nums = Array()
    for n, page in enumerate(pages):
        page.obj.StructParents = n
        page.obj.Tabs = Name.S
        nums.append(n)
        nums.append(Array([document if e is None else e for e in parents[n]]))
    for k, (annot, elem) in enumerate(annots, len(pages)):
        annot.StructParent = k
        nums.append(k)
        nums.append(elem)
    root.ParentTree = pdf.make_indirect(Dictionary(Nums=nums))
    root.ParentTreeNextKey = len(pages) + len(annots)
    pdf.Root.StructTreeRoot = root


def _fields(pages: list[Any]) -> dict[tuple[int, str], Any]:
    """Each page's form field widgets by (page, field name)."""
    out: dict[tuple[int, str], Any] = {}
    for n, page in enumerate(pages):
        for annot in page.obj.get("/Annots", Array()):
            name = annot.get("/T")
            if name is not None:
                out[n, str(name)] = annot
    return out


def _catalog(pdf: Pdf, title: str, lang: str) -> None:
    info = pdf.docinfo
    subject = str(info.get("/Subject", ""))
    producer = str(info.get("/Producer", ""))
    date = str(info.get("/CreationDate", "D:20000101000000"))[2:]
    iso = f"{date[0:4]}-{date[4:6]}-{date[6:8]}T{date[8:10]}:{date[10:12]}:{date[12:14]}Z"
    info.Title = String(title)
    xmp = XMP.format(title=escape(title), subject=escape(subject), producer=escape(producer),
                     date=iso).encode("utf-8")
    pdf.Root.Metadata = pdf.make_stream(xmp, Type=Name.Metadata, Subtype=Name.XML)
    pdf.Root.MarkInfo = Dictionary(Marked=True)
    pdf.Root.Lang = String(lang)
    pdf.Root.ViewerPreferences = Dictionary(DisplayDocTitle=True)


def _mend_fonts(pdf: Pdf) -> None:
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
            cmap.write(zlib.compress(mended), filter=Name.FlateDecode)


def _bfchar(match: re.Match[bytes]) -> bytes:
    entries = UNUSED.sub(b"", match.group(2))
    count = entries.count(b"\n")
    return b"%d beginbfchar\n%sendbfchar" % (count, entries)
