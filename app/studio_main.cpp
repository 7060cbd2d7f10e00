// attention-studio: the desktop app.
//
//   attention-studio                      open the window
//   attention-studio --train              and start training the restored setup
//   attention-studio --open RUN_DIR       open a recorded run (--moment STEP scrubs to it,
//                                         --compare RUN_DIR shows another beside it)
//   attention-studio --screenshot F.png --after S
//                                         save the window as F.png after S seconds, then quit
//   attention-studio --headless [attention-train options]
//                                         train without a window, then write the figures
//   attention-studio --render RUN_DIR     write the figures of a recorded run
//   attention-studio --scrub-benchmark RUN_DIR
//                                         time redrawing every dock for every moment

#include <iostream>

#include <QApplication>
#include <QCommandLineParser>
#include <QDockWidget>
#include <QGuiApplication>
#include <QStyle>
#include <QTabWidget>
#include <QTimer>
#include <cstdio>
#include <string>

#include "attn/allocator_tuning.h"
#include "attn/blas_tuning.h"
#include "attn/version.h"
#include "elidingstyle.h"
#include "inspectorpanel.h"
#include "language.h"
#include "mainwindow.h"
#include "panelregistry.h"
#include "runhistory.h"
#include "setuppanel.h"
#include "studio_headless.h"
#include "studio_inspect.h"
#include "timeline.h"
#include "trainingcontroller.h"

namespace {

// The window's options. Built before any QApplication exists, so that --help
// and --version answer without a display.
struct StudioOptions {
  QCommandLineParser parser;
  QCommandLineOption train{QStringLiteral("train"),
                           QStringLiteral("Start training the restored setup at once.")};
  QCommandLineOption screenshot{QStringLiteral("screenshot"),
                                QStringLiteral("Save the window to FILE, then quit."),
                                QStringLiteral("FILE")};
  QCommandLineOption after{QStringLiteral("after"),
                           QStringLiteral("Seconds before the screenshot (default 20)."),
                           QStringLiteral("SECONDS"), QStringLiteral("20")};
  QCommandLineOption dock{QStringLiteral("dock"),
                          QStringLiteral("Bring docks to the front: %1 (comma-separated).")
                              .arg(attn::ui::dockKeys().join(QStringLiteral(", "))),
                          QStringLiteral("NAMES")};
  QCommandLineOption open{QStringLiteral("open"), QStringLiteral("Open a recorded run directory."),
                          QStringLiteral("RUN_DIR")};
  QCommandLineOption openHuggingFace{
      QStringLiteral("open-hf"),
      QStringLiteral("Open a Hugging Face MarianMT folder (config.json, model.safetensors or "
                     "pytorch_model.bin, source.spm, target.spm, vocab.json) in the Inspector."),
      QStringLiteral("DIR")};
  QCommandLineOption compare{QStringLiteral("compare"),
                             QStringLiteral("With --open: show another run beside it, at the same "
                                            "step, with its curves over these."),
                             QStringLiteral("RUN_DIR")};
  QCommandLineOption moment{QStringLiteral("moment"),
                            QStringLiteral("With --open: show the last moment at or before STEP."),
                            QStringLiteral("STEP")};
  QCommandLineOption inspect{
      QStringLiteral("inspect-text"),
      QStringLiteral("Read TEXT in the Inspector dock (with the open run's best checkpoint, or the "
                     "setup's untrained model) and show it."),
      QStringLiteral("TEXT")};
  QCommandLineOption inspectTab{
      QStringLiteral("inspect-tab"),
      QStringLiteral(
          "With --inspect-text: the tab to show (translation, attention, stages, flow)."),
      QStringLiteral("TAB"), QStringLiteral("stages")};
  QCommandLineOption config{
      QStringLiteral("config"),
      QStringLiteral(
          "Load a configuration (JSON, as saved by the app or attention-train --save-config)."),
      QStringLiteral("FILE")};
  QCommandLineOption quitWhenFinished{QStringLiteral("quit-when-finished"),
                                      QStringLiteral("Quit when training ends (scripts).")};
  QCommandLineOption lang{
      QStringLiteral("lang"),
      QStringLiteral("The window's language: en or ko (default: the one chosen in View → "
                     "Language, else the system's when the app speaks it, else en)."),
      QStringLiteral("CODE")};

