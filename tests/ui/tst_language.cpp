// The app's languages: the Korean translation is complete and embedded, the
// window and Qt's own dialogs speak it, and unknown languages are refused.

#include <QtTest/QtTest>

#include <qcustomplot.h>
#include <QAbstractButton>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDockWidget>
#include <QFile>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QPushButton>
#include <QStackedWidget>
#include <QTabBar>
#include <QXmlStreamReader>

#include "attn/corpus.h"
#include "attn/inspection.h"
#include "attn/tasks.h"
#include "attn/trainer.h"
#include "coretext.h"
#include "dockhelp.h"
#include "inspectorpanel.h"
#include "language.h"
#include "mainwindow.h"
#include "runhistory.h"
#include "runsummary.h"
#include "test_settings.h"
#include "timeline.h"
#include "tiny_run.h"

using namespace attn;
using namespace attn::ui;
using namespace attn::ui::testing;

// Wraps every text of the app's own contexts in ⟦ ⟧: a visible text without
// them did not go through tr().
class PseudoTranslator : public QTranslator {
 public:
  QString translate(const char* context, const char* source, const char* disambiguation,
                    int n) const override {
    Q_UNUSED(disambiguation);
    Q_UNUSED(n);
    if (!source || !*source) return {};
    const QByteArray where(context);
    if (!where.startsWith("attn::") && where != "QObject") return {};
    return QStringLiteral("⟦%1⟧").arg(QString::fromUtf8(source));
  }
  bool isEmpty() const override { return false; }
};

class TestLanguage : public QObject {
  Q_OBJECT

  QTemporaryDir m_home;

  // A copy-task run of 2 epochs with a moment at every step: a few seconds.
  static RunOutcome trainSmallRun(const QString& runsDirectory) {
    RunConfig config = tiny_task_run("copy", 64, 16, runsDirectory.toStdString());
    config.train.epochs = 2;
    config.train.batch_size = 32;
    config.train.capture_every = 1;
    return attn::train(TrainRequest{config, {}, true}, nullptr, nullptr);
  }

  static QStringList menuTitles(const MainWindow& window) {
    QStringList titles;
    for (QAction* action : window.menuBar()->actions()) titles << action->text();
    return titles;
  }

 private Q_SLOTS:
  void initTestCase() { keepSettingsIn(m_home.path()); }

