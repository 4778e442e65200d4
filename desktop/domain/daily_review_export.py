"""A day's review report as the screen and the PDF show it (HTML) and as a CSV file holds it.

Pure Python: the view puts the HTML in a text browser, the controller prints the same
HTML to a PDF with Qt, and the CSV rows go through `safe_cell` so that no spreadsheet
runs a cell (a username or reason typed as `=HYPERLINK(...)`) as a formula.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io

from desktop.domain.daily_review import CATEGORY_ORDER, DayReport, DayStatus, ReportLine
from desktop.domain.spreadsheet import safe_cell

CSV_COLUMNS = (
    "Entry",
    "Time",
    "Group",
    "Event",
    "Outcome",
    "User",
    "Workstation",
    "Token",
    "Reason",
    "Details",
)


def spoken_day(day: dt.date) -> str:
    return day.strftime("%A %m/%d/%Y")


def local_time(moment: dt.datetime, tz: dt.tzinfo | None = None) -> str:
    return moment.astimezone(tz).strftime("%I:%M %p")


def status_line(report: DayReport, tz: dt.tzinfo | None = None) -> str:
    """One sentence on where the day stands."""
    review = report.review
    if report.reopened_note:
        return report.reopened_note
    if review is not None and report.status is DayStatus.REVIEWED:
        when = review.reviewed_at.astimezone(tz).strftime("%m/%d/%Y %I:%M %p")
        flag = " Flagged as a possible security incident." if review.incident else ""
        return f"Reviewed by {review.reviewer} on {when}, up to entry {review.head_seq:,}.{flag}"
    if report.status is DayStatus.TODAY:
        return "Today is not over: review it tomorrow."
    if report.head is None:
        return "No entries on this day."
    return "Not reviewed yet."


def report_html(
    report: DayReport, tz: dt.tzinfo | None = None, practice: str = "", saved: str = ""
) -> str:
    """The report as simple HTML (what QTextDocument renders, on screen and in the PDF).

    `practice` and `saved` (who saved the file, and when) head an exported copy.
    """
    e = html.escape
    parts = [
        f"<h2>Audit review: {e(spoken_day(report.day))}</h2>",
    ]
    if practice or saved:
        parts.append(f"<p>{'<br>'.join(e(text) for text in (practice, saved) if text)}</p>")
    head = report.head
    chain = (
        f"Chain head: entry {head.seq:,}, seal <tt>{e(head.hash)}</tt>"
        if head is not None
        else "Chain head: none (no entries)"
    )
    routine = report.entries - len(report.lines)
    parts.append(
        f"<p><b>{e(status_line(report, tz))}</b><br>"
        f"{_entries(report.entries)} on this day; {len(report.lines):,} to look at, "
        f"{routine:,} routine (successful sign-ins, phone codes, signatures) not listed.<br>"
        f"{chain}</p>"
    )
    if report.review is not None and report.review.note:
        parts.append(f"<p>Reviewer's note: {e(report.review.note)}</p>")
    counts = report.counts
    summary = ", ".join(
        f"{e(group.value)}: {counts[group]}" for group in CATEGORY_ORDER if counts[group]
    )
    if summary:
        parts.append(f"<p>{summary}</p>")
    for category in CATEGORY_ORDER:
        lines = [line for line in report.lines if line.category is category]
        if not lines:
            continue
        parts.append(f"<h3>{e(category.value)} ({len(lines)})</h3>")
        parts.append(
            '<table border="1" cellspacing="0" cellpadding="3">'
            "<tr><th>Time</th><th>Event</th><th>User</th><th>Details</th></tr>"
        )
        parts.extend(_row_html(line, tz) for line in lines)
        parts.append("</table>")
    if not report.lines and report.head is not None:
        parts.append("<p>No security events on this day: only routine work.</p>")
    return "\n".join(parts)


def _entries(count: int) -> str:
    return "1 entry" if count == 1 else f"{count:,} entries"


def _row_html(line: ReportLine, tz: dt.tzinfo | None) -> str:
    e = html.escape
    about = "; ".join(
        part
        for part in (
            "" if line.outcome == "success" else line.outcome,
            line.token_serial and f"token {line.token_serial}",
            line.reason,
            line.details,
            f"at {line.workstation}",
        )
        if part
    )
    return (
        f"<tr><td>{e(local_time(line.at, tz))}</td><td>{e(line.label)}</td>"
        f"<td>{e(line.actor)}</td><td>{e(about)}</td></tr>"
    )


def saved_line(actor: str | None, moment: dt.datetime, tz: dt.tzinfo | None = None) -> str:
    """Who saved an exported copy, and when (local time)."""
    when = moment.astimezone(tz).strftime("%m/%d/%Y %I:%M %p")
    return f"Saved {when} by {actor or 'unknown user'}"


def report_csv(
    report: DayReport, tz: dt.tzinfo | None = None, practice: str = "", saved: str = ""
) -> bytes:
    """The report as CSV: a short heading block, then one row per security event."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def row(*cells: object) -> None:
        writer.writerow([safe_cell("" if cell is None else str(cell)) for cell in cells])

    head = report.head
    row("Audit review", report.day.isoformat())
    if practice:
        row("Practice", practice)
    if saved:
        row("Saved", saved)
    row("Status", status_line(report, tz))
    row("Entries on this day", report.entries)
    row("Chain head entry", "" if head is None else head.seq)
    row("Chain head seal", "" if head is None else head.hash)
    if report.review is not None:
        row("Reviewer", report.review.reviewer)
        row("Possible security incident", "yes" if report.review.incident else "no")
        row("Reviewer's note", report.review.note)
    row()
    row(*CSV_COLUMNS)
    for line in report.lines:
        row(
            line.seq,
            line.at.astimezone(tz).isoformat(timespec="seconds"),
            line.category.value,
            line.label,
            line.outcome,
            line.actor,
            line.workstation,
            line.token_serial,
            line.reason,
            line.details,
        )
    return buffer.getvalue().encode("utf-8")
