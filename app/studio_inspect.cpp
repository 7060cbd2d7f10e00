#include "studio_inspect.h"

#include <QDir>
#include <QEventLoop>
#include <QRegularExpression>
#include <QTimer>
#include <iostream>

#include "attentionview.h"
#include "cli_options.h"
#include "figures.h"
#include "inspectorpanel.h"

namespace attn::studio {
namespace {

constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;

int fail(const QString& message, int code) {
  std::cerr << "attention-studio: " << message.toStdString() << "\n";
  return code;
}

AttentionKind kindOf(const std::string& name) {
  if (name == "decoder-self") return AttentionKind::DecoderSelf;
  if (name == "cross") return AttentionKind::Cross;
  return AttentionKind::EncoderSelf;
}

}  // namespace

int runInspect(const QStringList& arguments) {
  // attention-train's options (--input, --checkpoint, --kind, --layer, --head,
  // --token, and --preset/--task for an untrained model) plus --render-to and --pdf.
  QString folder;
  ui::FigureOptions figure;
  std::vector<std::string> rest = {"--inspect"};
  for (int i = 0; i < arguments.size(); ++i) {
    if (arguments[i] == QStringLiteral("--render-to")) {
      if (i + 1 >= arguments.size())
        return fail(QStringLiteral("--render-to: expected a folder"), kExitUsage);
      folder = arguments[++i];
    } else if (arguments[i] == QStringLiteral("--pdf")) {
      figure.pdf = true;
    } else {
      rest.push_back(arguments[i].toStdString());
    }
  }
  const auto parsed = cli::parse(rest);
  if (!parsed.error.empty()) return fail(QString::fromStdString(parsed.error), kExitUsage);
  const auto& options = parsed.options;
  if (folder.isEmpty())
    return fail(QStringLiteral("--inspect: expected --render-to DIR"), kExitUsage);
  if (!options.inspect_input_given)
    return fail(QStringLiteral("--inspect needs --input TEXT (the sentence to read)"), kExitUsage);

  ui::InspectorPanel panel;
  panel.setAttribute(Qt::WA_DontShowOnScreen);
  if (options.inspect == "untrained") {
    panel.setSetupProvider([run = options.run] { return run; });
    panel.setSource(ui::InspectorPanel::Source::Untrained);
  } else {
    panel.setRun(QString::fromStdString(options.inspect));
    const std::string& which = options.inspect_checkpoint;
    if (which == "last") {
      panel.setSource(ui::InspectorPanel::Source::LastCheckpoint);
    } else if (which.rfind("step:", 0) == 0) {
      bool ok = false;
      const qlonglong step = QString::fromStdString(which.substr(5)).toLongLong(&ok);
      if (!ok)
        return fail(
            QStringLiteral("--checkpoint %1: expected step:N").arg(QString::fromStdString(which)),
            kExitUsage);
      panel.setMomentStep(step);
      panel.setSource(ui::InspectorPanel::Source::NearestCheckpoint);
    } else if (which.empty() || which == "best") {
      panel.setSource(ui::InspectorPanel::Source::BestCheckpoint);
    } else {
      return fail(QStringLiteral("--checkpoint %1: the studio renders best, last or step:N")
                      .arg(QString::fromStdString(which)),
                  kExitUsage);
    }
  }
  auto wait = [&] {
    QEventLoop loop;
    QObject::connect(&panel, &ui::InspectorPanel::inspected, &loop, &QEventLoop::quit);
    loop.exec();
  };
  panel.inspect(QString::fromStdString(options.inspect_input));
  wait();
  if (!panel.result().error.empty()) {
    return fail(QStringLiteral("--input: %1").arg(QString::fromStdString(panel.result().error)),
                kExitUsage);
  }
  panel.selectStages(kindOf(options.inspect_kind), options.inspect_layer - 1,
                     options.inspect_head - 1, options.inspect_token - 1);
  wait();

  QStringList written;
  QString error;
  auto note = [&](const QString& problem) {
    if (!problem.isEmpty()) error += (error.isEmpty() ? QString() : QStringLiteral("\n")) + problem;
  };
  const QDir dir(folder);
  note(panel.exportFigures(folder, figure, &written));
  ui::AttentionView* attention = panel.attentionView();
  attention->resize(figure.width, figure.height);
  for (auto kind : {AttentionKind::EncoderSelf, AttentionKind::DecoderSelf, AttentionKind::Cross}) {
    attention->select(kind, 0, ui::AttentionView::kAllHeads, 0);
    // One sentence, no training step: the name says which map, not when.
    const QString name =
        QStringLiteral("inspector_") +
        attention->figureName().remove(QRegularExpression(QStringLiteral("_step\\d+$")));
    note(ui::saveFigure(attention->plot(), dir.filePath(name), figure, &written));
    note(ui::saveTable(dir.filePath(name + QStringLiteral(".csv")), attention->shownCsv(),
                       &written));
  }
  for (const QString& file : written) std::cout << file.toStdString() << "\n";
  if (!error.isEmpty()) return fail(error, kExitFailure);
  return kExitOk;
}

}  // namespace attn::studio
