"""The agreement's tree (front page, sections, goals) as a QAbstractItemModel over the document.

Appendix goals sit under one "Bilag" group, as the document prints them after the sections. A node
whose fields hold no text yet is shown dimmed and in italics; the full heading is its tooltip. In an
agreement copied from last year, a node whose text still names last year carries a small mark with that
year (:data:`YEAR_MARK_ROLE`, in the colours of the form's "Nævner stadig 2008" note) and its tooltip
names the fields.

After every change the model syncs its nodes to the document with the minimal
remove/insert/move signals, so views keep their selection and expansion.
"""

from __future__ import annotations

from dataclasses import field
from typing import TYPE_CHECKING

from PySide6 import QtCore  # drag data: its type made when a goal is first dragged
from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from storage.field_types import is_empty
from storage.outline import OutlineNode, outline
from storage.records import record
from storage.template_model import FieldDef
from ui.document import AgreementDocument
from ui.roles import DISPLAY, FONT, FOREGROUND, TOOLTIP, USER

if TYPE_CHECKING:
    from PySide6.QtCore import QMimeData

MIME_GOAL = "application/x-aftaler-goal"
NodeType = str  # "agreement" | "section" | "goal" | "group"
#: the uuid of the group that holds the appendix goals (no stored node has it)
APPENDIX_GROUP = "bilag"
APPENDIX_LABEL = "Bilag"
EMPTY_NOTE = "Tom – der er ikke skrevet noget endnu"
EMPTY_COLOUR = QColor("#8a94a3")
#: the data role that gives last year (an int) for a node whose text still names it, else None; the tree's
#: delegate (:class:`ui.status_marks.StatusMarkDelegate`) draws it as a mark at the row's right end
YEAR_MARK_ROLE = USER + 1
#: the roles the tree answers (a view asks for a dozen per row; the others are answered at once)
ROLES = frozenset({DISPLAY, USER, TOOLTIP, YEAR_MARK_ROLE, FONT, FOREGROUND})
Index = QModelIndex | QPersistentModelIndex
#: what a node can do: every node takes a dropped goal (the model decides where it may go), a goal of a
#: writable agreement can be dragged; made once (each ``|`` of Qt's flags is a Python call)
ROOT_FLAGS = Qt.ItemFlag.ItemIsDropEnabled
NODE_FLAGS = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsDropEnabled
GOAL_FLAGS = NODE_FLAGS | Qt.ItemFlag.ItemIsDragEnabled


@record(eq=False)
class TreeNode:
    """A node of the agreement tree: a section, a goal or a group, with its children."""

    uuid: str
    node_type: NodeType
    parent: TreeNode | None = None
    children: list[TreeNode] = field(default_factory=list)
    label: str = ""
    kind: str = ""
    #: the row last known; checked before use, so a stale one costs one search, not a wrong answer
    known_row: int = 0

    def row(self) -> int:
        if self.parent is None:
            return 0
        siblings = self.parent.children
        if not (self.known_row < len(siblings) and siblings[self.known_row] is self):
            self.known_row = siblings.index(self)
        return self.known_row


@record
class Spec:
    """What a tree node should be, built from the document before the nodes are made."""

    uuid: str
    node_type: NodeType
    label: str
    kind: str = ""
    children: list[Spec] = field(default_factory=list)


def build_specs(doc: AgreementDocument) -> list[Spec]:
    """The tree wanted: the front page, then the agreement's outline (built in one linear pass)."""

    def spec(node: OutlineNode) -> Spec:
        kind = node.key if node.type == "goal" else ""
        return Spec(node.uuid, node.type, node.heading, kind, [spec(c) for c in node.children])

    front = Spec(doc.agreement.uuid, "agreement", f"Forside – {doc.agreement.title}")
    parts = outline(doc.agreement, doc.template)
    sections = [spec(node) for node in parts if node.type == "section"]
    appendices = [spec(node) for node in parts if node.type == "goal"]
    if not doc.template.appendix_kinds():
        return [front, *sections]
    return [front, *sections, Spec(APPENDIX_GROUP, "group", APPENDIX_LABEL, children=appendices)]


def is_blank(doc: AgreementDocument, node_uuid: str) -> bool | None:
    """True when none of the node's fields holds text, False when one does; None for a node without
    fields (a heading over its sub-sections, or the appendix group)."""
    node = doc.node(node_uuid)
    fields = doc.template.fields_for(node) if node is not None else ()
    if node is None or not fields:
        return None
    return all(is_empty(f, node) for f in fields)


