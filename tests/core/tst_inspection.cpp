// The inspector's stages come from the model's own forward pass and
// recompose into its output; its translations are the evaluation's; bad
// input gets a message, never a crash.

#include <torch/torch.h>

#include <QtTest/QtTest>

#include <filesystem>
#include <fstream>

#include "attn/dataset.h"
#include "attn/inspection.h"
#include "attn/trainer.h"
#include "inspect/inspection_state.h"
#include "inspect/stages.h"
#include "model/model_factory.h"
#include "model/positional_encoding.h"
#include "tiny_run.h"
#include "train/checkpoint.h"
#include "train/evaluation.h"

using namespace attn;
namespace fs = std::filesystem;

namespace {

constexpr double kTolerance = 1e-5;

ModelConfig config_for(NormPlacement norm, Activation activation) {
  return comparison_model(norm, activation);
}

double max_difference(const torch::Tensor& a, const torch::Tensor& b) {
  return (a.to(torch::kFloat64) - b.to(torch::kFloat64)).abs().max().item<double>();
}

#define CHECK_CLOSE(a, b, what)                                                                  \
  do {                                                                                           \
    const double difference = max_difference((a), (b));                                          \
    QVERIFY2(                                                                                    \
        difference <= kTolerance,                                                                \
        qPrintable(QStringLiteral("%1: %2").arg(QString::fromStdString(what)).arg(difference))); \
  } while (false)

torch::Tensor linear(const torch::Tensor& x, const torch::Tensor& weight,
                     const torch::Tensor& bias) {
  return torch::nn::functional::linear(x, weight, bias);
}

// A trained copy-task run (tiny model), shared by the tests that need one.
struct TrainedRun {
  std::string directory;
  RunOutcome outcome;
};

RunConfig copy_run(const QString& runs) {
  RunConfig run = quick_learning_run("copy", runs.toStdString());
  run.train.epochs = 12;
  run.train.sample_predictions = 6;
  run.train.beam_size = 3;
  return run;
}

}  // namespace

class TestInspection : public QObject {
  Q_OBJECT

  QTemporaryDir m_runs;
  TrainedRun m_trained;

  const TrainedRun& trained() {
    if (m_trained.directory.empty()) {
      m_trained.outcome = train({copy_run(m_runs.path()), {}, true});
      m_trained.directory = m_trained.outcome.run_directory;
    }
    return m_trained;
  }

 private Q_SLOTS:
  void initTestCase() { at::set_num_threads(1); }

  void stagesRecompose_data() {
    QTest::addColumn<int>("implementation");
    QTest::addColumn<int>("norm");
    QTest::addColumn<int>("activation");
    for (auto implementation : {Implementation::Scratch, Implementation::Library}) {
      for (auto norm : {NormPlacement::Post, NormPlacement::Pre}) {
        for (auto activation : {Activation::ReLU, Activation::GELU}) {
          const auto name = to_string(implementation) + "/" +
                            (norm == NormPlacement::Post ? "post" : "pre") + "/" +
                            (activation == Activation::ReLU ? "relu" : "gelu");
          QTest::newRow(name.c_str()) << static_cast<int>(implementation) << static_cast<int>(norm)
                                      << static_cast<int>(activation);
        }
      }
    }
  }

