#include "attentionmaps.h"

#include <QCoreApplication>
#include <algorithm>
#include <cmath>

#include "attentionrollout.h"

namespace attn::ui {
namespace {

const double kNotThere = std::nan("");

QString quoted(QString text) {
  return QLatin1Char('"') + text.replace(QLatin1Char('"'), QStringLiteral("\"\"")) +
         QLatin1Char('"');
}

QString number(double value) { return QString::number(value, 'g', 9); }

// Four decimals, or two significant digits for weights too small for them.
QString weightText(double weight) {
  return weight == 0 || std::abs(weight) >= 1e-3 ? QString::number(weight, 'f', 4)
                                                 : QString::number(weight, 'e', 1);
}

// The heatmap's words, translated where the view's are.
QString viewText(const char* text) {
  return QCoreApplication::translate("attn::ui::AttentionView", text);
}

const AttentionHeads* layerOf(const ExampleAttention& example, AttentionKind kind, int layer) {
  const auto& layers = example.of(kind);
  return layer >= 0 && layer < int(layers.size()) ? &layers[static_cast<std::size_t>(layer)]
                                                  : nullptr;
}

}  // namespace

void AttentionMaps::setSnapshot(const Snapshot& snapshot) {
  m_snapshot = snapshot;
  m_rollouts.clear();
}

void AttentionMaps::select(int example, AttentionKind kind) {
  m_example = std::max(0, example);
  m_kind = kind;
}

const ExampleAttention* AttentionMaps::example() const {
  if (m_snapshot.examples.empty()) return nullptr;
  const std::size_t index = std::min<std::size_t>(m_example, m_snapshot.examples.size() - 1);
  return &m_snapshot.examples[index];
}

void AttentionMaps::pin() {
  m_pinned = m_snapshot;
  m_rollouts.clear();
}

void AttentionMaps::setCompared(const Snapshot* snapshot) {
  if (snapshot)
    m_compared = *snapshot;
  else
    m_compared.reset();
  m_rollouts.clear();
}

void AttentionMaps::clear() {
  m_snapshot = Snapshot();
  m_pinned.reset();
  m_compared.reset();
  m_rollouts.clear();
}

double AttentionMaps::weight(const ExampleAttention& example, int layer, int head, int query,
                             int key) const {
  if (head == kRollout) return rollout(example, layer, query, key);
  const AttentionHeads* heads = layerOf(example, m_kind, layer);
  if (!heads || query < 0 || key < 0 || query >= heads->queries || key >= heads->keys)
    return kNotThere;
  if (head >= 0) return head < heads->heads ? heads->at(head, query, key) : kNotThere;
  double sum = 0, largest = 0;
  for (int h = 0; h < heads->heads; ++h) {
    const double value = heads->at(h, query, key);
    sum += value;
    largest = std::max(largest, value);
  }
  return head == kMaxOfHeads ? largest : sum / std::max(1, heads->heads);
}

double AttentionMaps::rollout(const ExampleAttention& example, int layer, int query,
                              int key) const {
  const QString cacheKey =
      QStringLiteral("%1|%2|%3").arg(quintptr(&example)).arg(int(m_kind)).arg(layer);
  auto found = m_rollouts.find(cacheKey);
  if (found == m_rollouts.end()) {
    found = m_rollouts.insert(cacheKey, m_kind == AttentionKind::Cross
                                            ? crossAttentionRollout(example, layer)
                                            : selfAttentionRollout(example.of(m_kind), layer));
  }
  const AttentionHeads* heads = layerOf(example, m_kind, layer);
  if (found->empty() || !heads || query < 0 || key < 0 || key >= heads->keys) return kNotThere;
  const auto index = static_cast<std::size_t>(query) * heads->keys + key;
  return index < found->size() ? (*found)[index] : kNotThere;
}

double AttentionMaps::value(int layer, int head, int query, int key) const {
  const ExampleAttention* shown = example();
  return shown ? weight(*shown, layer, head, query, key) : kNotThere;
}

double AttentionMaps::referenceValue(int reference, int layer, int head, int query, int key) const {
  const Snapshot* other = reference == kPinnedMoment  ? (m_pinned ? &*m_pinned : nullptr)
                          : reference == kComparedRun ? (m_compared ? &*m_compared : nullptr)
                          : reference >= 0            ? &m_snapshot
                                                      : nullptr;
  const std::size_t index = static_cast<std::size_t>(m_example);
  if (!other || index >= other->examples.size()) return kNotThere;
  return weight(other->examples[index], layer, reference >= 0 ? reference : head, query, key);
}

QString mapCsv(const AttentionMaps& maps, int layer, int head, int reference,
               const QStringList& queries, const QStringList& keys, bool masked) {
  if (!maps.example()) return {};
  QString csv = QStringLiteral("query");
  for (const QString& key : keys) csv += QLatin1Char(',') + quoted(key);
  csv += QLatin1Char('\n');
  for (int q = 0; q < queries.size(); ++q) {
    csv += quoted(queries[q]);
    for (int k = 0; k < keys.size(); ++k) {
      csv += QLatin1Char(',');
      if (masked && k > q) continue;
      double value = maps.value(layer, head, q, k);
      if (reference != AttentionMaps::kNoReference)
        value -= maps.referenceValue(reference, layer, head, q, k);
      csv += number(value);
    }
    csv += QLatin1Char('\n');
  }
  return csv;
}

QString allHeadsCsv(const std::vector<AttentionHeads>& layers, const QStringList& queries,
                    const QStringList& keys, bool masked) {
  QString csv = QStringLiteral("layer,head,query,key,query_token,key_token,weight,masked\n");
  for (int layer = 0; layer < int(layers.size()); ++layer) {
    const AttentionHeads& heads = layers[static_cast<std::size_t>(layer)];
    for (int head = 0; head < heads.heads; ++head) {
      for (int q = 0; q < heads.queries; ++q) {
        for (int k = 0; k < heads.keys; ++k) {
          csv += QStringLiteral("%1,%2,%3,%4,%5,%6,%7,%8\n")
                     .arg(layer + 1)
                     .arg(head + 1)
                     .arg(q + 1)
                     .arg(k + 1)
                     .arg(quoted(queries.value(q)), quoted(keys.value(k)),
                          number(heads.at(head, q, k)),
                          masked && k > q ? QStringLiteral("1") : QStringLiteral("0"));
        }
      }
    }
  }
  return csv;
}

QString cellText(const AttentionMaps& maps, int layer, int head, int query, int key,
                 const QString& queryToken, const QString& keyToken, bool masked, int reference) {
  if (masked && key > query) {
    return viewText(
               QT_TRANSLATE_NOOP(
                   "attn::ui::AttentionView",
                   "query %1 “%2” → key %3 “%4”: masked (a later position; −∞ before the softmax)"))
        .arg(query + 1)
        .arg(queryToken)
        .arg(key + 1)
        .arg(keyToken);
  }
  const double now = maps.value(layer, head, query, key);
  if (reference != AttentionMaps::kNoReference) {
    const double then = maps.referenceValue(reference, layer, head, query, key);
    return viewText(QT_TRANSLATE_NOOP("attn::ui::AttentionView",
                                      "query %1 “%2” → key %3 “%4”: %5 − %6 = %7"))
        .arg(query + 1)
        .arg(queryToken)
        .arg(key + 1)
        .arg(keyToken)
        .arg(weightText(now), weightText(then),
             (now - then >= 0 ? QStringLiteral("+") : QString()) + weightText(now - then));
  }
  return viewText(QT_TRANSLATE_NOOP("attn::ui::AttentionView", "query %1 “%2” → key %3 “%4”: %5"))
      .arg(query + 1)
      .arg(queryToken)
      .arg(key + 1)
      .arg(keyToken)
      .arg(weightText(now));
}

}  // namespace attn::ui
