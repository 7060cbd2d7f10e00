// Finding the docks on a laptop screen: every tab shows in full at 1366×768
// (and at scale 2 on a 2560×1440 screen, the same 1280×720 logical pixels) in
// both languages, with the dock's full name as its tooltip; View → a dock
// brings it to the front and gives it the keyboard even when it was behind
// another tab; Ctrl+I puts the cursor in the Inspector's sentence field; a
// window saved on a larger screen opens within this one.

#include <QtTest/QtTest>

#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QHelpEvent>
#include <QLineEdit>
#include <QScreen>
#include <QTabBar>
#include <QToolTip>

#include "docklayout.h"
#include "inspectorpanel.h"
#include "language.h"
#include "mainwindow.h"
#include "panelregistry.h"
#include "test_settings.h"
#include "windowgeometry.h"

using namespace attn::ui;
using namespace attn::ui::testing;

namespace {

// The laptop's window: 1366×768 less a task bar and the title bar.
const QSize kLaptop(1280, 680);

// The tab bars QMainWindow made for the window's tabbed docks.
QList<QTabBar*> dockTabBars(const MainWindow& window) {
  QList<QTabBar*> bars;
  for (QTabBar* bar : window.findChildren<QTabBar*>())
    if (bar->parent() == &window && bar->isVisible() && bar->count() > 1) bars << bar;
  return bars;
}

}  // namespace

class TestDockLayout : public QObject {
  Q_OBJECT

  QTemporaryDir m_home;

 private Q_SLOTS:
  void initTestCase() { keepSettingsIn(m_home.path()); }

  void cleanup() { QVERIFY(installLanguage(QStringLiteral("en"), nullptr)); }

  void everyTabShowsInFull_data() {
    QTest::addColumn<QString>("language");
    QTest::newRow("English") << QStringLiteral("en");
    QTest::newRow("Korean") << QStringLiteral("ko");
  }

  // No tab is cut short or scrolled out of sight: each lies within its bar,
  // and its tooltip names the dock in full.
  void everyTabShowsInFull() {
    QFETCH(QString, language);
    QString error;
    QVERIFY2(installLanguage(language, &error), qPrintable(error));
    MainWindow window;
    window.setAskBeforeClosing(false);
    window.resize(kLaptop);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    const QList<QTabBar*> bars = dockTabBars(window);
    QCOMPARE(bars.size(), 2);  // the analysis column, and the docks below the heatmap
    int tabs = 0;
    for (QTabBar* bar : bars) {
      for (int i = 0; i < bar->count(); ++i, ++tabs) {
        const QRect tab = bar->tabRect(i);
        QVERIFY2(bar->rect().contains(tab),
                 qPrintable(QStringLiteral("%1: tab %2 at %3,%4 %5×%6 outside %7×%8")
                                .arg(language, bar->tabText(i))
                                .arg(tab.x())
                                .arg(tab.y())
                                .arg(tab.width())
                                .arg(tab.height())
                                .arg(bar->width())
                                .arg(bar->height())));
        // The text is not elided: the tab is as long as its text needs.
        const QSize needed = bar->fontMetrics().size(Qt::TextSingleLine, bar->tabText(i));
        const int along = bar->shape() == QTabBar::RoundedEast ? tab.height() : tab.width();
        QVERIFY2(along >= needed.width(), qPrintable(bar->tabText(i)));
        QHelpEvent help(QEvent::ToolTip, tab.center(), bar->mapToGlobal(tab.center()));
        QApplication::sendEvent(bar, &help);
        QDockWidget* dock = nullptr;
        for (QDockWidget* candidate : window.dockLayout()->docks())
          if (candidate->windowTitle() == bar->tabText(i)) dock = candidate;
        QVERIFY2(dock, qPrintable(bar->tabText(i)));
        QCOMPARE(QToolTip::text(), window.dockLayout()->fullTitle(dock));
      }
    }
    QCOMPARE(tabs, int(panelRegistry().size()) + 3);  // + curves, data and log
    QToolTip::hideText();
  }

