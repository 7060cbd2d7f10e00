#include "cli_options.h"

#include "attn/world.h"

#include <fstream>
#include <functional>
#include <limits>
#include <sstream>
#include <stdexcept>

namespace attn::cli {
namespace {

// Thrown by a handler for a value it cannot use; becomes "--flag: message".
struct BadValue : std::runtime_error {
  using std::runtime_error::runtime_error;
};

int to_int(const std::string& text) {
  size_t used = 0;
  long long value = 0;
  try {
    value = std::stoll(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != text.size() || value < std::numeric_limits<int>::min() ||
      value > std::numeric_limits<int>::max()) {
    throw BadValue("expected an integer, got '" + text + "'");
  }
  return static_cast<int>(value);
}

double to_double(const std::string& text) {
  size_t used = 0;
  double value = 0;
  try {
    value = std::stod(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != text.size()) throw BadValue("expected a number, got '" + text + "'");
  return value;
}

struct Option {
  std::vector<std::string> names;  // first is the canonical --name
  std::string value_name;          // empty for a switch
  std::string help;
  std::function<std::string(const Options&)> default_of;  // shown in --help
  std::function<void(Options&, const std::string&)> apply;
};

const std::vector<Option>& table() {
  static const std::vector<Option> options = {
      {{"--summary"},
       "",
       "print the model's modules, output shapes and parameter count",
       [](const Options&) { return "off"; },
       [](Options& o, const std::string&) { o.summary = true; }},
      {{"--preset"},
       "NAME",
       "model preset: tiny, small, paper-base, paper-big, bench-tiny, bench-small, bench-base",
       [](const Options& o) { return o.run.preset; },
       [](Options& o, const std::string& v) {
         auto preset = model_preset(v);
         if (!preset) {
           throw BadValue("unknown preset '" + v +
                          "'; expected tiny, small, paper-base, paper-big, bench-tiny, bench-small "
                          "or bench-base");
         }
         o.run.preset = v;
         o.run.model = *preset;
         // §5.3: the paper warms up over 4000 steps at factor 1.
         if (v.rfind("paper-", 0) == 0) {
           o.run.train.warmup = 4000;
           o.run.train.lr_factor = 1;
         }
       }},
      {{"--impl"},
       "IMPL",
       "implementation: scratch (from the paper), library (LibTorch's layers) or both",
       [](const Options& o) { return to_string(o.run.implementation); },
       [](Options& o, const std::string& v) {
         const auto implementation = parse_implementation(v);
         if (!implementation) throw BadValue("expected scratch, library or both, got '" + v + "'");
         o.run.implementation = *implementation;
       }},
      {{"--d-model", "--hidden-size"},
       "N",
       "model width d_model",
       [](const Options& o) { return std::to_string(o.run.model.d_model); },
       [](Options& o, const std::string& v) { o.run.model.d_model = to_int(v); }},
      {{"--heads"},
       "N",
       "attention heads h (must divide d_model)",
       [](const Options& o) { return std::to_string(o.run.model.heads); },
       [](Options& o, const std::string& v) { o.run.model.heads = to_int(v); }},
      {{"--layers"},
       "N",
       "encoder and decoder layers",
       [](const Options& o) { return std::to_string(o.run.model.enc_layers); },
       [](Options& o, const std::string& v) {
         o.run.model.enc_layers = o.run.model.dec_layers = to_int(v);
       }},
      {{"--enc-layers"},
       "N",
       "encoder layers",
       [](const Options& o) { return std::to_string(o.run.model.enc_layers); },
       [](Options& o, const std::string& v) { o.run.model.enc_layers = to_int(v); }},
      {{"--dec-layers"},
       "N",
       "decoder layers",
       [](const Options& o) { return std::to_string(o.run.model.dec_layers); },
       [](Options& o, const std::string& v) { o.run.model.dec_layers = to_int(v); }},
      {{"--d-ff"},
       "N",
       "feed-forward inner width d_ff",
       [](const Options& o) { return std::to_string(o.run.model.d_ff); },
       [](Options& o, const std::string& v) { o.run.model.d_ff = to_int(v); }},
      {{"--dropout"},
       "P",
       "dropout rate in [0, 1)",
       [](const Options& o) {
         std::ostringstream s;
         s << o.run.model.dropout;
         return s.str();
       },
       [](Options& o, const std::string& v) { o.run.model.dropout = to_double(v); }},
      {{"--vocab-size"},
       "N",
       "largest vocabulary, specials included (the tokenizer learns up to N pieces)",
       [](const Options& o) { return std::to_string(o.run.model.tgt_vocab_size); },
       [](Options& o, const std::string& v) {
         o.run.model.src_vocab_size = o.run.model.tgt_vocab_size = to_int(v);
         o.run.data.tokenizer.vocab_size = o.run.model.tgt_vocab_size;
       }},
      {{"--max-positions"},
       "N",
       "longest sequence (tokens) the positional encoding covers",
       [](const Options& o) { return std::to_string(o.run.model.max_len); },
       [](Options& o, const std::string& v) { o.run.model.max_len = to_int(v); }},
      {{"--norm"},
       "post|pre",
       "LayerNorm placement: post (the paper) or pre",
       [](const Options& o) { return to_string(o.run.model.norm); },
       [](Options& o, const std::string& v) {
         auto norm = parse_norm_placement(v);
         if (!norm) throw BadValue("expected post or pre, got '" + v + "'");
         o.run.model.norm = *norm;
       }},
      {{"--activation"},
       "relu|gelu|silu",
       "feed-forward activation (silu = swish, as MarianMT)",
       [](const Options& o) { return to_string(o.run.model.activation); },
       [](Options& o, const std::string& v) {
         auto activation = parse_activation(v);
         if (!activation) throw BadValue("expected relu, gelu or silu, got '" + v + "'");
         o.run.model.activation = *activation;
       }},
      {{"--untied"},
       "",
       "separate embedding and output-projection matrices",
       [](const Options&) { return "off (tied, §3.4)"; },
       [](Options& o, const std::string&) { o.run.model.tie_embeddings = false; }},
      {{"--positions"},
       "interleaved|split",
       "sinusoid layout along d_model: sin/cos interleaved (§3.5) or sines then cosines (MarianMT)",
       [](const Options& o) { return to_string(o.run.model.positions); },
       [](Options& o, const std::string& v) {
         auto layout = parse_position_layout(v);
         if (!layout) throw BadValue("expected interleaved or split, got '" + v + "'");
         o.run.model.positions = *layout;
       }},
      {{"--no-embedding-scale"},
       "",
       "add the embeddings to the positions unscaled (default: · √d_model, §3.4)",
       [](const Options& o) { return o.run.model.scale_embedding ? "off" : "on"; },
       [](Options& o, const std::string&) { o.run.model.scale_embedding = false; }},
      {{"--output-bias"},
       "",
       "a trained bias on the output projection (MarianMT's final_logits_bias)",
       [](const Options& o) { return o.run.model.output_bias ? "on" : "off"; },
       [](Options& o, const std::string&) { o.run.model.output_bias = true; }},
      {{"--describe-data"},
       "",
       "print dataset statistics and the first five pairs",
       [](const Options&) { return "off"; },
       [](Options& o, const std::string&) { o.describe_data = true; }},
      {{"--task"},
       "NAME",
       "built-in task: copy, reverse, sort, shift, addition, dates, number-words",
       [](const Options& o) { return o.run.data.task.name; },
       [](Options& o, const std::string& v) {
         if (!find_task(v)) {
           throw BadValue(
               "unknown task '" + v +
               "'; expected copy, reverse, sort, shift, addition, dates or number-words");
         }
         o.run.data.task.name = v;
         o.run.data.use_corpus = false;
         const auto info = *find_task(v);
         o.run.data.task.min_length = info.default_min_length;
         o.run.data.task.max_length = info.default_max_length;
       }},
      {{"--corpus"},
       "FILE",
       "your sentence pairs: a UTF-8 TSV file (source<TAB>target), or the source side of two files",
       [](const Options&) { return "none"; },
       [](Options& o, const std::string& v) {
         o.run.data.corpus.path = v;
         o.run.data.use_corpus = true;
       }},
      {{"--corpus-target"},
       "FILE",
       "the target side when the corpus is two aligned files",
       [](const Options&) { return "none"; },
       [](Options& o, const std::string& v) { o.run.data.corpus.target_path = v; }},
      {{"--tokenizer"},
       "KIND",
       "char, word or sentencepiece",
       [](const Options& o) { return to_string(o.run.data.tokenizer.kind); },
       [](Options& o, const std::string& v) {
         auto kind = parse_tokenizer_kind(v);
         if (!kind) throw BadValue("expected char, word or sentencepiece, got '" + v + "'");
         o.run.data.tokenizer.kind = *kind;
       }},
      {{"--sentencepiece-type"},
       "unigram|bpe",
       "SentencePiece model type",
       [](const Options& o) { return o.run.data.tokenizer.sentencepiece_bpe ? "bpe" : "unigram"; },
       [](Options& o, const std::string& v) {
         if (v != "unigram" && v != "bpe")
           throw BadValue("expected unigram or bpe, got '" + v + "'");
         o.run.data.tokenizer.sentencepiece_bpe = v == "bpe";
       }},
      {{"--separate-vocab"},
       "",
       "separate source and target vocabularies",
       [](const Options&) { return "off (shared)"; },
       [](Options& o, const std::string&) { o.run.data.tokenizer.shared = false; }},
      {{"--train-size"},
       "N",
       "training pairs generated by a task",
       [](const Options& o) { return std::to_string(o.run.data.task.train_size); },
       [](Options& o, const std::string& v) { o.run.data.task.train_size = to_int(v); }},
      {{"--eval-size"},
       "N",
       "evaluation pairs (task), or most pairs held out of a corpus",
       [](const Options& o) { return std::to_string(o.run.data.task.eval_size); },
       [](Options& o, const std::string& v) {
         o.run.data.task.eval_size = o.run.data.corpus_eval_size = to_int(v);
       }},
      {{"--min-length"},
       "N",
       "shortest generated sequence (task's unit)",
       [](const Options& o) { return std::to_string(o.run.data.task.min_length); },
       [](Options& o, const std::string& v) { o.run.data.task.min_length = to_int(v); }},
      {{"--max-length"},
       "N",
       "longest generated sequence (task's unit); for a corpus, longest side kept (characters)",
       [](const Options& o) {
         const auto corpus = o.run.data.corpus.max_length;
         return std::to_string(o.run.data.task.max_length) +
                "; a corpus: " + (corpus == 0 ? std::string("no limit") : std::to_string(corpus));
       },
       [](Options& o, const std::string& v) {
         o.run.data.task.max_length = to_int(v);
         o.run.data.corpus.max_length = static_cast<std::size_t>(std::max(0, to_int(v)));
       }},
      {{"--symbols"},
       "N",
       "alphabet size of copy, reverse, sort and shift (2..26)",
       [](const Options& o) { return std::to_string(o.run.data.task.symbols); },
       [](Options& o, const std::string& v) { o.run.data.task.symbols = to_int(v); }},
      {{"--shift"},
       "K",
       "how far the shift task moves each symbol",
       [](const Options& o) { return std::to_string(o.run.data.task.shift); },
       [](Options& o, const std::string& v) { o.run.data.task.shift = to_int(v); }},
      {{"--max-examples"},
       "N",
       "read at most N pairs of a corpus (0: all)",
       [](const Options&) { return "0"; },
       [](Options& o, const std::string& v) {
         const int n = to_int(v);
         if (n < 0) throw BadValue("expected 0 or more, got '" + v + "'");
         o.run.data.corpus.max_examples = static_cast<std::size_t>(n);
       }},
      {{"--lowercase"},
       "",
       "lower-case a corpus as it is read",
       [](const Options&) { return "off"; },
       [](Options& o, const std::string&) { o.run.data.corpus.lowercase = true; }},
      {{"--skip-bad-lines"},
       "",
       "skip malformed corpus lines (and report them) instead of stopping",
       [](const Options&) { return "off"; },
       [](Options& o, const std::string&) { o.run.data.corpus.skip_bad_lines = true; }},
      {{"--seed"},
       "N",
       "seed for data, weights and shuffling",
       [](const Options& o) { return std::to_string(o.run.data.seed); },
       [](Options& o, const std::string& v) {
         const int seed = to_int(v);
         if (seed < 0) throw BadValue("expected 0 or more, got '" + v + "'");
         o.run.data.seed = o.run.data.task.seed = static_cast<uint64_t>(seed);
       }},
      {{"--epochs"},
       "N",
       "training epochs",
       [](const Options& o) { return std::to_string(o.run.train.epochs); },
       [](Options& o, const std::string& v) {
         o.run.train.epochs = to_int(v);
         o.epochs_given = true;
       }},
      {{"--max-steps"},
       "N",
       "stop after N optimizer steps (0: no limit)",
       [](const Options& o) { return std::to_string(o.run.train.max_steps); },
       [](Options& o, const std::string& v) { o.run.train.max_steps = to_int(v); }},
      {{"--batch-size"},
       "N",
       "pairs per batch in each process (with --nproc N or WORLD_SIZE N, a step sees N times as "
       "many)",
       [](const Options& o) { return std::to_string(o.run.train.batch_size); },
       [](Options& o, const std::string& v) { o.run.train.batch_size = to_int(v); }},
      {{"--accum"},
       "N",
       "micro-batches per optimizer step (gradient accumulation)",
       [](const Options& o) { return std::to_string(o.run.train.accumulation); },
       [](Options& o, const std::string& v) { o.run.train.accumulation = to_int(v); }},
      {{"--schedule"},
       "noam|constant",
       "learning-rate schedule (§5.3 or constant)",
       [](const Options& o) { return to_string(o.run.train.schedule); },
       [](Options& o, const std::string& v) {
         auto schedule = parse_lr_schedule(v);
         if (!schedule) throw BadValue("expected noam or constant, got '" + v + "'");
         o.run.train.schedule = *schedule;
       }},
      {{"--lr"},
       "LR",
       "constant learning rate (selects the constant schedule)",
       [](const Options& o) {
         std::ostringstream s;
         s << o.run.train.lr;
         return s.str();
       },
       [](Options& o, const std::string& v) {
         o.run.train.lr = to_double(v);
         o.run.train.schedule = LrSchedule::Constant;
       }},
      {{"--lr-factor"},
       "F",
       "factor of the Noam schedule",
       [](const Options& o) {
         std::ostringstream s;
         s << o.run.train.lr_factor;
         return s.str();
       },
       [](Options& o, const std::string& v) { o.run.train.lr_factor = to_double(v); }},
      {{"--warmup"},
       "N",
       "warm-up steps of the Noam schedule (the paper: 4000)",
       [](const Options& o) { return std::to_string(o.run.train.warmup); },
       [](Options& o, const std::string& v) { o.run.train.warmup = to_int(v); }},
      {{"--label-smoothing"},
       "E",
       "label smoothing ε (§5.4)",
       [](const Options& o) {
         std::ostringstream s;
         s << o.run.train.label_smoothing;
         return s.str();
       },
       [](Options& o, const std::string& v) { o.run.train.label_smoothing = to_double(v); }},
      {{"--clip"},
       "C",
       "clip gradients to global norm C (0: off)",
       [](const Options& o) {
         std::ostringstream s;
         s << o.run.train.clip;
         return s.str();
       },
       [](Options& o, const std::string& v) { o.run.train.clip = to_double(v); }},
      {{"--amp"},
       "[MODE]",
       "mixed precision on CUDA: bf16, fp16 (with a dynamic loss scale), auto (bf16 where "
       "the GPU has it, else fp16; --amp alone) or off",
       [](const Options& o) { return to_string(o.run.train.amp); },
       [](Options& o, const std::string& v) {
         const auto mode = parse_amp_mode(v.empty() ? "auto" : v);
         if (!mode) throw BadValue("expected bf16, fp16, auto or off, got '" + v + "'");
         o.run.train.amp = *mode;
       }},
      {{"--cuda-graphs"},
       "",
       "replay each training step from CUDA graphs recorded per padded batch length (CUDA; one "
       "process, --accum 1, fp32 or bf16)",
       [](const Options& o) { return o.run.train.cuda_graphs ? "on" : "off"; },
       [](Options& o, const std::string&) { o.run.train.cuda_graphs = true; }},
      {{"--device"},
       "DEV",
       "auto, cpu, cuda or cuda:N (auto: the GPU when there is one; ranks on one machine take "
       "the GPU of their local rank)",
       [](const Options& o) { return o.run.train.device; },
       [](Options& o, const std::string& v) { o.run.train.device = v; }},
      {{"--threads"},
       "N",
       "intra-op threads (0: automatic: measured at the start and again as the machine's load "
       "changes)",
       [](const Options& o) { return std::to_string(o.run.train.threads); },
       [](Options& o, const std::string& v) { o.run.train.threads = to_int(v); }},
      {{"--nproc", "--nproc-per-node"},
       "N",
       "train one model with N processes on this machine (data-parallel, like torchrun "
       "--nproc-per-node); --batch-size is per process, so each step sees N × batch-size",
       [](const Options& o) { return std::to_string(o.nproc); },
       [](Options& o, const std::string& v) {
         o.nproc = to_int(v);
         if (o.nproc < 1 || o.nproc > 256)
           throw BadValue("expected 1–256 processes, got '" + v + "'");
       }},
      {{"--nnodes"},
       "N",
       "machines that train together, each started with the same command and its --node-rank",
       [](const Options& o) { return std::to_string(o.nnodes); },
       [](Options& o, const std::string& v) {
         o.nnodes = to_int(v);
         if (o.nnodes < 1 || o.nnodes > 4096)
           throw BadValue("expected 1–4096 machines, got '" + v + "'");
       }},
      {{"--node-rank"},
       "R",
       "this machine's place among --nnodes, from 0 (0: the machine at --master)",
       [](const Options& o) { return std::to_string(o.node_rank); },
       [](Options& o, const std::string& v) { o.node_rank = to_int(v); }},
      {{"--master"},
       "HOST:PORT",
       "where rank 0 listens for the others (MASTER_ADDR:MASTER_PORT)",
       [](const Options&) { return "127.0.0.1 and a free port"; },
       [](Options& o, const std::string& v) {
         World world;
         std::string error;
         if (!parse_master(v, world, &error)) throw BadValue(error);
         o.master = v;
       }},
      {{"--backend"},
       "NAME",
       "collectives across processes: gloo (CPU and CUDA) or nccl (CUDA, where LibTorch has it; "
       "the default when every rank trains on a GPU of its own)",
       [](const Options&) { return "nccl on CUDA where it can run, else gloo"; },
       [](Options& o, const std::string& v) {
         if (v != "gloo" && v != "nccl") throw BadValue("expected gloo or nccl, got '" + v + "'");
         o.backend = v;
       }},
      {{"--rank-timeout"},
       "SECONDS",
       "how long a rank waits for the others (rendezvous, collectives) before the run ends "
       "naming the lost one",
       [](const Options& o) { return std::to_string(o.rank_timeout); },
       [](Options& o, const std::string& v) {
         o.rank_timeout = to_int(v);
         if (o.rank_timeout < 1 || o.rank_timeout > 86400)
           throw BadValue("expected 1–86400 seconds, got '" + v + "'");
       }},
      {{"--capture-every"},
       "N",
       "snapshot the probe examples every N steps (0: epoch ends only)",
       [](const Options& o) { return std::to_string(o.run.train.capture_every); },
       [](Options& o, const std::string& v) {
         o.run.train.capture_every = to_int(v);
         o.capture_every_given = true;
       }},
      {{"--checkpoint-every"},
       "N",
       "rolling checkpoint_last.pt every N steps (0: epoch ends only)",
       [](const Options& o) { return std::to_string(o.run.train.checkpoint_every); },
       [](Options& o, const std::string& v) { o.run.train.checkpoint_every = to_int(v); }},
      {{"--keep-checkpoints"},
       "K",
       "keep only the last K epoch checkpoints (0: all)",
       [](const Options& o) { return std::to_string(o.run.train.keep_checkpoints); },
       [](Options& o, const std::string& v) { o.run.train.keep_checkpoints = to_int(v); }},
      {{"--patience"},
       "N",
       "stop early after N evaluations without a better eval loss (0: off)",
       [](const Options& o) { return std::to_string(o.run.train.patience); },
       [](Options& o, const std::string& v) { o.run.train.patience = to_int(v); }},
      {{"--beam-size"},
       "K",
       "beam width for the sample predictions",
       [](const Options& o) { return std::to_string(o.run.train.beam_size); },
       [](Options& o, const std::string& v) { o.run.train.beam_size = to_int(v); }},
      {{"--out"},
       "DIR",
       "folder that receives the run directories",
       [](const Options& o) { return o.run.runs_directory; },
       [](Options& o, const std::string& v) { o.run.runs_directory = v; }},
      {{"--name"},
       "NAME",
       "run name (part of the run directory's name)",
       [](const Options&) { return "task or corpus + implementation"; },
       [](Options& o, const std::string& v) { o.run.name = v; }},
      {{"--resume"},
       "RUN_DIR",
       "continue a run from its newest checkpoint (to its own epochs, or to --epochs N)",
       [](const Options&) { return "none"; },
       [](Options& o, const std::string& v) { o.resume_directory = v; }},
      {{"--restart"},
       "",
       "with --resume: train again from step 0 with the run's configuration, keeping its "
       "metrics.csv, history.sqlite and checkpoints aside (when every checkpoint is damaged)",
       [](const Options&) { return "off"; },
       [](Options& o, const std::string&) { o.restart = true; }},
      {{"--config"},
       "FILE.json",
       "read the whole configuration from a file (flags refine it)",
       [](const Options&) { return "none"; },
       [](Options& o, const std::string& v) { o.config_path = v; }},
      {{"--save-config"},
       "FILE.json",
       "write the configuration to a file and exit",
       [](const Options&) { return "none"; },
       [](Options& o, const std::string& v) { o.save_config_path = v; }},
      {{"--debug"},
       "",
       "log attention stage by stage for the first steps",
       [](const Options&) { return "off"; },
       [](Options& o, const std::string&) { o.run.train.debug = true; }},
      {{"--deterministic"},
       "",
       "the same numbers for the same seed and settings: a fixed thread count, deterministic "
       "kernels, metrics.csv without its clock columns",
       [](const Options&) { return "off"; },
       [](Options& o, const std::string&) { o.run.train.deterministic = true; }},
      {{"--inspect"},
       "RUN|CKPT|untrained",
       "read --input with a run's checkpoint, a checkpoint file or an untrained model of the "
       "configuration given by the other flags; print the translation and every stage",
       [](const Options&) { return "off"; },
       [](Options& o, const std::string& v) { o.inspect = v; }},
      {{"--export"},
       "RUN|CKPT",
       "write a run's checkpoint (--checkpoint) for PyTorch into --to DIR: pytorch_model.bin (a "
       "state_dict), config.json, vocabulary.json and load_model.py",
       [](const Options&) { return "off"; },
       [](Options& o, const std::string& v) { o.export_from = v; }},
      {{"--to"},
       "DIR",
       "--export: the folder to write",
       [](const Options&) { return "none"; },
       [](Options& o, const std::string& v) { o.export_to = v; }},
      {{"--input"},
       "TEXT",
       "--inspect: the source sentence",
       [](const Options&) { return "none"; },
       [](Options& o, const std::string& v) {
         o.inspect_input = v;
         o.inspect_input_given = true;
       }},
      {{"--checkpoint"},
       "WHICH",
       "--inspect/--export RUN: best, last, epoch:N or step:N (the nearest)",
       [](const Options&) { return "best, else last"; },
       [](Options& o, const std::string& v) { o.inspect_checkpoint = v; }},
      {{"--json"},
       "FILE",
       "--inspect: write translations, attention maps and the chosen stages' tensors as JSON",
       [](const Options&) { return "none"; },
       [](Options& o, const std::string& v) { o.inspect_json = v; }},
      {{"--kind"},
       "KIND",
       "--inspect stages: encoder-self, or decoder-self/cross for a decoder layer",
       [](const Options& o) { return o.inspect_kind; },
       [](Options& o, const std::string& v) { o.inspect_kind = v; }},
      {{"--layer"},
       "N",
       "--inspect stages: layer, from 1",
       [](const Options& o) { return std::to_string(o.inspect_layer); },
       [](Options& o, const std::string& v) { o.inspect_layer = to_int(v); }},
      {{"--head"},
       "N",
       "--inspect stages: head, from 1",
       [](const Options& o) { return std::to_string(o.inspect_head); },
       [](Options& o, const std::string& v) { o.inspect_head = to_int(v); }},
      {{"--token"},
       "N",
       "--inspect stages: query position, from 1",
       [](const Options& o) { return std::to_string(o.inspect_token); },
       [](Options& o, const std::string& v) { o.inspect_token = to_int(v); }},
      {{"--quiet"},
       "",
       "print only errors and the final summary",
       [](const Options&) { return "off"; },
       [](Options& o, const std::string&) { o.quiet = true; }},
      {{"--bench"},
       "PRESET",
       "time training steps of bench-tiny, bench-small or bench-base; or matmul, bandwidth, "
       "gemm-bench-small (each matrix product of a step alone); JSON lines",
       [](const Options&) { return "off"; },
       [](Options& o, const std::string& v) { o.bench = v; }},
      {{"--steps"},
       "S",
       "timed steps of --bench",
       [](const Options& o) { return std::to_string(o.bench_steps); },
       [](Options& o, const std::string& v) { o.bench_steps = to_int(v); }},
      {{"--bench-length"},
       "N",
       "--bench: source = target length instead of the preset's",
       [](const Options&) { return "preset's"; },
       [](Options& o, const std::string& v) { o.bench_length = to_int(v); }},
      {{"--bench-d-model"},
       "N",
       "--bench: d_model instead of the preset's (d_ff = 4·d_model)",
       [](const Options&) { return "preset's"; },
       [](Options& o, const std::string& v) { o.bench_d_model = to_int(v); }},
      {{"--background-load"},
       "N",
       "run N busy processes beside this run or --bench, to measure on a loaded machine",
       [](const Options& o) { return std::to_string(o.background_load); },
       [](Options& o, const std::string& v) {
         o.background_load = to_int(v);
         if (o.background_load < 0 || o.background_load > 256)
           throw BadValue("expected 0–256 busy processes, got '" + v + "'");
       }},
      {{"--live-copies-every"},
       "SECONDS",
       "ask for the Inspector's live copy of the weights every SECONDS while training (the "
       "log's last lines say what the copies cost)",
       [](const Options& o) {
         return o.live_copies_every > 0 ? std::to_string(o.live_copies_every)
                                        : std::string("never");
       },
       [](Options& o, const std::string& v) {
         o.live_copies_every = to_double(v);
         if (!(o.live_copies_every > 0 && o.live_copies_every <= 3600))
           throw BadValue("expected seconds from 0 to 3600 (exclusive of 0), got '" + v + "'");
       }},
      {{"--version"},
       "",
       "print versions and the compute device",
       [](const Options&) { return ""; },
       [](Options& o, const std::string&) { o.version = true; }},
      {{"--help", "-h"},
       "",
       "show this help",
       [](const Options&) { return ""; },
       [](Options& o, const std::string&) { o.help = true; }},
  };
  return options;
}

const Option* find_option(const std::string& name) {
  for (const auto& option : table()) {
    for (const auto& candidate : option.names) {
      if (candidate == name) return &option;
    }
  }
  return nullptr;
}

}  // namespace

ParseResult parse(const std::vector<std::string>& arguments) {
  ParseResult result;
  // Collect first, so that --preset applies before the flags that refine it,
  // wherever it stands on the line.
  std::vector<std::pair<const Option*, std::string>> given;
  for (size_t i = 0; i < arguments.size(); ++i) {
    std::string name = arguments[i];
    std::string value;
    bool has_inline_value = false;
    if (const auto equals = name.find('=');
        name.rfind("--", 0) == 0 && equals != std::string::npos) {
      value = name.substr(equals + 1);
      name = name.substr(0, equals);
      has_inline_value = true;
    }
    const Option* option = find_option(name);
    if (option == nullptr) {
      result.error = "unknown option '" + name + "' (see --help)";
      return result;
    }
    // "[MODE]": the value may be left out ("--amp"), and is the next word
    // unless that is another option.
    const bool value_optional = option->value_name.rfind('[', 0) == 0;
    if (value_optional && !has_inline_value) {
      if (i + 1 < arguments.size() && arguments[i + 1].rfind("--", 0) != 0) value = arguments[++i];
    } else if (!option->value_name.empty() && !has_inline_value) {
      // "--epochs --out DIR": the next word is another option, not this one's value.
      const bool next_is_option =
          i + 1 < arguments.size() && arguments[i + 1].rfind("--", 0) == 0 &&
          find_option(arguments[i + 1].substr(0, arguments[i + 1].find('='))) != nullptr;
      if (i + 1 >= arguments.size() || next_is_option) {
        result.error = name + " needs a value (" + option->value_name + ")";
        return result;
      }
      value = arguments[++i];
    } else if (option->value_name.empty() && has_inline_value) {
      result.error = name + ": takes no value";
      return result;
    }
    given.emplace_back(option, value);
  }
  auto apply = [&](const Option* option, const std::string& value) {
    try {
      option->apply(result.options, value);
    } catch (const BadValue& e) {
      result.error = option->names.front() + ": " + e.what();
    }
    return result.error.empty();
  };
  // A configuration file first, then a preset, then the flags that refine them.
  for (const auto& [option, value] : given) {
    if (option->names.front() != "--config") continue;
    std::ifstream in(value);
    if (!in) {
      result.error = "--config: cannot read '" + value + "'";
      return result;
    }
    std::stringstream text;
    text << in.rdbuf();
    std::string error;
    auto loaded = run_config_from_json(text.str(), &error);
    if (!loaded) {
      result.error = value + ": " + error;
      return result;
    }
    result.options.run = *loaded;
  }
  auto early = [](const Option* option) {
    return option->names.front() == "--preset" || option->names.front() == "--task";
  };
  for (const auto& [option, value] : given) {
    if (early(option) && !apply(option, value)) return result;
  }
  for (const auto& [option, value] : given) {
    if (!early(option) && option->names.front() != "--config" && !apply(option, value))
      return result;
  }
  if (!result.options.help && !result.options.version) {
    const auto& data = result.options.run.data;
    if (!data.corpus.target_path.empty() && !data.use_corpus) {
      result.error = "--corpus-target: needs --corpus for the source side";
      return result;
    }
    if (!data.use_corpus) {
      const auto task_errors = validate(data.task);
      if (!task_errors.empty()) {
        result.error = "invalid task: " + task_errors.front().message.english();
        return result;
      }
    }
    const auto errors = validate(result.options.run.model);
    if (!errors.empty()) {
      result.error = "invalid model: " + errors.front().message.english();
      return result;
    }
    const auto train_errors = validate(result.options.run.train);
    if (!train_errors.empty())
      result.error = "invalid training setting: " + train_errors.front().message.english();
    const auto& o = result.options;
    if (result.error.empty() && !o.inspect.empty()) {
      if (o.inspect_kind != "encoder-self" && o.inspect_kind != "decoder-self" &&
          o.inspect_kind != "cross") {
        result.error =
            "--kind " + o.inspect_kind + ": expected encoder-self, decoder-self or cross";
      } else if (o.inspect_layer < 1 || o.inspect_head < 1 || o.inspect_token < 1) {
        result.error = "--layer, --head and --token count from 1";
      }
    } else if (result.error.empty() && (o.inspect_input_given || !o.inspect_json.empty())) {
      result.error = "--input and --json belong to --inspect";
    } else if (result.error.empty() && !o.inspect_checkpoint.empty() && o.export_from.empty()) {
      result.error = "--checkpoint belongs to --inspect or --export";
    } else if (result.error.empty() && o.restart && o.resume_directory.empty()) {
      result.error = "--restart belongs to --resume RUN_DIR";
    } else if (result.error.empty() && !o.export_to.empty() && o.export_from.empty()) {
      result.error = "--to belongs to --export";
    } else if (result.error.empty() && (o.node_rank < 0 || o.node_rank >= o.nnodes)) {
      result.error = "--node-rank " + std::to_string(o.node_rank) + ": expected 0 to " +
                     std::to_string(o.nnodes - 1) + " (--nnodes " + std::to_string(o.nnodes) + ")";
    } else if (result.error.empty() && o.nnodes > 1 && o.master.empty()) {
      result.error = "--nnodes " + std::to_string(o.nnodes) +
                     ": needs --master HOST:PORT, the address of the machine with --node-rank 0";
    } else if (result.error.empty() && (o.nproc > 1 || o.nnodes > 1) &&
               (!o.bench.empty() || !o.inspect.empty() || !o.export_from.empty() || o.summary ||
                o.describe_data || !o.save_config_path.empty())) {
      result.error =
          "--nproc and --nnodes belong to training, not to --bench, --inspect, "
          "--export, --summary, --describe-data or --save-config";
    } else if (result.error.empty() && o.run.implementation == Implementation::Both &&
               (o.nproc > 1 || o.nnodes > 1)) {
      result.error =
          "--impl both: train the two implementations one after the other, not with "
          "--nproc or --nnodes";
    }
  }
  return result;
}

std::string help_text() {
  const Options defaults;
  std::ostringstream out;
  out << "Usage: attention-train [OPTIONS]\n"
         "Train and inspect the Transformer of \"Attention Is All You Need\".\n\n"
         "Options (defaults in brackets):\n";
  for (const auto& option : table()) {
    std::string names;
    for (const auto& name : option.names) names += (names.empty() ? "" : ", ") + name;
    if (!option.value_name.empty()) names += " " + option.value_name;
    out << "  " << names << std::string(names.size() < 28 ? 28 - names.size() : 1, ' ')
        << option.help;
    const std::string fallback = option.default_of(defaults);
    if (!fallback.empty()) out << " [" << fallback << "]";
    out << "\n";
  }
  out << "\nExit status: 0 done, 1 failure during training, 2 bad usage, configuration or data, "
         "130 stopped by Ctrl+C; with --nproc, the first failing rank's (128 + the signal when "
         "a rank was killed).\n";
  return out.str();
}

TrainRequest Options::request(const World& world) const {
  TrainRequest request;
  request.config = run;
  request.resume_directory = resume_directory;
  request.restart = restart;
  if (epochs_given) request.resume_epochs = run.train.epochs;
  request.world = world;
  return request;
}

}  // namespace attn::cli