  // Every stage the trace keeps follows from the previous ones with the
  // layer's own weights, and the traced pass's logits are the plain ones.
  void stagesRecompose() {
    QFETCH(int, implementation);
    QFETCH(int, norm);
    QFETCH(int, activation);
    const auto config =
        config_for(static_cast<NormPlacement>(norm), static_cast<Activation>(activation));
    auto model = make_model(config, static_cast<Implementation>(implementation), 7);
    model->eval();
    torch::manual_seed(3);
    auto src = torch::randint(4, config.src_vocab_size, {1, 9}, torch::kLong);
    auto tgt_in = torch::randint(4, config.tgt_vocab_size, {1, 7}, torch::kLong);
    tgt_in[0][0] = 1;
    const auto pass = traced_pass(*model, src, tgt_in);
    torch::NoGradGuard no_grad;
    auto parameters = model->named_parameters();
    auto p = [&](const std::string& name) {
      if (!parameters.contains(name)) qFatal("no parameter %s", name.c_str());
      return parameters[name];
    };

    // §3.4, §3.5: embedding · √d_model + PE.
    const auto pe = sinusoidal_table(config.max_len, config.d_model).to(torch::kFloat32);
    CHECK_CLOSE(pass.trace.source_input, pass.trace.source_embedding + pe.narrow(0, 0, 9),
                std::string("source + PE"));
    CHECK_CLOSE(pass.trace.target_input, pass.trace.target_embedding + pe.narrow(0, 0, 7),
                std::string("target + PE"));

    const bool post = config.norm == NormPlacement::Post;
    auto check_layer = [&](const LayerTrace& layer, const std::string& prefix,
                           const torch::Tensor& layer_input, const torch::Tensor& memory) {
      QCOMPARE(layer.blocks.size(), static_cast<std::size_t>(memory.defined() ? 3 : 2));
      CHECK_CLOSE(layer.blocks.front().input, layer_input, prefix + " input");
      for (std::size_t b = 0; b < layer.blocks.size(); ++b) {
        const auto& block = layer.blocks[b];
        const std::string norm_name = prefix + "norm" + std::to_string(b + 1);
        if (b > 0) CHECK_CLOSE(block.input, layer.blocks[b - 1].result, prefix + " chain");
        const auto layer_norm = [&](const torch::Tensor& x) {
          return torch::layer_norm(x, {config.d_model}, p(norm_name + ".weight"),
                                   p(norm_name + ".bias"));
        };
        CHECK_CLOSE(block.sublayer_input, post ? block.input : layer_norm(block.input),
                    prefix + " sub-layer input");
        CHECK_CLOSE(block.sum, block.input + block.output, prefix + " residual sum");
        CHECK_CLOSE(block.result, post ? layer_norm(block.sum) : block.sum, prefix + " norm");
        if (block.sublayer == "feed-forward") {
          CHECK_CLOSE(layer.ffn_pre_activation,
                      linear(block.sublayer_input, p(prefix + "linear1.weight"),
                             p(prefix + "linear1.bias")),
                      prefix + " W1");
          const auto activated = config.activation == Activation::GELU
                                     ? torch::gelu(layer.ffn_pre_activation)
                                     : torch::relu(layer.ffn_pre_activation);
          CHECK_CLOSE(layer.ffn_hidden, activated, prefix + " activation");
          CHECK_CLOSE(
              block.output,
              linear(layer.ffn_hidden, p(prefix + "linear2.weight"), p(prefix + "linear2.bias")),
              prefix + " W2");
          continue;
        }
        const bool cross = block.sublayer == "cross-attention";
        const std::string attention = prefix + (cross ? "multihead_attn." : "self_attn.");
        const auto& trace = cross ? layer.cross_attention : layer.self_attention;
        const auto& s = trace.stages;
        const int64_t d = config.d_model, heads = config.heads;
        const auto heads_of = [&](const torch::Tensor& x, int64_t part) {
          auto y = linear(x, p(attention + "in_proj_weight").narrow(0, part * d, d),
                          p(attention + "in_proj_bias").narrow(0, part * d, d));
          return y.view({1, y.size(1), heads, d / heads}).transpose(1, 2);
        };
        const auto& keys_from = cross ? memory : block.sublayer_input;
        CHECK_CLOSE(s.q, heads_of(block.sublayer_input, 0), attention + " Q");
        CHECK_CLOSE(s.k, heads_of(keys_from, 1), attention + " K");
        CHECK_CLOSE(s.v, heads_of(keys_from, 2), attention + " V");
        CHECK_CLOSE(s.scores, torch::matmul(s.q, s.k.transpose(-2, -1)), attention + " QKᵀ");
        QCOMPARE(s.scale, 1.0 / std::sqrt(static_cast<double>(d / heads)));
        // The masked cells are −inf exactly where the causal mask hides a key.
        const auto hidden = s.masked.isinf();
        if (!cross && memory.defined()) {
          QVERIFY(hidden.equal(torch::ones({7, 7}, torch::kBool).triu(1).expand_as(hidden)));
        } else {
          QVERIFY(!hidden.any().item<bool>());
        }
        CHECK_CLOSE(torch::softmax(s.masked, -1), trace.weights, attention + " softmax");
        CHECK_CLOSE(trace.weights.sum(-1), torch::ones_like(trace.weights.sum(-1)),
                    attention + " rows sum to 1");
        CHECK_CLOSE(s.context, torch::matmul(trace.weights, s.v), attention + " weights·V");
        CHECK_CLOSE(s.concatenated, s.context.transpose(1, 2).reshape({1, -1, d}),
                    attention + " concat");
        CHECK_CLOSE(s.output,
                    linear(s.concatenated, p(attention + "out_proj.weight"),
                           p(attention + "out_proj.bias")),
                    attention + " W^O");
        CHECK_CLOSE(block.output, s.output, attention + " the block's output");
      }
    };
    torch::Tensor x = pass.trace.source_input;
    for (std::size_t i = 0; i < pass.trace.encoder.size(); ++i) {
      check_layer(pass.trace.encoder[i], "encoder." + std::to_string(i) + ".", x, {});
      x = pass.trace.encoder[i].blocks.back().result;
    }
    CHECK_CLOSE(pass.trace.memory,
                post ? x
                     : torch::layer_norm(x, {config.d_model}, p("encoder_norm.weight"),
                                         p("encoder_norm.bias")),
                std::string("memory"));
    x = pass.trace.target_input;
    for (std::size_t i = 0; i < pass.trace.decoder.size(); ++i) {
      check_layer(pass.trace.decoder[i], "decoder." + std::to_string(i) + ".", x,
                  pass.trace.memory);
      x = pass.trace.decoder[i].blocks.back().result;
    }
    CHECK_CLOSE(pass.trace.decoder_output,
                post ? x
                     : torch::layer_norm(x, {config.d_model}, p("decoder_norm.weight"),
                                         p("decoder_norm.bias")),
                std::string("decoder output"));
    CHECK_CLOSE(pass.logits,
                torch::nn::functional::linear(pass.trace.decoder_output,
                                              model->embeddings()->output_weight()),
                std::string("logits"));
    // The plain forward pass (for the post-norm library model: LibTorch's own
    // layers' forward, not the replay) gives the same logits.
    CHECK_CLOSE(pass.logits, model->forward(src, tgt_in), std::string("plain forward"));
  }

