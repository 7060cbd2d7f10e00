// Tokenizers: specials, round trips, vocabulary limits, save and load.

#include <QtTest/QtTest>

#include <QJsonDocument>
#include <QJsonObject>

#include "attn/tokenizer.h"

using namespace attn;

namespace {

const std::vector<std::string> kCorpus = {
    "the cat sat on the mat.", "the dog sat on the log!",          "a cat, a dog and a bird.",
    "Grüße aus Köln — schön!", "where is the cat? under the mat.", "dogs don't like cats",
};

std::vector<std::string> repeated_corpus() {
  std::vector<std::string> texts;
  for (int i = 0; i < 40; ++i) texts.insert(texts.end(), kCorpus.begin(), kCorpus.end());
  return texts;
}

}  // namespace

class TestTokenizer : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void specialsComeFirst_data() {
    QTest::addColumn<int>("kind");
    QTest::newRow("char") << int(TokenizerKind::Char);
    QTest::newRow("word") << int(TokenizerKind::Word);
    QTest::newRow("sentencepiece") << int(TokenizerKind::SentencePiece);
  }

  void specialsComeFirst() {
    QFETCH(int, kind);
    TokenizerConfig config;
    config.kind = static_cast<TokenizerKind>(kind);
    config.vocab_size = config.kind == TokenizerKind::SentencePiece ? 60 : 0;
    auto tokenizer = train_tokenizer(config, repeated_corpus());
    QCOMPARE(tokenizer->piece(kPadToken), std::string("<pad>"));
    QCOMPARE(tokenizer->piece(kBosToken), std::string("<bos>"));
    QCOMPARE(tokenizer->piece(kEosToken), std::string("<eos>"));
    QCOMPARE(tokenizer->piece(kUnkToken), std::string("<unk>"));
    for (int id : tokenizer->encode("the cat sat")) QVERIFY(id >= kSpecialTokens);
  }

  void roundTrip_data() {
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");
    for (const char* text : {"the cat sat on the mat.", "a cat, a dog and a bird.",
                             "Grüße aus Köln — schön!", "dogs don't like cats"}) {
      QTest::newRow(qPrintable(QString("char: ") + text))
          << int(TokenizerKind::Char) << text << text;
      QTest::newRow(qPrintable(QString("word: ") + text))
          << int(TokenizerKind::Word) << text << text;
      QTest::newRow(qPrintable(QString("spm: ") + text))
          << int(TokenizerKind::SentencePiece) << text << text;
    }
    // Whitespace runs collapse (word), SentencePiece also trims.
    QTest::newRow("word: spaces") << int(TokenizerKind::Word) << "the   cat\tsat"
                                  << "the cat sat";
    QTest::newRow("spm: spaces") << int(TokenizerKind::SentencePiece) << "  the   cat sat "
                                 << "the cat sat";
  }

  void roundTrip() {
    QFETCH(int, kind);
    QFETCH(QString, text);
    QFETCH(QString, expected);
    TokenizerConfig config;
    config.kind = static_cast<TokenizerKind>(kind);
    config.vocab_size = config.kind == TokenizerKind::SentencePiece ? 70 : 0;
    auto tokenizer = train_tokenizer(config, repeated_corpus());
    const std::string input = text.toStdString();
    const auto ids = tokenizer->encode(input);
    QVERIFY(!ids.empty());
    QCOMPARE(QString::fromStdString(tokenizer->decode(ids)), expected);
    QCOMPARE(QString::fromStdString(tokenizer->normalize(input)), expected);
    // Specials in the id stream are skipped on decode.
    auto framed = ids;
    framed.insert(framed.begin(), kBosToken);
    framed.push_back(kEosToken);
    framed.push_back(kPadToken);
    QCOMPARE(QString::fromStdString(tokenizer->decode(framed)), expected);
  }

  void wordPiecesMarkAttachment() {
    TokenizerConfig config;
    config.kind = TokenizerKind::Word;
    auto tokenizer = train_tokenizer(config, repeated_corpus());
    QCOMPARE(tokenizer->pieces("where is the cat?"),
             (std::vector<std::string>{"where", "is", "the", "cat", "##?"}));
    QCOMPARE(tokenizer->pieces("don't"), (std::vector<std::string>{"don", "##'", "##t"}));
  }

  void charTokensAreCodePoints() {
    TokenizerConfig config;
    auto tokenizer = train_tokenizer(config, std::vector<std::string>{"Grüße"});
    QCOMPARE(tokenizer->pieces("Grüße"), (std::vector<std::string>{"G", "r", "ü", "ß", "e"}));
    QCOMPARE(tokenizer->vocab_size(), 4 + 5);
    QCOMPARE(tokenizer->encode("Gx")[1], kUnkToken);
  }

  void vocabularyLimitKeepsMostFrequent() {
    TokenizerConfig config;
    config.kind = TokenizerKind::Word;
    config.vocab_size = 6;  // 4 specials + the 2 most frequent pieces
    auto tokenizer = train_tokenizer(config, repeated_corpus());
    QCOMPARE(tokenizer->vocab_size(), 6);
    QCOMPARE(tokenizer->piece(4), std::string("the"));
    // "##.", "a" and "cat" tie (3 per copy); ties go to the smaller piece.
    QCOMPARE(tokenizer->piece(5), std::string("##."));
    QCOMPARE(tokenizer->encode("the mat"), (std::vector<int>{4, kUnkToken}));
  }

  void tooSmallVocabularyIsAnError() {
    TokenizerConfig config;
    config.vocab_size = 3;
    try {
      train_tokenizer(config, std::vector<std::string>{"abc"});
      QFAIL("expected an error");
    } catch (const std::invalid_argument& e) {
      QVERIFY(QString(e.what()).startsWith("vocab_size: 3"));
    }
  }

  void saveAndLoad_data() { specialsComeFirst_data(); }
  void saveAndLoad() {
    QFETCH(int, kind);
    TokenizerConfig config;
    config.kind = static_cast<TokenizerKind>(kind);
    config.vocab_size = config.kind == TokenizerKind::SentencePiece ? 60 : 0;
    config.shared = false;
    std::vector<Example> train;
    for (const auto& text : repeated_corpus()) train.push_back({text, "<" + text + ">"});
    const TokenizerPair pair = train_tokenizers(config, train);
    QVERIFY(!pair.shared());
    std::string error;
    auto loaded = TokenizerPair::load(pair.save(), &error);
    QVERIFY2(loaded.has_value(), error.c_str());
    QVERIFY(!loaded->shared());
    for (const auto& text : kCorpus) {
      QCOMPARE(loaded->source->encode(text), pair.source->encode(text));
      QCOMPARE(loaded->target->encode(text), pair.target->encode(text));
    }
    QCOMPARE(loaded->target->vocab_size(), pair.target->vocab_size());
  }

  // A SentencePiece model is saved with its CRC-32; one changed byte is
  // refused before SentencePiece (whose parser can crash on it) sees it.
  void damagedSentencePieceModelIsRefused() {
    TokenizerConfig config;
    config.kind = TokenizerKind::SentencePiece;
    config.vocab_size = 40;
    auto tokenizer = train_tokenizer(config, repeated_corpus());
    QVERIFY(tokenizer);
    QJsonObject document =
        QJsonDocument::fromJson(QByteArray::fromStdString(tokenizer->save())).object();
    QVERIFY(document.contains("model_crc32"));
    QByteArray model = QByteArray::fromBase64(document.value("model").toString().toLatin1());
    std::string error;
    QVERIFY2(load_tokenizer(tokenizer->save(), &error), error.c_str());
    model[model.size() / 2] = char(model[model.size() / 2] ^ 0x20);
    document.insert("model", QString::fromLatin1(model.toBase64()));
    QVERIFY(!load_tokenizer(QJsonDocument(document).toJson().toStdString(), &error));
    QVERIFY2(QString::fromStdString(error).contains("damaged (CRC-32 mismatch)"), error.c_str());
  }

  void loadRejectsGarbage() {
    std::string error;
    QVERIFY(!TokenizerPair::load("{\"source\": {\"kind\": \"bytes\"}}", &error));
    QVERIFY2(QString::fromStdString(error).contains("expected char, word or sentencepiece"),
             error.c_str());
    QVERIFY(!TokenizerPair::load("not json", &error));
    QVERIFY(!load_tokenizer("{\"kind\": \"sentencepiece\", \"model\": \"!!!\"}", &error));
    QVERIFY2(QString::fromStdString(error).contains("base64"), error.c_str());
  }
};

QTEST_GUILESS_MAIN(TestTokenizer)
#include "tst_tokenizer.moc"
