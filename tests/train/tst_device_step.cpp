// The step --cuda-graphs records, run eagerly on the CPU: Adam with its step
// count and rate on the device equals LibTorch's Adam, the rate and the clip
// equal the host's, and padding a batch to its bucket changes neither the
// loss nor the gradients. (The recording itself needs a GPU: the GPU check.)

#include <torch/torch.h>

#include <QtTest/QtTest>

#include <cmath>

#include "attn/train_config.h"
#include "data/batcher.h"
#include "model/model_factory.h"
#include "torch_compat.h"
#include "train/cuda_graph_step.h"
#include "train/device_step.h"
#include "train/optimization.h"
#include "train/preflight.h"

using namespace attn;

namespace {

double largest_gap(const std::vector<torch::Tensor>& a, const std::vector<torch::Tensor>& b) {
  double gap = 0;
  for (std::size_t i = 0; i < a.size(); ++i)
    gap = std::max(gap, (a[i] - b[i]).abs().max().item<double>());
  return gap;
}

}  // namespace

class TestDeviceStep : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() { at::set_num_threads(1); }

  // Twelve steps across Noam's warm-up, a parameter without a gradient on
  // one step: the parameters and the state of LibTorch's Adam to float
  // rounding, and the step count written back for the checkpoint.
  void deviceAdamMatchesLibTorchAdam() {
    torch::manual_seed(7);
    std::vector<torch::Tensor> ours, theirs;
    for (const auto& shape : std::vector<std::vector<int64_t>>{{13, 9}, {5}, {32, 32}}) {
      const auto initial = torch::randn(shape);
      ours.push_back(initial.clone().requires_grad_());
      theirs.push_back(initial.clone().requires_grad_());
    }
    TrainConfig train;
    train.warmup = 4;
    const int d_model = 64;
    auto optimizer = make_adam(ours, train, d_model);
    DeviceAdam device_adam(optimizer, train, d_model);
    torch::optim::Adam reference(theirs, torch::optim::AdamOptions(1.0)
                                             .betas({train.adam_beta1, train.adam_beta2})
                                             .eps(train.adam_eps));
    for (int step = 1; step <= 12; ++step) {
      set_learning_rate(reference, learning_rate(train, d_model, step));
      for (std::size_t i = 0; i < ours.size(); ++i) {
        const bool skipped = i == 1 && step == 5;
        const auto gradient = torch::randn(ours[i].sizes()) * 0.1;
        ours[i].mutable_grad() = skipped ? torch::Tensor() : gradient.clone();
        theirs[i].mutable_grad() = skipped ? torch::Tensor() : gradient.clone();
      }
      device_adam.step();
      reference.step();
      QVERIFY(std::abs(device_adam.learning_rate().item<double>() -
                       learning_rate(train, d_model, step)) < 1e-12);
    }
    const double gap = largest_gap(ours, theirs);
    QVERIFY2(gap < 1e-6, qPrintable(QString::number(gap)));
    device_adam.sync_to_optimizer();
    const auto& state = static_cast<torch::optim::AdamParamState&>(
        *optimizer.state().at(compat::optimizer_state_key(ours[0])));
    QCOMPARE(state.step(), int64_t{12});
    const auto& reference_state = static_cast<torch::optim::AdamParamState&>(
        *reference.state().at(compat::optimizer_state_key(theirs[0])));
    QVERIFY(torch::allclose(state.exp_avg(), reference_state.exp_avg(), 1e-5, 1e-9));
    QVERIFY(torch::allclose(state.exp_avg_sq(), reference_state.exp_avg_sq(), 1e-5, 1e-12));
  }

  // Resumed: the device step count starts where the checkpoint's Adam stood.
  void deviceAdamContinuesFromTheOptimizersStep() {
    auto parameter = torch::ones({4}, torch::requires_grad());
    TrainConfig train;
    auto optimizer = make_adam({parameter}, train, 64);
    parameter.mutable_grad() = torch::full({4}, 0.5);
    for (int i = 0; i < 3; ++i) optimizer.step();
    DeviceAdam device_adam(optimizer, train, 64);
    device_adam.step();
    QVERIFY(std::abs(device_adam.learning_rate().item<double>() - learning_rate(train, 64, 4)) <
            1e-12);
  }

  void rateOnTheDevice() {
    TrainConfig train;
    for (std::int64_t step : {1, 2, 50, 100, 101, 4000, 100000}) {
      const auto on_device =
          learning_rate_on_device(train, 512, torch::full({}, double(step), torch::kFloat64));
      QVERIFY(std::abs(on_device.item<double>() - learning_rate(train, 512, step)) < 1e-15);
    }
    train.schedule = LrSchedule::Constant;
    QCOMPARE(
        learning_rate_on_device(train, 512, torch::full({}, 3.0, torch::kFloat64)).item<double>(),
        train.lr);
  }

  void clippingOnTheDevice() {
    torch::manual_seed(2);
    for (double clip : {0.0, 0.5, 100.0}) {
      std::vector<torch::Tensor> ours, theirs;
      for (int i = 0; i < 3; ++i) {
        const auto gradient = torch::randn({7, 3});
        ours.push_back(torch::zeros({7, 3}, torch::requires_grad()));
        theirs.push_back(torch::zeros({7, 3}, torch::requires_grad()));
        ours.back().mutable_grad() = gradient.clone();
        theirs.back().mutable_grad() = gradient.clone();
      }
      double norm = 0;
      for (const auto& t : theirs) norm += t.grad().pow(2).sum().item<double>();
      norm = std::sqrt(norm);
      const auto device_norm = clip_gradients_on_device(ours, clip);
      clip_gradients(theirs, norm, clip);
      QVERIFY(std::abs(device_norm.item<double>() - norm) < 1e-5);
      std::vector<torch::Tensor> a, b;
      for (std::size_t i = 0; i < ours.size(); ++i) {
        a.push_back(ours[i].grad());
        b.push_back(theirs[i].grad());
      }
      QVERIFY2(largest_gap(a, b) < 1e-6, qPrintable(QString::number(clip)));
    }
  }

  void buckets() {
    QCOMPARE(bucket_length(1, 512), std::int64_t{16});
    QCOMPARE(bucket_length(16, 512), std::int64_t{16});
    QCOMPARE(bucket_length(17, 512), std::int64_t{32});
    QCOMPARE(bucket_length(30, 40), std::int64_t{32});
    QCOMPARE(bucket_length(35, 40), std::int64_t{40});  // never past the model's positions
    QCOMPARE(bucket_length(45, 40), std::int64_t{45});  // and never shorter than the batch
  }

  // A batch padded to its bucket: the same loss and gradients as unpadded
  // (attention never reads padded keys, the loss skips padded labels), also
  // the same as accumulate_gradients, whose token count is the host's.
  void paddingChangesNothing() {
    ModelConfig config;
    config.src_vocab_size = config.tgt_vocab_size = 30;
    config.d_model = 32;
    config.heads = 4;
    config.d_ff = 64;
    config.dropout = 0.0;
    std::vector<EncodedExample> examples;
    torch::manual_seed(5);
    for (int i = 0; i < 6; ++i) {
      std::vector<int> source, target;
      for (int j = 0; j < 3 + i % 4; ++j) source.push_back(4 + (i * 7 + j * 3) % 26);
      for (int j = 0; j < 2 + i % 3; ++j) target.push_back(4 + (i * 5 + j * 11) % 26);
      examples.push_back({source, target});
    }
    Batcher batcher(examples, 6, false, 1);
    const Batch batch = batcher.make_batch({0, 1, 2, 3, 4, 5}, torch::kCPU);
    auto gradients_of = [&](const Batch& input, bool device_count) {
      auto model = make_model(config, Implementation::Scratch, 3);
      const double loss =
          device_count ? forward_backward_on_device(*model, input, 0.1, false, torch::kBFloat16)
                             .item<double>()
                       : accumulate_gradients(*model, {input}, 0.1).item<double>();
      std::vector<torch::Tensor> gradients;
      for (const auto& p : model->parameters()) gradients.push_back(p.grad().clone());
      return std::make_pair(loss, gradients);
    };
    const auto [loss, gradients] = gradients_of(batch, false);
    const Batch padded = padded_batch(batch, 16, 16);
    QCOMPARE(padded.src.size(1), std::int64_t{16});
    QCOMPARE(padded.tgt_in.size(1), std::int64_t{16});
    QCOMPARE(padded.causal.size(0), std::int64_t{16});
    QVERIFY(
        padded.src_padding.narrow(1, batch.src.size(1), 16 - batch.src.size(1)).all().item<bool>());
    const auto [padded_loss, padded_gradients] = gradients_of(padded, true);
    QVERIFY2(std::abs(loss - padded_loss) < 1e-5,
             qPrintable(QString("%1 vs %2").arg(loss).arg(padded_loss)));
    const double gap = largest_gap(gradients, padded_gradients);
    QVERIFY2(gap < 1e-5, qPrintable(QString::number(gap)));
  }

  // Where graphs cannot be recorded the run is refused with the reason.
  void graphsRefusals() {
    TrainConfig train;
    train.cuda_graphs = true;
    Text refusal;
    train.device = "cpu";
    QVERIFY(!choose_device(train, 0, &refusal));
    QVERIFY2(refusal.english().find("cuda_graphs: CUDA graphs need a CUDA device") == 0,
             refusal.english().c_str());
    train.device = "cuda";
    refusal = {};
    if (!CudaGraphStep::built()) {
      QVERIFY(!choose_device(train, 1, &refusal));
      QVERIFY2(refusal.english().find("cuda_graphs: this LibTorch has no CUDA") == 0,
               refusal.english().c_str());
      return;
    }
    train.amp = AmpMode::Float16;
    QVERIFY(!choose_device(train, 1, &refusal));
    QVERIFY2(refusal.english().find("cuda_graphs: fp16's loss scale") == 0,
             refusal.english().c_str());
    train.amp = AmpMode::BFloat16;
    train.accumulation = 2;
    refusal = {};
    QVERIFY(!choose_device(train, 1, &refusal));
    QVERIFY2(refusal.english().find("cuda_graphs: one batch per step") == 0,
             refusal.english().c_str());
    train.accumulation = 1;
    const auto choice = choose_device(train, 1, &refusal);
    QVERIFY(choice);
    QCOMPARE(choice->description, std::string("cuda:0 (bf16 autocast, CUDA graphs)"));
  }
};

QTEST_GUILESS_MAIN(TestDeviceStep)
#include "tst_device_step.moc"