  // The stage list names every stage of the chain, with kinds.
  void stageListFollowsThePaper() {
    const auto config = config_for(NormPlacement::Post, Activation::ReLU);
    auto model = make_model(config, Implementation::Scratch, 7);
    auto src = torch::tensor({5, 6, 7, 8, 2}, torch::kLong).unsqueeze(0);
    auto tgt_in = torch::tensor({1, 5, 6}, torch::kLong).unsqueeze(0);
    const auto pass = traced_pass(*model, src, tgt_in);
    InspectionRequest request;
    request.head = 2;
    request.token = 1;
    const auto stages = stages_of(pass, config, request);
    QStringList ids;
    for (const auto& stage : stages) ids << QString::fromStdString(stage.id);
    const QStringList expected = {"source.embedding",
                                  "source.positional",
                                  "encoder.0.input",
                                  "encoder.0.self.q",
                                  "encoder.0.self.k",
                                  "encoder.0.self.v",
                                  "encoder.0.self.scores",
                                  "encoder.0.self.scaled",
                                  "encoder.0.self.masked",
                                  "encoder.0.self.softmax",
                                  "encoder.0.self.dropout",
                                  "encoder.0.self.context",
                                  "encoder.0.self.concat",
                                  "encoder.0.self.out",
                                  "encoder.0.self.residual",
                                  "encoder.0.self.norm",
                                  "encoder.0.ffn.w1",
                                  "encoder.0.ffn.activation",
                                  "encoder.0.ffn.hidden_dropout",
                                  "encoder.0.ffn.w2",
                                  "encoder.0.ffn.residual",
                                  "encoder.0.ffn.norm",
                                  "memory"};
    QCOMPARE(ids, expected);
    const auto find = [&](const char* id) {
      return *std::find_if(stages.begin(), stages.end(),
                           [&](const Stage& s) { return s.id == id; });
    };
    QCOMPARE(find("encoder.0.self.softmax").kind, StageKind::NonLinear);
    QCOMPARE(find("encoder.0.self.q").kind, StageKind::Linear);
    QCOMPARE(find("encoder.0.self.dropout").kind, StageKind::Identity);
    // Head 3, query position 2: the slice is that row of the real weights.
    const auto& softmax = find("encoder.0.self.softmax");
    QCOMPARE(softmax.shape, (std::vector<std::int64_t>{1, 6, 5, 5}));
    QCOMPARE(softmax.shown_shape, (std::vector<std::int64_t>{5}));
    const auto row = pass.trace.encoder[0].self_attention.weights[0][2][1];
    for (int k = 0; k < 5; ++k) QCOMPARE(softmax.values[k], row[k].item<float>());
    // A decoder layer: the causal mask shows as −inf after the query.
    request.kind = AttentionKind::DecoderSelf;
    request.token = 0;
    const auto decoder = stages_of(pass, config, request);
    const auto masked = std::find_if(decoder.begin(), decoder.end(), [](const Stage& s) {
      return s.id == "decoder.0.self.masked";
    });
    QVERIFY(masked != decoder.end());
    QVERIFY(std::isinf(masked->values[1]) && masked->values[1] < 0);
    QVERIFY(std::isfinite(masked->values[0]));
    QCOMPARE(masked->masked, std::int64_t{6 * 3});  // 3 hidden cells per head
    QVERIFY(std::any_of(decoder.begin(), decoder.end(),
                        [](const Stage& s) { return s.id == "decoder.0.cross.softmax"; }));
    QCOMPARE(decoder.back().id, std::string("output.softmax"));
  }

