"""Importér fra kollega: what importing a bundle would do, per agreement, per goal and per field, and
the user's choice for each conflict.

The dialog shows an :class:`ImportPlan` and collects choices, nothing more: the controller
(:mod:`ui.bundle_controller`) reads the bundle, plans and applies it with :meth:`ImportPreview.choices`.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QFont, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QRadioButton,
    QSplitter,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from storage.merge_plan import (
    CHOICE_LABELS,
    AgreementPlan,
    Choice,
    FieldChange,
    FieldState,
    ImportPlan,
    ImportState,
)
from ui.import_states import (
    AGREEMENT_EXPLAINED,
    AGREEMENT_LOOK,
    FIELD_EXPLAINED,
    FIELD_LOOK,
    badge,
    plan_summary,
    plural,
    undecided_text,
)
from ui.local_time import local_moment
from ui.look import escape
from ui.side_by_side import SideBySide

#: which change a row of the tree stands for ("" for agreements and groups)
CHANGE_ROLE = Qt.ItemDataRole.UserRole + 1
#: which agreement a row of the tree belongs to
AGREEMENT_ROLE = Qt.ItemDataRole.UserRole + 2


class ImportPreview(QDialog):
    def __init__(self, plan: ImportPlan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Importér fra kollega")
        self.plan = plan
        self.changes = {c.id: c for a in plan.agreements for c in a.changes}
        self.agreement_plans = {a.uuid: a for a in plan.agreements}
        self._choices: dict[str, Choice] = {}
        #: the "what happens" cell of each change's row
        self.state_items: dict[str, QStandardItem] = {}
        self.current: FieldChange | None = None

        self.model = QStandardItemModel(self)
        self.model.setHorizontalHeaderLabels(["Aftale, del og felt", "Hvad sker der"])
        self.tree = QTreeView(self)
        self.tree.setModel(self.model)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setIndentation(14)
        self._fill()
        self.tree.expandAll()
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setStretchLastSection(False)
        self.tree.selectionModel().currentRowChanged.connect(self._row_changed)

        self.detail_title = QLabel(self)
        self.detail_title.setWordWrap(True)
        self.detail_title.setTextFormat(Qt.TextFormat.RichText)
        self.explanation = QLabel(self)
        self.explanation.setWordWrap(True)
        self.explanation.setTextFormat(Qt.TextFormat.RichText)
        who = f" (fra {plan.created_by})" if plan.created_by else ""
        self.texts = SideBySide(f"<b>Pakken</b>{escape(who)}", self)
        self.choice_box, self.choice_buttons, self.choice_group = self._choice_row()
        detail = QWidget(self)
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(12, 0, 0, 0)
        detail_layout.addWidget(self.detail_title)
        detail_layout.addWidget(self.explanation)
        detail_layout.addWidget(self.texts, 1)
        detail_layout.addWidget(self.choice_box)
        detail_layout.addStretch(0)
        self.detail = detail

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.tree)
        splitter.addWidget(detail)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([520, 580])
        splitter.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 12, 14, 12)
        layout.setSpacing(10)
        layout.addWidget(self._header())
        layout.addWidget(splitter, 1)
        layout.addLayout(self._bottom_row())
        self.resize(1120, 640)
        self._select_first()
        self._update_count()

    # --- building ---------------------------------------------------------------------------------

    def _header(self) -> QLabel:
        plan = self.plan
        made = f", lavet {local_moment(plan.created_at)}" if plan.created_at else ""
        who = f" fra {escape(plan.created_by)}" if plan.created_by else ""
        label = QLabel(f"<b>Pakken »{escape(plan.bundle_name)}«</b>{who}{made}<br>{plan_summary(plan)} "
                       "Intet ændres, før du klikker på »Importér«.", self)
        label.setWordWrap(True)
        return label

    def _fill(self) -> None:
        for agreement in self.plan.agreements:
            colour, symbol = AGREEMENT_LOOK[agreement.state]
            name = QStandardItem(f"{agreement.unit} {agreement.year}: {agreement.title}")
            name.setToolTip(name.text())
            bold = QFont(name.font())
            bold.setBold(True)
            name.setFont(bold)
            state = QStandardItem(badge(colour, symbol), self._agreement_state(agreement))
            for item in (name, state):
                item.setData("", CHANGE_ROLE)
                item.setData(agreement.uuid, AGREEMENT_ROLE)
            groups: dict[str, QStandardItem] = {}
            for change in agreement.changes:
                if change.group not in groups:
                    group = QStandardItem(change.group)
                    group.setData("", CHANGE_ROLE)
                    group.setData(agreement.uuid, AGREEMENT_ROLE)
                    group_state = QStandardItem("")
                    group_state.setData("", CHANGE_ROLE)
                    group_state.setData(agreement.uuid, AGREEMENT_ROLE)
                    name.appendRow([group, group_state])
                    groups[change.group] = group
                label = QStandardItem(change.label)
                label.setToolTip(f"{change.group} › {change.label}")
                field_state = QStandardItem()
                for item in (label, field_state):
                    item.setData(change.id, CHANGE_ROLE)
                    item.setData(agreement.uuid, AGREEMENT_ROLE)
                self.state_items[change.id] = field_state
                groups[change.group].appendRow([label, field_state])
                self._show_state(change)
            self.model.appendRow([name, state])

    @staticmethod
    def _agreement_state(agreement: AgreementPlan) -> str:
        if agreement.state is not ImportState.MERGE:
            return agreement.state.value
        conflicts = len(agreement.conflicts)
        return f"flettes, {plural(conflicts, 'konflikt', 'konflikter')}" if conflicts else "flettes"

    def _choice_row(self) -> tuple[QWidget, dict[Choice, QRadioButton], QButtonGroup]:
        box = QWidget(self)
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 4, 0, 0)
        row.addWidget(QLabel("<b>Vælg:</b>", box))
        group = QButtonGroup(box)
        buttons: dict[Choice, QRadioButton] = {}
        for number, choice in enumerate(Choice):
            button = QRadioButton(CHOICE_LABELS[choice], box)
            group.addButton(button, number)
            buttons[choice] = button
            row.addWidget(button)
        row.addStretch(1)
        group.idClicked.connect(lambda number: self._chosen_here(list(Choice)[number]))
        return box, buttons, group

    def _bottom_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.all_label = QLabel("Alle konflikter:", self)
        self.all_mine = QPushButton("Behold min", self)
        self.all_theirs = QPushButton("Tag pakkens", self)
        self.all_mine.clicked.connect(lambda: self.choose_all(Choice.MINE))
        self.all_theirs.clicked.connect(lambda: self.choose_all(Choice.THEIRS))
        has_conflicts = bool(self.plan.conflicts)
        for widget in (self.all_label, self.all_mine, self.all_theirs):
            widget.setVisible(has_conflicts)
            row.addWidget(widget)
        row.addSpacing(16)
        self.undecided_label = QLabel(self)
        row.addWidget(self.undecided_label)
        row.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.import_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.import_button.setText("Importér")
        self.cancel_button = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setText("Annullér")
        buttons.accepted.connect(self._accept_if_decided)
        buttons.rejected.connect(self.reject)
        row.addWidget(buttons)
        return row

    # --- the choices ------------------------------------------------------------------------------

    def choices(self) -> dict[str, Choice]:
        """The user's choice per conflict (by :attr:`FieldChange.id`)."""
        return dict(self._choices)

    def undecided(self) -> tuple[FieldChange, ...]:
        return self.plan.undecided(self._choices)

    def choose(self, change_id: str, choice: Choice) -> None:
        change = self.changes[change_id]
        if change.state is not FieldState.CONFLICT:
            raise ValueError(f"{change.label} er ikke en konflikt")
        if choice is Choice.BOTH and not change.can_keep_both:
            raise ValueError(f"{change.label} kan ikke rumme begge")
        self._choices[change_id] = choice
        self._show_state(change)
        if self.current is not None and self.current.id == change_id:
            self._show_choice(change)
        self._update_count()

    def choose_all(self, choice: Choice) -> None:
        for change in self.plan.conflicts:
            self._choices[change.id] = choice
            self._show_state(change)
        if self.current is not None and self.current.state is FieldState.CONFLICT:
            self._show_choice(self.current)
        self._update_count()

    def _chosen_here(self, choice: Choice) -> None:
        if self.current is not None:
            self.choose(self.current.id, choice)

    def _accept_if_decided(self) -> None:
        if not self.undecided():
            self.accept()

    def _update_count(self) -> None:
        undecided = len(self.undecided())
        self.undecided_label.setText(undecided_text(undecided, len(self.plan.conflicts)))
        self.undecided_label.setStyleSheet("color: #b3261e; font-weight: bold;" if undecided else "color: #444;")
        self.import_button.setEnabled(not undecided)
        self.import_button.setToolTip("Vælg først for hver konflikt" if undecided else "Importér pakken")

    # --- showing ----------------------------------------------------------------------------------

    def state_text(self, change: FieldChange) -> str:
        """What the tree says will happen to the change."""
        if change.state is not FieldState.CONFLICT:
            return change.state.value
        choice = self._choices.get(change.id)
        return f"{change.state.value}: {CHOICE_LABELS[choice].lower()}" if choice else f"{change.state.value}: vælg"

    def _show_state(self, change: FieldChange) -> None:
        item = self.state_items[change.id]
        colour, symbol = FIELD_LOOK[change.state]
        item.setIcon(badge(colour, symbol))
        item.setText(self.state_text(change))
        font = QFont(item.font())
        font.setBold(change.state is FieldState.CONFLICT and change.id not in self._choices)
        item.setFont(font)

    def _select_first(self) -> None:
        """The first undecided conflict, else the first agreement."""
        first = next(iter(self.undecided()), None)
        index = self.state_items[first.id].index().siblingAtColumn(0) if first else self.model.index(0, 0)
        if index.isValid():
            self.tree.setCurrentIndex(index)
            self.tree.scrollTo(index)
        else:
            self._show_nothing()

    def select_change(self, change_id: str) -> None:
        """Select the change's row in the tree, as a click would."""
        self.tree.setCurrentIndex(self.state_items[change_id].index().siblingAtColumn(0))

    def _row_changed(self, current: QModelIndex) -> None:
        change_id = str(current.data(CHANGE_ROLE) or "")
        if change_id:
            self._show_change(self.changes[change_id])
            return
        agreement = self.agreement_plans.get(str(current.data(AGREEMENT_ROLE) or ""))
        if agreement is None:
            self._show_nothing()
        elif current.parent().isValid():
            self._show_group(agreement, str(current.siblingAtColumn(0).data()))
        else:
            self._show_agreement(agreement)

    def _show_nothing(self) -> None:
        self.current = None
        self.detail_title.setText("<b>Pakken indeholder ingen aftaler.</b>")
        self.explanation.setText("")
        self.texts.hide()
        self.choice_box.hide()

    def _show_agreement(self, agreement: AgreementPlan) -> None:
        self.current = None
        self.detail_title.setText(f"<b>{escape(agreement.title)}</b><br>"
                                  f"{escape(agreement.unit)}, {agreement.year}")
        lines = [AGREEMENT_EXPLAINED[agreement.state]]
        if agreement.state is ImportState.MERGE:
            lines.append(f"{plural(len(agreement.changes), 'del er forskellig', 'dele er forskellige')}, "
                         f"heraf {plural(len(agreement.conflicts), 'konflikt', 'konflikter')}; "
                         f"{plural(agreement.identical, 'del er identisk', 'dele er identiske')}.")
            if not agreement.has_base:
                lines.append("Aftalen er ikke udvekslet med pakkens afsender før, så enhver forskel er en konflikt.")
        lines.extend(agreement.notes)
        self.explanation.setText("<br>".join(escape(line) for line in lines))
        self.texts.hide()
        self.choice_box.hide()

    def _show_group(self, agreement: AgreementPlan, group: str) -> None:
        self.current = None
        changes = [c for c in agreement.changes if c.group == group]
        conflicts = sum(1 for c in changes if c.state is FieldState.CONFLICT)
        self.detail_title.setText(f"<b>{escape(group)}</b><br>{escape(agreement.title)}")
        self.explanation.setText(f"{plural(len(changes), 'ændring', 'ændringer')}, heraf "
                                 f"{plural(conflicts, 'konflikt', 'konflikter')}. Vælg et felt for at se teksterne.")
        self.texts.hide()
        self.choice_box.hide()

    def _show_change(self, change: FieldChange) -> None:
        self.current = change
        colour, _symbol = FIELD_LOOK[change.state]
        self.detail_title.setText(f"<b>{escape(change.group)} › {escape(change.label)}</b>"
                                  f"<br><span style='color:{colour};'>{escape(change.state.value)}</span>")
        self.explanation.setText(escape(FIELD_EXPLAINED[change.state]))
        self.texts.show_texts(change.mine, change.theirs)
        self.texts.show()
        self.choice_box.setVisible(change.state is FieldState.CONFLICT)
        if change.state is FieldState.CONFLICT:
            self._show_choice(change)

    def _show_choice(self, change: FieldChange) -> None:
        self.choice_buttons[Choice.BOTH].setVisible(change.can_keep_both)
        chosen = self._choices.get(change.id)
        self.choice_group.setExclusive(False)  # an undecided conflict shows no button checked
        for choice, button in self.choice_buttons.items():
            button.setChecked(choice is chosen)
        self.choice_group.setExclusive(True)
