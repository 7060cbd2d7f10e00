#include <sqlite3.h>
#include <nlohmann/json.hpp>

#include <cstring>
#include <stdexcept>

#include "attn/history.h"
#include "store/fault_injection.h"
#include "store/history_writer.h"

namespace attn {
namespace {

const char* const kSchema = R"sql(
CREATE TABLE IF NOT EXISTS snapshots (
  step INTEGER NOT NULL, epoch INTEGER NOT NULL, epoch_end INTEGER NOT NULL,
  implementation TEXT NOT NULL, data BLOB NOT NULL,
  PRIMARY KEY (implementation, step, epoch_end));
CREATE TABLE IF NOT EXISTS steps (
  step INTEGER NOT NULL, epoch INTEGER NOT NULL, implementation TEXT NOT NULL,
  loss REAL, lr REAL, grad_norm REAL, tokens_per_second REAL, seconds REAL,
  encoder_layers INTEGER, decoder_layers INTEGER, gradients BLOB,
  PRIMARY KEY (implementation, step));
CREATE TABLE IF NOT EXISTS epochs (
  epoch INTEGER NOT NULL, step INTEGER NOT NULL, implementation TEXT NOT NULL, metrics TEXT NOT NULL,
  PRIMARY KEY (implementation, epoch));
)sql";

std::vector<float> flatten(const GradientStats& g) {
  std::vector<float> values = {g.global_norm, g.embedding, g.embedding_grad_to_weight};
  for (const auto* stack : {&g.encoder, &g.decoder}) {
    for (const auto& layer : *stack) {
      values.insert(values.end(), {layer.attention, layer.ffn, layer.norm, layer.grad_to_weight});
    }
  }
  return values;
}

nlohmann::json epoch_json(const EpochMetrics& m) {
  nlohmann::json samples = nlohmann::json::array();
  for (const auto& s : m.samples) {
    samples.push_back({{"source", s.source},
                       {"reference", s.reference},
                       {"greedy", s.greedy},
                       {"beam", s.beam},
                       {"correct", s.correct}});
  }
  return {{"epoch", m.epoch},
          {"step", m.step},
          {"train_loss", m.train_loss},
          {"eval_loss", m.eval_loss},
          {"eval_nll", m.eval_nll},
          {"perplexity", m.perplexity},
          {"token_accuracy", m.token_accuracy},
          {"exact_match", m.exact_match},
          {"bleu", m.bleu},
          {"alignment_score", m.alignment_score},
          {"samples", samples},
          {"seconds", m.seconds},
          {"best", m.best}};
}

GradientStats unflatten(const float* values, std::size_t count, int encoder_layers,
                        int decoder_layers) {
  GradientStats g;
  const std::size_t expected =
      3 + 4 * static_cast<std::size_t>(std::max(0, encoder_layers) + std::max(0, decoder_layers));
  if (count != expected) return g;
  g.global_norm = values[0];
  g.embedding = values[1];
  g.embedding_grad_to_weight = values[2];
  const float* cursor = values + 3;
  for (auto [stack, layers] :
       {std::pair{&g.encoder, encoder_layers}, std::pair{&g.decoder, decoder_layers}}) {
    for (int i = 0; i < layers; ++i, cursor += 4)
      stack->push_back({cursor[0], cursor[1], cursor[2], cursor[3]});
  }
  return g;
}

EpochMetrics epoch_from_json(const nlohmann::json& j) {
  EpochMetrics m;
  m.epoch = j.value("epoch", 0);
  m.step = j.value("step", std::int64_t{0});
  m.train_loss = j.value("train_loss", 0.0);
  m.eval_loss = j.value("eval_loss", 0.0);
  m.eval_nll = j.value("eval_nll", 0.0);
  m.perplexity = j.value("perplexity", 0.0);
  m.token_accuracy = j.value("token_accuracy", 0.0);
  m.exact_match = j.value("exact_match", 0.0);
  m.bleu = j.value("bleu", 0.0);
  m.alignment_score = j.value("alignment_score", std::vector<double>{});
  m.seconds = j.value("seconds", 0.0);
  m.best = j.value("best", false);
  for (const auto& s : j.value("samples", nlohmann::json::array())) {
    m.samples.push_back({s.value("source", ""), s.value("reference", ""), s.value("greedy", ""),
                         s.value("beam", ""), s.value("correct", false)});
  }
  return m;
}

}  // namespace

HistoryWriter::HistoryWriter(const std::string& path) : path_(path) {
  if (sqlite3_open(path.c_str(), &database_) != SQLITE_OK) {
    const std::string message = database_ ? sqlite3_errmsg(database_) : "out of memory";
    sqlite3_close(database_);
    throw std::runtime_error(path + ": cannot open history database: " + message);
  }
  sqlite3_busy_timeout(database_, 5000);
  try {
    open_schema();
  } catch (...) {
    close();
    throw;
  }
}