  // The inspector's translations are the evaluation's for the same
  // checkpoint, and a trained copy model's cross-attention is diagonal.
  void inspectorMatchesEvaluation() {
    const auto& run = trained();
    QCOMPARE(run.outcome.status, RunStatus::Finished);
    std::string error;
    const auto model = InspectionModel::open(run.directory, "last", &error);
    QVERIFY2(model, error.c_str());
    QVERIFY(model->description().english().find("checkpoint_last.pt") != std::string::npos);
    QVERIFY(!run.outcome.last.samples.empty());
    InspectionRequest request;
    request.beam_size = model->config().train.beam_size;
    request.length_penalty = model->config().train.length_penalty;
    double alignment = 0;
    for (const auto& sample : run.outcome.last.samples) {
      request.text = sample.source;
      const auto inspection = model->inspect(request);
      QVERIFY2(inspection.error.empty(), inspection.error.english().c_str());
      QCOMPARE(inspection.greedy.text, sample.greedy);
      QCOMPARE(inspection.beam.text, sample.beam);
      // Probabilities: the greedy choice is the most likely token at each step.
      for (const auto& token : inspection.greedy.tokens) {
        QCOMPARE(token.id, token.alternatives.front().id);
        QVERIFY(token.probability > 0 && token.probability <= 1);
      }
      QVERIFY(inspection.greedy.ended);
      QCOMPARE(inspection.greedy.tokens.back().piece, std::string("<eos>"));
      // Copy: target position t reads source position t.
      Snapshot snapshot;
      snapshot.examples.push_back(inspection.attention);
      Alignment diagonal;
      for (std::size_t t = 0; t + 1 < inspection.target_pieces.size(); ++t)
        diagonal.push_back({static_cast<int>(t)});
      alignment += alignment_scores(snapshot, {diagonal}).back();
    }
    alignment /= static_cast<double>(run.outcome.last.samples.size());
    QVERIFY2(alignment > 0.5, qPrintable(QString::number(alignment)));
  }

  void checkpointChoices() {
    const auto& run = trained();
    std::string error;
    for (const char* which : {"", "best", "last", "epoch:12", "step:1"}) {
      const auto model = InspectionModel::open(run.directory, which, &error);
      QVERIFY2(model, (std::string(which) + ": " + error).c_str());
    }
    QVERIFY(InspectionModel::open(run.directory, "step:1", &error)
                ->description()
                .english()
                .find("epoch 1") != std::string::npos);
    QVERIFY(!InspectionModel::open(run.directory, "epoch:99", &error));
    QVERIFY2(error.find("checkpoint_epoch_99.pt") != std::string::npos, error.c_str());
    QVERIFY(!InspectionModel::open(run.directory, "sideways", &error));
    QVERIFY2(error.find("expected best, last, epoch:N or step:N") != std::string::npos,
             error.c_str());
    // A checkpoint file directly.
    const auto file = run.directory + "/checkpoints/best_model.pt";
    QVERIFY(InspectionModel::open(file, "", &error));
  }

