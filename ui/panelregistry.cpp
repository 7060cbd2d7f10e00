#include "panelregistry.h"

#include <QCoreApplication>
#include <cstdint>

#include "alignmentpanel.h"
#include "embeddingpanel.h"
#include "ffnpanel.h"
#include "gradientpanel.h"
#include "headspanel.h"
#include "inspectorpanel.h"
#include "qkvpanel.h"
#include "residualpanel.h"
#include "samplespanel.h"

namespace attn::ui {
namespace {

template <class Panel>
std::function<DockPanel*(const RunHistory*)> make() {
  return [](const RunHistory* history) -> DockPanel* { return new Panel(history); };
}

}  // namespace

const std::vector<PanelEntry>& panelRegistry() {
  static const std::vector<PanelEntry> entries = {
      {"samples", QT_TRANSLATE_NOOP("attn::ui::PanelRegistry", "Samples"),
       QT_TRANSLATE_NOOP("attn::ui::PanelRegistry", "Samples"), Qt::BottomDockWidgetArea,
       make<SamplesPanel>()},
      {"alignment", QT_TRANSLATE_NOOP("attn::ui::PanelRegistry", "Alignment"),
       QT_TRANSLATE_NOOP("attn::ui::PanelRegistry", "Alignment"), Qt::BottomDockWidgetArea,
       make<AlignmentPanel>()},
      {"inspector", QT_TRANSLATE_NOOP("attn::ui::PanelRegistry", "Inspector"),
       QT_TRANSLATE_NOOP("attn::ui::PanelRegistry", "Inspector"), Qt::RightDockWidgetArea,
       make<InspectorPanel>()},
      {"heads", QT_TRANSLATE_NOOP("attn::ui::PanelRegistry", "Heads"),
       QT_TRANSLATE_NOOP("attn::ui::PanelRegistry", "Heads"), Qt::RightDockWidgetArea,
       make<HeadsPanel>()},
      {"qkv", QT_TRANSLATE_NOOP("attn::ui::PanelRegistry", "Q/K/V norms"),
       QT_TRANSLATE_NOOP("attn::ui::PanelRegistry", "Q/K/V"), Qt::RightDockWidgetArea,
       make<QkvPanel>()},
      {"gradients", QT_TRANSLATE_NOOP("attn::ui::PanelRegistry", "Gradient flow"),
       QT_TRANSLATE_NOOP("attn::ui::PanelRegistry", "Gradients"), Qt::RightDockWidgetArea,
       make<GradientPanel>()},
      {"ffn", QT_TRANSLATE_NOOP("attn::ui::PanelRegistry", "FFN activations"),
       QT_TRANSLATE_NOOP("attn::ui::PanelRegistry", "FFN"), Qt::RightDockWidgetArea,
       make<FfnPanel>()},
      {"residual", QT_TRANSLATE_NOOP("attn::ui::PanelRegistry", "Residual stream"),
       QT_TRANSLATE_NOOP("attn::ui::PanelRegistry", "Residual"), Qt::RightDockWidgetArea,
       make<ResidualPanel>()},
      {"embeddings", QT_TRANSLATE_NOOP("attn::ui::PanelRegistry", "Embeddings"),
       QT_TRANSLATE_NOOP("attn::ui::PanelRegistry", "Embeddings"), Qt::RightDockWidgetArea,
       make<EmbeddingPanel>()},
  };
  return entries;
}

QString panelTitle(const PanelEntry& entry) {
  return QCoreApplication::translate("attn::ui::PanelRegistry", entry.title);
}

QString panelShortTitle(const PanelEntry& entry) {
  return QCoreApplication::translate("attn::ui::PanelRegistry", entry.shortTitle);
}

QStringList dockKeys() {
  QStringList keys = {QStringLiteral("setup"), QStringLiteral("curves"), QStringLiteral("data"),
                      QStringLiteral("log")};
  for (const PanelEntry& entry : panelRegistry()) keys << QString::fromLatin1(entry.key);
  return keys;
}

int layoutVersion(const QStringList& keys, int revision) {
  // FNV-1a over the keys: the same docks give the same number on every
  // machine and Qt version (qHash may differ between them).
  std::uint32_t hash = 2166136261u;
  const QByteArray text =
      (QString::number(revision) + QLatin1Char(':') + keys.join(QLatin1Char(','))).toUtf8();
  for (char c : text) {
    hash ^= std::uint8_t(c);
    hash *= 16777619u;
  }
  return int(hash & 0x3fffffff) | 1;  // positive and never 0
}

}  // namespace attn::ui
