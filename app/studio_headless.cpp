#include "studio_headless.h"

#include <qcustomplot.h>
#include <unistd.h>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTextStream>
#include <algorithm>
#include <csignal>
#include <iostream>
#include <map>
#include <random>

#include "analysispanel.h"
#include "attentionview.h"
#include "attn/trainer.h"
#include "cli_options.h"
#include "figures.h"
#include "lossplot.h"
#include "mainwindow.h"
#include "progress_printer.h"
#include "rooflinefigure.h"
#include "runhistory.h"
#include "timeline.h"

namespace attn::studio {
namespace {

constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;

TrainingControl* g_control = nullptr;
void onInterrupt(int) {
  if (g_control) g_control->stop();
}

void fail(const QString& message) {
  std::cerr << "attention-studio: " << message.toStdString() << "\n";
}

// Renders the tutorial figures of `directory` into its visualizations/.
// --layer and --head against the run's own model, before anything is drawn.
QString checkEvolutionChoice(const ui::RunHistory& history, const ui::FigureOptions& options) {
  if (history.momentCount() == 0) return {};
  QString error;
  const auto snapshot = history.snapshot(history.momentCount() - 1, &error);
  if (!snapshot || snapshot->examples.empty()) return {};
  const auto& layers = snapshot->examples.front().of(options.evolutionKind);
  const int layerCount = int(layers.size());
  if (options.evolutionLayer >= layerCount) {
    return QStringLiteral(
               "--layer %1: the run's model has %2 layer(s) for this attention kind (1–%2)")
        .arg(options.evolutionLayer + 1)
        .arg(layerCount);
  }
  const int layer = options.evolutionLayer < 0 ? layerCount - 1 : options.evolutionLayer;
  const int heads = layer >= 0 ? layers[std::size_t(layer)].heads : 0;
  if (options.evolutionHead >= heads) {
    return QStringLiteral("--head %1: the run's model has %2 head(s) (1–%2 or all)")
        .arg(options.evolutionHead + 1)
        .arg(heads);
  }
  return {};
}

int render(const QString& directory, const ui::FigureOptions& options) {
  ui::RunHistory history;
  QString error;
  if (!history.open(directory, &error)) {
    fail(error);
    return kExitUsage;
  }
  for (const QString& line : history.skippedMoments()) fail(line);
  if (const QString problem = checkEvolutionChoice(history, options); !problem.isEmpty()) {
    fail(problem);
    return kExitUsage;
  }
  const QString folder = QDir(history.directory()).filePath(QStringLiteral("visualizations"));
  const QStringList written = ui::writeTutorialFigures(history, folder, options, &error);
  for (const QString& path : written) std::cout << path.toStdString() << "\n";
  if (!error.isEmpty()) {
    fail(error.split(QLatin1Char('\n')).join(QStringLiteral("; ")));
    return kExitFailure;
  }
  return kExitOk;
}

}  // namespace

int runHeadless(const QStringList& trainArguments) {
  std::vector<std::string> arguments;
  for (const QString& a : trainArguments) arguments.push_back(a.toStdString());
  const auto parsed = cli::parse(arguments);
  if (!parsed.error.empty()) {
    fail(QString::fromStdString(parsed.error));
    return kExitUsage;
  }
  const auto& options = parsed.options;
  if (options.help) {
    std::cout << "Usage: attention-studio --headless [OPTIONS]\n"
                 "Trains like attention-train, then writes the figures into the run's "
                 "visualizations/.\n\n"
              << cli::help_text();
    return kExitOk;
  }
  if (!options.bench.empty() || options.summary || options.describe_data ||
      !options.save_config_path.empty()) {
    fail(
        QStringLiteral("--headless trains; use attention-train for --bench, --summary, "
                       "--describe-data and --save-config"));
    return kExitUsage;
  }
  TrainingControl control;
  g_control = &control;
  std::signal(SIGINT, onInterrupt);
  std::signal(SIGTERM, onInterrupt);
  cli::ProgressPrinter printer(options.quiet, isatty(STDOUT_FILENO) != 0);
  int code = kExitOk;
  for (const TrainRequest& request : runs_of(options.request(World{}))) {
    const RunOutcome outcome = train(request, &printer, &control);
    if (outcome.status == RunStatus::Failed) {
      fail(QString::fromStdString(outcome.message.english()));
      code = outcome.bad_input ? kExitUsage : kExitFailure;
      if (outcome.run_directory.empty()) break;
    } else {
      std::cout << to_string(outcome.status) << " after " << outcome.steps
                << " steps\nrun directory: " << outcome.run_directory << "\n";
    }
    // Figures even for a stopped or failed run: what was recorded is worth seeing.
    if (!outcome.run_directory.empty()) {
      const int rendered =
          render(QString::fromStdString(outcome.run_directory), ui::FigureOptions{});
      if (code == kExitOk) code = rendered;
    }
    if (control.stopped()) {
      code = 130;
      break;
    }
    if (code != kExitOk) break;
  }
  g_control = nullptr;
  return code;
}

int runRender(const QStringList& arguments) {
  if (arguments.isEmpty() || arguments.front().startsWith(QStringLiteral("--"))) {
    fail(QStringLiteral(
        "--render: expected a run directory, e.g. --render runs/20261127-120000-dates"));
    return kExitUsage;
  }
  ui::FigureOptions options;
  for (int i = 1; i < arguments.size(); ++i) {
    const QString& flag = arguments[i];
    if (flag == QStringLiteral("--pdf")) {
      options.pdf = true;
      continue;
    }
    if (i + 1 >= arguments.size()) {
      fail(QStringLiteral("%1: expected a value").arg(flag));
      return kExitUsage;
    }
    bool ok = false;
    const QString value = arguments[++i];
    if (flag == QStringLiteral("--width"))
      options.width = value.toInt(&ok);
    else if (flag == QStringLiteral("--height"))
      options.height = value.toInt(&ok);
    else if (flag == QStringLiteral("--scale"))
      options.scale = value.toDouble(&ok);
    else if (flag == QStringLiteral("--layer")) {
      options.evolutionLayer = value.toInt(&ok) - 1;
      ok = ok && options.evolutionLayer >= 0;
    } else if (flag == QStringLiteral("--head")) {
      options.evolutionHead = value == QStringLiteral("all") ? -1 : value.toInt(&ok) - 1;
      ok = value == QStringLiteral("all") || (ok && options.evolutionHead >= 0);
    } else if (flag == QStringLiteral("--kind")) {
      ok = true;
      if (value == QStringLiteral("cross"))
        options.evolutionKind = AttentionKind::Cross;
      else if (value == QStringLiteral("encoder-self"))
        options.evolutionKind = AttentionKind::EncoderSelf;
      else if (value == QStringLiteral("decoder-self"))
        options.evolutionKind = AttentionKind::DecoderSelf;
      else
        ok = false;
    } else if (flag == QStringLiteral("--epochs-shown")) {
      QString problem;
      if (!ui::parseEpochList(value, &options.evolutionEpochs, &problem)) {
        fail(QStringLiteral("--epochs-shown: %1").arg(problem));
        return kExitUsage;
      }
      ok = true;
    } else {
      fail(QStringLiteral("%1: unknown option (expected --width, --height, --scale, --pdf, --kind, "
                          "--layer, --head or "
                          "--epochs-shown)")
               .arg(flag));
      return kExitUsage;
    }
    // Written as ranges that hold, so that NaN (which compares false) fails.
    const bool inRange = options.width >= 100 && options.width <= 10000 && options.height >= 100 &&
                         options.height <= 10000 && options.scale >= 0.5 && options.scale <= 4;
    if (!ok || !inRange) {
      fail(QStringLiteral("%1: '%2' is not valid (width and height 100–10000 points, scale 0.5–4, "
                          "layer and head "
                          "from 1, head 'all', kind cross, encoder-self or decoder-self)")
               .arg(flag, value));
      return kExitUsage;
    }
  }
  return render(arguments.front(), options);
}

int runRoofline(const QStringList& arguments) {
  if (arguments.size() != 2) {
    fail(QStringLiteral("--roofline: expected BENCH.jsonl OUT.png (or .pdf)"));
    return kExitUsage;
  }
  QFile input(arguments[0]);
  if (!input.open(QIODevice::ReadOnly | QIODevice::Text)) {
    fail(QStringLiteral("%1: %2").arg(arguments[0], input.errorString()));
    return kExitUsage;
  }
  QCustomPlot plot;
  const QString error =
      ui::drawRoofline(&plot, QString::fromUtf8(input.readAll()).split(QLatin1Char('\n')));
  if (!error.isEmpty()) {
    fail(QStringLiteral("%1: %2").arg(arguments[0], error));
    return kExitUsage;
  }
  ui::FigureOptions options;
  options.width = 1100;
  options.height = 650;
  options.scale = 1.5;
  QString base = arguments[1];
  const bool pdf = base.endsWith(QStringLiteral(".pdf"), Qt::CaseInsensitive);
  options.png = !pdf;
  options.pdf = pdf;
  base.chop(4);
  const QString saveError = ui::saveFigure(&plot, base, options, nullptr);
  if (!saveError.isEmpty()) {
    fail(saveError);
    return kExitFailure;
  }
  return kExitOk;
}

int runScrubBenchmark(const QStringList& arguments) {
  if (arguments.isEmpty()) {
    fail(QStringLiteral("--scrub-benchmark: expected a run directory"));
    return kExitUsage;
  }
  ui::MainWindow window;
  window.resize(1600, 1000);
  window.setAskBeforeClosing(false);
  window.show();
  const QString error = window.openRun(arguments.front(), /*quiet=*/true);
  if (!error.isEmpty()) {
    fail(error);
    return kExitUsage;
  }
  for (const QString& line : window.history()->skippedMoments()) fail(line);
  const int moments = window.history()->momentCount();
  if (moments < 2) {
    fail(QStringLiteral("%1: fewer than two captured moments").arg(arguments.front()));
    return kExitUsage;
  }
  // Every dock drawn for every move (the worst case: all of them on screen),
  // moments in a shuffled order so the snapshot cache rarely helps.
  std::vector<int> order(static_cast<std::size_t>(moments));
  for (int i = 0; i < moments; ++i) order[static_cast<std::size_t>(i)] = i;
  std::shuffle(order.begin(), order.end(), std::mt19937(7));
  // Each move: the timeline selects, every dock prepares its drawing, and the
  // event loop runs the replots they queued (what a user's drag costs). The
  // per-part lines name where the time goes.
  std::vector<double> times;
  std::map<std::string, double> perPart;
  QElapsedTimer timer, part;
  for (int index : order) {
    timer.start();
    part.start();
    window.timeline()->select(index);
    perPart["select: read the snapshot, hand it to every dock"] += part.nsecsElapsed() / 1e6;
    for (auto* panel : window.dockPanels()) {
      part.start();
      panel->bringUpToDate();
      perPart[panel->objectName().toStdString() + ": prepare"] += part.nsecsElapsed() / 1e6;
    }
    part.start();
    QCoreApplication::processEvents();
    perPart["replot every plot"] += part.nsecsElapsed() / 1e6;
    times.push_back(timer.nsecsElapsed() / 1e6);
  }
  for (const auto& [name, total] : perPart)
    std::cerr << "  " << name << ": " << total / moments << " ms per move\n";
  std::sort(times.begin(), times.end());
  auto at = [&](double q) {
    return times[std::min(times.size() - 1, static_cast<std::size_t>(q * times.size()))];
  };
  std::cout << "{\"run\":\"" << QDir(arguments.front()).dirName().toStdString()
            << "\",\"moments\":" << moments << ",\"redraw_ms_median\":" << at(0.5)
            << ",\"redraw_ms_p90\":" << at(0.9) << ",\"redraw_ms_max\":" << times.back() << "}"
            << std::endl;
  return kExitOk;
}

}  // namespace attn::studio