def last_year_fields(doc: AgreementDocument, node_uuid: str) -> tuple[FieldDef, ...]:
    """In an agreement copied from last year (``derived_from``): the node's fields whose text, list or table
    still names last year, as the user sees them (typing not yet stored included); else none."""
    node = doc.node(node_uuid) if doc.agreement.derived_from else None
    if node is None:
        return ()
    from storage.year_mentions import still_named  # only a copy's tree asks

    last_year = doc.agreement.year - 1
    source = doc.copied_from(node_uuid)  # what was moved on from the year before names last year on purpose

    def named(field: FieldDef) -> bool:
        if field.type.has_rows:
            return still_named(doc.rows(node_uuid, field.id), last_year,
                               source.rows_of(field.id) if source is not None else None)
        return still_named(doc.value(node_uuid, field.id), last_year,
                           source.value(field.id) if source is not None else None)

    return tuple(f for f in doc.template.fields_for(node) if named(f))


class AgreementTreeModel(QAbstractItemModel):
    #: goal uuid, new index among the goals of its kind (drag and drop)
    moveGoalRequested = Signal(str, int)

    def __init__(self, doc: AgreementDocument) -> None:
        super().__init__()
        self.doc = doc
        self.root = TreeNode("", "root")
        self._by_uuid: dict[str, TreeNode] = {}
        self._blank: dict[str, bool | None] = {}
        self._last_year: dict[str, tuple[str, ...]] = {}  # field labels, by node uuid
        self.sync()
        doc.structureChanged.connect(self.sync)
        doc.valueChanged.connect(self._on_value)
        doc.rowsChanged.connect(self._on_content)

    # --- syncing with the document -----------------------------------------------------

    def sync(self) -> None:
        self._blank.clear()
        self._last_year.clear()
        self._sync_children(self.root, build_specs(self.doc))

    def _on_value(self, owner: str, field_id: str) -> None:
        if owner == self.doc.uuid and field_id == "title":
            self.sync()
        self._on_content(owner, field_id)

    def _on_content(self, owner: str, _field_id: str) -> None:
        """A value or a list changed: the node may have become empty or filled, or stopped naming last year."""
        was_blank = self._blank.pop(owner, None)
        was_named = self._last_year.pop(owner, None)
        roles: list[int] = []
        if self.blank(owner) != was_blank:
            roles += [Qt.ItemDataRole.FontRole, Qt.ItemDataRole.ForegroundRole]
        if self.last_year_named(owner) != was_named:
            roles += [YEAR_MARK_ROLE]
        index = self.index_for(owner) if roles else QModelIndex()
        if index.isValid():
            self.dataChanged.emit(index, index, [*roles, Qt.ItemDataRole.ToolTipRole])

    def blank(self, node_uuid: str) -> bool | None:
        if node_uuid not in self._blank:
            self._blank[node_uuid] = is_blank(self.doc, node_uuid)
        return self._blank[node_uuid]

    def last_year_named(self, node_uuid: str) -> tuple[str, ...]:
        """The labels of the node's fields that still name last year (see :func:`last_year_fields`)."""
        if node_uuid not in self._last_year:
            self._last_year[node_uuid] = tuple(f.label for f in last_year_fields(self.doc, node_uuid))
        return self._last_year[node_uuid]

    def tooltip(self, node: TreeNode) -> str:
        lines = [node.label]
        if self.blank(node.uuid):
            lines.append(EMPTY_NOTE)
        named = self.last_year_named(node.uuid)
        if named:
            last_year = self.doc.agreement.year - 1
            where = f" i: {', '.join(named)}" if len(self.doc.fields_of(node.uuid)) > 1 else ""
            lines.append(f"Nævner stadig {last_year}{where} – ret årstallet, hvis det skal være {last_year + 1}.")
        return "\n".join(lines)

    def _sync_children(self, parent: TreeNode, specs: list[Spec]) -> None:
        """Make ``parent``'s children match ``specs``: linear in their number, plus one search
        of the children for each node that moved."""
        parent_index = self._index_of(parent)
        wanted = {s.uuid for s in specs}
        for i in reversed(range(len(parent.children))):
            if parent.children[i].uuid not in wanted:
                self.beginRemoveRows(parent_index, i, i)
                gone = parent.children.pop(i)
                self._forget(gone)
                self.endRemoveRows()
        if not parent.children and specs:  # a new tree, or a new level: all rows at once
            self.beginInsertRows(parent_index, 0, len(specs) - 1)
            parent.children.extend(self._new_node(spec, parent) for spec in specs)
            self.endInsertRows()
        present = {c.uuid: c for c in parent.children}
        for target, spec in enumerate(specs):
            if target < len(parent.children) and parent.children[target].uuid == spec.uuid:
                continue
            if spec.uuid not in present:
                self.beginInsertRows(parent_index, target, target)
                parent.children.insert(target, self._new_node(spec, parent))
                self.endInsertRows()
            else:
                source = parent.children.index(present[spec.uuid], target)
                self.beginMoveRows(parent_index, source, source, parent_index, target)
                parent.children.insert(target, parent.children.pop(source))
                self.endMoveRows()
        for row, spec in enumerate(specs):
            node = parent.children[row]
            node.known_row = row
            if node.label != spec.label:
                node.label = spec.label
                index = self.index(row, 0, parent_index)
                self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole])
            self._sync_children(node, spec.children)

    def _new_node(self, spec: Spec, parent: TreeNode) -> TreeNode:
        node = TreeNode(spec.uuid, spec.node_type, parent, label=spec.label, kind=spec.kind)
        self._by_uuid[node.uuid] = node
        return node

    def _forget(self, node: TreeNode) -> None:
        self._by_uuid.pop(node.uuid, None)
        for child in node.children:
            self._forget(child)

    def _index_of(self, node: TreeNode) -> QModelIndex:
        if node is self.root or node.parent is None:
            return QModelIndex()
        return self.createIndex(node.row(), 0, node)

    def index_for(self, node_uuid: str) -> QModelIndex:
        node = self._by_uuid.get(node_uuid)
        return self._index_of(node) if node else QModelIndex()

    def node(self, index: Index) -> TreeNode | None:
        if not index.isValid():
            return None
        node = index.internalPointer()
        return node if isinstance(node, TreeNode) else None

    # --- QAbstractItemModel --------------------------------------------------------------

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:
        parent_node = self.node(parent) or self.root
        if column != 0 or not 0 <= row < len(parent_node.children):
            return QModelIndex()
        return self.createIndex(row, 0, parent_node.children[row])

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        node = self.node(index)
        if node is None or node.parent is None or node.parent is self.root:
            return QModelIndex()
        return self._index_of(node.parent)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        if parent.isValid() and parent.column() != 0:
            return 0
        node = self.node(parent) or self.root
        return len(node.children)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 1

    def data(self, index: Index, role: int = DISPLAY) -> object:
        if role not in ROLES:
            return None
        node = self.node(index)
        if node is None:
            return None
        if role == DISPLAY:
            return node.label
        if role == USER:
            return node.uuid
        if role == TOOLTIP:
            return self.tooltip(node)
        if role == YEAR_MARK_ROLE:
            return self.doc.agreement.year - 1 if self.last_year_named(node.uuid) else None
        if role == FONT:
            italic = bool(self.blank(node.uuid))
            bold = node.node_type == "group" or (node.node_type == "section" and node.parent is self.root)
            if not (italic or bold):
                return None
            font = QFont()
            font.setItalic(italic)
            font.setBold(bold)
            return font
        if role == FOREGROUND and self.blank(node.uuid):
            return QBrush(EMPTY_COLOUR)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and section == 0:
            return "Aftalens indhold"
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        node = self.node(index)
        if node is None:
            return ROOT_FLAGS
        if node.node_type == "goal" and not self.doc.read_only:
            return GOAL_FLAGS
        return NODE_FLAGS

    # --- drag and drop of goals ---------------------------------------------------------------

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [MIME_GOAL]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:  # type: ignore[override]
        mime = QtCore.QMimeData()
        goals = [n for n in (self.node(i) for i in indexes) if n is not None and n.node_type == "goal"]
        if goals:
            mime.setData(MIME_GOAL, goals[0].uuid.encode("ascii"))
        return mime

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                        parent: Index) -> bool:
        return self._drop_target(data, row, parent) is not None

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                     parent: Index) -> bool:
        target = self._drop_target(data, row, parent)
        if target is not None:
            self.moveGoalRequested.emit(*target)
        return False  # the move happens through the undo stack, not through the view

    def _drop_target(self, data: QMimeData, row: int, parent: Index) -> tuple[str, int] | None:
        if not data.hasFormat(MIME_GOAL) or self.doc.read_only:
            return None
        goal = self._by_uuid.get(bytes(data.data(MIME_GOAL).data()).decode("ascii", "replace"))
        parent_node = self.node(parent) or self.root
        if goal is None:
            return None
        if row < 0 and parent_node.node_type == "goal" and parent_node.kind == goal.kind:
            row, parent_node = parent_node.row(), parent_node.parent or self.root
        if parent_node is not goal.parent:
            return None
        def sibling(c: TreeNode) -> bool:
            return c.node_type == "goal" and c.kind == goal.kind

        if not any(sibling(c) for c in parent_node.children):
            return None
        before = parent_node.children[:row] if row >= 0 else parent_node.children
        index = sum(1 for c in before if sibling(c) and c is not goal)
        return goal.uuid, index
