// attention-studio without a window: --headless, --render and --roofline write
// the figures, bad input gets one line and exit 2, --help and --version need
// no display, and --dock names every dock.

#include <QtTest/QtTest>

#include <QImage>
#include <QProcess>
#include <QRegularExpression>
#include <algorithm>
#include <numeric>

#include "attn/history.h"
#include "attn/trainer.h"
#include "lossplot.h"
#include "panelregistry.h"
#include "runhistory.h"

#include "recorded_run.h"

using namespace attn;
using namespace attn::ui;
using namespace attn::ui::testing;

class TestStudioCli : public QObject {
  Q_OBJECT

  QTemporaryDir m_home;
  QString m_run;  // recorded once, read by every test

 private Q_SLOTS:
  void initTestCase() {
    const RecordedRuns runs = recordRuns(m_home.path(), /*withLibrary=*/false);
    QVERIFY(!runs.run.isEmpty());
    m_run = runs.run;
  }

  void headlessAndRenderWriteTheTutorialFigures() {
    QTemporaryDir runs;
    QProcess headless;
    headless.start(
        QStringLiteral(ATTN_STUDIO_EXE),
        {QStringLiteral("--headless"), QStringLiteral("--task"), QStringLiteral("reverse"),
         QStringLiteral("--epochs"), QStringLiteral("2"), QStringLiteral("--train-size"),
         QStringLiteral("96"), QStringLiteral("--eval-size"), QStringLiteral("8"),
         QStringLiteral("--batch-size"), QStringLiteral("32"), QStringLiteral("--threads"),
         QStringLiteral("1"), QStringLiteral("--out"), runs.path(), QStringLiteral("--quiet")});
    QVERIFY(headless.waitForFinished(300000));
    QVERIFY2(headless.exitCode() == 0, headless.readAllStandardError().constData());
    const QStringList made = QDir(runs.path()).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    QCOMPARE(made.size(), 1);
    const QString run = QDir(runs.path()).filePath(made.front());
    const QDir figures(QDir(run).filePath(QStringLiteral("visualizations")));
    for (const char* name : {"training_curves.png", "attention_evolution.png", "qkv_evolution.png",
                             "gradient_flow.png", "attention_plots/cross_layer2.png",
                             "attention_plots/encoder_self_layer1.png"}) {
      QVERIFY2(QImage(figures.filePath(QString::fromLatin1(name))).width() == 2400,
               name);  // 1200 points × scale 2
    }

    // Re-rendered at another size, with PDFs.
    QProcess render;
    render.start(QStringLiteral(ATTN_STUDIO_EXE),
                 {QStringLiteral("--render"), run, QStringLiteral("--width"), QStringLiteral("800"),
                  QStringLiteral("--height"), QStringLiteral("600"), QStringLiteral("--scale"),
                  QStringLiteral("1"), QStringLiteral("--pdf")});
    QVERIFY(render.waitForFinished(120000));
    QVERIFY2(render.exitCode() == 0, render.readAllStandardError().constData());
    for (const char* name : {"training_curves", "qkv_evolution", "gradient_flow"}) {
      checkImage(figures.filePath(QString::fromLatin1(name) + QStringLiteral(".png")), 800, 600);
      QVERIFY(
          QFileInfo(figures.filePath(QString::fromLatin1(name) + QStringLiteral(".pdf"))).size() >
          1000);
    }
    checkImage(figures.filePath(QStringLiteral("attention_evolution.png")), 800, 600);
  }

