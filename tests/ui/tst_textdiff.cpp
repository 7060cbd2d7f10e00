// The Samples dock's character diff against the reference.

#include <QtTest/QtTest>

#include <algorithm>
#include <numeric>

#include "attentionview.h"
#include "headspanel.h"
#include "qkvpanel.h"
#include "textdiff.h"

using namespace attn;
using namespace attn::ui;

class TestTextDiff : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void textDiffMarksEdits() {
    // One substitution and one extra character; the prediction reads back whole.
    const auto runs = diffAgainstReference(QStringLiteral("abcdef"), QStringLiteral("abXdeff"));
    QString prediction;
    int edits = 0;
    for (const DiffRun& run : runs) {
      if (run.kind != DiffRun::Missing) prediction += run.text;
      if (run.kind != DiffRun::Same) edits += int(run.text.size());
    }
    QCOMPARE(prediction, QStringLiteral("abXdeff"));
    QCOMPARE(edits, 2);
    QCOMPARE(runs[1].kind, DiffRun::Changed);
    QCOMPARE(runs[1].text, QStringLiteral("X"));
    // A dropped character is missing, at its place.
    const auto dropped = diffAgainstReference(QStringLiteral("abc"), QStringLiteral("ac"));
    QCOMPARE(dropped.size(), 3);
    QCOMPARE(dropped[1].kind, DiffRun::Missing);
    QCOMPARE(dropped[1].text, QStringLiteral("b"));
    QVERIFY(diffHtml(dropped).contains(QStringLiteral("line-through;\">b<")));
    QVERIFY(diffSummary(diffAgainstReference(QStringLiteral("same"), QStringLiteral("same")))
                .isEmpty());
    // Markup in a prediction is text, not HTML.
    QVERIFY(diffHtml(diffAgainstReference(QStringLiteral("<b>"), QStringLiteral("<i>")))
                .contains(QStringLiteral("&lt;")));
  }
};

QTEST_MAIN(TestTextDiff)
#include "tst_textdiff.moc"