void HistoryWriter::open_schema() {
  // A damaged file (random bytes, a zeroed header, truncation) must stop a
  // resume with a message, not be written into.
  std::string verdict;
  char* message = nullptr;
  const int rc = sqlite3_exec(
      database_, "PRAGMA quick_check",
      [](void* out, int, char** values, char**) {
        auto* text = static_cast<std::string*>(out);
        if (text->empty() && values[0] != nullptr) *text = values[0];
        return 0;
      },
      &verdict, &message);
  if (rc != SQLITE_OK || verdict != "ok") {
    const std::string why = rc != SQLITE_OK ? (message ? message : "unknown error") : verdict;
    sqlite3_free(message);
    throw std::runtime_error(path_ + ": the run's history is damaged (" + why +
                             "); move the file aside to continue without the earlier history");
  }
  // WAL: readers (the app scrubbing a live run) never block this writer, and a
  // killed process leaves every committed transaction intact.
  execute("PRAGMA journal_mode=WAL");
  execute("PRAGMA synchronous=NORMAL");
  execute(kSchema);
  auto prepare = [&](const char* sql, sqlite3_stmt** statement) {
    if (sqlite3_prepare_v2(database_, sql, -1, statement, nullptr) != SQLITE_OK) {
      throw std::runtime_error(path_ + ": " + sqlite3_errmsg(database_));
    }
  };
  prepare("INSERT OR REPLACE INTO snapshots VALUES (?, ?, ?, ?, ?)", &insert_snapshot_);
  prepare("INSERT OR REPLACE INTO steps VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", &insert_step_);
  prepare("INSERT OR REPLACE INTO epochs VALUES (?, ?, ?, ?)", &insert_epoch_);
}

void HistoryWriter::close() {
  sqlite3_finalize(insert_snapshot_);
  sqlite3_finalize(insert_step_);
  sqlite3_finalize(insert_epoch_);
  sqlite3_close(database_);
  insert_snapshot_ = insert_step_ = insert_epoch_ = nullptr;
  database_ = nullptr;
}

HistoryWriter::~HistoryWriter() {
  try {
    commit();
  } catch (...) {
  }
  close();
}

void HistoryWriter::execute(const char* sql) {
  char* message = nullptr;
  if (sqlite3_exec(database_, sql, nullptr, nullptr, &message) != SQLITE_OK) {
    const std::string text = message ? message : "unknown error";
    sqlite3_free(message);
    throw std::runtime_error(path_ + ": " + text);
  }
}

void HistoryWriter::begin_if_needed() {
  if (!in_transaction_) {
    execute("BEGIN");
    in_transaction_ = true;
  }
}

void HistoryWriter::commit() {
  if (in_transaction_) {
    fault_point("commit");
    execute("COMMIT");
    in_transaction_ = false;
  }
}

void HistoryWriter::forget_after(std::int64_t step) {
  commit();
  sqlite3_stmt* statement = nullptr;
  begin_if_needed();
  for (const char* sql :
       {"DELETE FROM steps WHERE step > ?", "DELETE FROM snapshots WHERE step > ?",
        "DELETE FROM epochs WHERE step > ?"}) {
    if (sqlite3_prepare_v2(database_, sql, -1, &statement, nullptr) != SQLITE_OK) {
      throw std::runtime_error(path_ + ": " + sqlite3_errmsg(database_));
    }
    sqlite3_bind_int64(statement, 1, step);
    const int rc = sqlite3_step(statement);
    sqlite3_finalize(statement);
    if (rc != SQLITE_DONE) throw std::runtime_error(path_ + ": " + sqlite3_errmsg(database_));
  }
  commit();
}