  void renderRejectsBadInput() {
    QProcess render;
    render.start(QStringLiteral(ATTN_STUDIO_EXE),
                 {QStringLiteral("--render"), m_home.filePath(QStringLiteral("nowhere"))});
    QVERIFY(render.waitForFinished(60000));
    QCOMPARE(render.exitCode(), 2);
    const QString message = QString::fromLocal8Bit(render.readAllStandardError());
    QVERIFY2(message.contains(QStringLiteral("nowhere: no such folder")), qPrintable(message));
    render.start(QStringLiteral(ATTN_STUDIO_EXE), {QStringLiteral("--render"), m_run,
                                                   QStringLiteral("--width"), QStringLiteral("9")});
    QVERIFY(render.waitForFinished(60000));
    QCOMPARE(render.exitCode(), 2);
    QVERIFY(
        QString::fromLocal8Bit(render.readAllStandardError()).contains(QStringLiteral("--width")));
    // A scale that is not a number, infinite or out of range: one line, exit
    // 2, before any painting (NaN once reached QPainter and exited 1).
    for (const char* scale : {"nan", "inf", "-1", "0", "9"}) {
      render.start(QStringLiteral(ATTN_STUDIO_EXE),
                   {QStringLiteral("--render"), m_run, QStringLiteral("--scale"),
                    QString::fromLatin1(scale)});
      QVERIFY(render.waitForFinished(60000));
      QCOMPARE(render.exitCode(), 2);
      // Qt's own start-up notes may come first; the message is ours alone.
      const QString message = QString::fromLocal8Bit(render.readAllStandardError());
      const QString expected = QStringLiteral("--scale: '%1' is not valid").arg(scale);
      QVERIFY2(message.count(QStringLiteral("--scale")) == 1 && message.contains(expected) &&
                   !message.contains(QStringLiteral("QPainter")),
               qPrintable(message));
    }
    // A layer or head the run's model does not have: one line, exit 2, no crash.
    for (const QStringList& choice :
         {QStringList{QStringLiteral("--head"), QStringLiteral("100000")},
          QStringList{QStringLiteral("--layer"), QStringLiteral("99")}}) {
      render.start(QStringLiteral(ATTN_STUDIO_EXE),
                   QStringList{QStringLiteral("--render"), m_run} + choice);
      QVERIFY(render.waitForFinished(60000));
      QCOMPARE(render.exitStatus(), QProcess::NormalExit);
      QCOMPARE(render.exitCode(), 2);
      const QString message = QString::fromLocal8Bit(render.readAllStandardError());
      QVERIFY2(
          message.contains(choice.join(QLatin1Char(' ')) + QStringLiteral(": the run's model has")),
          qPrintable(message));
    }
    // A language the app does not speak: named, with the ones it does.
    render.start(QStringLiteral(ATTN_STUDIO_EXE), {QStringLiteral("--render"), m_run,
                                                   QStringLiteral("--lang"), QStringLiteral("xx")});
    QVERIFY(render.waitForFinished(60000));
    QCOMPARE(render.exitCode(), 2);
    QVERIFY(QString::fromLocal8Bit(render.readAllStandardError())
                .contains(QStringLiteral("--lang: no language \"xx\" (expected one of: en, ko)")));
    // --open of something that is not a run: the reason on stderr, exit 2.
    render.start(QStringLiteral(ATTN_STUDIO_EXE),
                 {QStringLiteral("--open"), m_home.filePath(QStringLiteral("nowhere"))});
    QVERIFY(render.waitForFinished(60000));
    QCOMPARE(render.exitCode(), 2);
    QVERIFY(QString::fromLocal8Bit(render.readAllStandardError())
                .contains(QStringLiteral("nowhere: no such folder")));
  }

