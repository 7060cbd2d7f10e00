#include <cstring>

#include "attn/history.h"

namespace attn {
namespace {

constexpr std::uint32_t kMagic = 0x4E535441;  // "ATSN"
// Version 2 added the FFN minimum and histogram, the ideal alignment and the
// embedding rows; version 1 blobs still decode (without them).
constexpr std::uint32_t kVersion = 2;

class Writer {
 public:
  template <typename T>
  void put(T value) {
    const auto* bytes = reinterpret_cast<const char*>(&value);
    out.append(bytes, sizeof(T));
  }
  template <typename T>
  void put_vector(const std::vector<T>& values) {
    put<std::uint32_t>(static_cast<std::uint32_t>(values.size()));
    out.append(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(T));
  }
  std::string out;
};

class Reader {
 public:
  explicit Reader(const std::string& blob) : blob_(blob) {}
  template <typename T>
  T get() {
    T value{};
    if (position_ + sizeof(T) > blob_.size()) {
      failed = true;
      return value;
    }
    std::memcpy(&value, blob_.data() + position_, sizeof(T));
    position_ += sizeof(T);
    return value;
  }
  template <typename T>
  std::vector<T> get_vector() {
    const auto count = get<std::uint32_t>();
    if (failed || position_ + std::size_t{count} * sizeof(T) > blob_.size()) {
      failed = true;
      return {};
    }
    std::vector<T> values(count);
    if (count > 0)
      std::memcpy(values.data(), blob_.data() + position_, std::size_t{count} * sizeof(T));
    position_ += std::size_t{count} * sizeof(T);
    return values;
  }
  // A count of items that take at least `bytes_each` bytes; a corrupt count
  // larger than what is left fails instead of allocating.
  std::uint32_t get_count(std::size_t bytes_each) {
    const auto count = get<std::uint32_t>();
    if (failed || std::size_t{count} * bytes_each > blob_.size() - position_) {
      failed = true;
      return 0;
    }
    return count;
  }
  bool failed = false;

 private:
  const std::string& blob_;
  std::size_t position_ = 0;
};

void put_heads(Writer& w, const std::vector<AttentionHeads>& layers) {
  w.put<std::uint32_t>(static_cast<std::uint32_t>(layers.size()));
  for (const auto& heads : layers) {
    w.put<std::int32_t>(heads.heads);
    w.put<std::int32_t>(heads.queries);
    w.put<std::int32_t>(heads.keys);
    w.put_vector(heads.weights);
  }
}

std::vector<AttentionHeads> get_heads(Reader& r) {
  std::vector<AttentionHeads> layers(r.get_count(16));
  for (auto& heads : layers) {
    if (r.failed) break;
    heads.heads = r.get<std::int32_t>();
    heads.queries = r.get<std::int32_t>();
    heads.keys = r.get<std::int32_t>();
    heads.weights = r.get_vector<float>();
  }
  return layers;
}

void put_stats(Writer& w, const std::vector<LayerStats>& layers) {
  w.put<std::uint32_t>(static_cast<std::uint32_t>(layers.size()));
  for (const auto& layer : layers) {
    for (const auto* norms : {&layer.self_attention, &layer.cross_attention}) {
      w.put_vector(norms->q);
      w.put_vector(norms->k);
      w.put_vector(norms->v);
    }
    w.put(layer.ffn.mean);
    w.put(layer.ffn.std);
    w.put(layer.ffn.max);
    w.put(layer.ffn.dead_fraction);
    w.put_vector(layer.residual_norms);
    w.put(layer.ffn.min);
    w.put_vector(layer.ffn.histogram);
  }
}

std::vector<LayerStats> get_stats(Reader& r, std::uint32_t version) {
  std::vector<LayerStats> layers(r.get_count(40));
  for (auto& layer : layers) {
    if (r.failed) break;
    for (auto* norms : {&layer.self_attention, &layer.cross_attention}) {
      norms->q = r.get_vector<float>();
      norms->k = r.get_vector<float>();
      norms->v = r.get_vector<float>();
    }
    layer.ffn.mean = r.get<float>();
    layer.ffn.std = r.get<float>();
    layer.ffn.max = r.get<float>();
    layer.ffn.dead_fraction = r.get<float>();
    layer.residual_norms = r.get_vector<float>();
    if (version >= 2) {
      layer.ffn.min = r.get<float>();
      layer.ffn.histogram = r.get_vector<float>();
    }
  }
  return layers;
}

}  // namespace

std::string encode_snapshot(const Snapshot& snapshot) {
  Writer w;
  w.put(kMagic);
  w.put(kVersion);
  w.put<std::int64_t>(snapshot.step);
  w.put<std::int32_t>(snapshot.epoch);
  w.put<std::uint32_t>(static_cast<std::uint32_t>(snapshot.examples.size()));
  for (const auto& example : snapshot.examples) {
    w.put_vector(example.src_tokens);
    w.put_vector(example.tgt_tokens);
    put_heads(w, example.encoder_self);
    put_heads(w, example.decoder_self);
    put_heads(w, example.cross);
    w.put<std::uint32_t>(static_cast<std::uint32_t>(example.ideal_alignment.size()));
    for (const auto& sources : example.ideal_alignment) w.put_vector(sources);
  }
  put_stats(w, snapshot.encoder);
  put_stats(w, snapshot.decoder);
  w.put_vector(snapshot.embeddings.tokens);
  w.put<std::int32_t>(snapshot.embeddings.dim);
  w.put_vector(snapshot.embeddings.vectors);
  return std::move(w.out);
}

std::optional<Snapshot> decode_snapshot(const std::string& blob, std::string* problem) {
  auto refuse = [problem](std::string why) -> std::optional<Snapshot> {
    if (problem) *problem = std::move(why);
    return std::nullopt;
  };
  const auto cut = [&] {
    return refuse("the stored snapshot (" + std::to_string(blob.size()) +
                  " bytes) ends early or holds a count larger than itself");
  };
  Reader r(blob);
  if (r.get<std::uint32_t>() != kMagic) return refuse("not a snapshot (no ATSN mark)");
  const auto version = r.get<std::uint32_t>();
  if (version < 1 || version > kVersion) {
    return refuse("snapshot format " + std::to_string(version) + "; this version reads 1 to " +
                  std::to_string(kVersion));
  }
  Snapshot snapshot;
  snapshot.step = r.get<std::int64_t>();
  snapshot.epoch = r.get<std::int32_t>();
  snapshot.examples.resize(r.get_count(8));
  for (auto& example : snapshot.examples) {
    if (r.failed) return cut();
    example.src_tokens = r.get_vector<int>();
    example.tgt_tokens = r.get_vector<int>();
    example.encoder_self = get_heads(r);
    example.decoder_self = get_heads(r);
    example.cross = get_heads(r);
    if (version >= 2) {
      example.ideal_alignment.resize(r.get_count(4));
      for (auto& sources : example.ideal_alignment) {
        if (r.failed) return cut();
        sources = r.get_vector<int>();
      }
    }
  }
  snapshot.encoder = get_stats(r, version);
  snapshot.decoder = get_stats(r, version);
  if (version >= 2) {
    snapshot.embeddings.tokens = r.get_vector<int>();
    snapshot.embeddings.dim = r.get<std::int32_t>();
    snapshot.embeddings.vectors = r.get_vector<float>();
  }
  if (r.failed) return cut();
  if (auto why = snapshot_problem(snapshot); !why.empty()) return refuse(why);
  return snapshot;
}

}  // namespace attn
