// The core's sentences for people: the English is the template with its
// arguments put in, exactly once each, and a location stays in front.

#include <QtTest/QtTest>

#include "attn/translatable.h"

using attn::Text;

class TestTranslatable : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void fillsInArgumentsInOrder() {
    QCOMPARE(Text::fill_in("%1: %2 is outside %3..%4", {"heads", "0", "1", "16"}),
             std::string("heads: 0 is outside 1..16"));
    // A translation may put them in another order.
    QCOMPARE(Text::fill_in("%2개 중 %1개", {"3", "64"}), std::string("64개 중 3개"));
    QCOMPARE(Text::fill_in("%1 and %1", {"x"}), std::string("x and x"));
  }

  void argumentsAreNotReadAgain() {
    // A file name with a marker in it comes out as it is.
    QCOMPARE(Text::fill_in("cannot open %1: %2", {"my%2file.tsv", "denied"}),
             std::string("cannot open my%2file.tsv: denied"));
  }

  void markersWithoutArgumentsStay() {
    QCOMPARE(Text::fill_in("100% of %1, %2", {"keys"}), std::string("100% of keys, %2"));
    QCOMPARE(Text::fill_in("ends with %", {}), std::string("ends with %"));
    QCOMPARE(Text::fill_in("%0 %%1", {"a"}), std::string("%0 %a"));
  }

  void englishPutsTheLocationFirst() {
    Text text{
        attn::kDataTextContext, ATTN_TRANSLATABLE("attn::Data", "cannot open: %1"), {"denied"}};
    QCOMPARE(text.english(), std::string("cannot open: denied"));
    text.location = "pairs.tsv:3: ";
    QCOMPARE(text.english(), std::string("pairs.tsv:3: cannot open: denied"));
  }

  void emptyAndVerbatim() {
    QVERIFY(Text{}.empty());
    const Text library = attn::verbatim("LibTorch error: 100%1 odd");
    QVERIFY(!library.empty());
    QVERIFY(attn::is_verbatim(library));
    QCOMPARE(library.english(), std::string("LibTorch error: 100%1 odd"));
    QCOMPARE(attn::english({library, Text{}}),
             (std::vector<std::string>{"LibTorch error: 100%1 odd", ""}));
  }
};

QTEST_GUILESS_MAIN(TestTranslatable)
#include "tst_translatable.moc"
