#pragma once
// Greedy and beam-search decoding.

#include <torch/torch.h>

#include <vector>

#include "model/seq2seq_model.h"

namespace attn {

// src [B, S] → one token list per row (without <bos>/<eos>), at most max_length tokens.
std::vector<std::vector<int>> greedy_decode(Seq2SeqModelImpl& model, const torch::Tensor& src,
                                            int max_length);

// Beam search for one source row [1, S]. Hypotheses are ranked by
// log P / lp(Y), lp(Y) = ((5 + |Y|) / 6)^α (the length penalty of Wu et al.
// 2016 that §6.1 uses with α = 0.6).
std::vector<int> beam_decode(Seq2SeqModelImpl& model, const torch::Tensor& src, int beam_size,
                             double length_penalty, int max_length);

}  // namespace attn
