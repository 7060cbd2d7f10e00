// The app's languages: the Korean translation is complete and embedded, the
// window and Qt's own dialogs speak it, and unknown languages are refused.

#include <QtTest/QtTest>

#include <QDialogButtonBox>
#include <QFile>
#include <QMenuBar>
#include <QPushButton>
#include <QXmlStreamReader>

#include "attn/trainer.h"
#include "dockhelp.h"
#include "language.h"
#include "mainwindow.h"
#include "runhistory.h"
#include "timeline.h"
#include "tiny_run.h"

using namespace attn;
using namespace attn::ui;

class TestLanguage : public QObject {
  Q_OBJECT

  QTemporaryDir m_home;

  static QStringList menuTitles(const MainWindow& window) {
    QStringList titles;
    for (QAction* action : window.menuBar()->actions()) titles << action->text();
    return titles;
  }

 private Q_SLOTS:
  void initTestCase() {
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_home.path());
    QCoreApplication::setOrganizationName(QStringLiteral("AttentionStudioTests"));
  }

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
    RunConfig config = tiny_task_run("copy", 64, 16, runs.path().toStdString());
    config.train.epochs = 2;
    config.train.batch_size = 32;
    config.train.capture_every = 1;
    const RunOutcome outcome = attn::train(TrainRequest{config, {}, true}, nullptr, nullptr);
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
