"""How the import preview shows each state of a plan: a coloured badge, a Danish explanation, counts."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPixmap

from storage.merge_plan import FieldState, ImportPlan, ImportState

#: per state: colour and the symbol in its badge
FIELD_LOOK: dict[FieldState, tuple[str, str]] = {
    FieldState.NEW: ("#2e7d32", "+"),
    FieldState.THEIRS: ("#1565c0", "←"),
    FieldState.MINE: ("#78909c", "•"),
    FieldState.CONFLICT: ("#d84315", "!"),
    FieldState.IDENTICAL: ("#9e9e9e", "="),
}
AGREEMENT_LOOK: dict[ImportState, tuple[str, str]] = {
    ImportState.NEW: FIELD_LOOK[FieldState.NEW],
    ImportState.IDENTICAL: FIELD_LOOK[FieldState.IDENTICAL],
    ImportState.MERGE: ("#6a1b9a", "~"),
}
FIELD_EXPLAINED = {
    FieldState.NEW: "Findes kun i pakken og tilføjes her.",
    FieldState.THEIRS: "Kun ændret i pakken, siden I sidst udvekslede aftalen: pakkens tages.",
    FieldState.MINE: "Kun ændret her: din beholdes.",
    FieldState.CONFLICT: "Ændret begge steder. Vælg, hvad der skal gælde. Det fravalgte gemmes i aftalens "
                         "historik (Rediger → Tabte versioner) og kan bringes tilbage.",
    FieldState.IDENTICAL: "Ens her og i pakken.",
}
AGREEMENT_EXPLAINED = {
    ImportState.NEW: "Aftalen findes ikke her og tilføjes, som den er i pakken.",
    ImportState.IDENTICAL: "Aftalen er ens her og i pakken. Intet ændres.",
    ImportState.MERGE: "Aftalen findes her og flettes med pakkens: se hver ændring i listen.",
}


def badge(colour: str, symbol: str, size: int = 16) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(colour))
    painter.drawEllipse(0, 0, size, size)
    font = QFont(painter.font())
    font.setBold(True)
    font.setPixelSize(int(size * 0.75))
    painter.setFont(font)
    painter.setPen(QColor("white"))
    painter.drawText(QRect(0, 0, size, size), Qt.AlignmentFlag.AlignCenter, symbol)
    painter.end()
    return QIcon(pixmap)


def plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def plan_summary(plan: ImportPlan) -> str:
    """'2 aftaler: 1 ny, 1 flettes.'"""
    states = [a.state for a in plan.agreements]
    parts = [f"{states.count(s)} {s.value}" for s in ImportState if states.count(s)]
    return f"{plural(len(states), 'aftale', 'aftaler')}: {', '.join(parts)}." if states else "Pakken er tom."


def undecided_text(undecided: int, conflicts: int) -> str:
    if not conflicts:
        return "Ingen konflikter."
    if not undecided:
        return f"Alle {plural(conflicts, 'konflikt', 'konflikter')} har et valg." if conflicts > 1 \
            else "Konflikten har et valg."
    return f"{plural(undecided, 'konflikt mangler', 'konflikter mangler')} et valg."


def import_summary(plan: ImportPlan) -> str:
    """What an import did, in Danish: '1 ny aftale, 1 aftale flettet (3 ændringer fra pakken, 1 konflikt afgjort).'"""
    states = [a.state for a in plan.agreements]
    new, merged = states.count(ImportState.NEW), states.count(ImportState.MERGE)
    parts = []
    if new:
        parts.append(plural(new, "ny aftale", "nye aftaler"))
    if merged:
        taken = sum(1 for a in plan.agreements for c in a.changes if c.state in (FieldState.NEW, FieldState.THEIRS))
        parts.append(f"{plural(merged, 'aftale', 'aftaler')} flettet "
                     f"({plural(taken, 'ændring', 'ændringer')} fra pakken, "
                     f"{plural(len(plan.conflicts), 'konflikt', 'konflikter')} afgjort)")
    if states.count(ImportState.IDENTICAL):
        parts.append(f"{plural(states.count(ImportState.IDENTICAL), 'aftale', 'aftaler')} var ens")
    return (", ".join(parts) if parts else "Intet") + "."
