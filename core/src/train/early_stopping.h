#pragma once
// Early stopping on the evaluation loss: the best loss so far and how many
// evaluations since it improved. A value the trainer keeps and a checkpoint
// stores, so a resumed run stops where an uninterrupted one would.

namespace attn {

class EarlyStopping {
 public:
  // `patience` evaluations without improvement end the run; 0: never.
  explicit EarlyStopping(int patience) : patience_(patience) {}

  // Where a checkpoint left it (best 0: no evaluation yet, as checkpoints store it).
  void restore(double best, int evaluations_without_improvement) {
    best_ = best;
    has_best_ = best > 0;
    without_improvement_ = evaluations_without_improvement;
  }

  // An evaluation's loss; true when it is the best so far.
  bool record(double eval_loss) {
    if (has_best_ && !(eval_loss < best_)) {
      ++without_improvement_;
      return false;
    }
    best_ = eval_loss;
    has_best_ = true;
    without_improvement_ = 0;
    return true;
  }

  bool exhausted() const { return patience_ > 0 && without_improvement_ >= patience_; }
  int patience() const { return patience_; }
  bool has_best() const { return has_best_; }
  // The best loss, 0 before the first evaluation.
  double best() const { return has_best_ ? best_ : 0; }
  int evaluations_without_improvement() const { return without_improvement_; }

 private:
  int patience_;
  double best_ = 0;
  bool has_best_ = false;
  int without_improvement_ = 0;
};

}  // namespace attn