  // View → Q/K/V norms while the Inspector's tab is in front: Q/K/V comes to
  // the front with the keyboard; chosen again while in front, it hides; then
  // it comes back.
  void viewMenuBringsADockToTheFront() {
    MainWindow window;
    window.setAskBeforeClosing(false);
    window.resize(kLaptop);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto* inspector = window.findChild<QDockWidget*>(QStringLiteral("inspectorDock"));
    auto* qkv = window.findChild<QDockWidget*>(QStringLiteral("qkvDock"));
    auto* choose = window.findChild<QAction*>(QStringLiteral("qkvDockAction"));
    QVERIFY(inspector && qkv && choose);
    DockLayout::bringToFront(inspector);
    QTRY_VERIFY(isInFront(inspector));
    QVERIFY(!isInFront(qkv));
    QVERIFY(choose->isChecked());  // shown, only behind another tab
    choose->trigger();
    QTRY_VERIFY(isInFront(qkv));
    QVERIFY(!isInFront(inspector));
    QTRY_VERIFY(qkv->isAncestorOf(QApplication::focusWidget()));
    choose->trigger();
    QTRY_VERIFY(qkv->isHidden());
    QVERIFY(!choose->isChecked());
    choose->trigger();
    QTRY_VERIFY(isInFront(qkv));
    QVERIFY(choose->isChecked());
  }

  void controlIFocusesTheInspector() {
    MainWindow window;
    window.setAskBeforeClosing(false);
    window.resize(kLaptop);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto* heads = window.findChild<QDockWidget*>(QStringLiteral("headsDock"));
    DockLayout::bringToFront(heads);
    auto* inspect = window.findChild<QAction*>(QStringLiteral("inspectAction"));
    QVERIFY(inspect);
    QCOMPARE(inspect->shortcut(), QKeySequence(QStringLiteral("Ctrl+I")));
    QTest::keyClick(&window, Qt::Key_I, Qt::ControlModifier);
    auto* input = window.findChild<QLineEdit*>(QStringLiteral("inspectorInput"));
    QVERIFY(input);
    QTRY_COMPARE(QApplication::focusWidget(), static_cast<QWidget*>(input));
    QVERIFY(isInFront(window.findChild<QDockWidget*>(QStringLiteral("inspectorDock"))));
  }

  // A window saved larger than the screen, or partly off it, opens within it;
  // one that fits stays where it was.
  void savedWindowsFitTheScreen_data() {
    QTest::addColumn<QRect>("saved");
    QTest::addColumn<QRect>("expected");
    const QRect screen(0, 0, 1366, 728);  // 1366×768 less a 40-pixel panel
    QTest::newRow("fits") << QRect(100, 50, 1000, 600) << QRect(100, 50, 1000, 600);
    QTest::newRow("below the edge") << QRect(0, 20, 1300, 760) << QRect(0, 0, 1300, 728);
    QTest::newRow("a 2560x1440 window at scale 2")
        << QRect(0, 0, 2732, 1536) << QRect(0, 0, 1366, 728);
    QTest::newRow("right of the screen") << QRect(900, 100, 800, 500) << QRect(566, 100, 800, 500);
    QTest::newRow("left and above") << QRect(-300, -40, 800, 500) << QRect(0, 0, 800, 500);
  }

  void savedWindowsFitTheScreen() {
    QFETCH(QRect, saved);
    QFETCH(QRect, expected);
    QCOMPARE(fittedFrame(saved, QRect(0, 0, 1366, 728)), expected);
    // Never below the window's own minimum, even on a smaller screen.
    QCOMPARE(fittedFrame(QRect(0, 0, 900, 700), QRect(0, 0, 800, 600), QSize(850, 500)).width(),
             850);
  }

  // The real window: restored from a geometry saved on a larger screen, its
  // frame lies within the screen's available area.
  void restoredWindowIsOnScreen() {
    MainWindow large;
    large.setAskBeforeClosing(false);
    large.setGeometry(0, 0, 2732, 1536);
    const QByteArray saved = large.saveGeometry();
    MainWindow window;
    window.setAskBeforeClosing(false);
    restoreWindowGeometry(&window, saved);
    const QRect available = window.screen()->availableGeometry();
    const QRect frame = window.frameGeometry();
    const QSize allowed = available.size().expandedTo(window.minimumSize());
    QVERIFY2(available.contains(frame.topLeft()) && frame.width() <= allowed.width() &&
                 frame.height() <= allowed.height(),
             qPrintable(QStringLiteral("%1,%2 %3×%4 in %5×%6")
                            .arg(frame.x())
                            .arg(frame.y())
                            .arg(frame.width())
                            .arg(frame.height())
                            .arg(available.width())
                            .arg(available.height())));
  }
};

QTEST_MAIN(TestDockLayout)
#include "tst_docklayout.moc"
