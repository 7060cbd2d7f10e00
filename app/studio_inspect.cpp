#include "studio_inspect.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QRegularExpression>
#include <QTabWidget>
#include <QTimer>
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <vector>

#include "attentionview.h"
#include "cli_options.h"
#include "coretext.h"
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

double percentile(std::vector<double> values, double fraction) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const auto index = static_cast<std::size_t>(fraction * double(values.size() - 1) + 0.5);
  return values[std::min(index, values.size() - 1)];
}

// --latency N: N inspections of the sentence in a shown panel, each tab in
// turn, while a 10 ms timer on the UI thread notes how late each tick comes.
// Late ticks are time the event loop could not answer a user: the panel's
// drawing on the UI thread (the inspection itself runs on its worker).
int measureLatency(ui::InspectorPanel& panel, const QString& text, int repeats) {
  panel.resize(560, 720);  // the dock's size on a 1366×768 screen
  panel.show();
  constexpr double kTick = 10.0;
  std::vector<double> lateness, seconds;
  QElapsedTimer clock;
  clock.start();
  double previous = 0;
  bool measuring = false;
  QTimer ticker;
  ticker.setTimerType(Qt::PreciseTimer);
  ticker.setInterval(int(kTick));
  QObject::connect(&ticker, &QTimer::timeout, [&] {
    const double now = clock.nsecsElapsed() / 1e6;
    if (measuring) lateness.push_back(std::max(0.0, now - previous - kTick));
    previous = now;
  });
  ticker.start();
  for (int i = 0; i < repeats; ++i) {
    panel.tabs()->setCurrentIndex(i % panel.tabs()->count());
    QEventLoop loop;
    QObject::connect(&panel, &ui::InspectorPanel::inspected, &loop, &QEventLoop::quit);
    measuring = true;
    previous = clock.nsecsElapsed() / 1e6;
    QElapsedTimer one;
    one.start();
    panel.inspect(text);
    loop.exec();
    QCoreApplication::processEvents();  // the repaint the results asked for
    seconds.push_back(one.nsecsElapsed() / 1e9);
    if (!panel.result().error.empty()) {
      return fail(QStringLiteral("--input: %1").arg(ui::translated(panel.result().error)),
                  kExitUsage);
    }
  }
  measuring = false;
  std::printf("%s\n", panel.modelDescription().toStdString().c_str());
  std::printf(
      "inspections: %d, after Enter until drawn: median %.0f ms, max %.0f ms "
      "(the model's part: %.0f ms in the last)\n",
      repeats, percentile(seconds, 0.5) * 1000, percentile(seconds, 1.0) * 1000,
      panel.result().seconds * 1000);
  std::printf(
      "UI thread, a %.0f ms timer: %zu ticks, late by p50 %.1f ms, p99 %.1f ms, "
      "max %.1f ms\n",
      kTick, lateness.size(), percentile(lateness, 0.5), percentile(lateness, 0.99),
      percentile(lateness, 1.0));
  return kExitOk;
}

}  // namespace

int runInspect(const QStringList& arguments) {
  // attention-train's options (--input, --checkpoint, --kind, --layer, --head,
  // --token, and --preset/--task for an untrained model) plus --render-to and --pdf.
  QString folder;
  int latencyRepeats = 0;
  ui::FigureOptions figure;
  std::vector<std::string> rest = {"--inspect"};
  for (int i = 0; i < arguments.size(); ++i) {
    if (arguments[i] == QStringLiteral("--render-to")) {
      if (i + 1 >= arguments.size())
        return fail(QStringLiteral("--render-to: expected a folder"), kExitUsage);
      folder = arguments[++i];
    } else if (arguments[i] == QStringLiteral("--latency")) {
      bool ok = false;
      latencyRepeats = i + 1 < arguments.size() ? arguments[++i].toInt(&ok) : 0;
      if (!ok || latencyRepeats < 1)
        return fail(QStringLiteral("--latency: expected a number of inspections (1 or more)"),
                    kExitUsage);
    } else if (arguments[i] == QStringLiteral("--pdf")) {
      figure.pdf = true;
    } else {
      rest.push_back(arguments[i].toStdString());
    }
  }
  const auto parsed = cli::parse(rest);
  if (!parsed.error.empty()) return fail(QString::fromStdString(parsed.error), kExitUsage);
  const auto& options = parsed.options;
  if (folder.isEmpty() && latencyRepeats == 0)
    return fail(QStringLiteral("--inspect: expected --render-to DIR or --latency N"), kExitUsage);
  if (!options.inspect_input_given)
    return fail(QStringLiteral("--inspect needs --input TEXT (the sentence to read)"), kExitUsage);

  ui::InspectorPanel panel;
  if (latencyRepeats == 0) panel.setAttribute(Qt::WA_DontShowOnScreen);
  if (options.inspect == "untrained") {
    panel.setSetupProvider([run = options.run] { return run; });
    panel.setSource(ui::InspectorPanel::Source::Untrained);
  } else if (is_hugging_face_model(options.inspect)) {
    std::string error;
    auto model = InspectionModel::open(options.inspect, {}, &error);
    if (!model) return fail(QString::fromStdString(error), kExitUsage);
    panel.setHuggingFaceModel(model, QString::fromStdString(options.inspect));
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
  if (latencyRepeats > 0)
    return measureLatency(panel, QString::fromStdString(options.inspect_input), latencyRepeats);
  auto wait = [&] {
    QEventLoop loop;
    QObject::connect(&panel, &ui::InspectorPanel::inspected, &loop, &QEventLoop::quit);
    loop.exec();
  };
  panel.inspect(QString::fromStdString(options.inspect_input));
  wait();
  if (!panel.result().error.empty()) {
    return fail(QStringLiteral("--input: %1").arg(ui::translated(panel.result().error)),
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
