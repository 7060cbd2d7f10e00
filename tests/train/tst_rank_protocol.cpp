// What the ranks of a data-parallel run tell each other, both ways, without a
// connection: the votes before a step, rank 0's note after its evaluation,
// and the set-up they must share.

#include <torch/torch.h>

#include <QtTest/QtTest>

#include "tiny_run.h"
#include "train/rank_protocol.h"

using namespace attn;

namespace {

// The votes of several ranks, summed as the exchange's all-reduce sums them.
StepVote allVote(const std::vector<StepVote>& ranks) {
  std::vector<double> summed(3, 0.0);
  for (const auto& vote : ranks) {
    const auto values = vote_values(vote);
    for (std::size_t i = 0; i < summed.size(); ++i) summed[i] += values[i];
  }
  return summed_votes(summed);
}

}  // namespace

class TestRankProtocol : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void votes() {
    // Nobody asks: everyone trains, on every rank's tokens.
    StepVote all = allVote({{false, false, 310}, {false, false, 290}, {false, false, 0}});
    QVERIFY(!all.stop && !all.pause);
    QCOMPARE(all.tokens, std::int64_t{600});
    // One rank pauses (the window's Pause on rank 0): all pause.
    all = allVote({{false, true, 5}, {false, false, 7}});
    QVERIFY(all.pause && !all.stop);
    QCOMPARE(all.tokens, std::int64_t{12});
    // A rank asks to stop (Ctrl+C on rank 1) while another pauses: all stop.
    all = allVote({{false, true, 5}, {true, false, 7}});
    QVERIFY(all.stop && !all.pause);
    // Counts stay exact well past a float's integers.
    all = allVote({{false, false, (std::int64_t{1} << 40) + 1}, {false, false, 1}});
    QCOMPARE(all.tokens, (std::int64_t{1} << 40) + 2);
  }

  void rankZeroNotes_data() {
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("message");
    QTest::newRow("finished") << int(RunStatus::Finished) << QString();
    QTest::newRow("stopped") << int(RunStatus::Stopped) << "stopped at step 12; checkpoint kept";
    QTest::newRow("early-stopped")
        << int(RunStatus::EarlyStopped) << "eval loss did not improve for 2 evaluations";
    QTest::newRow("failed, a tab in the message")
        << int(RunStatus::Failed) << "metrics.csv: No space left on device\t(disk full)";
  }

  // What rank 0 writes, the others read back as it was meant.
  void rankZeroNotes() {
    QFETCH(int, status);
    QFETCH(QString, message);
    const auto end = read_epoch_note(end_note(RunStatus(status), message.toStdString()));
    QVERIFY(end);
    QCOMPARE(int(end->status), status);
    QCOMPARE(QString::fromStdString(end->message), message);
  }

  void goOnAndUnreadableNotes() {
    QVERIFY(!read_epoch_note(continue_note()));
    const auto garbled = read_epoch_note("half a not");
    QVERIFY(garbled);
    QCOMPARE(int(garbled->status), int(RunStatus::Failed));
    QVERIFY(garbled->message.find("half a not") != std::string::npos);
    QCOMPARE(epoch_note_key(40), std::string("after-step/40"));
  }

  // Each rank names the first difference from rank 0; threads, the run's
  // name and folder may differ.
  void setupMismatch() {
    RunConfig config = tiny_task_run("copy", 100, 10);
    PreparedData data;
    data.tokenizers = train_tokenizers(TokenizerConfig{}, {{"abc", "abd"}});
    World zero;
    zero.size = 2;
    World one = zero;
    one.rank = 1;
    const std::string same = setup_fingerprint(config, data, zero).dump();
    RunConfig mine = config;
    mine.train.threads = 3;
    mine.name = "elsewhere";
    mine.runs_directory = "/tmp/other";
    QCOMPARE(setup_mismatch({same, setup_fingerprint(mine, data, one).dump()}, one), std::string());
    mine.train.batch_size = 16;
    const std::vector<std::string> all = {same, setup_fingerprint(mine, data, one).dump()};
    for (const World& world : {zero, one}) {
      const std::string problem = setup_mismatch(all, world);
      QVERIFY2(problem.find("rank 1 differs from rank 0 at config.train.batch_size") == 0,
               problem.c_str());
    }
  }
};

QTEST_APPLESS_MAIN(TestRankProtocol)
#include "tst_rank_protocol.moc"
