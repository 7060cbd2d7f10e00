// Built-in tasks: correct, unique, deterministic, non-overlapping, aligned.

#include <QtTest/QtTest>

#include <algorithm>
#include <set>

#include "attn/tasks.h"

using namespace attn;

namespace {

TaskConfig config_for(const std::string& name, int train = 300, int eval = 60) {
  TaskConfig config;
  config.name = name;
  config.train_size = train;
  config.eval_size = eval;
  const auto info = *find_task(name);
  config.min_length = info.default_min_length;
  config.max_length = info.default_max_length;
  return config;
}

// Days in a month, computed independently of the generator.
int days_in_month(int year, int month) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

}  // namespace

class TestTasks : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void catalogHasAllTasks() {
    std::set<std::string> names;
    for (const auto& info : task_catalog()) {
      names.insert(info.name);
      QVERIFY(!info.description.empty());
    }
    QCOMPARE(names, (std::set<std::string>{"copy", "reverse", "sort", "shift", "addition", "dates",
                                           "number-words"}));
  }

  void symbolTasksAreCorrect() {
    for (const std::string name : {"copy", "reverse", "sort", "shift"}) {
      auto config = config_for(name);
      config.shift = 3;
      const auto data = generate_task(config);
      for (const auto& example : data.train) {
        std::string expected = example.source;
        if (name == "reverse") std::reverse(expected.begin(), expected.end());
        if (name == "sort") std::sort(expected.begin(), expected.end());
        if (name == "shift") {
          for (char& c : expected) c = static_cast<char>('a' + (c - 'a' + 3) % config.symbols);
        }
        QCOMPARE(example.target, expected);
        QVERIFY(example.source.size() >= 5 && example.source.size() <= 10);
      }
    }
  }

  void additionSumsAreRight() {
    auto config = config_for("addition", 500, 100);
    config.max_length = 4;
    const auto data = generate_task(config);
    for (const auto& example : data.train) {
      const auto plus = example.source.find('+');
      QVERIFY(plus != std::string::npos);
      const long a = std::stol(example.source.substr(0, plus));
      const long b = std::stol(example.source.substr(plus + 1));
      QCOMPARE(std::stol(example.target), a + b);
      QCOMPARE(example.target, std::to_string(a + b));
    }
  }

  void datesExistAndMatchTheirIsoForm() {
    const auto data = generate_task(config_for("dates", 1000, 100));
    static const char* kMonths[] = {"January",   "February", "March",    "April",
                                    "May",       "June",     "July",     "August",
                                    "September", "October",  "November", "December"};
    int forms_with_names = 0;
    for (const auto& example : data.train) {
      const QString iso = QString::fromStdString(example.target);
      QVERIFY2(QRegularExpression("^\\d{4}-\\d{2}-\\d{2}$").match(iso).hasMatch(), qPrintable(iso));
      const int year = iso.left(4).toInt(), month = iso.mid(5, 2).toInt(),
                day = iso.mid(8, 2).toInt();
      QVERIFY(month >= 1 && month <= 12);
      QVERIFY2(day >= 1 && day <= days_in_month(year, month), qPrintable(iso));
      // The surface form names the same year and the same month.
      const QString source = QString::fromStdString(example.source);
      QVERIFY2(source.contains(QString::number(year)), qPrintable(source));
      const QString name = kMonths[month - 1];
      if (source.contains(name.left(3), Qt::CaseInsensitive)) ++forms_with_names;
      // Weekdays, when written, are right (QDate is an independent calendar).
      const QDate date(year, month, day);
      for (int weekday = 1; weekday <= 7; ++weekday) {
        const QString long_name = QLocale(QLocale::English).dayName(weekday);
        if (source.startsWith(long_name.left(3))) QCOMPARE(date.dayOfWeek(), weekday);
      }
    }
    QVERIFY(forms_with_names > 300);  // many forms spell the month
  }

  void numberWords_data() {
    QTest::addColumn<qint64>("value");
    QTest::addColumn<QString>("words");
    QTest::newRow("0") << qint64{0} << "zero";
    QTest::newRow("7") << qint64{7} << "seven";
    QTest::newRow("13") << qint64{13} << "thirteen";
    QTest::newRow("40") << qint64{40} << "forty";
    QTest::newRow("99") << qint64{99} << "ninety nine";
    QTest::newRow("100") << qint64{100} << "one hundred";
    QTest::newRow("1234") << qint64{1234} << "one thousand two hundred thirty four";
    QTest::newRow("100000") << qint64{100000} << "one hundred thousand";
    QTest::newRow("1000001") << qint64{1000001} << "one million one";
    QTest::newRow("215019") << qint64{215019} << "two hundred fifteen thousand nineteen";
  }

  void numberWords() {
    QFETCH(qint64, value);
    QFETCH(QString, words);
    QCOMPARE(QString::fromStdString(number_to_words(value)), words);
  }

  void numberWordsTaskUsesTheSameWords() {
    const auto data = generate_task(config_for("number-words"));
    for (const auto& example : data.train) {
      QCOMPARE(example.target, number_to_words(std::stoll(example.source)));
    }
  }

  void sameSeedSameData_data() {
    QTest::addColumn<QString>("task");
    for (const auto& info : task_catalog())
      QTest::newRow(info.name.c_str()) << QString::fromStdString(info.name);
  }

  void sameSeedSameData() {
    QFETCH(QString, task);
    auto config = config_for(task.toStdString(), 100, 20);
    const auto a = generate_task(config);
    const auto b = generate_task(config);
    QVERIFY(a.train == b.train);
    QVERIFY(a.eval == b.eval);
    config.seed = 2;
    const auto c = generate_task(config);
    QVERIFY(!(a.train == c.train));
  }

  void uniqueAndNoOverlap_data() { sameSeedSameData_data(); }
  void uniqueAndNoOverlap() {
    QFETCH(QString, task);
    const auto data = generate_task(config_for(task.toStdString()));
    QCOMPARE(data.train.size(), size_t{300});
    QCOMPARE(data.eval.size(), size_t{60});
    std::set<std::string> sources;
    for (const auto& example : data.train) sources.insert(example.source);
    QCOMPARE(sources.size(), size_t{300});
    for (const auto& example : data.eval) QVERIFY(sources.insert(example.source).second);
  }

  // Each alignment entry points at real source positions; for permutation
  // tasks every source position is used exactly once.
  void alignmentsAreValid_data() { sameSeedSameData_data(); }
  void alignmentsAreValid() {
    QFETCH(QString, task);
    const auto data = generate_task(config_for(task.toStdString()));
    QCOMPARE(data.train_alignment.size(), data.train.size());
    const bool permutation =
        task == "copy" || task == "reverse" || task == "sort" || task == "shift";
    for (size_t i = 0; i < data.train.size(); ++i) {
      const auto& example = data.train[i];
      const auto& alignment = data.train_alignment[i];
      QCOMPARE(alignment.size(), example.target.size());
      std::vector<int> used(example.source.size(), 0);
      size_t aligned = 0;
      for (const auto& positions : alignment) {
        aligned += !positions.empty();
        for (int p : positions) {
          QVERIFY(p >= 0 && p < static_cast<int>(example.source.size()));
          ++used[p];
        }
      }
      QVERIFY(aligned >= alignment.size() / 2);
      if (permutation) {
        for (size_t t = 0; t < alignment.size(); ++t) QCOMPARE(alignment[t].size(), size_t{1});
        QVERIFY(std::all_of(used.begin(), used.end(), [](int n) { return n == 1; }));
      }
    }
  }

  void alignmentsPointAtTheRightCharacters() {
    // copy/sort/shift: the aligned source symbol produces the target symbol.
    for (const std::string name : {"copy", "reverse", "sort"}) {
      const auto data = generate_task(config_for(name));
      for (size_t i = 0; i < data.train.size(); ++i) {
        for (size_t t = 0; t < data.train[i].target.size(); ++t) {
          QCOMPARE(data.train[i].source[data.train_alignment[i][t][0]], data.train[i].target[t]);
        }
      }
    }
    // dates: in "2021/03/03" the target's digits look at the same digits.
    const auto dates = generate_task(config_for("dates", 500, 10));
    int checked = 0;
    for (size_t i = 0; i < dates.train.size(); ++i) {
      const auto& example = dates.train[i];
      for (size_t t : {0, 1, 2, 3}) {
        const auto& positions = dates.train_alignment[i][t];
        if (positions.size() == 1) {
          QCOMPARE(example.source[positions[0]], example.target[t]);
          ++checked;
        }
      }
      QVERIFY(dates.train_alignment[i][4].empty());  // the '-' separator
    }
    QVERIFY(checked > 1000);
  }

  void tooFewDistinctExamples() {
    auto config = config_for("copy", 100, 10);
    config.symbols = 2;
    config.min_length = config.max_length = 3;  // 8 distinct sequences
    try {
      generate_task(config);
      QFAIL("expected an error");
    } catch (const std::invalid_argument& e) {
      // Refused from the count of possible inputs, before generating any.
      QVERIFY2(QString(e.what()).contains("is more than the 8 distinct inputs the copy task has"),
               e.what());
    }
  }

  void invalidConfigs_data() {
    QTest::addColumn<QString>("field");
    QTest::addColumn<int>("value");
    QTest::addColumn<QString>("message");
    QTest::newRow("train size") << "train_size" << 0 << "train_size: 0 must be at least 1";
    QTest::newRow("absurd train size")
        << "train_size" << 2147483647 << "train_size + eval_size: 2147483707 is more than 5000000";
    QTest::newRow("min length") << "min_length" << 0 << "min_length: 0 must be at least 1";
    QTest::newRow("max below min") << "max_length" << 3 << "max_length: 3 is below min_length 5";
    QTest::newRow("symbols") << "symbols" << 30 << "symbols: 30 is outside the allowed range 2..26";
    QTest::newRow("shift") << "shift" << 10 << "shift: 10 must be between 1 and symbols - 1";
  }

  void invalidConfigs() {
    QFETCH(QString, field);
    QFETCH(int, value);
    QFETCH(QString, message);
    auto config = config_for(field == "shift" ? "shift" : "copy");
    if (field == "train_size") config.train_size = value;
    if (field == "min_length") config.min_length = value;
    if (field == "max_length") config.max_length = value;
    if (field == "symbols") config.symbols = value;
    if (field == "shift") config.shift = value;
    const auto errors = validate(config);
    QVERIFY(!errors.empty());
    const std::string first = errors.front().message.english();
    QVERIFY2(QString::fromStdString(first).contains(message), first.c_str());
    config.name = "nonsense";
    QVERIFY(QString::fromStdString(validate(config).front().message.english())
                .contains("unknown task 'nonsense'"));
  }
};

QTEST_GUILESS_MAIN(TestTasks)
#include "tst_tasks.moc"
