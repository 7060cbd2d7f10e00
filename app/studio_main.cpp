// attention-studio: the desktop app.
//
//   attention-studio                      open the window
//   attention-studio --train              and start training the restored setup
//   attention-studio --screenshot F.png --after S
//                                         save the window as F.png after S seconds, then quit

#include <QApplication>
#include <QCommandLineParser>
#include <QDockWidget>
#include <QTimer>

#include "attn/blas_tuning.h"
#include "mainwindow.h"
#include "trainingcontroller.h"

int main(int argc, char** argv) {
  attn::prefer_fast_blas_kernels(argv);
  QApplication app(argc, argv);
  QApplication::setOrganizationName(QStringLiteral("AttentionStudio"));
  QApplication::setApplicationName(QStringLiteral("Attention Studio"));
  QApplication::setApplicationVersion(QStringLiteral(ATTN_APP_VERSION));

  QCommandLineParser parser;
  parser.setApplicationDescription(QStringLiteral("Watch a Transformer learn."));
  parser.addHelpOption();
  parser.addVersionOption();
  QCommandLineOption train(QStringLiteral("train"), QStringLiteral("Start training the restored setup at once."));
  QCommandLineOption screenshot(QStringLiteral("screenshot"), QStringLiteral("Save the window to FILE, then quit."),
                                QStringLiteral("FILE"));
  QCommandLineOption after(QStringLiteral("after"), QStringLiteral("Seconds before the screenshot (default 20)."),
                           QStringLiteral("SECONDS"), QStringLiteral("20"));
  QCommandLineOption dock(QStringLiteral("dock"), QStringLiteral("Bring a dock to the front: curves, data or log."),
                          QStringLiteral("NAME"));
  parser.addOptions({train, screenshot, after, dock});
  parser.process(app);

  attn::ui::MainWindow window;
  window.resize(1500, 950);
  window.show();
  if (parser.isSet(dock)) {
    if (auto* wanted = window.findChild<QDockWidget*>(parser.value(dock) + QStringLiteral("Dock"))) {
      wanted->show();
      wanted->raise();
    }
  }
  if (parser.isSet(train)) QTimer::singleShot(0, &window, &attn::ui::MainWindow::startTraining);
  if (parser.isSet(screenshot)) {
    const QString path = parser.value(screenshot);
    QTimer::singleShot(int(parser.value(after).toDouble() * 1000), &window, [&window, path] {
      window.grab().save(path);
      window.setAskBeforeClosing(false);
      window.controller()->stopAndWait();
      QApplication::quit();
    });
  }
  return app.exec();
}
