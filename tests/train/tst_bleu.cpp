// Corpus BLEU against hand-checked values (Papineni et al., 2002).

#include <QtTest/QtTest>

#include <cmath>

#include "attn/bleu.h"

using namespace attn;

namespace {
std::vector<std::string> words(const QString& text) {
  std::vector<std::string> out;
  for (const auto& word : text.split(' ', Qt::SkipEmptyParts)) out.push_back(word.toStdString());
  return out;
}
}  // namespace

class TestBleu : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void identicalIsOne() {
    const auto score =
        corpus_bleu({words("the cat sat on the mat")}, {words("the cat sat on the mat")});
    QCOMPARE(score.bleu, 1.0);
    QCOMPARE(score.brevity_penalty, 1.0);
  }

  void zeroMatch() {
    const auto score = corpus_bleu({words("a b c d e")}, {words("v w x y z")});
    QCOMPARE(score.bleu, 0.0);
    QCOMPARE(score.precisions[0], 0.0);
  }

  // Hypothesis 4 words, reference 6: every n-gram matches, BP = exp(1 - 6/4).
  void brevityPenalty() {
    const auto score = corpus_bleu({words("the cat sat on")}, {words("the cat sat on the mat")});
    for (double p : score.precisions) QCOMPARE(p, 1.0);
    QVERIFY(std::abs(score.brevity_penalty - std::exp(-0.5)) < 1e-12);
    QVERIFY(std::abs(score.bleu - std::exp(-0.5)) < 1e-12);
  }

  // The paper's example of modified precision: "the" counts at most twice.
  void modifiedUnigramPrecision() {
    const auto score =
        corpus_bleu({words("the the the the the the the")}, {words("the cat is on the mat")});
    QVERIFY(std::abs(score.precisions[0] - 2.0 / 7.0) < 1e-12);
    QCOMPARE(score.bleu, 0.0);  // no matching bigram
  }

  // Counts are pooled over the corpus before dividing (not averaged per sentence).
  void corpusLevelPooling() {
    const auto score =
        corpus_bleu({words("a b c d"), words("e f g h x")}, {words("a b c d"), words("e f g h y")});
    // unigrams 8/9, bigrams 6/7, trigrams 4/5, 4-grams 2/3; lengths 9 vs 9
    const double expected = std::exp(
        (std::log(8.0 / 9) + std::log(6.0 / 7) + std::log(4.0 / 5) + std::log(2.0 / 3)) / 4);
    QVERIFY(std::abs(score.bleu - expected) < 1e-12);
  }
};

QTEST_GUILESS_MAIN(TestBleu)
#include "tst_bleu.moc"