  void rooflineFigure() {
    QTemporaryDir folder;
    const QString lines = folder.filePath(QStringLiteral("bench.jsonl"));
    {
      QFile file(lines);
      QVERIFY(file.open(QIODevice::WriteOnly));
      file.write(
          "{\"preset\":\"matmul\",\"n\":1024,\"threads\":1,\"gflops\":80}\n"
          "{\"preset\":\"bandwidth\",\"threads\":1,\"gb_per_s\":12}\n"
          "{\"preset\":\"bench-tiny\",\"threads\":1,\"achieved_gflops\":20,\"flop_per_byte\":9}\n");
    }
    QProcess roofline;
    const QString out = folder.filePath(QStringLiteral("roofline.png"));
    roofline.start(QStringLiteral(ATTN_STUDIO_EXE), {QStringLiteral("--roofline"), lines, out});
    QVERIFY(roofline.waitForFinished(60000));
    QVERIFY2(roofline.exitCode() == 0, roofline.readAllStandardError().constData());
    checkImage(out, 1650, 975);  // 1100 × 650 points at scale 1.5
    // Without ceilings there is nothing to draw: one line, exit 2.
    {
      QFile file(lines);
      QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
      file.write("{\"preset\":\"bench-tiny\",\"threads\":1}\n");
    }
    roofline.start(QStringLiteral(ATTN_STUDIO_EXE), {QStringLiteral("--roofline"), lines, out});
    QVERIFY(roofline.waitForFinished(60000));
    QCOMPARE(roofline.exitCode(), 2);
    QVERIFY(QString::fromLocal8Bit(roofline.readAllStandardError())
                .contains(QStringLiteral("--bench matmul")));
  }

  // --help and --version answer without a display (they aborted: the
  // application object needed one before the arguments were read).
  void helpAndVersionNeedNoDisplay() {
    for (const QString& flag : {QStringLiteral("--help"), QStringLiteral("--version")}) {
      QProcess studio;
      QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
      environment.remove(QStringLiteral("DISPLAY"));
      environment.remove(QStringLiteral("WAYLAND_DISPLAY"));
      environment.remove(QStringLiteral("QT_QPA_PLATFORM"));
      studio.setProcessEnvironment(environment);
      studio.start(QStringLiteral(ATTN_STUDIO_EXE), {flag});
      QVERIFY(studio.waitForFinished(30000));
      QCOMPARE(studio.exitStatus(), QProcess::NormalExit);
      QCOMPARE(studio.exitCode(), 0);
      const QString out = QString::fromUtf8(studio.readAllStandardOutput());
      if (flag == QStringLiteral("--help")) {
        for (const char* mode :
             {"--headless", "--render", "--roofline", "--scrub-benchmark", "--open"})
          QVERIFY2(out.contains(QLatin1String(mode)), qPrintable(out));
      } else {
        QVERIFY2(out.contains(QStringLiteral("Attention Studio")), qPrintable(out));
        // Which LibTorch, what it was built with, and which BLAS.
        QVERIFY2(out.contains(QRegularExpression(QStringLiteral(
                     "LibTorch \\d+\\.\\d+[^\\n]*\\((CPU only|CUDA [\\d.]+)[^)]*\\) · BLAS: \\S"))),
                 qPrintable(out));
      }
    }
  }

  // --dock takes the names of the registry's docks and refuses others by name.
  void dockOptionNamesEveryDock() {
    QProcess studio;
    studio.start(QStringLiteral(ATTN_STUDIO_EXE), {QStringLiteral("--help")});
    QVERIFY(studio.waitForFinished(30000));
    const QString help = QString::fromUtf8(studio.readAllStandardOutput()).simplified();
    for (const PanelEntry& entry : panelRegistry())
      QVERIFY2(help.contains(QString::fromLatin1(entry.key)), entry.key);
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    studio.setProcessEnvironment(environment);
    studio.start(QStringLiteral(ATTN_STUDIO_EXE),
                 {QStringLiteral("--dock"), QStringLiteral("qkv,attension")});
    QVERIFY(studio.waitForFinished(30000));
    QCOMPARE(studio.exitCode(), 2);
    const QString error = QString::fromUtf8(studio.readAllStandardError());
    QVERIFY2(error.contains(QStringLiteral("\"attension\"")) &&
                 error.contains(QStringLiteral("inspector")),
             qPrintable(error));
  }
};

QTEST_MAIN(TestStudioCli)
#include "tst_studiocli.moc"