  StudioOptions() {
    parser.setApplicationDescription(QStringLiteral(
        "Watch a Transformer learn.\n\n"
        "Modes without the window (as the first argument):\n"
        "  --headless [attention-train options]   train, then write the figures\n"
        "  --render RUN_DIR [--width W --height H --scale S --pdf]\n"
        "                                         write a recorded run's figures\n"
        "  --inspect RUN|CHECKPOINT|untrained --input TEXT --render-to DIR [--checkpoint best|last|"
        "step:N]\n"
        "      [--kind K --layer N --head N --token N --pdf]\n"
        "                                         write the inspector's stage view, data flow and\n"
        "                                         attention maps for one sentence\n"
        "  --inspect … --input TEXT --latency N   inspect N times in a shown panel; print the\n"
        "                                         time to results and the UI thread's lateness\n"
        "  --roofline BENCH.jsonl OUT.png         draw the roofline of --bench lines\n"
        "  --scrub-benchmark RUN_DIR              time redrawing every dock for every moment\n"
        "Each takes --lang CODE (en, ko) for the figures' language; English by default."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOptions({train, screenshot, after, dock, open, openHuggingFace, compare, moment,
                       inspect, inspectTab, config, quitWhenFinished, lang});
  }
};

bool asks_for_help_or_version(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string argument = argv[i];
    if (argument == "--help" || argument == "-h" || argument == "-?" || argument == "--help-all" ||
        argument == "--version" || argument == "-v")
      return true;
  }
  return false;
}

void name_application() {
  QCoreApplication::setOrganizationName(QStringLiteral("AttentionStudio"));
  QCoreApplication::setApplicationName(QStringLiteral("Attention Studio"));
  // --version prints "Attention Studio <this>": the app's version, then the
  // LibTorch it runs on (CUDA, NCCL, BLAS) and the device, as attention-train does.
  QCoreApplication::setApplicationVersion(QStringLiteral(ATTN_APP_VERSION "\n") +
                                          QString::fromStdString(attn::torch_build_description() +
                                                                 "\ndevice " +
                                                                 attn::device_description()));
}

// False, after saying why on stderr, for a language the app does not speak.
bool install_language(const QString& code) {
  QString error;
  if (attn::ui::installLanguage(code, &error)) return true;
  std::fprintf(stderr, "attention-studio: --lang: %s\n", qPrintable(error));
  return false;
}

}  // namespace

int main(int argc, char** argv) {
  attn::prefer_fast_blas_kernels(argv);
  const QString mode = argc > 1 ? QString::fromLocal8Bit(argv[1]) : QString();
  // Like attention-train: a training step frees and allocates the same
  // buffers, and glibc's defaults hand them back to the kernel each time, so
  // the training thread page-faulted them in again every step (measured: the
  // app's training thread took 21–49 thousand page faults in 3 s of the copy
  // task, 4× fewer with this; the app trained 15–20% slower than
  // attention-train). The trainer hands kept memory back after each evaluation.
  attn::keep_freed_memory_for_reuse();
  const bool windowless =
      mode == QStringLiteral("--headless") || mode == QStringLiteral("--render") ||
      mode == QStringLiteral("--inspect") || mode == QStringLiteral("--roofline");
  // No display needed (servers, CI): draw offscreen unless told otherwise.
  if ((windowless ||
       (mode == QStringLiteral("--scrub-benchmark") && qEnvironmentVariableIsEmpty("DISPLAY"))) &&
      qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) {
    qputenv("QT_QPA_PLATFORM", "offscreen");
  }
  if (!windowless && mode != QStringLiteral("--scrub-benchmark") &&
      asks_for_help_or_version(argc, argv)) {
    QCoreApplication core(argc, argv);
    name_application();
    StudioOptions options;
    options.parser.process(core);  // prints and exits
    return 0;
  }
  QApplication app(argc, argv);
  name_application();
  // Combo boxes narrower than their entry end it with "…".
  QApplication::setStyle(new attn::ui::ElidingStyle(QApplication::style()->name()));

  if (windowless || mode == QStringLiteral("--scrub-benchmark")) {
    QStringList rest = QApplication::arguments().mid(2);
    // Figures written without the window are in English unless `--lang CODE`
    // asks otherwise: the same command writes the same files on any machine.
    if (const int at = int(rest.indexOf(QStringLiteral("--lang"))); at >= 0) {
      const QString code = rest.value(at + 1);
      rest.remove(at, std::min(2, int(rest.size()) - at));
      if (!install_language(code)) return 2;
    }
    if (mode == QStringLiteral("--headless")) return attn::studio::runHeadless(rest);
    if (mode == QStringLiteral("--render")) return attn::studio::runRender(rest);
    if (mode == QStringLiteral("--inspect")) return attn::studio::runInspect(rest);
    if (mode == QStringLiteral("--roofline")) return attn::studio::runRoofline(rest);
    return attn::studio::runScrubBenchmark(rest);
  }

  StudioOptions options;
  options.parser.process(app);
  QCommandLineParser& parser = options.parser;
  const QCommandLineOption& train = options.train;
  const QCommandLineOption& screenshot = options.screenshot;
  const QCommandLineOption& after = options.after;
  const QCommandLineOption& dock = options.dock;
  const QCommandLineOption& open = options.open;
  const QCommandLineOption& moment = options.moment;
  const QCommandLineOption& config = options.config;
  const QCommandLineOption& quitWhenFinished = options.quitWhenFinished;

  QStringList wantedDocks;
  for (const QString& name : parser.value(dock).split(QLatin1Char(','), Qt::SkipEmptyParts)) {
    wantedDocks << name.trimmed();
    if (!attn::ui::dockKeys().contains(wantedDocks.back())) {
      std::fprintf(stderr, "attention-studio: --dock: no dock named \"%s\" (expected one of: %s)\n",
                   qPrintable(wantedDocks.back()),
                   qPrintable(attn::ui::dockKeys().join(QStringLiteral(", "))));
      return 2;
    }
  }

  if (!install_language(attn::ui::startupLanguage(parser.value(options.lang)))) return 2;

  // Restores its saved size and place, or fits the screen. It deletes itself
  // when closed, so that View → Language can put a new one in its place.
  auto* window = new attn::ui::MainWindow;
  window->setAttribute(Qt::WA_DeleteOnClose);
  window->show();
  if (parser.isSet(config)) {
    const QString error = window->setupPanel()->loadConfiguration(parser.value(config));
    if (!error.isEmpty()) {
      std::fprintf(stderr, "attention-studio: %s\n", qPrintable(error));
      return 2;
    }
  }
  if (parser.isSet(quitWhenFinished)) {
    window->setAskBeforeClosing(false);
    QObject::connect(window->controller(), &attn::ui::TrainingController::runFinished, window,
                     [window] {
                       // "both" starts its second run from the same signal: quit only when nothing
                       // is left.
                       QTimer::singleShot(1000, window, [window] {
                         if (!window->controller()->isRunning()) QApplication::quit();
                       });
                     });
  }
  if (parser.isSet(open)) {
    window->setAskBeforeClosing(false);
    // The reason goes to stderr either way. On a screen the window says it in
    // a dialog too (started from a launcher, nobody reads stderr) and stays
    // open for another run; a script without one (offscreen) gets exit 2
    // instead of a dialog that waits for a click.
    const bool onScreen = QGuiApplication::platformName() != QStringLiteral("offscreen") &&
                          QGuiApplication::platformName() != QStringLiteral("minimal");
    const QString error = window->openRun(parser.value(open), /*quiet=*/!onScreen);
    if (!error.isEmpty()) std::cerr << "attention-studio: " << error.toStdString() << "\n";
    if (!error.isEmpty() && !onScreen) {
      delete window;
      return 2;
    }
    for (const QString& line : window->history()->skippedMoments())
      std::cerr << "attention-studio: " << line.toStdString() << "\n";
    if (error.isEmpty() && parser.isSet(options.compare)) {
      const QString compareError =
          window->compareWith(parser.value(options.compare), /*quiet=*/!onScreen);
      if (!compareError.isEmpty()) {
        std::cerr << "attention-studio: " << compareError.toStdString() << "\n";
        if (!onScreen) {
          delete window;
          return 2;
        }
      }
    }
    if (error.isEmpty() && parser.isSet(moment)) {
      window->timeline()->select(
          window->history()->momentAtStep(parser.value(moment).toLongLong()));
    }
  }
  if (parser.isSet(options.openHuggingFace)) {
    // As --open: stderr always; a dialog on a screen, exit 2 offscreen.
    const bool onScreen = QGuiApplication::platformName() != QStringLiteral("offscreen") &&
                          QGuiApplication::platformName() != QStringLiteral("minimal");
    const QString error =
        window->openHuggingFace(parser.value(options.openHuggingFace), /*quiet=*/!onScreen);
    if (!error.isEmpty()) {
      std::cerr << "attention-studio: " << error.toStdString() << "\n";
      if (!onScreen) {
        window->setAskBeforeClosing(false);
        delete window;
        return 2;
      }
    }
  }
  for (const QString& name : wantedDocks) {
    if (auto* wanted = window->findChild<QDockWidget*>(name + QStringLiteral("Dock"))) {
      wanted->show();
      wanted->raise();
    }
  }
  if (parser.isSet(options.inspect)) {
    auto* inspector = window->panel<attn::ui::InspectorPanel>();
    if (auto* wanted = window->findChild<QDockWidget*>(QStringLiteral("inspectorDock"))) {
      wanted->show();
      wanted->raise();
    }
    if (!parser.isSet(options.openHuggingFace)) {
      inspector->setSource(parser.isSet(open) ? attn::ui::InspectorPanel::Source::BestCheckpoint
                                              : attn::ui::InspectorPanel::Source::Untrained);
    }
    const QStringList tabs = {QStringLiteral("translation"), QStringLiteral("attention"),
                              QStringLiteral("stages"), QStringLiteral("flow")};
    inspector->tabs()->setCurrentIndex(
        std::max(0, int(tabs.indexOf(parser.value(options.inspectTab)))));
    inspector->inspect(parser.value(options.inspect));
  }
  if (parser.isSet(train)) QTimer::singleShot(0, window, &attn::ui::MainWindow::startTraining);
  if (parser.isSet(screenshot)) {
    const QString path = parser.value(screenshot);
    QTimer::singleShot(int(parser.value(after).toDouble() * 1000), window, [window, path] {
      window->grab().save(path);
      window->setAskBeforeClosing(false);
      window->controller()->stopAndWait();
      QApplication::quit();
    });
  }
  const int status = app.exec();
  // The windows still open (quit from a script, or the last one closed with
  // its deletion still queued) go now: each waits for its training thread to
  // stop and write its checkpoint.
  for (QWidget* widget : QApplication::topLevelWidgets())
    if (auto* open = qobject_cast<attn::ui::MainWindow*>(widget)) delete open;
  return status;
}
