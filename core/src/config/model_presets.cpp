#include <map>

#include "attn/model_config.h"

namespace attn {
namespace {

struct Preset {
  ModelConfig config;
  std::string description;
};

ModelConfig shape(int vocab, int d_model, int heads, int enc, int dec, int d_ff, double dropout,
                  int max_len) {
  ModelConfig c;
  c.src_vocab_size = c.tgt_vocab_size = vocab;
  c.shared_vocab = true;
  c.d_model = d_model;
  c.heads = heads;
  c.enc_layers = enc;
  c.dec_layers = dec;
  c.d_ff = d_ff;
  c.dropout = dropout;
  c.max_len = max_len;
  return c;
}

const std::map<std::string, Preset>& presets() {
  // §5.1: the paper's WMT 2014 English-German models share a 37000-token
  // byte-pair vocabulary; Table 3 gives the base and big shapes.
  static const std::map<std::string, Preset> table = {
      {"tiny",
       {shape(32, 64, 4, 2, 2, 256, 0.1, 256),
        "64-wide, 4 heads, 2+2 layers: learns the toy tasks in a minute on a laptop"}},
      {"small",
       {shape(1000, 256, 8, 3, 3, 1024, 0.1, 256),
        "256-wide, 8 heads, 3+3 layers: small corpora and the harder tasks"}},
      {"paper-base",
       {shape(37000, 512, 8, 6, 6, 2048, 0.1, 512),
        "the paper's base model (Table 3): 512-wide, 8 heads, 6+6 layers"}},
      {"paper-big",
       {shape(37000, 1024, 16, 6, 6, 4096, 0.3, 512),
        "the paper's big model (Table 3): 1024-wide, 16 heads, 6+6 layers"}},
      {"bench-tiny", {shape(32, 64, 4, 2, 2, 256, 0.1, 256), "benchmark shape: tiny"}},
      {"bench-small", {shape(1000, 256, 8, 3, 3, 1024, 0.1, 256), "benchmark shape: small"}},
      {"bench-base", {shape(8000, 512, 8, 6, 6, 2048, 0.1, 512), "benchmark shape: base"}},
  };
  return table;
}

}  // namespace

std::vector<std::string> model_preset_names() {
  return {"tiny", "small", "paper-base", "paper-big", "bench-tiny", "bench-small", "bench-base"};
}

std::optional<ModelConfig> model_preset(const std::string& name) {
  auto it = presets().find(name);
  if (it == presets().end()) return std::nullopt;
  return it->second.config;
}

std::string model_preset_description(const std::string& name) {
  auto it = presets().find(name);
  return it == presets().end() ? std::string() : it->second.description;
}

}  // namespace attn
