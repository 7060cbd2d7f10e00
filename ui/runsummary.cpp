#include "runsummary.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>

namespace attn::ui {
namespace {

// The translation context of the summary's texts.
class RunSummaryText {
  Q_DECLARE_TR_FUNCTIONS(attn::ui::RunSummary)
};

}  // namespace

RunSummary readRunSummary(const QString& directory) {
  RunSummary summary;
  summary.directory = directory;
  summary.name = QFileInfo(directory).fileName();
  const QString path = QDir(directory).filePath(QStringLiteral("run.json"));
  QFile file(path);
  summary.date = QFileInfo(path).lastModified();
  if (!file.open(QIODevice::ReadOnly)) {
    summary.problem = RunSummaryText::tr("%1: cannot be read (%2)").arg(path, file.errorString());
    return summary;
  }
  QJsonParseError parseError;
  const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parseError);
  if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
    summary.problem = parseError.error != QJsonParseError::NoError
                          ? RunSummaryText::tr("%1: not JSON at byte %2 (%3)")
                                .arg(path)
                                .arg(parseError.offset)
                                .arg(parseError.errorString())
                          : RunSummaryText::tr("%1: expected a JSON object").arg(path);
    return summary;
  }
  const QJsonObject run = document.object();
  const QJsonObject config = run.value(QStringLiteral("config")).toObject();
  const QJsonObject data = config.value(QStringLiteral("data")).toObject();
  if (data.value(QStringLiteral("source")).toString() == QStringLiteral("corpus")) {
    summary.task = QFileInfo(data.value(QStringLiteral("corpus"))
                                 .toObject()
                                 .value(QStringLiteral("path"))
                                 .toString())
                       .fileName();
  } else {
    summary.task =
        data.value(QStringLiteral("task")).toObject().value(QStringLiteral("name")).toString();
  }
  summary.model =
      QStringLiteral("%1 · %2").arg(config.value(QStringLiteral("preset")).toString(),
                                    config.value(QStringLiteral("implementation")).toString());
  summary.status = run.value(QStringLiteral("status")).toString();
  summary.steps = qint64(run.value(QStringLiteral("steps")).toDouble());
  summary.parameters = qint64(run.value(QStringLiteral("parameters")).toDouble());
  summary.seed = qint64(run.value(QStringLiteral("seed")).toDouble());
  summary.deterministic = run.value(QStringLiteral("deterministic")).toBool();
  if (run.value(QStringLiteral("best_eval_loss")).isDouble())
    summary.bestEvalLoss = run.value(QStringLiteral("best_eval_loss")).toDouble();
  const QJsonObject last = run.value(QStringLiteral("final")).toObject();
  if (!last.isEmpty()) {
    summary.epochs = last.value(QStringLiteral("epoch")).toInt();
    summary.exactMatch = last.value(QStringLiteral("exact_match")).toDouble(-1);
    summary.bleu = last.value(QStringLiteral("bleu")).toDouble(-1);
  }
  if (summary.status.isEmpty()) summary.problem = RunSummaryText::tr("%1: no \"status\"").arg(path);
  return summary;
}

QString shortDescription(const RunSummary& summary) {
  if (!summary.problem.isEmpty()) return RunSummaryText::tr("unreadable run.json");
  const QString status = statusText(summary.status);
  return summary.task.isEmpty() ? status : QStringLiteral("%1 · %2").arg(summary.task, status);
}

QString statusText(const QString& status) {
  if (status == QLatin1String("running")) return RunSummaryText::tr("running");
  if (status == QLatin1String("finished")) return RunSummaryText::tr("finished");
  if (status == QLatin1String("stopped")) return RunSummaryText::tr("stopped");
  if (status == QLatin1String("early-stopped")) return RunSummaryText::tr("early-stopped");
  if (status == QLatin1String("failed")) return RunSummaryText::tr("failed");
  return status;
}

}  // namespace attn::ui