  void badInput() {
    const auto& run = trained();
    std::string error;
    const auto model = InspectionModel::open(run.directory, "", &error);
    QVERIFY2(model, error.c_str());
    InspectionRequest request;
    request.text = "";
    QVERIFY(model->inspect(request).error.english().find("nothing to inspect") !=
            std::string::npos);
    request.text = "€€€";
    const auto unknown = model->inspect(request);
    QVERIFY2(unknown.error.english().find("unknown") != std::string::npos,
             unknown.error.english().c_str());
    // Some unknown pieces: inspected, marked, and said.
    request.text = "ab€c";
    const auto partly = model->inspect(request);
    QVERIFY2(partly.error.empty(), partly.error.english().c_str());
    QCOMPARE(partly.source_unknown, (std::vector<bool>{false, false, true, false, false}));
    QVERIFY(!partly.warnings.empty());
    // Longer than the model's positions: truncated, with a visible mark.
    request.text = std::string(static_cast<std::size_t>(model->max_source_tokens() + 30), 'a');
    const auto truncated = model->inspect(request);
    QVERIFY2(truncated.error.empty(), truncated.error.english().c_str());
    QVERIFY(truncated.truncated);
    QCOMPARE(truncated.dropped_tokens, 30);
    QCOMPARE(static_cast<int>(truncated.source_pieces.size()), model->max_source_tokens() + 1);
    // Cancelled: says so, computes nothing more.
    request.text = "abc";
    QCOMPARE(model->inspect(request, [] { return true; }).error.english(),
             std::string("cancelled"));

    // Files: missing, damaged, not a checkpoint, checkpoints deleted.
    QVERIFY(!InspectionModel::open(m_runs.path().toStdString() + "/nowhere", "", &error));
    QVERIFY2(error.find("nowhere") != std::string::npos, error.c_str());
    QTemporaryDir copy;
    const fs::path damaged = fs::path(copy.path().toStdString()) / "damaged.pt";
    fs::copy_file(run.directory + "/checkpoints/best_model.pt", damaged);
    {
      std::fstream file(damaged, std::ios::in | std::ios::out | std::ios::binary);
      file.seekp(static_cast<std::streamoff>(fs::file_size(damaged) / 2));
      file.put('\x7f').put('\x00').put('\x13');
    }
    QVERIFY(!InspectionModel::open(damaged.string(), "", &error));
    QVERIFY2(error.find("damaged.pt") != std::string::npos, error.c_str());
    QVERIFY(!InspectionModel::open(run.directory + "/run.json", "", &error));
    QVERIFY2(error.find("run.json") != std::string::npos, error.c_str());
    const fs::path emptied = fs::path(copy.path().toStdString()) / "run";
    fs::create_directories(emptied / "checkpoints");
    fs::copy_file(run.directory + "/run.json", emptied / "run.json");
    QVERIFY(!InspectionModel::open(emptied.string(), "", &error));
    QVERIFY2(error.find("no checkpoint") != std::string::npos, error.c_str());

    // A checkpoint of an earlier version, without the vocabulary: says what is missing.
    std::string why;
    const auto state = read_checkpoint_state(run.directory + "/checkpoints/best_model.pt", &why);
    QVERIFY2(state, why.c_str());
    const auto saved = run_config_from_json(state->run_config_json, &why, UnknownFields::Ignore);
    QVERIFY2(saved, why.c_str());
    auto other = make_model(saved->model, Implementation::Scratch, 3);
    {
      torch::serialize::OutputArchive archive, weights;
      other->save(weights);
      archive.write("model", weights);
      archive.write("step", c10::IValue(int64_t{10}));
      archive.write("epoch", c10::IValue(int64_t{1}));
      archive.write("next_batch", c10::IValue(int64_t{0}));
      archive.write("best_eval_loss", c10::IValue(1.0));
      archive.write("evaluations_without_improvement", c10::IValue(int64_t{0}));
      archive.write("run_config", c10::IValue(state->run_config_json));
      archive.save_to((fs::path(copy.path().toStdString()) / "earlier.pt").string());
    }
    QVERIFY(!InspectionModel::open(copy.path().toStdString() + "/earlier.pt", "", &error));
    QVERIFY2(error.find("earlier.pt: written by an earlier version") != std::string::npos &&
                 error.find("the vocabulary") != std::string::npos,
             error.c_str());
    // Weights of another configuration than the one the file names: refused by name and shape.
    ModelConfig wider = saved->model;
    wider.d_ff *= 2;
    auto mismatched = make_model(wider, Implementation::Scratch, 3);
    save_checkpoint(copy.path().toStdString() + "/mismatched.pt", *mismatched, nullptr, *state);
    QVERIFY(!InspectionModel::open(copy.path().toStdString() + "/mismatched.pt", "", &error));
    QVERIFY2(error.find("mismatched.pt: its weights do not fit this model") != std::string::npos &&
                 error.find("linear1") != std::string::npos,
             error.c_str());
  }

