#include "textdiff.h"

#include <QCoreApplication>
#include <algorithm>
#include <vector>

namespace attn::ui {

QVector<DiffRun> diffAgainstReference(const QString& reference, const QString& prediction) {
  const int n = int(reference.size()), m = int(prediction.size());
  // cost[i][j]: edits that turn reference[0, i) into prediction[0, j).
  std::vector<std::vector<int>> cost(size_t(n) + 1, std::vector<int>(size_t(m) + 1));
  for (int i = 0; i <= n; ++i) cost[size_t(i)][0] = i;
  for (int j = 0; j <= m; ++j) cost[0][size_t(j)] = j;
  for (int i = 1; i <= n; ++i) {
    for (int j = 1; j <= m; ++j) {
      const int substitute =
          cost[size_t(i - 1)][size_t(j - 1)] + (reference[i - 1] != prediction[j - 1]);
      cost[size_t(i)][size_t(j)] = std::min(
          {substitute, cost[size_t(i - 1)][size_t(j)] + 1, cost[size_t(i)][size_t(j - 1)] + 1});
    }
  }
  // Walk back from the end, then reverse: one step per character.
  QVector<DiffRun> steps;
  int i = n, j = m;
  while (i > 0 || j > 0) {
    if (i > 0 && j > 0 &&
        cost[size_t(i)][size_t(j)] ==
            cost[size_t(i - 1)][size_t(j - 1)] + (reference[i - 1] != prediction[j - 1])) {
      steps.append({reference[i - 1] == prediction[j - 1] ? DiffRun::Same : DiffRun::Changed,
                    QString(prediction[j - 1])});
      --i;
      --j;
    } else if (j > 0 && cost[size_t(i)][size_t(j)] == cost[size_t(i)][size_t(j - 1)] + 1) {
      steps.append({DiffRun::Changed, QString(prediction[j - 1])});  // an extra character
      --j;
    } else {
      steps.append({DiffRun::Missing, QString(reference[i - 1])});
      --i;
    }
  }
  std::reverse(steps.begin(), steps.end());
  QVector<DiffRun> runs;
  for (const DiffRun& step : steps) {
    if (!runs.isEmpty() && runs.back().kind == step.kind)
      runs.back().text += step.text;
    else
      runs.append(step);
  }
  return runs;
}

QString diffHtml(const QVector<DiffRun>& runs) {
  QString html;
  for (const DiffRun& run : runs) {
    const QString text = run.text.toHtmlEscaped();
    switch (run.kind) {
      case DiffRun::Same:
        html += text;
        break;
      case DiffRun::Changed:
        html += QStringLiteral(
                    "<span style=\"color:#be0000;background-color:#fde3e3;"
                    "text-decoration:underline;\">%1</span>")
                    .arg(text);
        break;
      case DiffRun::Missing:
        // The reference's characters, struck through: what is missing, where.
        html += QStringLiteral(
                    "<span style=\"color:#9a6b6b;background-color:#fde3e3;"
                    "text-decoration:line-through;\">%1</span>")
                    .arg(text);
        break;
    }
  }
  return html;
}

QString diffSummary(const QVector<DiffRun>& runs) {
  int changed = 0, missing = 0;
  for (const DiffRun& run : runs) {
    if (run.kind == DiffRun::Changed) changed += int(run.text.size());
    if (run.kind == DiffRun::Missing) missing += int(run.text.size());
  }
  if (changed + missing == 0) return {};
  return QCoreApplication::translate("attn::ui::SamplesPanel",
                                     "%1 character edits from the reference: %2 changed or "
                                     "extra (underlined), %3 missing (struck through)")
      .arg(changed + missing)
      .arg(changed)
      .arg(missing);
}

}  // namespace attn::ui