void HistoryWriter::add_snapshot(const Snapshot& snapshot, bool epoch_end,
                                 const std::string& implementation) {
  const std::string blob = encode_snapshot(snapshot);
  begin_if_needed();
  sqlite3_reset(insert_snapshot_);
  sqlite3_bind_int64(insert_snapshot_, 1, snapshot.step);
  sqlite3_bind_int(insert_snapshot_, 2, snapshot.epoch);
  sqlite3_bind_int(insert_snapshot_, 3, epoch_end ? 1 : 0);
  sqlite3_bind_text(insert_snapshot_, 4, implementation.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_blob(insert_snapshot_, 5, blob.data(), static_cast<int>(blob.size()),
                    SQLITE_TRANSIENT);
  if (sqlite3_step(insert_snapshot_) != SQLITE_DONE)
    throw std::runtime_error(path_ + ": " + sqlite3_errmsg(database_));
  // A snapshot is a moment the user may scrub to: make it durable now.
  commit();
}

void HistoryWriter::add_step(const StepMetrics& m, const std::string& implementation) {
  const auto gradients = flatten(m.gradients);
  begin_if_needed();
  sqlite3_reset(insert_step_);
  sqlite3_bind_int64(insert_step_, 1, m.step);
  sqlite3_bind_int(insert_step_, 2, m.epoch);
  sqlite3_bind_text(insert_step_, 3, implementation.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_double(insert_step_, 4, m.loss);
  sqlite3_bind_double(insert_step_, 5, m.lr);
  sqlite3_bind_double(insert_step_, 6, m.gradients.global_norm);
  sqlite3_bind_double(insert_step_, 7, m.tokens_per_second);
  sqlite3_bind_double(insert_step_, 8, m.seconds);
  sqlite3_bind_int(insert_step_, 9, static_cast<int>(m.gradients.encoder.size()));
  sqlite3_bind_int(insert_step_, 10, static_cast<int>(m.gradients.decoder.size()));
  sqlite3_bind_blob(insert_step_, 11, gradients.data(),
                    static_cast<int>(gradients.size() * sizeof(float)), SQLITE_TRANSIENT);
  if (sqlite3_step(insert_step_) != SQLITE_DONE)
    throw std::runtime_error(path_ + ": " + sqlite3_errmsg(database_));
}

void HistoryWriter::add_epoch(const EpochMetrics& m, const std::string& implementation) {
  const std::string text = epoch_json(m).dump();
  begin_if_needed();
  sqlite3_reset(insert_epoch_);
  sqlite3_bind_int(insert_epoch_, 1, m.epoch);
  sqlite3_bind_int64(insert_epoch_, 2, m.step);
  sqlite3_bind_text(insert_epoch_, 3, implementation.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(insert_epoch_, 4, text.c_str(), -1, SQLITE_TRANSIENT);
  if (sqlite3_step(insert_epoch_) != SQLITE_DONE)
    throw std::runtime_error(path_ + ": " + sqlite3_errmsg(database_));
  commit();
}

struct HistoryReader::Database {
  sqlite3* handle = nullptr;
  ~Database() { sqlite3_close(handle); }
};

HistoryReader::~HistoryReader() = default;

std::unique_ptr<HistoryReader> HistoryReader::open(const std::string& path, std::string* error) {
  auto fail = [&](const std::string& message) -> std::unique_ptr<HistoryReader> {
    if (error) *error = path + ": " + message;
    return nullptr;
  };
  std::unique_ptr<HistoryReader> reader(new HistoryReader());
  reader->path_ = path;
  reader->database_ = std::make_unique<Database>();
  if (sqlite3_open_v2(path.c_str(), &reader->database_->handle, SQLITE_OPEN_READONLY, nullptr) !=
      SQLITE_OK) {
    return fail(std::string("cannot open: ") + sqlite3_errmsg(reader->database_->handle));
  }
  sqlite3_busy_timeout(reader->database_->handle, 5000);
  sqlite3_stmt* statement = nullptr;
  const int rc = sqlite3_prepare_v2(reader->database_->handle, "SELECT count(*) FROM snapshots", -1,
                                    &statement, nullptr);
  const bool ok = rc == SQLITE_OK && sqlite3_step(statement) == SQLITE_ROW;
  const std::string message = sqlite3_errmsg(reader->database_->handle);
  sqlite3_finalize(statement);
  if (!ok) return fail("not a run history (" + message + ")");
  return reader;
}

std::vector<CapturedMoment> HistoryReader::moments() const {
  std::vector<CapturedMoment> moments;
  sqlite3_stmt* statement = nullptr;
  if (sqlite3_prepare_v2(database_->handle,
                         "SELECT step, epoch, epoch_end, implementation FROM snapshots ORDER BY "
                         "implementation, step, epoch_end",
                         -1, &statement, nullptr) != SQLITE_OK) {
    return moments;
  }
  while (sqlite3_step(statement) == SQLITE_ROW) {
    moments.push_back({sqlite3_column_int64(statement, 0), sqlite3_column_int(statement, 1),
                       sqlite3_column_int(statement, 2) != 0,
                       reinterpret_cast<const char*>(sqlite3_column_text(statement, 3))});
  }
  sqlite3_finalize(statement);
  return moments;
}

std::optional<Snapshot> HistoryReader::load(std::int64_t step, const std::string& implementation,
                                            std::string* error) const {
  const std::string where = path_ + ": the snapshot of step " + std::to_string(step);
  sqlite3_stmt* statement = nullptr;
  if (sqlite3_prepare_v2(database_->handle,
                         "SELECT data FROM snapshots WHERE step = ? AND implementation = ? ORDER "
                         "BY epoch_end DESC LIMIT 1",
                         -1, &statement, nullptr) != SQLITE_OK) {
    if (error) *error = where + ": " + sqlite3_errmsg(database_->handle);
    return std::nullopt;
  }
  sqlite3_bind_int64(statement, 1, step);
  sqlite3_bind_text(statement, 2, implementation.c_str(), -1, SQLITE_TRANSIENT);
  std::optional<Snapshot> snapshot;
  if (sqlite3_step(statement) == SQLITE_ROW) {
    const auto* data = static_cast<const char*>(sqlite3_column_blob(statement, 0));
    const std::string blob(data, static_cast<std::size_t>(sqlite3_column_bytes(statement, 0)));
    std::string problem;
    snapshot = decode_snapshot(blob, &problem);
    if (snapshot) problem = snapshot_problem(*snapshot, shape_);
    if (!problem.empty()) {
      snapshot.reset();
      if (error) *error = where + " cannot be shown: " + problem;
    }
  } else if (error) {
    *error = where + " is missing";
  }
  sqlite3_finalize(statement);
  return snapshot;
}

std::vector<std::string> HistoryReader::implementations() const {
  std::vector<std::string> names;
  sqlite3_stmt* statement = nullptr;
  if (sqlite3_prepare_v2(
          database_->handle,
          "SELECT implementation FROM snapshots UNION SELECT implementation FROM steps ORDER BY 1",
          -1, &statement, nullptr) != SQLITE_OK) {
    return names;
  }
  while (sqlite3_step(statement) == SQLITE_ROW) {
    names.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(statement, 0)));
  }
  sqlite3_finalize(statement);
  return names;
}

std::vector<StepMetrics> HistoryReader::steps(const std::string& implementation) const {
  std::vector<StepMetrics> steps;
  sqlite3_stmt* statement = nullptr;
  if (sqlite3_prepare_v2(database_->handle,
                         "SELECT step, epoch, loss, lr, tokens_per_second, seconds, "
                         "encoder_layers, decoder_layers, "
                         "gradients FROM steps WHERE implementation = ? ORDER BY step",
                         -1, &statement, nullptr) != SQLITE_OK) {
    return steps;
  }
  sqlite3_bind_text(statement, 1, implementation.c_str(), -1, SQLITE_TRANSIENT);
  while (sqlite3_step(statement) == SQLITE_ROW) {
    StepMetrics m;
    m.step = sqlite3_column_int64(statement, 0);
    m.epoch = sqlite3_column_int(statement, 1);
    m.loss = sqlite3_column_double(statement, 2);
    m.lr = sqlite3_column_double(statement, 3);
    m.tokens_per_second = sqlite3_column_double(statement, 4);
    m.seconds = sqlite3_column_double(statement, 5);
    const auto* blob = static_cast<const float*>(sqlite3_column_blob(statement, 8));
    const auto bytes = static_cast<std::size_t>(sqlite3_column_bytes(statement, 8));
    if (blob) {
      std::vector<float> values(bytes / sizeof(float));
      std::memcpy(values.data(), blob, values.size() * sizeof(float));
      m.gradients = unflatten(values.data(), values.size(), sqlite3_column_int(statement, 6),
                              sqlite3_column_int(statement, 7));
    }
    steps.push_back(std::move(m));
  }
  sqlite3_finalize(statement);
  return steps;
}

std::vector<EpochMetrics> HistoryReader::epochs(const std::string& implementation) const {
  std::vector<EpochMetrics> epochs;
  sqlite3_stmt* statement = nullptr;
  if (sqlite3_prepare_v2(database_->handle,
                         "SELECT metrics FROM epochs WHERE implementation = ? ORDER BY epoch", -1,
                         &statement, nullptr) != SQLITE_OK) {
    return epochs;
  }
  sqlite3_bind_text(statement, 1, implementation.c_str(), -1, SQLITE_TRANSIENT);
  while (sqlite3_step(statement) == SQLITE_ROW) {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement, 0));
    auto json = nlohmann::json::parse(text ? text : "", nullptr, /*allow_exceptions=*/false);
    try {
      if (json.is_object()) epochs.push_back(epoch_from_json(json));
    } catch (const nlohmann::json::exception&) {
      // A row with fields of the wrong type is skipped, like an unreadable one.
    }
  }
  sqlite3_finalize(statement);
  return epochs;
}

bool HistoryReader::integrity_ok() const {
  sqlite3_stmt* statement = nullptr;
  bool ok = false;
  if (sqlite3_prepare_v2(database_->handle, "PRAGMA integrity_check", -1, &statement, nullptr) ==
          SQLITE_OK &&
      sqlite3_step(statement) == SQLITE_ROW) {
    ok = std::string(reinterpret_cast<const char*>(sqlite3_column_text(statement, 0))) == "ok";
  }
  sqlite3_finalize(statement);
  return ok;
}

}  // namespace attn
