// The snapshot codec (history.sqlite's blobs): a decoded blob encodes to one
// that decodes again. Where the desktop app is built, whatever the decoder
// accepts then goes where the app sends a snapshot: the heatmap in every
// kind, layer, head choice and colour scale, and every dock of the registry
// with each of its choices, as the timeline would show it.

#include <cstdint>
#include <memory>
#include <string>

#include "attn/history.h"

#ifdef ATTN_FUZZ_WITH_UI
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>

#include "attentionview.h"
#include "dockpanel.h"
#include "inspectorpanel.h"
#include "panelregistry.h"
#include "runhistory.h"

namespace {

// A vocabulary smaller than many fuzzed token ids: labels must cope.
QStringList pieces(int count) {
  QStringList all;
  for (int id = 0; id < count; ++id) all << QStringLiteral("t%1").arg(id);
  return all;
}

struct Views {
  attn::ui::RunHistory history;
  attn::ui::AttentionView heatmap;
  std::vector<std::unique_ptr<attn::ui::DockPanel>> docks;

  Views() {
    attn::ui::PanelServices services;
    services.history = &history;
    services.heatmap = &heatmap;
    services.showHead = [this](attn::AttentionKind kind, int layer, int head) {
      heatmap.select(kind, layer, head, heatmap.selection().example);
    };
    for (const auto& entry : attn::ui::panelRegistry()) {
      docks.emplace_back(entry.make(&history));
      // The Inspector reads sentences with a model, not snapshots.
      if (qobject_cast<attn::ui::InspectorPanel*>(docks.back().get())) {
        docks.pop_back();
        continue;
      }
      docks.back()->attach(services);
    }
  }

  void show(const attn::Snapshot& snapshot) {
    history.beginLive(QString(), QStringLiteral("scratch"), /*keepCurves=*/false);
    history.setVocabulary(pieces(12), pieces(9));
    heatmap.setVocabulary(pieces(12), pieces(9));
    history.addSnapshot(snapshot);
    attn::Snapshot later = snapshot;  // a second moment, for the curves over time
    later.step += 1;
    history.addSnapshot(later);
    const auto shown = std::make_shared<const attn::Snapshot>(snapshot);

    heatmap.setSnapshot(snapshot);
    const int examples = static_cast<int>(snapshot.examples.size());
    for (const auto kind : {attn::AttentionKind::EncoderSelf, attn::AttentionKind::DecoderSelf,
                            attn::AttentionKind::Cross}) {
      const int layers = examples > 0 ? static_cast<int>(snapshot.examples[0].of(kind).size()) : 1;
      // The first layers, the last and one past it (a choice left from another snapshot).
      for (int layer : {0, 1, layers - 1, layers}) {
        for (int head :
             {attn::ui::AttentionView::kAllHeads, attn::ui::AttentionView::kMeanOfHeads,
              attn::ui::AttentionView::kMaxOfHeads, attn::ui::AttentionView::kRollout, 0, 1, 7}) {
          for (int example : {0, examples}) {
            heatmap.select(kind, layer, head, example);
            heatmap.shownCsv();
            heatmap.cellValue(0, 0);
            heatmap.tooltipAt(QPointF(40, 40));
          }
        }
      }
    }
    heatmap.setColourScale(attn::ui::AttentionView::ColourScale::Log);
    heatmap.select(attn::AttentionKind::Cross, 0, 0, 0);
    heatmap.setDifference(attn::ui::AttentionView::Reference::OtherHead, 1);
    heatmap.pinMoment();
    heatmap.setDifference(attn::ui::AttentionView::Reference::PinnedMoment);
    heatmap.setComparedSnapshot(&snapshot);
    heatmap.setDifference(attn::ui::AttentionView::Reference::ComparedRun);
    heatmap.shownCsv();
    heatmap.setComparedSnapshot(nullptr);
    heatmap.setDifference(attn::ui::AttentionView::Reference::None);
    heatmap.setColourScale(attn::ui::AttentionView::ColourScale::Linear);

    for (auto& dock : docks) {
      dock->historyReplaced();
      dock->historyChanged();
      dock->setMoment(1, shown);
      dock->bringUpToDate();
      // Every choice the dock offers (kind, layer, measure, …).
      for (auto* box : dock->findChildren<QComboBox*>()) {
        for (int i = 0; i < box->count(); ++i) {
          box->setCurrentIndex(i);
          dock->bringUpToDate();
        }
      }
      for (auto* check : dock->findChildren<QCheckBox*>()) {
        check->toggle();
        dock->bringUpToDate();
      }
    }
    history.headStatistics(0);
  }
};

Views* views = nullptr;

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv) {
  qputenv("QT_QPA_PLATFORM", "offscreen");
  static QApplication application(*argc, *argv);
  views = new Views;
  return 0;
}
#endif

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string blob(reinterpret_cast<const char*>(data), size);
  auto snapshot = attn::decode_snapshot(blob);
  if (!snapshot) return 0;
  if (!attn::decode_snapshot(attn::encode_snapshot(*snapshot))) __builtin_trap();
#ifdef ATTN_FUZZ_WITH_UI
  views->show(*snapshot);
#endif
  return 0;
}
