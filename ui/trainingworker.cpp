#include "trainingworker.h"

#include "coretext.h"

namespace attn::ui {
namespace {

QStringList toQStringList(const std::vector<std::string>& pieces) {
  QStringList list;
  list.reserve(static_cast<int>(pieces.size()));
  for (const auto& piece : pieces) list.append(QString::fromStdString(piece));
  return list;
}

// Forwards the engine's callbacks into the feed (training thread).
class FeedObserver : public TrainingObserver {
 public:
  FeedObserver(TrainingFeed* feed, TrainingWorker* worker) : m_feed(feed), m_worker(worker) {}
  void on_start(const std::string& runDirectory, const Text& device) override {
    emit m_worker->started(QString::fromStdString(runDirectory), translated(device));
  }
  void on_vocabulary(const std::vector<std::string>& source,
                     const std::vector<std::string>& target) override {
    m_feed->pushVocabulary(toQStringList(source), toQStringList(target));
  }
  void on_step(const StepMetrics& metrics) override { m_feed->pushStep(metrics); }
  void on_snapshot(const Snapshot& snapshot) override { m_feed->pushSnapshot(snapshot); }
  void on_epoch(const EpochMetrics& metrics) override { m_feed->pushEpoch(metrics); }
  void on_log(const std::string& line) override { m_feed->pushLog(QString::fromStdString(line)); }
  void on_model_copy(std::shared_ptr<const InspectionModel> model) override {
    emit m_worker->modelCopied(std::move(model));
  }

 private:
  TrainingFeed* m_feed;
  TrainingWorker* m_worker;
};

}  // namespace

TrainingWorker::TrainingWorker(TrainingFeed* feed, TrainingControl* control)
    : m_feed(feed), m_control(control) {}

void TrainingWorker::run(const attn::TrainRequest& request) {
  FeedObserver observer(m_feed, this);
  const RunOutcome outcome = attn::train(request, &observer, m_control);
  emit finished(outcome);
}

}  // namespace attn::ui
