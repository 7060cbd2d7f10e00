#pragma once
// The run the training tests start from: the tiny model on a built-in task,
// one thread (results do not depend on the machine's core count). Each test
// then sets what it is about.

#include <string>

#include "attn/model_config.h"
#include "attn/train_config.h"

inline attn::RunConfig tiny_task_run(const std::string& task, int train_size, int eval_size,
                                     const std::string& runs_directory = {}) {
  attn::RunConfig run;
  run.model = *attn::model_preset("tiny");
  run.data.task.name = task;
  run.data.task.train_size = train_size;
  run.data.task.eval_size = eval_size;
  run.train.threads = 1;
  run.runs_directory = runs_directory;
  return run;
}

// A tiny model on short sequences (5–10 symbols) of a built-in task that it
// learns in seconds: no dropout, batches of 64, §5.3's schedule with a short
// warm-up, no captures or rolling checkpoints; two beam-search samples.
inline attn::RunConfig quick_learning_run(const std::string& task,
                                          const std::string& runs_directory) {
  attn::RunConfig run = tiny_task_run(task, 3000, 100, runs_directory);
  run.model.dropout = 0.0;
  run.data.task.min_length = 5;
  run.data.task.max_length = 10;
  run.train.batch_size = 64;
  // A constant rate that learns as fast keeps oscillating at the end.
  run.train.lr_factor = 1.0;
  run.train.warmup = 200;
  run.train.capture_every = 0;
  run.train.checkpoint_every = 0;
  run.train.sample_predictions = 2;
  run.train.beam_size = 2;
  return run;
}

// The small model on which the two implementations are compared: 2 + 2
// layers, 6 heads of 8, dropout on, 40 tokens.
inline attn::ModelConfig comparison_model(attn::NormPlacement norm, attn::Activation activation) {
  attn::ModelConfig c;
  c.src_vocab_size = c.tgt_vocab_size = 40;
  c.d_model = 48;
  c.heads = 6;
  c.enc_layers = 2;
  c.dec_layers = 2;
  c.d_ff = 96;
  c.dropout = 0.1;
  c.max_len = 32;
  c.norm = norm;
  c.activation = activation;
  return c;
}
