#pragma once
// A prediction compared with its reference character by character: the
// fewest substitutions, insertions and deletions (Levenshtein alignment),
// as runs of the prediction's text marked same, changed (a substituted or an
// extra character) or missing (reference characters the prediction lacks).

#include <QString>
#include <QVector>

namespace attn::ui {

struct DiffRun {
  enum Kind { Same, Changed, Missing };
  Kind kind;
  QString text;  // the prediction's characters; for Missing, the reference's
};

QVector<DiffRun> diffAgainstReference(const QString& reference, const QString& prediction);

// The prediction as HTML for table cells: changed or extra characters red
// and underlined, missing ones (the reference's) struck through, both on a
// light red ground.
QString diffHtml(const QVector<DiffRun>& runs);

// "3 character edits from the reference: 2 changed or extra …, 1 missing"; empty when equal.
QString diffSummary(const QVector<DiffRun>& runs);

}  // namespace attn::ui