  // Every text in the Korean .ts has a translation: no "unfinished" entry,
  // none empty, and the placeholders (%1, %L2, %n) of each source kept.
  void koreanIsComplete() {
    QFile file(QStringLiteral(ATTN_TRANSLATIONS_DIR "/attention-studio_ko.ts"));
    QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(file.fileName()));
    QXmlStreamReader xml(&file);
    QString context, source;
    QStringList problems;
    int messages = 0;
    const QRegularExpression placeholder(QStringLiteral("%L?\\d+|%n"));
    auto placeholders = [&](const QString& text) {
      QStringList found;
      for (auto it = placeholder.globalMatch(text); it.hasNext();) found << it.next().captured();
      found.sort();
      return found;
    };
    while (!xml.atEnd()) {
      if (xml.readNext() != QXmlStreamReader::StartElement) continue;
      if (xml.name() == QLatin1String("name")) {
        context = xml.readElementText();
      } else if (xml.name() == QLatin1String("source")) {
        source = xml.readElementText();
      } else if (xml.name() == QLatin1String("translation")) {
        ++messages;
        const QString type = xml.attributes().value(QLatin1String("type")).toString();
        const QString text = xml.readElementText(QXmlStreamReader::IncludeChildElements).trimmed();
        const QString where = QStringLiteral("%1 “%2”").arg(context, source.left(60));
        if (!type.isEmpty())
          problems << QStringLiteral("%1: %2").arg(where, type);
        else if (text.isEmpty())
          problems << QStringLiteral("%1: empty").arg(where);
        else if (placeholders(text) != placeholders(source))
          problems << QStringLiteral("%1: placeholders differ").arg(where);
      }
    }
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    QVERIFY(messages > 500);
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
  }

  // The compiled translation is in the binary and the window speaks it;
  // back to English, the source texts.
  void windowSpeaksTheChosenLanguage() {
    QVERIFY(installLanguage(QStringLiteral("ko")));
    QCOMPARE(installedLanguage(), QStringLiteral("ko"));
    {
      MainWindow window;
      window.setAskBeforeClosing(false);
      const QStringList titles = menuTitles(window);
      QVERIFY2(titles.contains(QStringLiteral("파일(&F)")), qPrintable(titles.join(u',')));
      QVERIFY(titles.contains(QStringLiteral("보기(&V)")));
      // The docks' help, translated from outside a QObject, too.
      QVERIFY2(helpText(HelpTopic::Curves).startsWith(QStringLiteral("<b>학습 곡선</b>")),
               qPrintable(helpText(HelpTopic::Curves).left(40)));
      // Qt's own buttons come from Qt's Korean translation where installed.
      QDialogButtonBox buttons(QDialogButtonBox::Cancel);
      const QString cancel = buttons.button(QDialogButtonBox::Cancel)->text();
      if (QFile::exists(QLibraryInfo::path(QLibraryInfo::TranslationsPath) +
                        QStringLiteral("/qtbase_ko.qm")))
        QVERIFY2(cancel != QStringLiteral("&Cancel") && cancel != QStringLiteral("Cancel"),
                 qPrintable(cancel));
      // The language menu names each language in its own words, the current one checked.
      auto* menu = window.findChild<QMenu*>(QStringLiteral("languageMenu"));
      QVERIFY(menu);
      QStringList names;
      for (QAction* action : menu->actions())
        if (action->isChecked()) names << action->text();
      QCOMPARE(names, QStringList{QStringLiteral("한국어")});
    }
    QVERIFY(installLanguage(QStringLiteral("en")));
    MainWindow window;
    window.setAskBeforeClosing(false);
    QVERIFY(menuTitles(window).contains(QStringLiteral("&File")));
  }

  // Choosing a language makes the window again in it, showing what it showed.
  void switchingRebuildsTheWindow() {
    QVERIFY(installLanguage(QStringLiteral("en")));
    QTemporaryDir runs;
    const RunOutcome outcome = trainSmallRun(runs.path());
    QCOMPARE(outcome.status, RunStatus::Finished);
    const QString directory = QString::fromStdString(outcome.run_directory);

    QPointer<MainWindow> first = new MainWindow;
    first->setAttribute(Qt::WA_DeleteOnClose);
    first->setAskBeforeClosing(false);
    first->setRunsDirectory(runs.path());
    first->show();
    QCOMPARE(first->openRun(directory, /*quiet=*/true), QString());
    QVERIFY(first->history()->momentCount() > 2);
    first->timeline()->select(1);
    first->panel<InspectorPanel>()->setSource(InspectorPanel::Source::LastCheckpoint);
    first->panel<InspectorPanel>()->inspect(QStringLiteral("abc"));

    auto choose = [](MainWindow* window, const QString& name) {
      auto* menu = window->findChild<QMenu*>(QStringLiteral("languageMenu"));
      QVERIFY(menu);
      for (QAction* action : menu->actions())
        if (action->text() == name) action->trigger();
    };
    auto openWindow = [] {
      MainWindow* found = nullptr;
      for (QWidget* widget : QApplication::topLevelWidgets())
        if (auto* window = qobject_cast<MainWindow*>(widget); window && window->isVisible())
          found = window;
      return found;
    };
    choose(first, QStringLiteral("한국어"));
    QTRY_VERIFY(first.isNull());
    QPointer<MainWindow> second = openWindow();
    QVERIFY(second);
    QVERIFY(menuTitles(*second).contains(QStringLiteral("파일(&F)")));
    QCOMPARE(second->runDirectory(), directory);
    QCOMPARE(second->timeline()->current(), 1);
    QCOMPARE(second->panel<InspectorPanel>()->inspectedText(), QStringLiteral("abc"));
    QCOMPARE(second->panel<InspectorPanel>()->source(), InspectorPanel::Source::LastCheckpoint);
    QTRY_VERIFY_WITH_TIMEOUT(!second->panel<InspectorPanel>()->busy(), 30000);
    QVERIFY(!second->panel<InspectorPanel>()->result().greedy.tokens.empty());
    QCOMPARE(QSettings().value(QStringLiteral("language")).toString(), QStringLiteral("ko"));

    choose(second, QStringLiteral("English"));
    QTRY_VERIFY(second.isNull());
    MainWindow* third = openWindow();
    QVERIFY(third);
    QVERIFY(menuTitles(*third).contains(QStringLiteral("&File")));
    QCOMPARE(third->runDirectory(), directory);
    QCOMPARE(third->timeline()->current(), 1);
    third->close();
    QCOMPARE(installedLanguage(), QStringLiteral("en"));
  }

  // Under a pseudo-translation every visible text of a window with a run
  // open and every dock shown is marked: none was left out of tr().
  void everyVisibleTextIsTranslatable() {
    QVERIFY(installLanguage(QStringLiteral("en")));
    QTemporaryDir runs;
    const RunOutcome outcome = trainSmallRun(runs.path());
    QCOMPARE(outcome.status, RunStatus::Finished);

    PseudoTranslator pseudo;
    QCoreApplication::installTranslator(&pseudo);
    QStringList untranslated;
    int checked = 0;
    {
      MainWindow window;
      window.setAskBeforeClosing(false);
      window.setRunsDirectory(runs.path());
      window.resize(1600, 1000);
      window.show();
      QCOMPARE(window.openRun(QString::fromStdString(outcome.run_directory), true), QString());
      for (auto* dock : window.findChildren<QDockWidget*>()) dock->show();
      QTest::qWait(300);
      QCoreApplication::processEvents();
      auto check = [&](const QString& text, const QString& where) {
        ++checked;
        QString plain = text;
        plain.remove(QRegularExpression(QStringLiteral("<[^>]*>")));
        if (plain.contains(QStringLiteral("⟦"))) return;
        // Numbers, symbols, single letters (Q, K, V, heads' H1) and data are not words to
        // translate.
        if (!plain.contains(QRegularExpression(QStringLiteral("[A-Za-z]{2,}")))) return;
        untranslated << QStringLiteral("%1: “%2”").arg(where, plain.left(80));
      };
      const QString runName = QFileInfo(QString::fromStdString(outcome.run_directory)).fileName();
      // Shown, or would be on its tab: pages of tab widgets and tabified
      // docks count; widgets the window hides on purpose do not.
      auto shown = [&window](QWidget* widget) {
        for (QWidget* w = widget; w && w != &window; w = w->parentWidget()) {
          const bool page =
              w->parentWidget() && qobject_cast<QStackedWidget*>(w->parentWidget()) != nullptr;
          if (w->isHidden() && !page && !qobject_cast<QDockWidget*>(w)) return false;
        }
        return true;
      };
      for (QWidget* widget : window.findChildren<QWidget*>()) {
        if (!shown(widget)) continue;
        const QString where = QString::fromLatin1(widget->metaObject()->className()) +
                              QLatin1Char(' ') + widget->objectName();
        // A box whose tooltip is its entry (ElidingStyle's "…" in full) is
        // checked with its entries below.
        auto* entryBox = qobject_cast<QComboBox*>(widget);
        const bool entry = entryBox && entryBox->toolTip() == entryBox->currentText();
        if (!widget->toolTip().isEmpty() && !widget->toolTip().contains(runName) && !entry)
          check(widget->toolTip(), where + QStringLiteral(" tooltip"));
        if (auto* label = qobject_cast<QLabel*>(widget)) {
          if (!label->text().contains(runName)) check(label->text(), where);
        } else if (auto* button = qobject_cast<QAbstractButton*>(widget)) {
          check(button->text(), where);
        } else if (auto* group = qobject_cast<QGroupBox*>(widget)) {
          check(group->title(), where);
        } else if (auto* tabs = qobject_cast<QTabBar*>(widget)) {
          for (int i = 0; i < tabs->count(); ++i) check(tabs->tabText(i), where);
        } else if (auto* dock = qobject_cast<QDockWidget*>(widget)) {
          check(dock->windowTitle(), where);
        } else if (auto* combo = qobject_cast<QComboBox*>(widget)) {
          // Identifiers the configuration and attention-train use (copy,
          // tiny, relu, char, cpu) stay as they are, as do data (examples).
          const QRegularExpression identifier(QStringLiteral("^[a-z][a-z0-9-]*$"));
          const bool data = combo->objectName().endsWith(QStringLiteral("Example"));
          for (int i = 0; i < combo->count(); ++i)
            if (!data && !identifier.match(combo->itemText(i)).hasMatch())
              check(combo->itemText(i), where + QStringLiteral(" item"));
        } else if (auto* edit = qobject_cast<QLineEdit*>(widget)) {
          check(edit->placeholderText(), where + QStringLiteral(" placeholder"));
        } else if (auto* header = qobject_cast<QHeaderView*>(widget); header && header->model()) {
          for (int i = 0; i < header->count(); ++i)
            check(header->model()->headerData(i, header->orientation()).toString(), where);
        } else if (auto* plot = qobject_cast<QCustomPlot*>(widget)) {
          for (int i = 0; i < plot->plotLayout()->elementCount(); ++i)
            if (auto* title = qobject_cast<QCPTextElement*>(plot->plotLayout()->elementAt(i)))
              check(title->text(), where + QStringLiteral(" title"));
          for (QCPAxisRect* rect : plot->axisRects())
            for (QCPAxis* axis : rect->axes())
              if (axis->visible()) check(axis->label(), where + QStringLiteral(" axis"));
          if (plot->legend && plot->legend->visible())
            for (int i = 0; i < plot->legend->itemCount(); ++i)
              if (auto* item = qobject_cast<QCPPlottableLegendItem*>(plot->legend->item(i));
                  item && item->plottable())
                check(item->plottable()->name(), where + QStringLiteral(" legend"));
        }
      }
      std::function<void(QMenu*)> checkMenu = [&](QMenu* menu) {
        for (QAction* action : menu->actions()) {
          if (action->isSeparator()) continue;
          if (action->menu()) checkMenu(action->menu());
          if (menu->objectName() == QStringLiteral("languageMenu")) continue;  // own names
          if (action->text().contains(runName)) continue;                      // recent runs
          check(action->text(), QStringLiteral("menu ") + menu->title());
        }
      };
      for (QAction* action : window.menuBar()->actions()) {
        check(action->text(), QStringLiteral("menu bar"));
        if (action->menu()) checkMenu(action->menu());
      }
    }
    QCoreApplication::removeTranslator(&pseudo);
    untranslated.removeDuplicates();
    qInfo("%d texts checked", checked);
    QVERIFY(checked > 300);  // the walk reached every dock, tab and menu
    for (const QString& text : untranslated) qWarning("not translatable: %s", qPrintable(text));
    QVERIFY2(untranslated.isEmpty(), "visible texts above did not go through tr()");
  }

  // What the core says in words reaches the Korean window translated: the
  // Inspector's stages, data flow, model description and input warnings,
  // validation messages, data errors, the device line and how a run ended.
  // A sentence the core composed without a mark would come out in English.
  void coreTextsAreTranslated() {
    QVERIFY(installLanguage(QStringLiteral("ko")));
    QStringList untranslated;
    int checked = 0;
    auto check = [&](const Text& text, const QString& where) {
      QVERIFY2(!text.empty(), qPrintable(where));
      if (is_verbatim(text)) return;  // formulas
      ++checked;
      if (translated(text) == QString::fromStdString(text.english()))
        untranslated
            << QStringLiteral("%1: “%2”").arg(where, QString::fromStdString(text.english()));
    };
    QTemporaryDir runs;
    for (const bool preNorm : {false, true}) {
      RunConfig config = tiny_task_run("copy", 64, 16, runs.path().toStdString());
      config.model.norm = preNorm ? NormPlacement::Pre : NormPlacement::Post;
      config.model.activation = preNorm ? Activation::GELU : Activation::ReLU;
      config.model.tie_embeddings = preNorm;
      std::string error;
      const auto model = InspectionModel::untrained(config, &error);
      QVERIFY2(model, error.c_str());
      check(model->description(), QStringLiteral("description"));
      for (const AttentionKind kind : {AttentionKind::EncoderSelf, AttentionKind::Cross}) {
        InspectionRequest request;
        // A piece the copy task never saw, and more than the model's positions.
        request.text = "~" + std::string(std::size_t(model->max_source_tokens()) + 5, 'a');
        request.kind = kind;
        const Inspection inspection = model->inspect(request);
        QVERIFY2(inspection.error.empty(), inspection.error.english().c_str());
        QCOMPARE(inspection.warnings.size(), std::size_t{2});
        for (const auto& warning : inspection.warnings) check(warning, QStringLiteral("warning"));
        QVERIFY(inspection.stages.size() > 10);
        for (const auto& stage : inspection.stages) {
          check(stage.title, QString::fromStdString(stage.id) + QStringLiteral(" title"));
          check(stage.note, QString::fromStdString(stage.id) + QStringLiteral(" note"));
        }
        for (const auto& node : inspection.flow_nodes) {
          check(node.label, QString::fromStdString(node.id) + QStringLiteral(" label"));
          check(node.detail, QString::fromStdString(node.id) + QStringLiteral(" detail"));
        }
      }
      check(model->inspect(InspectionRequest{}).error, QStringLiteral("empty input"));
    }

    ModelConfig model;
    model.d_model = 10;
    model.heads = 3;
    model.enc_layers = 0;
    model.dropout = 1.5;
    model.src_vocab_size = 40;
    model.tgt_vocab_size = 50;
    model.shared_vocab = true;
    TrainConfig train;
    train.epochs = 0;
    train.batch_size = 1'000'000;
    train.lr_factor = 0;
    train.lr = 0;
    train.label_smoothing = 2;
    train.clip = -1;
    train.adam_beta1 = train.adam_beta2 = 2;
    train.adam_eps = 0;
    train.length_penalty = -1;
    train.device = "tpu";
    TaskConfig shift;
    shift.name = "shift";
    shift.train_size = shift.eval_size = 0;
    shift.min_length = 0;
    shift.max_length = 500;
    shift.symbols = 30;
    shift.shift = 40;
    TaskConfig tooMany;
    tooMany.name = "copy";
    tooMany.min_length = tooMany.max_length = 1;
    tooMany.train_size = 1000;
    TaskConfig unknown;
    unknown.name = "nonsense";
    std::vector<ConfigError> errors = validate(model);
    for (const auto& more :
         {validate(train), validate(shift), validate(tooMany), validate(unknown)})
      errors.insert(errors.end(), more.begin(), more.end());
    QVERIFY(errors.size() > 20);
    for (const auto& error : errors)
      check(error.message, QStringLiteral("field ") + QString::fromStdString(error.field));

    QTemporaryDir data;
    auto write = [&](const char* name, const QByteArray& content) {
      QFile file(data.filePath(QLatin1String(name)));
      if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size())
        qFatal("cannot write %s", qPrintable(file.fileName()));
      return file.fileName().toStdString();
    };
    CorpusOptions options;
    for (const std::string& path :
         {data.filePath(QStringLiteral("missing.tsv")).toStdString(), write("empty.tsv", ""),
          write("notab.tsv", "one line\n"), write("tabs.tsv", "a\tb\tc\n"),
          write("utf8.tsv", "\xff\tb\n")}) {
      options.path = path;
      const CorpusLoad load = load_corpus(options);
      QVERIFY2(load.error.has_value(), path.c_str());
      const Text located = load.error->located();
      check(located, QString::fromStdString(path));
      QVERIFY(translated(located).startsWith(QString::fromStdString(path)));
    }

    // A run stopped before its first step: the device line and the ending.
    struct Recorder : TrainingObserver {
      Text device;
      void on_start(const std::string&, const Text& text) override { device = text; }
    } recorder;
    TrainingControl control;
    control.stop();
    RunConfig config = tiny_task_run("copy", 64, 16, runs.path().toStdString());
    const RunOutcome stopped = attn::train(TrainRequest{config, {}, true}, &recorder, &control);
    QCOMPARE(stopped.status, RunStatus::Stopped);
    check(stopped.message, QStringLiteral("stopped run"));
    check(recorder.device, QStringLiteral("device line"));
    QVERIFY(translated(recorder.device).contains(QStringLiteral("스레드")));
    QCOMPARE(statusText(QStringLiteral("early-stopped")), QStringLiteral("조기 종료"));

    QVERIFY(installLanguage(QStringLiteral("en")));
    qInfo("%d core texts checked", checked);
    for (const QString& text : untranslated) qWarning("untranslated: %s", qPrintable(text));
    QVERIFY2(untranslated.isEmpty(), "the core texts above have no Korean translation");
  }

  void startupChoice() {
    QSettings().remove(QStringLiteral("language"));
    QCOMPARE(startupLanguage(QStringLiteral("ko")), QStringLiteral("ko"));  // --lang wins
    rememberLanguage(QStringLiteral("ko"));
    QCOMPARE(startupLanguage(QString()), QStringLiteral("ko"));
    rememberLanguage(QStringLiteral("en"));
    QCOMPARE(startupLanguage(QString()), QStringLiteral("en"));
    rememberLanguage(QStringLiteral("tlh"));  // a damaged setting: the system's or English
    const QString fallback = startupLanguage(QString());
    QVERIFY(fallback == QStringLiteral("en") || fallback == QStringLiteral("ko"));
  }

  void unknownLanguageIsRefused() {
    QString error;
    QVERIFY(!installLanguage(QStringLiteral("xx"), &error));
    QCOMPARE(error, QStringLiteral("no language \"xx\" (expected one of: en, ko)"));
    QCOMPARE(installedLanguage(), QStringLiteral("en"));
  }
};

QTEST_MAIN(TestLanguage)
#include "tst_language.moc"
