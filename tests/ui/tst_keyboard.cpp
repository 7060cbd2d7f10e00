// The window by keyboard alone: Tab visits only widgets that show they have
// the keyboard (a focus frame, a highlighted tab, a cursor), so a person who
// cannot use a mouse always sees where they are; every dock is reachable.

#include <QtTest/QtTest>

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAbstractSlider>
#include <QAbstractSpinBox>
#include <QApplication>
#include <QComboBox>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QTabBar>
#include <QTextEdit>

#include "mainwindow.h"
#include "test_settings.h"

using namespace attn::ui;
using namespace attn::ui::testing;

namespace {

// Widgets the style draws a focus indicator for.
bool showsFocus(const QWidget* widget) {
  return qobject_cast<const QAbstractButton*>(widget) ||
         qobject_cast<const QAbstractItemView*>(widget) ||
         qobject_cast<const QAbstractSpinBox*>(widget) ||
         qobject_cast<const QAbstractSlider*>(widget) || qobject_cast<const QComboBox*>(widget) ||
         qobject_cast<const QLineEdit*>(widget) || qobject_cast<const QPlainTextEdit*>(widget) ||
         qobject_cast<const QTextEdit*>(widget) || qobject_cast<const QTabBar*>(widget) ||
         widget->property("drawsFocus").toBool();
}

QString describe(const QWidget* widget) {
  QStringList path;
  for (const QWidget* w = widget; w; w = w->parentWidget()) {
    path.prepend(QStringLiteral("%1(%2)").arg(QString::fromLatin1(w->metaObject()->className()),
                                              w->objectName()));
  }
  return path.join(QStringLiteral(" > "));
}

}  // namespace

class TestKeyboard : public QObject {
  Q_OBJECT

  QTemporaryDir m_home;

 private Q_SLOTS:
  void initTestCase() { keepSettingsIn(m_home.path()); }

  void tabShowsWhereTheKeyboardIs() {
    MainWindow window;
    window.setAskBeforeClosing(false);
    window.resize(1280, 680);
    window.show();
    QApplication::setActiveWindow(&window);
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QStringList hidden;
    QSet<QWidget*> visited;
    for (int press = 0; press < 120; ++press) {
      QWidget* current = QApplication::focusWidget();
      QTest::keyClick(current ? current : static_cast<QWidget*>(&window), Qt::Key_Tab);
      QWidget* focused = QApplication::focusWidget();
      QVERIFY2(focused, "Tab left nothing with the keyboard");
      if (visited.contains(focused)) continue;
      visited.insert(focused);
      if (!showsFocus(focused)) hidden << describe(focused);
    }
    QVERIFY2(hidden.isEmpty(), qPrintable(hidden.join(QLatin1Char('\n'))));
    // Tab goes on past the setup: the heatmap's boxes, the docks, the timeline.
    QStringList reached;
    for (QWidget* widget : visited) reached << widget->objectName();
    for (const char* name :
         {"trainButton", "attentionKind", "inspectorInput", "exportCurvesButton"})
      QVERIFY2(reached.contains(QLatin1String(name)), qPrintable(reached.join(QLatin1Char(' '))));
  }
};

QTEST_MAIN(TestKeyboard)
#include "tst_keyboard.moc"
