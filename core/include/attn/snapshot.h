#pragma once
// What a probe pass and a backward pass record about the model's internals.
// Plain values only, so they cross threads and reach the UI and the tests.

#include <cstdint>
#include <string>
#include <vector>

namespace attn {

enum class AttentionKind { EncoderSelf, DecoderSelf, Cross };
std::string to_string(AttentionKind kind);

// Attention weights of one layer for one example, heads × queries × keys,
// row-major. Each (head, query) row sums to 1 over the keys.
struct AttentionHeads {
  int heads = 0;
  int queries = 0;
  int keys = 0;
  std::vector<float> weights;

  float at(int head, int query, int key) const {
    return weights[(static_cast<size_t>(head) * queries + query) * keys + key];
  }
};

// One probe example with its attention in every layer, trimmed to its real
// (unpadded) length. Source tokens are what the encoder saw; target tokens are
// the decoder's input (<bos> + target).
struct ExampleAttention {
  std::vector<int> src_tokens;
  std::vector<int> tgt_tokens;
  std::vector<AttentionHeads> encoder_self;  // one per encoder layer
  std::vector<AttentionHeads> decoder_self;  // one per decoder layer (causal)
  std::vector<AttentionHeads> cross;         // one per decoder layer
  // Built-in tasks: the ideal cross-attention (source positions per target
  // position, as in attn/example.h); empty for corpora.
  std::vector<std::vector<int>> ideal_alignment;

  const std::vector<AttentionHeads>& of(AttentionKind kind) const;
};

// Mean L2 norm of the per-head query, key and value vectors over the probe's
// real (unpadded) positions.
struct ProjectionNorms {
  std::vector<float> q;  // one per head
  std::vector<float> k;
  std::vector<float> v;
};

// Statistics of the feed-forward hidden layer (after the activation).
struct FfnStats {
  float mean = 0;
  float std = 0;
  float max = 0;
  float dead_fraction = 0;  // share of hidden units ≤ 0
  float min = 0;
  // Share of the hidden activations in each of kFfnHistogramBins equal bins
  // spanning [min, max].
  std::vector<float> histogram;
};

constexpr int kFfnHistogramBins = 40;

// Rows of the source token-embedding matrix (before the sqrt(d_model) scale),
// for the embeddings projection: `tokens` are vocabulary ids, `vectors` is
// tokens × dim, row-major.
struct EmbeddingSample {
  std::vector<int> tokens;
  int dim = 0;
  std::vector<float> vectors;
};

// At most this many non-special tokens are recorded (the first ids of the
// vocabulary: every symbol of a built-in task).
constexpr int kMaxEmbeddingTokens = 64;

struct LayerStats {
  ProjectionNorms self_attention;
  ProjectionNorms cross_attention;  // decoder layers only; empty otherwise
  FfnStats ffn;
  // Mean L2 norm of the residual stream x + Sublayer(x) after each sub-layer
  // (2 per encoder layer, 3 per decoder layer); in post-norm layers taken
  // before the LayerNorm, whose output has norm ≈ √d_model at every position.
  std::vector<float> residual_norms;
};

// Everything one probe pass recorded.
struct Snapshot {
  std::int64_t step = 0;
  int epoch = 0;
  std::vector<ExampleAttention> examples;
  std::vector<LayerStats> encoder;  // one per encoder layer
  std::vector<LayerStats> decoder;  // one per decoder layer
  EmbeddingSample embeddings;
};

// What a run's model makes of every snapshot it captures; 0 where not known.
struct SnapshotShape {
  int heads = 0;
  int encoder_layers = 0;
  int decoder_layers = 0;
  int source_vocabulary = 0;
  int target_vocabulary = 0;
};

// Why `snapshot` cannot have come from a model of `shape` ("example 1,
// encoder self-attention, layer 2: -1 heads"), or empty when it fits. Without
// a shape, what every snapshot must be: positive sizes whose product is the
// number of weights, maps as long as their tokens, one head count per kind,
// statistics for every layer of the maps. Readers of stored snapshots refuse
// what fails, so that the views never index past what is there.
std::string snapshot_problem(const Snapshot& snapshot, const SnapshotShape& shape = {});

// Gradient norms of one layer's parameter groups after a backward pass.
struct LayerGradients {
  float attention = 0;       // self (and cross) attention projections
  float ffn = 0;             // both feed-forward linears
  float norm = 0;            // the layer's LayerNorms
  float grad_to_weight = 0;  // ||grad|| / ||weight|| over the whole layer
};

struct GradientStats {
  float global_norm = 0;  // before clipping
  float embedding = 0;    // token embeddings (and tied output projection)
  float embedding_grad_to_weight = 0;
  std::vector<LayerGradients> encoder;
  std::vector<LayerGradients> decoder;
};

}  // namespace attn