  // The live copy reads with the weights the trainer held when it was made,
  // whatever the trainer does after; a later copy reuses the memory of one the
  // inspector has finished building from, and never that of one still unread.
  void liveCopyIsTheTrainersWeights() {
    RunConfig config = tiny_task_run("copy", 200, 20);
    auto prepared = prepare_data(config.data);
    QVERIFY2(prepared.ok(), prepared.error.english().c_str());
    const TokenizerPair& tokenizers = prepared.data.tokenizers;
    config.model.src_vocab_size = tokenizers.source->vocab_size();
    config.model.tgt_vocab_size = tokenizers.target->vocab_size();
    config.model.shared_vocab = tokenizers.shared();
    auto trainer_model = make_model(config.model, Implementation::Scratch, 5);
    trainer_model->eval();
    torch::NoGradGuard no_grad;

    InspectionRequest request;
    request.text = "abcd";
    request.max_length = 8;
    // What a copy reads: its encoder's attention, every layer and head.
    const auto weights_read = [&](const std::shared_ptr<const InspectionModel>& model) {
      const auto inspection = model->inspect(request);
      std::vector<float> all;
      for (const auto& layer : inspection.attention.encoder_self)
        all.insert(all.end(), layer.weights.begin(), layer.weights.end());
      return all;
    };

    NamedTensors spare;
    const auto first =
        make_inspection_model(*trainer_model, config, tokenizers, verbatim("live"), &spare);
    const auto before = weights_read(
        make_inspection_model(*trainer_model, config, tokenizers, verbatim("reference")));
    QVERIFY(!spare.empty());
    const void* first_memory = spare.front().second.data_ptr();
    // The trainer moves on before the copy is read: the copy keeps the old weights.
    copy_weights(*make_model(config.model, Implementation::Scratch, 9), *trainer_model);
    const auto after = weights_read(
        make_inspection_model(*trainer_model, config, tokenizers, verbatim("reference")));
    QVERIFY(before != after);
    QVERIFY(weights_read(first) == before);

    // The first copy is built: the second reuses its memory and holds the new weights.
    const auto second =
        make_inspection_model(*trainer_model, config, tokenizers, verbatim("live"), &spare);
    QCOMPARE(spare.front().second.data_ptr(), first_memory);
    // The second is not read yet: a third may not write into it.
    const auto third =
        make_inspection_model(*trainer_model, config, tokenizers, verbatim("live"), &spare);
    QVERIFY(spare.front().second.data_ptr() != first_memory);
    QVERIFY(weights_read(second) == after);
    QVERIFY(weights_read(third) == after);
    QVERIFY(weights_read(first) == before);  // built once, unchanged
  }

  // The tutorial's analysis without training: the configuration's model from its seed.
  void untrainedModel() {
    auto config = tiny_task_run("copy", 200, 20);
    std::string error;
    const auto first = InspectionModel::untrained(config, &error);
    QVERIFY2(first, error.c_str());
    const auto second = InspectionModel::untrained(config, &error);
    InspectionRequest request;
    request.text = "abcd";
    request.max_length = 6;
    const auto a = first->inspect(request), b = second->inspect(request);
    QVERIFY2(a.error.empty(), a.error.english().c_str());
    QCOMPARE(a.greedy.text, b.greedy.text);
    QCOMPARE(a.attention.encoder_self.front().weights, b.attention.encoder_self.front().weights);
    QVERIFY(!a.stages.empty());
    QVERIFY(!a.flow_nodes.empty());
    QCOMPARE(a.flow_edges.size(), std::size_t{1 + 2 + 1 + 1 + 2 * 2 + 1 + 1});
    QVERIFY(first->description().english().find("untrained") != std::string::npos);
  }
};

QTEST_GUILESS_MAIN(TestInspection)
#include "tst_inspection.moc"
