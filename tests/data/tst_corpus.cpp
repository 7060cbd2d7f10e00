// The user's corpus: good files load, bad files say file, line and why.

#include <QtTest/QtTest>

#include "attn/corpus.h"

using namespace attn;

class TestCorpus : public QObject {
  Q_OBJECT

  QTemporaryDir m_dir;

  std::string write(const QString& name, const QByteArray& bytes) {
    const QString path = m_dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly)) qFatal("cannot write %s", qPrintable(path));
    file.write(bytes);
    return path.toStdString();
  }

  static CorpusLoad load(const std::string& path, const std::string& target = {},
                         bool skip = false) {
    CorpusOptions options;
    options.path = path;
    options.target_path = target;
    options.skip_bad_lines = skip;
    return load_corpus(options);
  }

 private Q_SLOTS:
  void tsvLoads() {
    const auto path = write("good.tsv", "hello\thallo\nthe cat\tdie Katze\n\nthank you\tdanke\n");
    const auto result = load(path);
    QVERIFY2(!result.error, result.error ? result.error->to_string().c_str() : "");
    QCOMPARE(result.examples.size(), size_t{3});
    QCOMPARE(result.examples[1].source, std::string("the cat"));
    QCOMPARE(result.examples[1].target, std::string("die Katze"));
  }

  void bomAndCrlfAccepted() {
    const auto path = write("windows.tsv", "\xEF\xBB\xBFone\teins\r\ntwo\tzwei\r\n");
    const auto result = load(path);
    QVERIFY(!result.error);
    QCOMPARE(result.examples.size(), size_t{2});
    QCOMPARE(result.examples[0].source, std::string("one"));
    QCOMPARE(result.examples[1].target, std::string("zwei"));
  }

  void twoAlignedFiles() {
    const auto source = write("src.txt",
                              "\xEF\xBB\xBF"
                              "a cat\r\na dog\n");
    const auto target = write("tgt.txt", "eine Katze\nein Hund");
    const auto result = load(source, target);
    QVERIFY2(!result.error, result.error ? result.error->to_string().c_str() : "");
    QCOMPARE(result.examples.size(), size_t{2});
    QCOMPARE(result.examples[0].source, std::string("a cat"));
    QCOMPARE(result.examples[1].target, std::string("ein Hund"));
  }

  void badInput_data() {
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<int>("line");
    QTest::addColumn<QString>("message");
    QTest::newRow("empty file") << QByteArray() << 0 << "the file is empty";
    QTest::newRow("no tab") << QByteArray("a\tb\nno tab here\n") << 2
                            << "expected 'source<TAB>target' but found no tab";
    QTest::newRow("two tabs") << QByteArray("a\tb\tc\n") << 1 << "expected one tab";
    QTest::newRow("empty source") << QByteArray("a\tb\n\tb\n") << 2
                                  << "the source side (before the tab) is empty";
    QTest::newRow("empty target") << QByteArray("a\tb\nc\td\ne\t \n") << 3
                                  << "the target side (after the tab) is empty";
    QTest::newRow("invalid utf-8")
        << QByteArray("ok\tgut\nbad \xC3\x28\tx\n") << 2 << "invalid UTF-8 at byte 5 of the line";
    QTest::newRow("truncated utf-8") << QByteArray("caf\xC3") << 1 << "invalid UTF-8 at byte 4";
    QTest::newRow("binary") << QByteArray(
                                   "\x7F"
                                   "ELF\x02\x01\x01\x00\x00\x00\x00",
                                   11)
                            << 0 << "looks like a binary file (NUL byte at offset 7)";
  }

  void badInput() {
    QFETCH(QByteArray, content);
    QFETCH(int, line);
    QFETCH(QString, message);
    const auto path = write("bad.tsv", content);
    const auto result = load(path);
    QVERIFY(result.error.has_value());
    QCOMPARE(result.error->file, path);
    QCOMPARE(result.error->line, int64_t{line});
    QVERIFY2(QString::fromStdString(result.error->message.english()).contains(message),
             result.error->message.english().c_str());
    QVERIFY(result.examples.empty());
    // The full message names file and line.
    const QString full = QString::fromStdString(result.error->to_string());
    QVERIFY(full.startsWith(QString::fromStdString(path) +
                            (line > 0 ? ":" + QString::number(line) + ":" : ":")));
  }

  void missingFileAndDirectory() {
    auto result = load(m_dir.filePath("nope.tsv").toStdString());
    QVERIFY(result.error && result.error->message.english() == "no such file");
    result = load(m_dir.path().toStdString());
    QVERIFY(result.error &&
            QString::fromStdString(result.error->message.english()).contains("is a directory"));
  }

  void differentLineCounts() {
    const auto source = write("s.txt", "one\ntwo\nthree\n");
    const auto target = write("t.txt", "eins\nzwei\n");
    const auto result = load(source, target);
    QVERIFY(result.error);
    QVERIFY2(QString::fromStdString(result.error->to_string())
                 .contains("has 3 lines but " + QString::fromStdString(target) + " has 2"),
             result.error->to_string().c_str());
  }

  void enormousLineIsCapped() {
    QByteArray huge(5 * 1024 * 1024, 'x');
    huge.replace(100, 1, "\t");
    const auto path = write("huge.tsv", "a\tb\n" + huge + "\nc\td\n");
    CorpusOptions options;
    options.path = path;
    auto result = load_corpus(options);
    QVERIFY(result.error);
    QCOMPARE(result.error->line, int64_t{2});
    QVERIFY(QString::fromStdString(result.error->message.english())
                .contains("longer than the 1048576-byte line limit"));
    options.skip_bad_lines = true;
    result = load_corpus(options);
    QVERIFY(!result.error);
    QCOMPARE(result.examples.size(), size_t{2});
    QCOMPARE(result.examples[1].source, std::string("c"));
  }

  // An input with no line end (/dev/zero, a binary stream): refused the
  // moment the line passes the limit, or, skipping bad lines, once the rest
  // goes on for 64 times the limit; both name the byte offset.
  void endlessInputEnds() {
    CorpusOptions options;
    options.path = "/dev/zero";
    options.max_line_bytes = 4096;
    auto result = load_corpus(options);
    QVERIFY(result.error);
    QCOMPARE(result.error->file, std::string("/dev/zero"));
    QCOMPARE(result.error->line, int64_t{1});
    QVERIFY2(
        result.error->message.english().find("refused at byte offset 4096") != std::string::npos,
        result.error->to_string().c_str());
    options.skip_bad_lines = true;
    result = load_corpus(options);
    QVERIFY(result.error);
    const std::string message = result.error->to_string();
    QVERIFY2(message.find("/dev/zero:1: no line end within") == 0, message.c_str());
    QVERIFY2(message.find("reading stopped at byte offset") != std::string::npos, message.c_str());
    // The same for the other side of two aligned files, and while counting
    // the longer file's lines.
    const auto source = write("aligned-source.txt", "one\ntwo\n");
    options.path = source;
    options.target_path = "/dev/zero";
    result = load_corpus(options);
    QVERIFY(result.error);
    QCOMPARE(result.error->file, std::string("/dev/zero"));
  }

  // A corpus larger than the text it may keep in memory stops where it
  // passes, naming the byte; what was read is not kept.
  void corpusLargerThanItsMemory() {
    QByteArray lines;
    for (int i = 0; i < 100; ++i) lines += "the cat sat\tle chat assis\n";
    const auto path = write("large.tsv", lines);
    CorpusOptions options;
    options.path = path;
    options.max_text_bytes = 500;
    const auto result = load_corpus(options);
    QVERIFY(result.error);
    QVERIFY(result.examples.empty());
    const std::string message = result.error->to_string();
    QVERIFY2(message.find("of text it may take in memory") != std::string::npos, message.c_str());
    // 500 bytes of kept text are passed on line 21 (24 a pair), which ends at byte 546.
    QCOMPARE(result.error->line, int64_t{21});
    QVERIFY2(message.find("byte offset 546") != std::string::npos, message.c_str());
    options.max_text_bytes = 0;  // an eighth of this machine's memory
    QVERIFY(!load_corpus(options).error);
  }

  void skipBadLinesReports() {
    const auto path = write("mixed.tsv", "a\tb\nbad\nc\td\n\te\nf\tg\nbad again\n");
    const auto result = load(path, {}, /*skip=*/true);
    QVERIFY(!result.error);
    QCOMPARE(result.examples.size(), size_t{3});
    QCOMPARE(result.skipped_bad, size_t{3});
    QCOMPARE(result.first_bad_lines, (std::vector<int64_t>{2, 4, 6}));
    QVERIFY(QString::fromStdString(result.first_bad_reason.english()).contains("no tab"));
  }

  void allLinesBadIsAnError() {
    const auto path = write("allbad.tsv", "x\ny\n");
    const auto result = load(path, {}, /*skip=*/true);
    QVERIFY(result.error);
    QVERIFY(QString::fromStdString(result.error->message.english())
                .contains("no usable sentence pairs; 2 malformed lines skipped"));
  }

  void optionsLimitLowercase() {
    const auto path =
        write("opts.tsv",
              "Hello World\tHALLO Welt\nÄrger\tÉCOLE\na very long sentence indeed\tshort\nx\ty\n");
    CorpusOptions options;
    options.path = path;
    options.lowercase = true;
    options.max_length = 12;
    auto result = load_corpus(options);
    QVERIFY(!result.error);
    QCOMPARE(result.examples.size(), size_t{3});
    QCOMPARE(result.dropped_too_long, size_t{1});
    QCOMPARE(result.examples[0].target, std::string("hallo welt"));
    QCOMPARE(result.examples[1].source, std::string("ärger"));
    QCOMPARE(result.examples[1].target, std::string("école"));
    options.max_examples = 2;
    result = load_corpus(options);
    QCOMPARE(result.examples.size(), size_t{2});
  }

  void progressAndCancel() {
    QByteArray lines;
    for (int i = 0; i < 200000; ++i) lines += "source " + QByteArray::number(i) + "\ttarget\n";
    const auto path = write("big.tsv", lines);
    CorpusOptions options;
    options.path = path;
    std::vector<double> reported;
    auto result = load_corpus(options, [&](double fraction) { reported.push_back(fraction); });
    QCOMPARE(result.examples.size(), size_t{200000});
    QVERIFY(reported.size() >= 3);
    QCOMPARE(reported.back(), 1.0);
    QVERIFY(std::is_sorted(reported.begin(), reported.end()));
    std::atomic<bool> cancel{true};
    result = load_corpus(options, {}, &cancel);
    QVERIFY(result.error && result.error->message.english() == "cancelled");
  }
};

QTEST_GUILESS_MAIN(TestCorpus)
#include "tst_corpus.moc"
